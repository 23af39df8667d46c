import type { Metadata } from 'next';
import { OfflineShell } from '@/components/offline/offline-shell';

export const metadata: Metadata = { title: 'Offline' };

/** Static: precached by the service worker and served for any page it cannot fetch or find saved. */
export default function OfflinePage() {
  return <OfflineShell />;
}
