import type { Metadata } from 'next';
import { QueueList } from '@/components/queue/queue-list';
import { requireViewer } from '@/lib/platform/auth/viewer';
import { getLeadQueue } from '@/lib/leads/reads';

export const metadata: Metadata = { title: 'Queue' };

export default async function QueuePage() {
  const viewer = await requireViewer(['AGENT'], '/queue');
  const firstPage = await getLeadQueue(viewer, { limit: 50 });
  return (
    <main className="mx-auto max-w-3xl">
      <h1 className="sr-only">Your queue</h1>
      <QueueList firstPage={firstPage} />
    </main>
  );
}
