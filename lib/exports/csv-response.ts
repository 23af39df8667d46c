/**
 * CSV downloads streamed batch by batch: the first bytes go out at once and
 * memory stays flat whatever the size of the export. A UTF-8 byte-order mark
 * leads, so spreadsheet programs read names with accents correctly; cells
 * that a spreadsheet would run as formulas are prefixed with an apostrophe.
 * Every CSV the app sends goes through here (exports and import error reports).
 * A batch that fails mid-way errors the stream, so the download fails
 * visibly instead of ending early as a file that looks complete.
 */
import { stringify } from 'csv-stringify/sync';
import { logger } from '../runtime/logger';

/** A cell starting with = + - @ (or tab / CR) would be a formula in Excel or Sheets: CSV injection. */
function safeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d[\d.]*$/.test(text) && !/^\+\d+$/.test(text) ? `'${text}` : text;
}

export function csvResponse(fileName: string, header: string[], batches: AsyncIterable<unknown[][]>): Response {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${stringify([header])}`));
    },
    async pull(controller) {
      let next: IteratorResult<unknown[][]>;
      try {
        next = await iterator.next();
      } catch (error) {
        logger.error('CSV download failed mid-stream', { file: fileName, error: (error as Error).message });
        return controller.error(error);
      }
      if (next.done) return controller.close();
      if (next.value.length) controller.enqueue(encoder.encode(stringify(next.value.map((row) => row.map(safeCell)))));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'private, no-store',
    },
  });
}
