/**
 * Whose phone this is right now. A shared phone's saved data belongs to the
 * person who made it: the signed-in user is recorded on the device at
 * sign-in (from the sign-in answer; static pages such as /offline and /outbox
 * have no server-side viewer to ask), and when a different person signs in,
 * everything personal the previous one left — cached pages and API reads,
 * saved leads — is deleted. Their outbox is not: each entry carries its
 * user, is sent only under that user's session, and waits (shown, never
 * dropped) until they sign in again.
 */
import { announceChange, deviceDb } from './idb';

const KEY = 'user';
/** The worker's runtime caches that hold a person's pages and reads (app/sw.ts). */
export const PERSONAL_CACHES = ['pages', 'pages-rsc', 'api-reads'];

export async function currentDeviceUser(): Promise<string | null> {
  const stored = (await (await deviceDb()).get('meta', KEY)) as unknown as { userId?: string | null } | undefined;
  return stored?.userId ?? null;
}

async function forgetPersonalData(): Promise<void> {
  const { clearSavedData } = await import('./snapshot');
  await Promise.all([clearSavedData(), ...(typeof caches === 'undefined' ? [] : PERSONAL_CACHES.map((name) => caches.delete(name)))]);
}

/** After a sign-in: a different person than the last one gets a phone with none of the last one's data. */
export async function signedInOnDevice(userId: string): Promise<void> {
  const previous = await currentDeviceUser();
  if (previous !== userId) await forgetPersonalData();
  await (await deviceDb()).put('meta', { userId } as never, KEY);
  announceChange();
}

/** After a sign-out: nobody's data stays readable; the outbox stays, for its owner's next sign-in. */
export async function signedOutOnDevice(): Promise<void> {
  await forgetPersonalData();
  await (await deviceDb()).put('meta', { userId: null } as never, KEY);
  announceChange();
}
