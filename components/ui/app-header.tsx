import Link from 'next/link';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { NetworkStatus } from '@/components/pwa/network-status';
import { DemoBanner } from '@/components/ui/demo-banner';

/** `home` is where the logo leads: the queue for agents, the manager pages for managers. */
export function AppHeader({ name, home = '/queue', children }: { name: string; home?: string; children?: React.ReactNode }) {
  return (
    <header className="sticky top-0 z-10 border-b border-slate-200 bg-white">
      <DemoBanner />
      <div className="mx-auto flex h-14 max-w-3xl items-center justify-between gap-2 px-3">
        <Link href={home} className="flex min-h-11 items-center px-1 font-semibold text-brand-900">
          Callpace
        </Link>
        <div className="flex items-center gap-1">
          <NetworkStatus />
          {children}
          {/* A phone's header has room for one page link besides sign-out: where a page adds its own (the lead page's Queue), Account waits on the queue. */}
          <Link
            href="/account"
            prefetch={false}
            className={`${children ? 'hidden sm:flex' : 'flex'} min-h-11 shrink-0 items-center px-1 text-sm whitespace-nowrap text-brand-700 hover:underline`}
          >
            <span className="sm:hidden">Account</span>
            <span className="hidden sm:inline">{name}</span>
          </Link>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
