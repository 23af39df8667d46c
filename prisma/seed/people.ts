/** Demo accounts and leads. */
import { COMPANY_SPACE, FIRST_NAMES, LAST_NAMES, REGIONS, SOURCES, companyName, type Region } from './catalog';
import { Random } from './random';
import { DEMO_ADMIN_EMAIL } from '../../lib/users/demo-accounts';

// The demo team's one password and its admin (the app's banner and `npm start` name the same constants).
export { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../../lib/users/demo-accounts';
export const AGENT_COUNT = 40;
export const MANAGER_COUNT = 3;

export interface SeedUser {
  id: string;
  email: string;
  name: string;
  role: 'ADMIN' | 'MANAGER' | 'AGENT';
  timezone: string;
  managerId: string | null;
}

export function demoUsers(rng: Random): SeedUser[] {
  const zones = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London'];
  const person = () => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
  const admin: SeedUser = {
    id: rng.uuid(),
    email: DEMO_ADMIN_EMAIL,
    name: person(),
    role: 'ADMIN',
    timezone: 'America/New_York',
    managerId: null,
  };
  const managers = Array.from({ length: MANAGER_COUNT }, (_, i): SeedUser => ({
    id: rng.uuid(),
    email: `manager${i + 1}@callpace.test`,
    name: person(),
    role: 'MANAGER',
    timezone: zones[i % zones.length],
    managerId: null,
  }));
  const agents = Array.from({ length: AGENT_COUNT }, (_, i): SeedUser => {
    const manager = managers[Math.floor((i * MANAGER_COUNT) / AGENT_COUNT)];
    return {
      id: rng.uuid(),
      email: `agent${i + 1}@callpace.test`,
      name: person(),
      role: 'AGENT',
      timezone: manager.timezone,
      managerId: manager.id,
    };
  });
  return [admin, ...managers, ...agents];
}

export interface SeedLead {
  id: string;
  firstName: string;
  lastName: string;
  company: string | null;
  phone: string;
  email: string | null;
  timezone: string;
  priority: number;
  score: number;
  ownerId: string | null;
  source: string;
  createdAt: Date;
}

/** A permutation of 0..10^digits−1 (7919 is coprime to 10), so distinct indexes give distinct numbers. */
function subscriber(index: number, digits: number): string {
  const space = 10 ** digits;
  return String((index * 7919 + 104729) % space).padStart(digits, '0');
}

const emailSafe = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[^a-zA-Z]/g, '')
    .toLowerCase();

export function makeLead(rng: Random, index: number, agentIds: string[], now: Date): SeedLead {
  const region: Region = rng.weighted(REGIONS.map((r) => [r, r.weight] as const));
  const prefix = rng.pick(region.prefixes);
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const company = rng.chance(0.92) ? companyName(rng.int(0, COMPANY_SPACE), rng.int(0, COMPANY_SPACE), rng.int(0, 9)) : null;
  const domain = company
    ? `${emailSafe(company.split(' ').slice(0, 2).join(''))}.${region.tld}`
    : rng.pick(['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me']);
  const email = rng.chance(0.85) ? `${emailSafe(firstName)}.${emailSafe(lastName)}${company ? '' : index}@${domain}` : null;
  return {
    id: rng.uuid(),
    firstName,
    lastName,
    company,
    // Index-derived subscriber numbers keep phones unique (the import dedupe key).
    phone: `+${region.cc}${prefix}${subscriber(index, region.subscriberDigits)}`,
    email,
    timezone: rng.pick(region.zones),
    priority: rng.weighted([
      [1, 8],
      [2, 17],
      [3, 45],
      [4, 20],
      [5, 10],
    ] as const),
    score: Math.max(0, Math.min(100, Math.round(50 + 18 * rng.normal()))),
    ownerId: rng.chance(0.97) ? agentIds[index % agentIds.length] : null,
    source: rng.pick(SOURCES),
    createdAt: new Date(now.getTime() - rng.int(95, 400) * 86_400_000),
  };
}
