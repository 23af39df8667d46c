/**
 * The outbox: calls logged without a connection wait here with their client
 * ids and original times, and are replayed in the order they were made;
 * corrections of a lead's details made offline wait with them (PATCH
 * /api/leads/[id], idempotent on its clientId the same way).
 * Exactly once comes from the server: a replayed clientId answers 200 with
 * the call (or the lead) already stored. Up to four leads replay at a time; within a lead,
 * calls go strictly in order. Network errors and 5xx retry with backoff; a
 * refusal the agent must see (409, 422, 404) moves the entry to "needs
 * attention" with the server's message and the agent's input, never dropped.
 * Field-performance beacons made offline wait here too and replay marked as
 * replayed, with their samples' original times; they are telemetry, so they
 * are not listed for the agent, and a refused one is dropped.
 * Runs in pages and in the service worker (Background Sync) alike.
 */
import { ApiRequestError } from '../../platform/browser/fetch-json';
import { fieldErrors } from '../../platform/browser/field-errors';
import { currentDeviceUser } from './device-user';
import { announceChange, deviceDb, type BeaconItem, type CallBody, type EditBody, type OutboxEntry, type OutboxItem } from './idb';

const MAX_BACKOFF_MS = 5 * 60_000;
export const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));

export async function enqueueCall(body: CallBody, leadName: string, createdAt = Date.now()): Promise<void> {
  const db = await deviceDb();
  const userId = await currentDeviceUser();
  const item: OutboxItem = {
    clientId: body.clientId,
    kind: 'call',
    leadId: body.leadId,
    leadName,
    body,
    createdAt,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    userId,
  };
  await db.put('outbox', item);
  announceChange();
}

/** Keeps a correction of a lead's details made without a connection; it replays with the same clientId. */
export async function enqueueEdit(leadId: string, body: EditBody, leadName: string, createdAt = Date.now()): Promise<void> {
  const db = await deviceDb();
  const userId = await currentDeviceUser();
  const item: OutboxItem = {
    clientId: body.clientId,
    kind: 'edit',
    leadId,
    leadName,
    body,
    createdAt,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    userId,
  };
  await db.put('outbox', item);
  announceChange();
}

/** Beacons kept at most; the oldest go first (they are telemetry, and the server refuses samples older than 7 days anyway). */
const MAX_BEACONS = 100;

/** Keeps a beacon the page could not send; it replays with `replayed: true`. */
export async function enqueueBeacon(payload: object, createdAt = Date.now()): Promise<void> {
  const db = await deviceDb();
  const item: BeaconItem = {
    clientId: crypto.randomUUID(),
    kind: 'vitals',
    body: JSON.stringify({ ...payload, replayed: true }),
    createdAt,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
  };
  const tx = db.transaction('outbox', 'readwrite');
  await tx.store.put(item);
  const beacons = (await tx.store.index('createdAt').getAll()).filter(isBeacon);
  for (const old of beacons.slice(0, Math.max(0, beacons.length - MAX_BEACONS))) await tx.store.delete(old.clientId);
  await tx.done;
}

const isBeacon = (entry: OutboxEntry): entry is BeaconItem => entry.kind === 'vitals';

/** An entry belongs to whoever is signed in on the device if it carries their id (or, made before ids were kept, none). */
const belongsTo = (item: OutboxItem, userId: string | null) => (item.userId ?? userId) === userId && userId !== null;

/** The signed-in person's own entries (calls and corrections), oldest first. */
export async function listOutbox(): Promise<OutboxItem[]> {
  const userId = await currentDeviceUser();
  return (await allCalls()).filter((item) => belongsTo(item, userId));
}

/** Calls and corrections other people left on this phone: kept, and sent when each signs in again. */
export async function waitingForOthers(): Promise<number> {
  const userId = await currentDeviceUser();
  return (await allCalls()).filter((item) => !belongsTo(item, userId)).length;
}

async function allCalls(): Promise<OutboxItem[]> {
  return (await (await deviceDb()).getAllFromIndex('outbox', 'createdAt')).filter((entry): entry is OutboxItem => !isBeacon(entry));
}

export async function discard(clientId: string): Promise<void> {
  await (await deviceDb()).delete('outbox', clientId);
  announceChange();
}

/** Back to pending, to be sent again now (after the agent fixed what the server refused, or to try anyway). */
export async function retry(clientId: string, body?: CallBody): Promise<void> {
  const db = await deviceDb();
  const item = await db.get('outbox', clientId);
  if (!item || isBeacon(item)) return;
  const fixed: OutboxItem = item.kind === 'call' ? { ...item, body: body ?? item.body } : item;
  await db.put('outbox', { ...fixed, state: 'pending', attempts: 0, nextAttemptAt: 0, problem: undefined });
  announceChange();
}

export interface DrainResult {
  sent: number;
  attention: number;
  waiting: number;
  /** When the next retry is due, if any entry is waiting on backoff. */
  retryAt: number | null;
  signedOut: boolean;
}

type Outcome =
  { kind: 'sent' } | { kind: 'attention'; problem: NonNullable<OutboxItem['problem']> } | { kind: 'retry' } | { kind: 'signed-out' };

