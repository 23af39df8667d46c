/**
 * What the budget gates load: each route pattern in the budget file turned
 * into a real path, signed in as a demo agent (or, for manager pages, a demo
 * manager) where the page needs it.
 */
export interface GateTargets {
  /** The Cookie header to load `pattern` with: none for signed-out pages (sign-in redirects a signed-in visitor). */
  cookie(pattern: string): string;
  path(pattern: string): string;
}

const SIGNED_OUT_ROUTES = new Set(['/', '/login']);
const MANAGER_ROUTES = new Set(['/dashboard', '/leads', '/leads/import', '/reports/vitals', '/reports/performance']);

const GATE_AGENT = { email: 'agent1@callpace.test', password: 'callpace-demo' };
const GATE_MANAGER = { email: 'manager1@callpace.test', password: 'callpace-demo' };

async function sessionCookie(base: string, user: { email: string; password: string }): Promise<string> {
  const signIn = await fetch(new URL('/api/auth/sign-in/email', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(base).origin },
    body: JSON.stringify(user),
  });
  if (!signIn.ok) throw new Error(`cannot sign in as ${user.email} for the gates: ${signIn.status}`);
  return signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export async function gateTargets(base: string): Promise<GateTargets> {
  const [cookie, managerCookie] = await Promise.all([sessionCookie(base, GATE_AGENT), sessionCookie(base, GATE_MANAGER)]);
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
