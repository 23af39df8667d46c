/** Reading bodies with a size cap (JSON, text or bytes), so an oversized request is refused before it is buffered. */
import type { z } from 'zod';
import { getEnv } from '../env';
import { ApiError } from './errors';

const JSON_TYPES = /^(application\/json|text\/plain)(;|$)/i;

export interface ReadJsonOptions {
  maxBytes?: number;
  /** sendBeacon can only send text/plain; endpoints that take beacons allow it. */
  allowTextPlain?: boolean;
}

/** Reads and parses a JSON body: 415 wrong type, 413 too large, 400 malformed. */
export async function readJson(request: Request, options: ReadJsonOptions = {}): Promise<unknown> {
  const maxBytes = options.maxBytes ?? getEnv().MAX_JSON_BODY_BYTES;
  const type = request.headers.get('content-type') ?? '';
  const plainOk = options.allowTextPlain ?? false;
  if (!JSON_TYPES.test(type) || (!plainOk && /^text\/plain/i.test(type))) {
    throw new ApiError('unsupported_media_type', `Send the body as application/json${plainOk ? ' or text/plain' : ''}.`);
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readCappedText(request, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('bad_request', 'The body is not valid JSON.');
  }
}

/** Reads, caps and validates a JSON body against a schema (422 with field details). */
export async function parseJson<S extends z.ZodType>(request: Request, schema: S, options?: ReadJsonOptions): Promise<z.infer<S>> {
  const result = schema.safeParse(await readJson(request, options));
  if (!result.success) throw ApiError.fromZod(result.error, 'body');
  return result.data;
}

function tooLarge(maxBytes: number) {
  return new ApiError('payload_too_large', `The body is larger than ${Math.round(maxBytes / 1024)} KB.`, { limitBytes: maxBytes });
}

/** The raw body as text, refused with 413 past `maxBytes` (declared or streamed), so a lying or absent Content-Length cannot force a large buffer. */
export async function readCappedText(request: Request, maxBytes: number): Promise<string> {
  return (await readCappedBytes(request, maxBytes)).toString('utf8');
}

/**
 * The raw body's bytes under the same cap, refused with `tooLargeError` (default: 413 "The body is larger than
 * N KB") as soon as the declared or streamed size passes `maxBytes`, never buffered whole.
 */
export async function readCappedBytes(
  request: Request,
  maxBytes: number,
  tooLargeError: () => ApiError = () => tooLarge(maxBytes),
): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  if (Number(request.headers.get('content-length') ?? NaN) > maxBytes) throw tooLargeError();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
