/**
 * What the budget gates load: each route pattern in the budget file turned
 * into a real path, signed in as a demo agent (or, for manager pages, a demo
 * manager) where the page needs it.
 */
import { signInOverHttp } from './http-session';

export interface GateTargets {
  /** The Cookie header to load `pattern` with: none for signed-out pages (sign-in redirects a signed-in visitor). */
  cookie(pattern: string): string;
  path(pattern: string): string;
}

const SIGNED_OUT_ROUTES = new Set(['/', '/login', '/setup']);
const MANAGER_ROUTES = new Set([
  '/dashboard',
  '/leads',
  '/leads/import',
  '/reports/vitals',
  '/reports/performance',
  '/admin/users',
  '/admin/calling-rules',
  '/admin/audit',
]);

const GATE_AGENT = 'agent1@callpace.test';
const GATE_MANAGER = 'manager1@callpace.test';

export async function gateTargets(base: string): Promise<GateTargets> {
  const [cookie, managerCookie] = await Promise.all([signInOverHttp(base, GATE_AGENT), signInOverHttp(base, GATE_MANAGER)]);
  const queue = await fetch(new URL('/api/leads?limit=1', base), { headers: { cookie } });
  const leadId = ((await queue.json()) as { items: { id: string }[] }).items[0]?.id;
  return {
    cookie: (pattern) => (SIGNED_OUT_ROUTES.has(pattern) ? '' : MANAGER_ROUTES.has(pattern) ? managerCookie : cookie),
    path(pattern) {
      if (!pattern.includes('[id]')) return pattern;
      if (!leadId) throw new Error(`no lead to open for ${pattern}: the agent's queue is empty`);
      return pattern.replace('[id]', leadId);
    },
  };
}
