import { ApiRequestError, fetchJson } from '@/lib/platform/browser/fetch-json';

/** A JSON write to the people API (lib/platform/browser/fetch-json: the body of a 2xx, else an ApiRequestError). */
export function sendJson<T>(url: string, method: 'POST' | 'PATCH', body?: unknown): Promise<T> {
  return fetchJson<T>(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** What a failed write says, shown as it is: the server's message, else its status. */
export const failureText = (failure: unknown) =>
  failure instanceof ApiRequestError
    ? (failure.serverMessage ?? `The server answered ${failure.status}; try again.`)
    : (failure as Error).message;
