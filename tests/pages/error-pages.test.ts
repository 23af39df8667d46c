/**
 * The error pages, rendered as the server renders them: in the app's words, with a way back, and nothing of
 * the error itself (message, stack) — only the digest an operator can look up in the logs.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import ErrorPage from '@/app/error';
import GlobalError from '@/app/global-error';
import NotFound from '@/app/not-found';

const failure = Object.assign(new Error('relation "leads" does not exist at /srv/app/lib/platform/db/client.ts:42'), {
  digest: '2817364519',
});

describe.each([
  ['app/error.tsx', ErrorPage],
  ['app/global-error.tsx', GlobalError],
])('%s', (_, Page) => {
  const html = renderToStaticMarkup(createElement(Page, { error: failure, reset: () => {} }));

  it('offers to try again and a way back, and shows the digest', () => {
    expect(html).toContain('Try again');
    expect(html).toMatch(/<a [^>]*href="\/"[^>]*>Back to Callpace<\/a>/);
    expect(html).toContain('2817364519');
  });

  it('shows no internals', () => {
    expect(html).not.toContain('relation');
    expect(html).not.toContain('/srv/app');
    expect(html).not.toContain(failure.stack!.split('\n')[1].trim());
  });

  it('without a digest, asks to tell the admin without a reference', () => {
    const plain = renderToStaticMarkup(createElement(Page, { error: new Error('secret detail'), reset: () => {} }));
    expect(plain).not.toContain('secret detail');
    expect(plain).not.toContain('reference');
  });
});

describe('app/not-found.tsx', () => {
  it('says the page does not exist and leads back', async () => {
    const element = await (NotFound as () => unknown)();
    const html = renderToStaticMarkup(element as Parameters<typeof renderToStaticMarkup>[0]);
    expect(html.toLowerCase()).toContain('not found');
    expect(html).toMatch(/href="\/"/);
  });
});
