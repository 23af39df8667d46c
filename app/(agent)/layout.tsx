import { forbidden } from 'next/navigation';
import { AppHeader } from '@/components/ui/app-header';
import { getViewer } from '@/lib/platform/auth/viewer';

/**
 * The agent app: the queue and its "Next lead" shortcut, for agents, under the agent header. A lead's own
 * page (app/leads/[id]) is not in this group: managers open it too. The offline pages are apart as well
 * (app/(offline)): they are static and need no viewer.
 *
 * Each page still asks for its viewer itself, with its own address: this layout does not know the address
 * to come back to after sign-in, is not sure to render before the page, and is not rendered again on a
 * client-side navigation, so the page's check is the one that guards what the page reads.
 */
export default async function AgentLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  // Signed out: the page is rendered so that it sends the visitor to sign in, and back to it afterwards
  // (rendering nothing here would leave the page's redirect to a race with this layout).
  if (!viewer) return children;
  if (viewer.role !== 'AGENT') forbidden();
  return (
    <>
      <AppHeader name={viewer.name} />
      {children}
    </>
  );
}
