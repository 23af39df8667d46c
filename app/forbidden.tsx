import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md px-5 py-16">
      <h1 className="text-2xl font-semibold">Not for your role</h1>
      <p className="mt-3 text-ink-700">Your account cannot open this page. Agents work from the queue; managers from the manager pages.</p>
      <Link href="/" className="mt-6 inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 font-medium text-white">
        Back to Callpace
      </Link>
    </main>
  );
}
