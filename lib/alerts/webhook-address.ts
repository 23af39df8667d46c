import 'server-only';
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { getEnv } from '../platform/env';

/**
 * Which addresses an alert webhook may reach. A rule's URL is typed by a person, so without this check a
 * webhook is a way to make the server POST to its own network (SSRF): loopback, private ranges, the cloud
 * metadata service. The check runs twice: on save (a clear message) and inside the socket's DNS lookup at
 * send time, so the address connected to is the address checked (no DNS-rebinding gap between the two).
 */

// ipaddr.js range() names; everything but 'unicast' is refused (private, loopback, linkLocal, uniqueLocal,
// carrierGradeNat, multicast, unspecified, reserved, broadcast, 6to4/teredo/rfc6145 tunnels …).
const PUBLIC_RANGES = new Set(['unicast']);
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

export function allowPrivateWebhooks(): boolean {
  return getEnv().ALERT_WEBHOOK_ALLOW_PRIVATE === 'on';
}

/** Why an address may not be used ('private', 'loopback' …), or null when it is public. */
export function refusedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (METADATA.has(parsed.toNormalizedString()) || METADATA.has(parsed.toString())) return 'the cloud metadata service';
  const range = parsed.range();
  return PUBLIC_RANGES.has(range) ? null : range;
}

/** The URL's own problem (scheme, credentials), or null. */
export function urlProblem(url: URL): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Webhook must be an http(s) URL';
  if (url.username || url.password) return 'Webhook URL must not carry a user name or password';
  return null;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Resolves the host and checks every address; a message a person can act on, or null when it may be used. */
export async function checkWebhookUrl(raw: string, allowPrivate = allowPrivateWebhooks()): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Webhook must be a full http(s) URL';
  }
  const problem = urlProblem(url);
  if (problem || allowPrivate) return problem;
  const host = hostOf(url);
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host)
      ? [host]
      : (
          await new Promise<{ address: string }[]>((resolve, reject) =>
            dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
          )
        ).map((entry) => entry.address);
  } catch {
    return `Webhook host ${host} does not resolve`;
  }
  for (const address of addresses) {
    const range = refusedRange(address);
    if (range)
      return `Webhook must go to a public address; ${address === host ? address : `${host} resolves to ${address}, which`} is ${range}`;
  }
  return null;
}

/** A socket lookup that resolves as usual and fails when any address it would connect to is not public. */
export function guardedLookup(allowPrivate = allowPrivateWebhooks()): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, '', 0);
      const entries = found as unknown as { address: string; family: number }[];
      const bad = allowPrivate ? undefined : entries.find((entry) => refusedRange(entry.address));
      if (bad || entries.length === 0) {
        const refused = Object.assign(new Error(`webhook address ${bad?.address ?? hostname} is not public`), { code: 'EWEBHOOKADDR' });
        return callback(refused, '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof entries) => void)(null, entries);
      callback(null, entries[0].address, entries[0].family);
    });
  };
}
