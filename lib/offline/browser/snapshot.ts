/** What the agent has seen, kept on the device for reading offline. */
import type { LeadItem } from '../../leads/lead-item';
import { announceChange, deviceDb, type StoredLead } from './idb';

/** The queue as last loaded: at most this many leads are kept. */
const MAX_QUEUE = 500;
/** Leads opened recently keep their call history; older ones are pruned beyond this count. */
const MAX_LEADS = 1000;

export async function saveQueue(items: LeadItem[]): Promise<void> {
  const db = await deviceDb();
  const tx = db.transaction(['leads', 'meta'], 'readwrite');
  const now = Date.now();
  const kept = items.slice(0, MAX_QUEUE);
  for (const item of kept) {
    const previous = await tx.objectStore('leads').get(item.id);
    await tx.objectStore('leads').put({ ...previous, ...item, savedAt: now });
  }
  await tx.objectStore('meta').put({ queueIds: kept.map((item) => item.id), syncedAt: now }, 'queue');
  await tx.done;
  await prune();
  announceChange();
}

export async function saveLead(lead: Omit<StoredLead, 'savedAt'>): Promise<void> {
  const db = await deviceDb();
  await db.put('leads', { ...lead, savedAt: Date.now() });
}

export async function readQueue(): Promise<{ leads: StoredLead[]; syncedAt: number } | null> {
  const db = await deviceDb();
  const meta = await db.get('meta', 'queue');
  if (!meta) return null;
  const leads = await Promise.all(meta.queueIds.map((id) => db.get('leads', id)));
  return { leads: leads.filter((lead): lead is StoredLead => Boolean(lead)), syncedAt: meta.syncedAt };
}

export async function readLead(id: string): Promise<StoredLead | undefined> {
  return (await deviceDb()).get('leads', id);
}

async function prune(): Promise<void> {
  const db = await deviceDb();
  const count = await db.count('leads');
  if (count <= MAX_LEADS) return;
  const all = (await db.getAll('leads')).sort((a, b) => a.savedAt - b.savedAt);
  for (const lead of all.slice(0, count - MAX_LEADS)) await db.delete('leads', lead.id);
}

/** Forget everything but the outbox (sign-out on a shared phone). */
export async function clearSavedData(): Promise<void> {
  const db = await deviceDb();
  await Promise.all([db.clear('leads'), db.clear('meta')]);
}

/** Offline "next lead": the first saved queue lead that is not this one and has no call waiting in the outbox. */
export async function nextLeadOffline(currentLeadId: string): Promise<string | null> {
  const db = await deviceDb();
  const [meta, outbox] = await Promise.all([db.get('meta', 'queue'), db.getAll('outbox')]);
  const called = new Set(outbox.flatMap((item) => (item.kind === 'call' ? [item.leadId] : [])));
  return meta?.queueIds.find((id) => id !== currentLeadId && !called.has(id)) ?? null;
}
