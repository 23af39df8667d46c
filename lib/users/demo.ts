/**
 * Whether this database holds the demo team (seeded by `npm start` with DEMO_DATA on): every page then
 * says so, so nobody mistakes the sample team for real customers. Read once a minute per process.
 */
import 'server-only';
import { db } from '../platform/db/client';
import { singleton } from '../platform/runtime/singleton';
import { DEMO_ADMIN_EMAIL } from './demo-accounts';

const CHECK_EVERY_MS = 60_000;
const memo = () => singleton<{ last?: { at: number; present: Promise<boolean> } }>('demo-data', () => ({}));

export function demoDataPresent(): Promise<boolean> {
  const held = memo();
  const last = held.last;
  if (last && Date.now() - last.at < CHECK_EVERY_MS) return last.present;
  const present = db.user
    .count({ where: { email: DEMO_ADMIN_EMAIL, active: true } })
    .then((n) => n > 0)
    .catch(() => last?.present ?? false);
  held.last = { at: Date.now(), present };
  return present;
}
