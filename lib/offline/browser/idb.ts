/**
 * The device's own store (IndexedDB), shared by the pages and the service
 * worker: leads the agent has seen, the queue's order with when it was
 * synced, and the outbox of writes waiting for the network.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LeadItem } from '../../leads/lead-item';
import type { LeadEdit } from '../../leads/lead-edit-schema';

export interface StoredCall {
  id: string;
  clientId: string;
  startedAt: string;
  durationSec: number;
  outcome: string;
  engagement: number | null;
  notes: string | null;
  callbackAt: string | null;
}

export interface StoredLead extends Omit<LeadItem, 'phoneDisplay'> {
  /** Missing on leads saved before phones were formatted by the server. */
  phoneDisplay?: string;
  notes?: string | null;
  calls?: StoredCall[];
  /** The lead the queue offered after this one when it was opened online. */
  nextId?: string | null;
  savedAt: number;
}

export interface CallBody {
  clientId: string;
  leadId: string;
  outcome: string;
  durationSec: number;
  engagement?: number;
  notes?: string;
  callbackAt?: string;
  startedAt?: string;
}

/** A correction of a lead's details, as PATCH /api/leads/[id] takes it (only the fields that changed). */
export type EditBody = LeadEdit;

interface WorkItem {
  clientId: string;
  leadId: string;
  /** Shown in lists, so the agent knows which lead an entry is about. */
  leadName: string;
  /** When the agent saved it (the original time, kept through replays). */
  createdAt: number;
  state: 'pending' | 'attention';
  attempts: number;
  nextAttemptAt: number;
  /** Who logged it (lib/offline/browser/device-user): it is sent only under that person's session. */
  userId?: string | null;
  /** Why the server refused it (state "attention"), in its words. */
  problem?: { status: number; message: string; fields?: Record<string, string> };
}

export interface CallItem extends WorkItem {
  kind: 'call';
  body: CallBody;
}

export interface EditItem extends WorkItem {
  kind: 'edit';
  body: EditBody;
}

/** The agent's own work waiting for the network: logged calls and corrections of lead details. */
export type OutboxItem = CallItem | EditItem;

/**
 * A field-performance beacon that could not be sent (the page was offline).
 * Telemetry, not the agent's work: it replays with the calls, keeps its
 * samples' original times, and is not shown in the agent's outbox.
 */
export interface BeaconItem {
  clientId: string;
  kind: 'vitals';
  /** The beacon's JSON body, as the reporter would have sent it. */
  body: string;
  createdAt: number;
  state: 'pending';
  attempts: number;
  nextAttemptAt: number;
}

export type OutboxEntry = OutboxItem | BeaconItem;

interface CallpaceDB extends DBSchema {
  leads: { key: string; value: StoredLead };
  // Also holds 'user' → { userId } (lib/offline/browser/device-user).
  meta: { key: string; value: { queueIds: string[]; syncedAt: number } };
  outbox: { key: string; value: OutboxEntry; indexes: { createdAt: number } };
}

let opening: Promise<IDBPDatabase<CallpaceDB>> | null = null;

export function deviceDb(): Promise<IDBPDatabase<CallpaceDB>> {
  opening ??= openDB<CallpaceDB>('callpace', 2, {
    // Creates whatever is missing, so a store left half-made (or made by another tool) heals on the next open.
    upgrade(db) {
      if (!db.objectStoreNames.contains('leads')) db.createObjectStore('leads', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
      if (!db.objectStoreNames.contains('outbox'))
        db.createObjectStore('outbox', { keyPath: 'clientId' }).createIndex('createdAt', 'createdAt');
    },
  });
  return opening;
}

/** Tells every page and the worker that the outbox or the saved data changed. */
export function announceChange(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel('callpace-device');
  channel.postMessage('changed');
  channel.close();
}
