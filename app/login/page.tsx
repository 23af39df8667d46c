import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { DemoBanner } from '@/components/ui/demo-banner';
import { landingPath, safeNextPath } from '@/lib/platform/auth/safe-next';
import { getViewer } from '@/lib/platform/auth/viewer';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Only same-origin paths may be a destination after sign-in (lib/platform/auth/safe-next).
  const next = safeNextPath((await searchParams).next);
  const viewer = await getViewer();
  if (viewer) redirect(next ?? landingPath(viewer.role));
  return (
    <>
      <DemoBanner />
      <main className="mx-auto max-w-sm px-5 pt-[12vh] pb-10">
        <Link href="/" className="text-lg font-semibold text-brand-900">
          Callpace
        </Link>
        <h1 className="mt-6 text-2xl font-bold">Sign in</h1>
        <p className="mt-2 text-sm text-ink-700">Use the email and password your manager gave you.</p>
        <SignInForm next={next} />
      </main>
    </>
  );
}
