import { DEMO_PASSWORD } from '@/lib/users/demo-accounts';
import { demoDataPresent } from '@/lib/users/demo';

/** A thin line on every page while the database holds the demo team (lib/users/demo). */
export async function DemoBanner() {
  if (!(await demoDataPresent())) return null;
  return (
    <p role="note" className="bg-amber-100 px-3 py-1 text-center text-xs text-amber-950">
      Demo data<span className="hidden sm:inline">: a sample team and made-up leads</span> · password{' '}
      <span className="font-mono">{DEMO_PASSWORD}</span>
    </p>
  );
}
