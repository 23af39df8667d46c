/**
 * `--only import`: a 100,000-row CSV (8 MB: names, a phone to normalise,
 * email, company, priority; 0.5 % bad phones) uploaded to POST /api/imports as
 * manager1 with round-robin assignment, then the same file again (every row
 * now an update). The imported leads are deleted afterwards, so the bench
 * database stays the large seed for the next run.
 */
import { randomUUID } from 'node:crypto';
import type { ImportSummary } from '../../lib/imports/run-import';
import { BASE, DATABASE_URL, MANAGER, queryOnce, say, signIn, startServer, stopServer } from './shared';

const IMPORT_ROWS = 100_000;

export interface ImportBench {
  rows: number;
  bytes: number;
  first: { ms: number; inserted: number; updated: number; invalid: number };
  again: { ms: number; inserted: number; updated: number };
}

function csvFile(tag: string): Buffer<ArrayBuffer> {
  const lines = ['First Name,Last Name,Phone,Email,Company,Priority'];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    // Area code 917, exchanges 200-209: numbers the seed does not make.
    const phone = i % 200 === 199 ? '555-01' : `(917) ${200 + Math.floor(i / 10_000)}-${String(i % 10_000).padStart(4, '0')}`;
    lines.push(`Bench${i},Importer,${phone},bench${i}.${tag}@example.com,"Bench Co, ${i % 500}",${1 + (i % 5)}`);
  }
  return Buffer.from(lines.join('\n'));
}

export async function runImport(): Promise<ImportBench> {
  const server = await startServer('on');
  const tag = `bench-${Date.now().toString(36)}`;
  try {
    const file = csvFile(tag);
    const cookie = await signIn(MANAGER);
    const upload = async () => {
      const options = encodeURIComponent(JSON.stringify({ fileName: `${tag}.csv`, assign: { mode: 'round_robin' } }));
      const started = performance.now();
      const response = await fetch(`${BASE}/api/imports?id=${randomUUID()}&options=${options}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/csv', origin: BASE },
        body: file,
      });
      const ms = Math.round(performance.now() - started);
      const body = (await response.json()) as {
        import?: Pick<ImportSummary, 'inserted' | 'updated' | 'invalid'>;
        error?: { message: string };
      };
      if (!response.ok || !body.import) throw new Error(`import failed: ${response.status} ${body.error?.message}`);
      return { ms, ...body.import };
    };
    const first = await upload();
    say(`import of ${IMPORT_ROWS} rows: ${first.ms} ms (${first.inserted} new, ${first.updated} updated, ${first.invalid} invalid)`);
    const again = await upload();
    say(`same file again: ${again.ms} ms (${again.inserted} new, ${again.updated} updated)`);
    return {
      rows: IMPORT_ROWS,
      bytes: file.byteLength,
      first: { ms: first.ms, inserted: first.inserted, updated: first.updated, invalid: first.invalid },
      again: { ms: again.ms, inserted: again.inserted, updated: again.updated },
    };
  } finally {
    await stopServer(server);
    await queryOnce(DATABASE_URL, 'DELETE FROM leads WHERE source = $1', [`Import: ${tag}.csv`]);
  }
}
