'use client';

import './globals.css';

/** The root layout itself failed: this replaces it, so it brings its own html and body. No internals shown. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <main className="mx-auto max-w-md px-5 py-16">
          <h1 className="text-2xl font-semibold">Callpace could not load</h1>
          <p className="mt-3 text-ink-700">
            Try again in a moment{error.digest ? '; if it keeps failing, tell your admin this reference:' : '.'}
          </p>
          {error.digest ? <p className="mt-2 font-mono text-sm text-ink-500">{error.digest}</p> : null}
          <div className="mt-6 flex gap-3">
            <button
              type="button"
              onClick={reset}
              className="inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 font-medium text-white"
            >
              Try again
            </button>
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load: the client router may be what broke */}
            <a href="/" className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 font-medium">
              Back to Callpace
            </a>
          </div>
        </main>
      </body>
    </html>
  );
}
