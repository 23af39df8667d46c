import Link from 'next/link';

const PAGES = [
  ['/dashboard', 'Dashboard'],
  ['/leads', 'Leads'],
  ['/leads/import', 'Import'],
  ['/reports/vitals', 'Field performance'],
  ['/reports/performance', 'Server performance'],
  ['/admin/users', 'People'],
  ['/admin/calling-rules', 'Calling rules'],
  ['/admin/audit', 'Audit'],
  ['/account', 'Account'],
] as const;

/** The manager pages, with the current one marked. */
export function ManagerNav({ current }: { current: (typeof PAGES)[number][0] }) {
  return (
    <nav aria-label="Manager pages" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {PAGES.map(([href, label]) =>
        href === current ? (
          <span key={href} aria-current="page" className="font-medium">
            {label}
          </span>
        ) : (
          <Link key={href} href={href} className="text-brand-700 hover:underline">
            {label}
          </Link>
        ),
      )}
    </nav>
  );
}
