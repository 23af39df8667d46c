import { NetworkStatus } from '@/components/pwa/network-status';

/** The header of pages that work without the server (no viewer, no sign-out round trip). */
export function OfflineHeader() {
  return (
    <header className="sticky top-0 z-10 border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-3xl items-center justify-between gap-2 px-3">
        <a href="/queue" className="flex min-h-11 items-center px-1 font-semibold text-brand-900">
          Callpace
        </a>
        <NetworkStatus />
      </div>
    </header>
  );
}
