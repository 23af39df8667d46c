'use client';

import './globals.css';

/** When even the root layout failed: its own document, in the app's style, with no internals. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <main className="mx-auto max-w-md px-5 py-16">
          <h1 className="text-2xl font-semibold">Callpace could not start this page</h1>
          <p className="mt-3 text-ink-700">Something went wrong on our side. Calls waiting to be sent stay on this device. Try again in a moment.</p>
          {error.digest ? <p className="mt-2 text-sm text-ink-700">Reference: {error.digest}</p> : null}
          <div className="mt-6 flex gap-3">
            <button type="button" onClick={reset} className="inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 font-medium text-white">Try again</button>
            {/* A full load, not a client navigation: the app's own shell failed. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- the router itself may be what failed */}
            <a href="/" className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 font-medium">Back to Callpace</a>
          </div>
        </main>
      </body>
    </html>
  );
}
