/**
 * After `next build`: hashes the inline scripts of every prerendered page (.next/server/app/**\/*.html) and
 * writes .next/csp-hashes.json, from which the proxy sends those pages a hash-based CSP (lib/platform/http/csp.ts
 * says why). Run by `npm run build`, scripts/start.ts and scripts/test.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CSP_MANIFEST, type CspManifest } from '../lib/platform/http/csp';

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

/** The 'sha256-…' source of each inline (no src) script in the HTML, in order, without repeats. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes, body] of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes) || body.length === 0) continue;
    hashes.add(`sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}`);
  }
  return [...hashes];
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? htmlFiles(full) : entry.name.endsWith('.html') ? [full] : [];
  });
}

/** Writes the manifest for the build in distDir; returns it. */
export function writeCspManifest(distDir = '.next'): CspManifest {
  const root = path.join(distDir, 'server', 'app');
  const manifest: CspManifest = {};
  if (existsSync(root)) {
    for (const file of htmlFiles(root)) {
      const route =
        '/' +
        path
          .relative(root, file)
          .replace(/\\/g, '/')
          .replace(/\.html$/, '');
      manifest[route === '/index' ? '/' : route] = inlineScriptHashes(readFileSync(file, 'utf8'));
    }
  }
  writeFileSync(path.join(distDir, CSP_MANIFEST), JSON.stringify(manifest, null, 1));
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  const manifest = writeCspManifest();
  console.log(`csp: hashed inline scripts of ${Object.keys(manifest).length} prerendered pages → .next/${CSP_MANIFEST}`);
}
