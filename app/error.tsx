'use client';

import Link from 'next/link';

/** A page that failed to render: no internals, only the digest the server logged it under, and a way on. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-md px-5 py-16">
      <h1 className="text-2xl font-semibold">This page could not be shown</h1>
      <p className="mt-3 text-ink-700">Something went wrong on our side. Nothing you entered was lost: calls waiting to be sent stay in the outbox. Try again, or go back to the start.</p>
      {error.digest ? <p className="mt-2 text-sm text-ink-700">Reference: {error.digest}</p> : null}
      <div className="mt-6 flex gap-3">
        <button type="button" onClick={reset} className="inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 font-medium text-white">Try again</button>
        <Link href="/" className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 font-medium">Back to Callpace</Link>
      </div>
    </main>
  );
}
