import 'server-only';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import ipaddr from 'ipaddr.js';
import { allowPrivateWebhooks, guardedLookup, refusedRange, urlProblem } from './webhook-address';

/**
 * Alert webhooks: a JSON POST, retried with exponential backoff on network
 * errors, timeouts, 429 and 5xx (1 s, 2 s, 4 s, 8 s by default); any other
 * answer ends it, a redirect included (3xx is a failure, never followed: it could point inside the network).
 * Goes through node:http(s) rather than fetch so the socket's DNS lookup is the one that checks the
 * address (webhook-address.ts). Resolves with what happened; never throws.
 */
export interface WebhookResult {
  delivered: boolean;
  attempts: number;
  lastStatus: number | null;
  /** Why no attempt was made (a refused address or URL); absent otherwise. */
  refused?: string;
}

interface Options {
  attempts?: number;
  baseDelayMs?: number;
  /** The whole exchange of one attempt: connect, send, answer. */
  timeoutMs?: number;
  allowPrivate?: boolean;
}

class RefusedAddress extends Error {}

function postOnce(url: URL, body: string, timeoutMs: number, allowPrivate: boolean): Promise<number> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && ipaddr.isValid(host) && refusedRange(host))
    return Promise.reject(new RefusedAddress(`${host} is ${refusedRange(host)}`));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Callpace-Alerts/1' },
        lookup: guardedLookup(allowPrivate),
        agent: false,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    const timer = setTimeout(() => request.destroy(new Error('webhook timed out')), timeoutMs);
    request.on('close', () => clearTimeout(timer));
    request.on('error', (error) =>
      reject((error as { code?: string }).code === 'EWEBHOOKADDR' ? new RefusedAddress(error.message) : error),
    );
    request.end(body);
  });
}

export async function deliverWebhook(url: string, payload: object, options: Options = {}): Promise<WebhookResult> {
  const attempts = options.attempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const allowPrivate = options.allowPrivate ?? allowPrivateWebhooks();
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { delivered: false, attempts: 0, lastStatus: null, refused: 'not a URL' };
  }
  const problem = urlProblem(target);
  if (problem) return { delivered: false, attempts: 0, lastStatus: null, refused: problem };
  const body = JSON.stringify(payload);
  let lastStatus: number | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      lastStatus = await postOnce(target, body, options.timeoutMs ?? 5000, allowPrivate);
      if (lastStatus >= 200 && lastStatus < 300) return { delivered: true, attempts: attempt, lastStatus };
      if (lastStatus !== 429 && lastStatus < 500) return { delivered: false, attempts: attempt, lastStatus };
    } catch (error) {
      if (error instanceof RefusedAddress) return { delivered: false, attempts: 0, lastStatus: null, refused: error.message };
      lastStatus = null;
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** (attempt - 1)));
  }
  return { delivered: false, attempts, lastStatus };
}
