import type { Metadata } from 'next';
import Link from 'next/link';
import { ManagerNav } from '@/components/ui/manager-nav';
import { AuditTable } from '@/components/admin/audit-table';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { listAudit } from '@/lib/audit/list';
import { AuditQuery } from '@/lib/users/users-schema';

export const metadata: Metadata = { title: 'Audit' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/admin/audit');
  const before = (await searchParams).before;
  const parsed = AuditQuery.safeParse({ before: Array.isArray(before) ? before[0] : before });
  const page = parsed.success ? await listAudit(viewer, parsed.data) : null;

  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <ManagerNav current="/admin/audit" />
      <h1 className="mt-3 text-2xl font-semibold tracking-tight">Audit</h1>
      <p className="mt-1 text-sm text-ink-700">
        {viewer.role === 'ADMIN' ? 'Every change to people, teams, rules and leads' : 'Changes to your team and its leads'}, newest first.
      </p>
      {!page ? (
        <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          That page link is not valid.{' '}
          <Link href="/admin/audit" className="underline">
            Show the newest events
          </Link>
          .
        </p>
      ) : (
        <>
          <AuditTable items={page.items} />
          <nav aria-label="Audit pages" className="mt-4 flex gap-4 text-sm">
            {before && (
              <Link href="/admin/audit" className="text-brand-700 hover:underline">
                Newest
              </Link>
            )}
            {page.nextBefore && (
              <Link href={`/admin/audit?before=${encodeURIComponent(page.nextBefore)}`} className="text-brand-700 hover:underline">
                Older
              </Link>
            )}
          </nav>
        </>
      )}
    </main>
  );
}