/** A beacon is sent once it is accepted; a refused one (too old, malformed) is dropped: there is nothing for anyone to fix. */
async function sendBeacon(item: BeaconItem, origin: string): Promise<'done' | 'retry'> {
  try {
    const response = await fetch(`${origin}/api/vitals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: item.body,
    });
    return response.status >= 500 || response.status === 429 || response.status === 408 ? 'retry' : 'done';
  } catch {
    return 'retry';
  }
}

/** Where an entry goes: a call to the calls API, a correction to its lead. */
const requestOf = (item: OutboxItem, origin: string): [string, RequestInit] =>
  item.kind === 'call'
    ? [`${origin}/api/calls`, { method: 'POST', body: JSON.stringify({ ...item.body, recordedOffline: true }) }]
    : [`${origin}/api/leads/${encodeURIComponent(item.leadId)}`, { method: 'PATCH', body: JSON.stringify(item.body) }];

async function send(item: OutboxItem, origin: string): Promise<Outcome> {
  let response: Response;
  try {
    const [url, init] = requestOf(item, origin);
    response = await fetch(url, { ...init, credentials: 'same-origin', headers: { 'content-type': 'application/json' } });
  } catch {
    return { kind: 'retry' };
  }
  if (response.ok) return { kind: 'sent' };
  if (response.status === 401) return { kind: 'signed-out' };
  if (response.status >= 500 || response.status === 429 || response.status === 408) return { kind: 'retry' };
  const refused = new ApiRequestError(response.status, await response.json().catch(() => null));
  const fields = fieldErrors(refused); // with the one a conflict names (a phone that is another lead's), shown next to it
  const { status, serverMessage } = refused;
  return {
    kind: 'attention',
    problem: { status, message: serverMessage ?? `Refused (${status}).`, ...(Object.keys(fields).length ? { fields } : {}) },
  };
}

/** Leads replayed at once; each lead's own entries still go one after another, in order. */
const PARALLEL_LEADS = 4;

async function drainOnce(origin: string): Promise<DrainResult> {
  const db = await deviceDb();
  const result: DrainResult = { sent: 0, attention: 0, waiting: 0, retryAt: null, signedOut: false };
  const byLead = new Map<string, OutboxItem[]>();
  const beacons: BeaconItem[] = [];
  const userId = await currentDeviceUser();
  for (const item of await db.getAllFromIndex('outbox', 'createdAt')) {
    if (item.state !== 'pending') continue;
    if (isBeacon(item)) beacons.push(item);
    // Another person's call waits for their own session: never sent under someone else's.
    else if (!belongsTo(item, userId)) continue;
    else byLead.set(item.leadId, [...(byLead.get(item.leadId) ?? []), item]);
  }
  const wait = (count: number, at: number) => {
    result.waiting += count;
    result.retryAt = Math.min(result.retryAt ?? Infinity, at);
  };

  // One lead's entries in the order they were made: an entry that must wait holds the lead's later ones.
  async function replayLead(items: OutboxItem[]): Promise<void> {
    for (const [index, item] of items.entries()) {
      if (result.signedOut) return;
      if (item.nextAttemptAt > Date.now()) return wait(items.length - index, item.nextAttemptAt);
      const outcome = await send(item, origin);
      if (outcome.kind === 'signed-out') {
        result.signedOut = true;
        return;
      }
      if (outcome.kind === 'sent') {
        await db.delete('outbox', item.clientId);
        result.sent += 1;
      } else if (outcome.kind === 'attention') {
        await db.put('outbox', { ...item, state: 'attention', problem: outcome.problem });
        result.attention += 1;
      } else {
        const attempts = item.attempts + 1;
        const nextAttemptAt = Date.now() + backoffMs(attempts);
        await db.put('outbox', { ...item, attempts, nextAttemptAt });
        announceChange();
        return wait(items.length - index, nextAttemptAt);
      }
      announceChange();
    }
  }

  // Beacons after the agent's work, one at a time; the first that must wait holds the rest.
  async function replayBeacons(): Promise<void> {
    for (const [index, item] of beacons.entries()) {
      if (item.nextAttemptAt > Date.now()) return wait(beacons.length - index, item.nextAttemptAt);
      if ((await sendBeacon(item, origin)) === 'done') {
        await db.delete('outbox', item.clientId);
        continue;
      }
      const attempts = item.attempts + 1;
      const nextAttemptAt = Date.now() + backoffMs(attempts);
      await db.put('outbox', { ...item, attempts, nextAttemptAt });
      return wait(beacons.length - index, nextAttemptAt);
    }
  }

  const leads = [...byLead.values()];
  const workers = Array.from({ length: Math.min(PARALLEL_LEADS, leads.length) }, async () => {
    for (let next = leads.shift(); next; next = leads.shift()) await replayLead(next);
  });
  await Promise.all(workers);
  await replayBeacons();
  return result;
}

/**
 * Sends what is due. One drain at a time across pages and the worker (Web
 * Locks); a second caller waits for the first and then finds less to do.
 */
export async function drainOutbox(origin: string = self.location.origin): Promise<DrainResult> {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return navigator.locks.request('callpace-outbox', () => drainOnce(origin));
  }
  return drainOnce(origin);
}
