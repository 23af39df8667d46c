import { redirect } from 'next/navigation';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { getLeadQueue } from '@/lib/leads/reads';

/** The "Next lead" shortcut: straight to the top of the agent's queue. */
export default async function NextLeadPage() {
  const viewer = await requireViewer(['AGENT'], '/next');
  const { items } = await getLeadQueue(viewer, { limit: 1 });
  redirect(items[0] ? `/leads/${items[0].id}` : '/queue');
}
