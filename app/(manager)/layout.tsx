import { forbidden } from 'next/navigation';
import { AppHeader } from '@/components/ui/app-header';
import { getViewer, isManager } from '@/lib/platform/auth/viewer';

/**
 * The manager console (dashboard, leads and imports, reports, people, calling rules, audit), for managers
 * and admins, under the manager header. The page links (components/ui/manager-nav.tsx) stay with each
 * page, which marks itself current: a layout is not rendered again on a client-side navigation, so it
 * could only mark the current page with client code, and /leads has no room left in its bundle budget.
 *
 * Each page still asks for its viewer itself, with its own address: this layout does not know the address
 * to come back to after sign-in, is not sure to render before the page, and is not rendered again on a
 * client-side navigation, so the page's check is the one that guards what the page reads.
 */
export default async function ManagerLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  // Signed out: the page is rendered so that it sends the visitor to sign in, and back to it afterwards
  // (rendering nothing here would leave the page's redirect to a race with this layout).
  if (!viewer) return children;
  if (!isManager(viewer)) forbidden();
  return (
    <>
      <AppHeader name={viewer.name} home="/dashboard" />
      {children}
    </>
  );
}
