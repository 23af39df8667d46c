import Link from 'next/link';

/** The frame of the pages a one-time link opens (setup, invitation, reset): signed out, narrow, one task. */
export function LinkPage({ title, intro, children }: { title: string; intro?: React.ReactNode; children?: React.ReactNode }) {
  return (
    <main className="mx-auto max-w-sm px-5 pt-[12vh] pb-10">
      <Link href="/" className="text-lg font-semibold text-brand-900">
        Callpace
      </Link>
      <h1 className="mt-6 text-2xl font-bold">{title}</h1>
      {intro ? <p className="mt-2 text-sm text-ink-700">{intro}</p> : null}
      {children}
    </main>
  );
}

/** A link that cannot be used: why, whom to ask, and the way to sign in. */
export function LinkProblem({ title, message }: { title: string; message: string }) {
  return (
    <LinkPage title={title} intro={message}>
      <Link href="/login" className="mt-6 inline-flex min-h-11 items-center rounded-md border border-slate-300 px-4 font-medium">
        Go to sign-in
      </Link>
    </LinkPage>
  );
}
