'use client';

/** A page failed while rendering. Shows no internals: the digest lets an operator find the logged error. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-md px-5 py-16">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-3 text-ink-700">
        This page could not be shown. Try again; if it keeps failing, tell your admin{error.digest ? ' this reference:' : '.'}
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
        {/* A plain link: a full load after a failed render, and no router code in every route's first load. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/" className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 font-medium">
          Back to Callpace
        </a>
      </div>
    </main>
  );
}
