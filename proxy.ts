import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NextResponse, type NextRequest } from 'next/server';
import { CSP_MANIFEST, documentCsp, type CspManifest } from './lib/platform/http/csp';

/**
 * The CSP of every document (lib/platform/http/csp.ts has the design): prerendered pages get the hashes of their
 * inline scripts from the build's manifest; every other page a fresh nonce, which Next reads from the
 * request's CSP header and puts on its scripts. The matcher keeps this off /api and static files: it runs
 * on page requests only. The other security headers come from next.config.ts, on every response.
 */
let manifest: CspManifest | undefined;
function loadManifest(): CspManifest {
  if (manifest) return manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(process.cwd(), '.next', CSP_MANIFEST), 'utf8')) as CspManifest;
  } catch {
    manifest = {}; // no build step ran (next dev): every page gets a nonce
  }
  return manifest;
}

export function proxy(request: NextRequest) {
  const hashes = loadManifest();
  const prerendered = hashes[request.nextUrl.pathname];
  if (prerendered) {
    const response = NextResponse.next();
    response.headers.set('Content-Security-Policy', documentCsp({ hashes: prerendered }));
    return response;
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  // An unknown path is answered with the prerendered not-found page: allow its scripts too.
  const policy = documentCsp({ nonce, hashes: hashes['/_not-found'] ?? [] });
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|serwist/|icons/|favicon|icon|apple-icon|manifest\\.webmanifest|robots\\.txt).*)',
      // Prefetches of RSC payloads are not documents.
      missing: [{ type: 'header', key: 'next-router-prefetch' }],
    },
  ],
};
