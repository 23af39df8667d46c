import type { Metadata } from 'next';
import { OfflineShell } from '@/components/offline/offline-shell';
import { OfflineHeader } from '@/components/offline/offline-header';

export const metadata: Metadata = { title: 'Offline' };

/** Static: precached by the service worker and served for any page it cannot fetch or find saved. */
export default function OfflinePage() {
  return (
    <>
      <OfflineHeader />
      <main className="mx-auto max-w-3xl">
        <OfflineShell />
      </main>
    </>
  );
}
