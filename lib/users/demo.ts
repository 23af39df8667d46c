/**
 * Whether this database holds the demo team (seeded by `npm start` with DEMO_DATA on): every page then
 * says so, so nobody mistakes the sample team for real customers. Read once a minute per process.
 */
import 'server-only';
import { db } from '../platform/db/client';
import { DEMO_ADMIN_EMAIL } from './demo-accounts';

const CHECK_EVERY_MS = 60_000;
const globalForDemo = globalThis as unknown as { callpaceDemo?: { at: number; present: Promise<boolean> } };

export function demoDataPresent(): Promise<boolean> {
  const memo = globalForDemo.callpaceDemo;
  if (memo && Date.now() - memo.at < CHECK_EVERY_MS) return memo.present;
  const present = db.user
    .count({ where: { email: DEMO_ADMIN_EMAIL, active: true } })
    .then((n) => n > 0)
    .catch(() => memo?.present ?? false);
  globalForDemo.callpaceDemo = { at: Date.now(), present };
  return present;
}
