/** A JSON write to the people API; throws with the envelope's message, which the caller shows as it is. */
export async function sendJson<T>(url: string, method: 'POST' | 'PATCH', body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as ({ error?: { message?: string } } & T) | null;
  if (!response.ok) throw new Error(json?.error?.message ?? `The server answered ${response.status}; try again.`);
  return json as T;
}
