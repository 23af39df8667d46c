/** The rows an import skipped, for its downloadable error report. */
import 'server-only';
import { db } from '../platform/db/client';

const BATCH = 5_000;

/** In row order, batch by batch (keyset on the row number): the row number, why, then the row's own values. */
export async function* importErrorRows(importId: string): AsyncGenerator<unknown[][]> {
  for (let after = 0; ;) {
    const rows = await db.leadImportError.findMany({
      where: { importId, rowNumber: { gt: after } },
      orderBy: { rowNumber: 'asc' },
      take: BATCH,
    });
    if (rows.length) {
      after = rows[rows.length - 1].rowNumber;
      yield rows.map((row) => [String(row.rowNumber), row.message, ...row.values]);
    }
    if (rows.length < BATCH) return;
  }
}
