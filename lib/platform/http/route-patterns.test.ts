import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiPatterns, pagePatterns, routeOf, UNMATCHED } from './route-patterns';

/** Every page.tsx and route.ts under app/, as a route pattern (route groups in parentheses dropped). */
function appRoutes(dir = 'app', prefix = ''): { pages: string[]; handlers: string[] } {
  const found = { pages: [] as string[], handlers: [] as string[] };
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      const sub = appRoutes(full, /^\(.*\)$/.test(entry) ? prefix : `${prefix}/${entry}`);
      found.pages.push(...sub.pages);
      found.handlers.push(...sub.handlers);
    } else if (entry === 'page.tsx') found.pages.push(prefix || '/');
    else if (entry === 'route.ts') found.handlers.push(prefix || '/');
  }
  return found;
}

describe('route patterns', () => {
  it('list exactly the pages and route handlers in app/', () => {
    const { pages, handlers } = appRoutes();
    expect([...pagePatterns].sort()).toEqual(pages.sort());
    expect([...apiPatterns].sort()).toEqual(handlers.sort());
  });

  it.each([
    ['/api/leads/3f1c0000-0000-4000-8000-000000000000', '/api/leads/[id]'],
    ['/api/leads/not-a-uuid', '/api/leads/[id]'],
    ['/api/imports/preview', '/api/imports/preview'],
    ['/api/auth/sign-in/email', '/api/auth/[...all]'],
    ['/leads/import', '/leads/import'],
    ['/', '/'],
    [`/${'x'.repeat(5000)}`, UNMATCHED],
    ['/api/leads/a/b/c', UNMATCHED],
    ['/wp-admin.php', UNMATCHED],
  ])('%s → %s', (pathname, pattern) => {
    expect(routeOf(pathname)).toBe(pattern);
  });
});
