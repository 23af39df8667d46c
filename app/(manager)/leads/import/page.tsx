import type { Metadata } from 'next';
import { ImportWizard } from '@/components/imports/import-wizard';
import { RecentImports } from '@/components/imports/recent-imports';
import { ManagerNav } from '@/components/ui/manager-nav';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { recentImports } from '@/lib/imports/access';
import { getTeamAgents } from '@/lib/users/team';

export const metadata: Metadata = { title: 'Import leads' };

export default async function ImportPage() {
  const viewer = await requireViewer(['MANAGER', 'ADMIN'], '/leads/import');
  // Active agents only: an import assigns new leads to them.
  const [team, imports] = await Promise.all([getTeamAgents(viewer), recentImports(viewer, 10)]);
  return (
    <main className="mx-auto max-w-5xl px-4 py-6">
      <ManagerNav current="/leads/import" />
      <h1 className="mt-3 text-2xl font-semibold tracking-tight">Import leads</h1>
      <p className="mt-1 max-w-3xl text-sm text-ink-700">
        Upload a CSV (UTF-8, up to 50 MB and 100,000 rows) of leads or a do-not-call list. Phone numbers become E.164 with the default
        region; a lead already here (same phone, or same email) is updated, not duplicated. Rows that cannot be imported are skipped and
        listed in an error report you can download, correct and upload again. An import that fails part-way imports nothing.
      </p>
      <ImportWizard team={team.map(({ id, name }) => ({ id, name }))} timeZone={viewer.timezone} />
      <RecentImports imports={imports} />
    </main>
  );
}
