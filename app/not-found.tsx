import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-5 py-16">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-3 text-ink-700">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <div className="mt-6 flex gap-3">
        <Link href="/" className="inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 font-medium text-white">
          Back to Callpace
        </Link>
        <Link href="/queue" className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 font-medium">
          Open the queue
        </Link>
      </div>
    </main>
  );
}
