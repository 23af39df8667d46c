import type { Metadata } from 'next';
import { ImportWizard } from '@/components/imports/import-wizard';
import { RecentImports } from '@/components/imports/recent-imports';
import { AppHeader } from '@/components/ui/app-header';
import { ManagerNav } from '@/components/ui/manager-nav';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { db } from '@/lib/platform/db/client';
import { recentImports } from '@/lib/imports/access';

export const metadata: Metadata = { title: 'Import leads' };

export default async function ImportPage() {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/leads/import');
  const [team, imports] = await Promise.all([
    db.user.findMany({
      where: { role: 'AGENT', active: true, ...(viewer.role === 'ADMIN' ? {} : { managerId: viewer.id }) },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    }),
    recentImports(viewer, 10),
  ]);
  return (
    <>
      <AppHeader name={viewer.name} home="/dashboard" />
      <main className="mx-auto max-w-5xl px-4 py-6">
        <ManagerNav current="/leads/import" />
        <h1 className="mt-3 text-2xl font-semibold tracking-tight">Import leads</h1>
        <p className="mt-1 max-w-3xl text-sm text-ink-700">
          Upload a CSV (UTF-8, up to 50 MB and 100,000 rows) of leads or a do-not-call list. Phone numbers become E.164 with the
          default region; a lead already here (same phone, or same email) is updated, not duplicated. Rows that cannot be
          imported are skipped and listed in an error report you can download, correct and upload again. An import that fails
          part-way imports nothing.
        </p>
        <ImportWizard team={team} timeZone={viewer.timezone || 'UTC'} />
        <RecentImports imports={imports} />
      </main>
    </>
  );
}
