/**
 * Attribution reduced to what explains a slow page without saying anything
 * about a person: CSS selectors without attribute values or id-like tokens,
 * resource paths without query strings, enumerations, and timing parts in
 * milliseconds. Anything else (element text, URLs with queries, unknown
 * fields) is dropped.
 */

/** Timing parts web-vitals' attribution build reports, by metric. */
const TIMING_FIELDS = new Set([
  'timeToFirstByte',
  'resourceLoadDelay',
  'resourceLoadDuration',
  'elementRenderDelay', // LCP
  'inputDelay',
  'processingDuration',
  'presentationDelay', // INP
  'largestShiftValue',
  'largestShiftTime', // CLS
  'firstByteToFCP', // FCP
  'waitingDuration',
  'cacheDuration',
  'dnsDuration',
  'connectionDuration',
  'requestDuration', // TTFB
]);
const SELECTOR_FIELDS = new Set(['element', 'target', 'interactionTarget', 'largestShiftTarget']);
const TOKEN_FIELDS: Record<string, ReadonlySet<string>> = {
  loadState: new Set(['loading', 'dom-interactive', 'dom-content-loaded', 'complete']),
  interactionType: new Set(['pointer', 'keyboard']),
};
const URL_FIELDS = new Set(['url']);

const ID_LIKE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4,}|[^\s>+~,]*@[^\s>+~,]*/gi;

/** A selector with attribute values and id-like tokens removed; null when nothing selector-like is left. */
export function sanitizeSelector(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const selector = value
    .replace(/\[[^\]]*\]/g, '') // attribute selectors carry values: href="tel:…", data-name="…"
    .replace(ID_LIKE, '*')
    .trim()
    .slice(0, 200);
  // What is left must look like a selector: tag, #id, .class, combinators, pseudo-classes.
  if (!/^[A-Za-z0-9_\-#.:*>+~()\s,]+$/.test(selector) || /\s{2,}/.test(selector)) return null;
  // Words separated by spaces with no selector syntax at all are text ("Jane Doe"), not a descendant selector.
  return /\s/.test(selector) && !/[>#.:]/.test(selector) ? null : selector;
}

/** A resource's origin and path (no query, no fragment); null if it is not an http(s) URL. */
export function sanitizeUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return `${url.origin}${url.pathname.replace(ID_LIKE, '*')}`.slice(0, 200);
  } catch {
    return null;
  }
}

export function sanitizeAttribution(input: Record<string, unknown>): Record<string, string | number> {
  const output: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(input)) {
    if (TIMING_FIELDS.has(key)) {
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 3_600_000)
        output[key] = Math.round(value * 1000) / 1000;
    } else if (SELECTOR_FIELDS.has(key)) {
      const selector = sanitizeSelector(value);
      if (selector) output[key] = selector;
    } else if (URL_FIELDS.has(key)) {
      const url = sanitizeUrl(value);
      if (url) output[key] = url;
    } else if (TOKEN_FIELDS[key]?.has(String(value))) {
      output[key] = String(value);
    }
  }
  return output;
}
