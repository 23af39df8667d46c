/**
 * Where to go after sign-in: only a path on this origin. `//host` and `/\host`
 * are read by browsers as another host, and a scheme names another site, so
 * anything but a single leading `/` followed by a non-slash falls back.
 */
export function safeNextPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith('/')) return undefined;
  if (next.length > 1 && (next[1] === '/' || next[1] === '\\')) return undefined;
  // Control characters (tabs, newlines) are stripped by URL parsers and can turn `/\t/host` into `//host`.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return undefined;
  return next;
}

/** The role's landing page. */
export const landingPath = (role: string) => (role === 'AGENT' ? '/queue' : '/dashboard');
