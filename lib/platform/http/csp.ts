/**
 * The Content-Security-Policy of the app's documents, shared by the proxy (proxy.ts, at request time) and
 * the build step that hashes the prerendered pages' inline scripts (scripts/csp-hashes.ts).
 *
 * Next 16 puts inline scripts in every page (the RSC payload, `self.__next_f.push(...)`), so scripts are
 * allowed by nonce on dynamically rendered pages (Next copies the nonce from the request's CSP header onto
 * its scripts) and by sha256 hash on prerendered ones, which are HTML files written at build time and
 * cannot carry a per-request nonce (the pages the service worker precaches, /offline and /outbox, are among
 * them). No 'strict-dynamic': it would drop 'self' and block the parser-inserted chunk scripts of a
 * prerendered page, which carry neither nonce nor integrity (Turbopack has no experimental.sri), and every
 * script Next loads is same-origin anyway. Styles stay 'unsafe-inline' (experimental.inlineCss).
 */
export const CSP_MANIFEST = 'csp-hashes.json';

/** Route pathname → the 'sha256-…' sources of its prerendered HTML's inline scripts. */
export type CspManifest = Record<string, string[]>;

const BASE = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** A document's policy: scripts from this origin plus the given nonce and/or hashes. */
export function documentCsp({ nonce, hashes = [] }: { nonce?: string; hashes?: string[] }): string {
  const script = ["script-src 'self'", ...(nonce ? [`'nonce-${nonce}'`] : []), ...hashes.map((hash) => `'${hash}'`)].join(' ');
  return [script, ...BASE].join('; ');
}

/** JSON and other non-documents: nothing may load, nothing may frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
