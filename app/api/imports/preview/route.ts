import { readCappedBytes } from '@/lib/platform/http/body';
import { ApiError } from '@/lib/platform/http/errors';
import { withHandler } from '@/lib/platform/http/handler';
import { detectDelimiter, readCsvRecords } from '@/lib/imports/csv';
import { doNotCallFields, guessMapping } from '@/lib/imports/fields';

const PREVIEW_BYTES = 256 * 1024;
const PREVIEW_ROWS = 5;

const tooLarge = () => new ApiError('payload_too_large', `Send at most the first ${PREVIEW_BYTES / 1024} KB of the file for a preview.`);

/**
 * The mapping step's preview: the body is the start of the file (the browser sends at most 256 KB).
 * Answers its columns, the first rows and a guessed mapping, or why the file cannot be imported
 * (encoding, a spreadsheet, an unclosed quote, no header), before the whole file is uploaded.
 */
export const POST = withHandler(
  async ({ request }) => {
    // Not a query schema: any `kind` but do_not_call previews a lead file. The body is CSV bytes, read here under the cap.
    const kind = request.nextUrl.searchParams.get('kind') === 'do_not_call' ? 'do_not_call' : 'leads';
    const bytes = await readCappedBytes(request, PREVIEW_BYTES, tooLarge);
    // The browser cut the file at a byte count: drop the last, probably partial, line (and any split character).
    const cut = bytes.byteLength === PREVIEW_BYTES ? bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1) : bytes;
    const records: string[][] = [];
    for await (const record of readCsvRecords([cut], { maxRecords: PREVIEW_ROWS + 1 })) records.push(record);
    if (!records.length)
      throw new ApiError('unprocessable_entity', 'The file is empty. Upload a CSV with a header row and at least one lead.', {
        reason: 'empty',
      });
    const header = records[0].map((name) => name.trim());
    const text = new TextDecoder().decode(cut.subarray(0, 4096)).replace(/^\uFEFF/, '');
    return Response.json({
      columns: header,
      rows: records.slice(1),
      delimiter: detectDelimiter(text),
      hadByteOrderMark: cut[0] === 0xef && cut[1] === 0xbb && cut[2] === 0xbf,
      mapping: guessMapping(header, kind === 'leads' ? undefined : doNotCallFields),
    });
  },
  { roles: ['MANAGER', 'ADMIN'], writeLimit: true },
);
