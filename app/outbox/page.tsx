import type { Metadata } from 'next';
import { OfflineHeader } from '@/components/offline/offline-header';
import { OutboxList } from '@/components/offline/outbox-list';

export const metadata: Metadata = { title: 'Outbox' };

/** Static and precached: the outbox lives on the phone, so this page works offline too. */
export default function OutboxPage() {
  return (
    <>
      <OfflineHeader />
      <main className="mx-auto max-w-3xl">
        <OutboxList />
      </main>
    </>
  );
}
