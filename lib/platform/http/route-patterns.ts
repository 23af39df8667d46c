/**
 * The app's own routes, as patterns: the only values a metric label or a
 * field beacon's route may take, so a client cannot create Prometheus series
 * or histogram rows by making up paths. Kept in step with app/ by
 * lib/platform/http/route-patterns.test.ts (a new page or route handler fails it until
 * it is listed here).
 */
export const pagePatterns = [
  '/',
  '/dashboard',
  '/leads',
  '/leads/[id]',
  '/leads/import',
  '/login',
  '/next',
  '/offline',
  '/outbox',
  '/queue',
  '/reports/performance',
  '/reports/vitals',
  '/admin/calling-rules',
  '/admin/audit',
  '/admin/users',
  '/account',
  '/invite/[token]',
  '/reset/[token]',
  '/setup',
] as const;

export const apiPatterns = [
  '/api/auth/[...all]',
  '/api/bench/empty',
  '/api/bench/instrumented',
  '/api/calls',
  '/api/exports/calls',
  '/api/exports/leads',
  '/api/health',
  '/api/health/detailed',
  '/api/imports',
  '/api/imports/[id]',
  '/api/imports/[id]/errors',
  '/api/imports/preview',
  '/api/leads',
  '/api/leads/[id]',
  '/api/leads/[id]/history',
  '/api/leads/[id]/reservation',
  '/api/metrics',
  '/api/reports/calls',
  '/api/reports/vitals',
  '/api/team/leads',
  '/api/team/leads/bulk',
  '/api/vitals',
  '/serwist/[path]',
  '/api/calling-rules',
  '/api/audit',
  '/api/users',
  '/api/users/[id]',
  '/api/users/[id]/password-reset',
  '/api/account/password',
  '/api/account/sessions',
  '/api/account/sessions/[id]',
  '/api/invitations/accept',
  '/api/setup',
] as const;

/** What every path that matches no route is counted under. */
export const UNMATCHED = '(unmatched)';

const compiled = [...pagePatterns, ...apiPatterns].map((pattern) => ({ pattern, segments: pattern.split('/').filter(Boolean) }));
const pages = new Set<string>(pagePatterns);

function matches(segments: string[], parts: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.startsWith('[...')) return parts.length > i;
    if (i >= parts.length) return false;
    if (!(segment.startsWith('[') && segment.endsWith(']')) && segment !== parts[i]) return false;
  }
  return parts.length === segments.length;
}

/** The route pattern a pathname is served by (static segments win over dynamic ones), or UNMATCHED. */
export function routeOf(pathname: string): string {
  const parts = pathname.split('/').filter(Boolean);
  let best: string | undefined;
  let bestScore = -1;
  for (const { pattern, segments } of compiled) {
    if (!matches(segments, parts)) continue;
    const score = segments.filter((s) => !s.startsWith('[')).length;
    if (score > bestScore) [best, bestScore] = [pattern, score];
  }
  return best ?? UNMATCHED;
}

/** Whether a beacon's route is one of the app's pages. */
export const isPagePattern = (route: string) => pages.has(route);
