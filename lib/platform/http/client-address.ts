/**
 * Who the client is. Route handlers in Next cannot see the socket, and Next
 * itself keeps any X-Forwarded-For a client sends, so the app's own HTTP
 * server (scripts/serve.ts) decides: the socket's address, or, when the peer
 * is a proxy named by TRUSTED_PROXIES, the address that proxy forwarded. It
 * writes its verdict into CLIENT_ADDRESS_HEADER after deleting any copy the
 * client sent, and marks the process so that the header is believed only
 * when that server is the one in front (never under a plain `next start`).
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

export const CLIENT_ADDRESS_HEADER = 'x-callpace-client-address';
const TRUSTED_MARK = 'CALLPACE_CLIENT_ADDRESS';

/** The client address as the app's server established it; 'unknown' when no such server is in front. */
export function clientAddress(headers: Headers): string {
  if (process.env[TRUSTED_MARK] !== 'server') return 'unknown';
  return headers.get(CLIENT_ADDRESS_HEADER) || 'unknown';
}

/** Called once by the app's server before it serves: from now on CLIENT_ADDRESS_HEADER is its own. */
export function markClientAddressTrusted(): void {
  process.env[TRUSTED_MARK] = 'server';
}

export type Trust = (address: string, hop: number) => boolean;

/** TRUSTED_PROXIES: unset → no proxy is believed; a number → that many hops in front; else a comma-separated CIDR list. */
export function parseTrustedProxies(value: string | undefined): Trust {
  const text = value?.trim();
  if (!text) return () => false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile(
    text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );
}

const FORWARDED = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-request-id'];

/**
 * Rewrites an incoming request's identity headers in place: the client address from the socket (or a
 * trusted proxy's X-Forwarded-For); X-Forwarded-Host/-Proto/-Port and x-request-id kept only from a
 * trusted peer; X-Forwarded-For itself replaced by the established chain's client.
 */
export function establishClient(request: IncomingMessage, trust: Trust): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  const peerTrusted = trust(peer, 0);
  const address = request.socket.remoteAddress ? proxyAddr(request, trust) : 'unknown';
  delete request.headers[CLIENT_ADDRESS_HEADER];
  request.headers[CLIENT_ADDRESS_HEADER] = address;
  if (!peerTrusted) for (const name of FORWARDED) delete request.headers[name];
  request.headers['x-forwarded-for'] = address;
  return address;
}
