/**
 * The browser's side of the error envelope `{ error: { code, message, issues?, field? } }`
 * (lib/platform/http/errors.ts): `fetchJson` answers the parsed body of a 2xx and throws an
 * `ApiRequestError` for any other status. A network failure stays what fetch throws (a TypeError), so a
 * caller tells "could not reach the server" (keep it in the outbox, say) from "the server refused".
 * Each caller words its own fallback for an answer without an envelope (`serverMessage` is then
 * undefined). Runs in pages and in the service worker.
 *
 * Small on purpose: it is in the first load of /queue and /leads. Field errors are read in
 * field-errors.ts, so only the forms that show them carry that code; Retry-After is not read, as no
 * caller honours it (the outbox retries a 429 on its own backoff).
 */
export interface EnvelopeError {
  code?: string;
  message?: string;
  /** The one field a conflict is about (a phone that is another lead's). */
  field?: string;
  /** Every invalid field of a 422. */
  issues?: { path: string; message: string }[];
}

export class ApiRequestError extends Error {
  declare readonly status: number;
  declare readonly code: string | undefined;
  /** The envelope's message, or undefined when the answer had none (a proxy's error page, say). */
  declare readonly serverMessage: string | undefined;
  /** The envelope's `error` as the server sent it (empty without one). */
  declare readonly details: EnvelopeError;

  /** The error an answer stands for, from its status and its body (parsed JSON, or null). */
  constructor(status: number, body: unknown) {
    const details = (body as { error?: EnvelopeError } | null)?.error ?? {};
    super(details.message ?? `HTTP ${status}`);
    Object.assign(this, { status, code: details.code, serverMessage: details.message, details });
  }
}

/** `fetch`, then the JSON body of a 2xx, or an `ApiRequestError`. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (response.ok) return (await response.json()) as T;
  throw new ApiRequestError(response.status, await response.json().catch(() => null));
}
