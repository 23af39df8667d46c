const loops = [
  {
    title: 'For agents',
    body: 'Open your queue, tap to call, log the outcome, and the next lead is already there. Callbacks that are due come first, and leads outside their local calling hours wait.',
  },
  {
    title: 'When the signal drops',
    body: 'The queue and recently opened leads stay readable offline. Calls you log without a connection are kept on the phone and sent exactly once when you are back online.',
  },
  {
    title: 'For managers',
    body: 'Call results by day, hour and agent, the best time to reach each lead, lead assignment and CSV import, and how fast the app really is on your team’s phones.',
  },
];

// Sign-in is a plain link: prefetching it would fetch a page the visitor may never open.
export default function HomePage() {
  return (
    <>
      <header className="border-b border-slate-200">
        <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center justify-between px-5 py-4">
          <span className="text-lg font-semibold tracking-tight text-brand-900">Callpace</span>
          <a
            href="/login"
            className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
          >
            Sign in
          </a>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-5">
        <section aria-labelledby="hero-title" className="py-14 sm:py-20">
          <h1 id="hero-title" className="max-w-3xl text-4xl font-bold tracking-tight text-ink-900 sm:text-5xl">
            The calling workspace that keeps up with your team.
          </h1>
          <p className="mt-5 max-w-2xl text-lg leading-relaxed text-ink-700">
            Callpace gives outbound sales agents one fast loop on any phone: next lead, tap to call, log the outcome, next lead. It keeps
            working offline, and gives managers the results and the performance data to run the floor.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <a
              href="/login"
              className="rounded-md bg-brand-600 px-5 py-3 font-medium text-white hover:bg-brand-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
            >
              Sign in to your queue
            </a>
            <a
              href="/api/health/detailed"
              className="rounded-md border border-slate-300 px-5 py-3 font-medium text-ink-700 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
            >
              System status
            </a>
          </div>
        </section>
        <section aria-label="What Callpace does" className="grid gap-6 pb-16 sm:grid-cols-3">
          {loops.map((loop) => (
            <article key={loop.title} className="rounded-lg border border-slate-200 p-5">
              <h2 className="text-base font-semibold text-ink-900">{loop.title}</h2>
              <p className="mt-2 text-sm leading-relaxed text-ink-700">{loop.body}</p>
            </article>
          ))}
        </section>
      </main>
      <footer className="border-t border-slate-200">
        <p className="mx-auto max-w-5xl px-5 py-6 text-sm text-ink-500">
          Callpace · built for outbound teams on real phones and flaky networks.
        </p>
      </footer>
    </>
  );
}
