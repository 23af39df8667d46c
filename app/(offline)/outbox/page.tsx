import type { Metadata } from 'next';
import { OutboxList } from '@/components/offline/outbox-list';

export const metadata: Metadata = { title: 'Outbox' };

/** Static and precached: the outbox lives on the phone, so this page works offline too. */
export default function OutboxPage() {
  return (
    <>
      {/* In the HTML itself, so the page paints its largest text at once; the list comes from the phone's storage after. */}
      <div className="px-3 pt-4">
        <h1 className="text-xl font-semibold">Outbox</h1>
        <p className="mt-1 text-sm text-ink-700">
          Calls you log and lead details you correct without a connection wait here, in the order you made them, and go to the server by
          themselves when the phone is back online. Anything the server refuses stays here with its reason, so you can correct it and send
          it again or discard it.
        </p>
      </div>
      <OutboxList />
    </>
  );
}
