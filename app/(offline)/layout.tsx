import { OfflineHeader } from '@/components/offline/offline-header';

/**
 * The pages that work without the server: the offline shell and the outbox. Static (no viewer, nothing
 * read per request), so they are prerendered and the service worker precaches them (app/serwist/[path]).
 */
export default function OfflineLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <OfflineHeader />
      <main className="mx-auto max-w-3xl">{children}</main>
    </>
  );
}
