/**
 * CSV downloads streamed batch by batch: the first bytes go out at once and
 * memory stays flat whatever the size of the export. A UTF-8 byte-order mark
 * leads, so spreadsheet programs read names with accents correctly; cells go
 * through the one writer's formula guard (lib/platform/csv/rows). A failure after
 * the header errors the stream: the client sees a failed download, never a
 * truncated file that looks complete.
 */
import { logger } from '../runtime/logger';
import { csvRows } from './rows';

export function csvResponse(fileName: string, header: string[], batches: AsyncIterable<unknown[][]>): Response {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvRows([header])}`));
    },
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) return controller.close();
        if (next.value.length) controller.enqueue(encoder.encode(csvRows(next.value)));
      } catch (error) {
        logger.error('CSV download failed mid-stream', {
          fileName,
          error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
        });
        controller.error(error);
      }
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
