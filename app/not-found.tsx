import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-5 py-16">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-3 text-ink-700">There is no page at this address, or it is not yours to open. Check the link, or start again from your queue.</p>
      <Link href="/" className="mt-6 inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 font-medium text-white">Back to Callpace</Link>
    </main>
  );
}
