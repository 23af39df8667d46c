import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { getViewer } from '@/lib/auth/viewer';

export const metadata: Metadata = { title: 'Sign in' };

/**
 * Only this app's own paths may be a destination after sign-in: one leading slash, and nothing a
 * browser would read as another host (`//evil`, `/\evil`) or that hides control characters.
 */
function safeNext(next: string | string[] | undefined): string | undefined {
  if (typeof next !== 'string' || next.length > 2048 || !/^\/(?![/\\])/.test(next) || /[\u0000-\u001f\\]/.test(next)) return undefined;
  return new URL(next, 'http://callpace.invalid').origin === 'http://callpace.invalid' ? next : undefined;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  const viewer = await getViewer();
  if (viewer) redirect(next ?? (viewer.role === 'AGENT' ? '/queue' : '/'));
  return (
    <main className="mx-auto max-w-sm px-5 pt-[12vh] pb-10">
      <Link href="/" className="text-lg font-semibold text-brand-900">Callpace</Link>
      <h1 className="mt-6 text-2xl font-bold">Sign in</h1>
      <p className="mt-2 text-sm text-ink-700">Use the email and password your manager gave you.</p>
      <SignInForm next={next} />
    </main>
  );
}
