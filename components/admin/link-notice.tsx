'use client';

import { useState } from 'react';

export interface IssuedLink {
  name: string;
  email: string;
  url: string;
  kind: 'invite' | 'reset';
  emailed: boolean;
}

/** The link just issued, to copy and send: shown once (only its hash is stored). */
export function LinkNotice({ link, onClose }: { link: IssuedLink; onClose: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const lifetime = link.kind === 'invite' ? '7 days' : '1 hour';
  async function copy() {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }
  return (
    <section aria-labelledby="issued-link" className="mt-4 rounded-lg border border-brand-100 bg-brand-50 p-3 text-sm">
      <h2 id="issued-link" className="font-semibold">
        {link.kind === 'invite' ? 'Invitation link' : 'Password-reset link'} for {link.name}
      </h2>
      <p className="mt-1">
        Send this link to {link.name} ({link.email}); it works once and expires in {lifetime}.
        {link.emailed ? ' It was also emailed to them.' : ' It was not emailed: send it yourself.'}
      </p>
      <div className="mt-2 flex flex-wrap items-end gap-2">
        <label className="min-w-0 grow">
          <span className="sr-only">Link for {link.name}</span>
          <input
            readOnly
            value={link.url}
            onFocus={(event) => event.currentTarget.select()}
            className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-2 font-mono text-xs"
          />
        </label>
        <button type="button" onClick={copy} className="min-h-11 rounded-md bg-brand-600 px-4 font-medium text-white">
          Copy link
        </button>
        <button type="button" onClick={onClose} className="min-h-11 rounded-md border border-slate-300 bg-white px-4">
          Done
        </button>
      </div>
      <p aria-live="polite" className="mt-1 text-ink-700">
        {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Copying was refused by the browser: select the link and copy it.' : ''}
      </p>
    </section>
  );
}
