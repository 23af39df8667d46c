/**
 * Reading an uploaded CSV as a stream of records: bytes are counted against
 * the size limit as they arrive, decoded as UTF-8 (a byte that is not UTF-8
 * stops the import with the line it was found near), the delimiter is taken
 * from the header line (comma, semicolon or tab), a byte-order mark is
 * dropped, and quoted fields may hold delimiters, quotes and line breaks.
 * Spreadsheets and UTF-16 files are recognised and refused with advice.
 */
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ApiError } from '../platform/http/errors';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export function tooLarge(bytes?: number): ApiError {
  return new ApiError(
    'payload_too_large',
    `${bytes ? `The file is ${mb(bytes)}; imports` : 'Imports'} take files up to ${mb(MAX_IMPORT_BYTES)} and ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows. Split it into smaller files.`,
    { limitBytes: MAX_IMPORT_BYTES, limitRows: MAX_IMPORT_ROWS },
  );
}

/** Refuses what is plainly not a UTF-8 CSV, from its first bytes. */
function sniff(head: Uint8Array): void {
  const starts = (...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0xd0, 0xcf, 0x11, 0xe0)) {
    throw new ApiError(
      'unsupported_media_type',
      'This is a spreadsheet workbook, not a CSV file. In your spreadsheet choose File → Save as → "CSV UTF-8 (comma delimited)" and upload that.',
    );
  }
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) {
    throw new ApiError('unprocessable_entity', 'The file is UTF-16 text. Save it as "CSV UTF-8" and upload it again.', {
      reason: 'encoding',
    });
  }
  if (head.subarray(0, 4096).includes(0)) {
    throw new ApiError('unprocessable_entity', 'The file holds binary data, not CSV text. Export it as "CSV UTF-8" and upload that.', {
      reason: 'encoding',
    });
  }
}

/** UTF-8 text chunks of a byte stream, capped at `maxBytes`. */
async function* decodeUtf8(
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxBytes: number,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let lines = 1;
  for await (const chunk of body) {
    if (bytes === 0 && chunk.byteLength) sniff(chunk);
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw tooLarge();
    onBytes?.(bytes);
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      // Count the lines before the first undecodable byte of this chunk.
      const lenient = new TextDecoder('utf-8').decode(chunk);
      const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
      throw notUtf8(lines + before.split('\n').length - 1);
    }
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines += 1;
    yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw notUtf8(lines);
  }
  if (rest) yield rest;
}

function notUtf8(line: number): ApiError {
  return new ApiError(
    'unprocessable_entity',
    `The file is not UTF-8 text (the first character that is not was near line ${line}). It was probably saved as Windows-1252 or Latin-1: save it as "CSV UTF-8" and upload it again.`,
    { reason: 'encoding', line },
  );
}

/** The delimiter the header line uses most: comma, semicolon or tab. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  let best = ',';
  let bestCount = 0;
  for (const delimiter of [',', ';', '\t']) {
    const count = firstLine.split(delimiter).length - 1;
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

function csvProblem(error: CsvError): ApiError {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? ` (line ${line})` : '';
  const messages: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: `A quoted field is never closed${where}: every field that starts with " must end with ".`,
    CSV_INVALID_CLOSING_QUOTE: `A quote is followed by other characters${where}: inside a quoted field write a quote as "".`,
    CSV_MAX_RECORD_SIZE: `A record is longer than 64 KB${where}: probably a quote that is never closed.`,
  };
  return new ApiError('unprocessable_entity', messages[error.code] ?? `The file is not valid CSV${where}: ${error.message}`, {
    reason: 'csv',
    line,
  });
}

export interface CsvReadOptions {
  maxBytes?: number;
  /** Stop after this many records (the header included): for previews. */
  maxRecords?: number;
  onBytes?: (bytes: number) => void;
}

/** The records of a CSV byte stream, header first. Throws ApiError for files it cannot read. */
export async function* readCsvRecords(
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: CsvReadOptions = {},
): AsyncGenerator<string[]> {
  const text = decodeUtf8(body, options.maxBytes ?? MAX_IMPORT_BYTES, options.onBytes);
  let first = await text.next();
  while (!first.done && first.value === '') first = await text.next();
  if (first.done) return;
  const head = first.value;
  async function* all() {
    yield head;
    yield* text;
  }
  const parser = parse({
    bom: true,
    delimiter: detectDelimiter(head.replace(/^\uFEFF/, '')),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: 64 * 1024,
    ...(options.maxRecords ? { to: options.maxRecords } : {}),
  });
  // pipeline, not pipe: an error in the bytes (too large, not UTF-8) must reach the records' reader.
  const source = Readable.from(all());
  pipeline(source, parser, () => {});
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record;
  } catch (error) {
    if (error instanceof CsvError) throw csvProblem(error);
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
}
