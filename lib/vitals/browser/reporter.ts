/**
 * The field reporter: Core Web Vitals with web-vitals' attribution build,
 * plus Callpace's workflow timings, sent as one beacon per page lifecycle
 * (on visibilitychange to hidden and on pagehide) by navigator.sendBeacon,
 * or fetch with keepalive when the beacon is refused. Offline, the beacon
 * goes into the outbox and replays later with its samples' original times. Loaded after the page
 * is interactive (web-vitals reads buffered performance entries, so nothing
 * before that is lost). Carries the route pattern, never the URL; attribution
 * is reduced to selectors and timing parts here, and again on the server.
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricWithAttribution } from 'web-vitals/attribution';
import { routePattern } from './route-pattern';
import { takeWorkflowSamples } from './workflow';

interface Sample {
  /** Set for workflow timings: the route they were measured on, which a client-side navigation may have changed. */
  route?: string;
  id: string;
  metric: string;
  value: number;
  rating?: string;
  attribution?: Record<string, string | number>;
  at: number;
}

const NAVIGATION_TYPES = new Set(['navigate', 'reload', 'back-forward', 'back-forward-cache', 'prerender', 'restore']);

function deviceClass(): 'mobile' | 'tablet' | 'desktop' {
  const coarse = matchMedia('(pointer: coarse)').matches;
  if (!coarse) return 'desktop';
  return Math.min(screen.width, screen.height) >= 600 ? 'tablet' : 'mobile';
}

const ATTRIBUTION_KEYS = [
  'target',
  'url',
  'timeToFirstByte',
  'resourceLoadDelay',
  'resourceLoadDuration',
  'elementRenderDelay',
  'interactionTarget',
  'interactionType',
  'inputDelay',
  'processingDuration',
  'presentationDelay',
  'loadState',
  'largestShiftTarget',
  'largestShiftValue',
  'largestShiftTime',
  'firstByteToFCP',
  'waitingDuration',
  'cacheDuration',
  'dnsDuration',
  'connectionDuration',
  'requestDuration',
];

function reduceAttribution(attribution: object): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const key of ATTRIBUTION_KEYS) {
    const value = (attribution as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = Math.round(value * 10) / 10;
    else if (typeof value === 'string' && key === 'url') out[key] = value.split(/[?#]/)[0];
    else if (typeof value === 'string') out[key] = value;
  }
  return out;
}

const RELEASE = process.env.NEXT_PUBLIC_RELEASE_ID;
const WORKFLOW_MEASURE = /^callpace:(search-response|outbox-drain)$/;

export function startReporting(sampleRate = 1): void {
  // Whole page views are sampled, never single (slow) metrics.
  if (Math.random() >= sampleRate) return;
  const route = routePattern(location.pathname);
  const device = deviceClass();
  const connection = (navigator as Navigator & { connection?: { effectiveType?: string } }).connection?.effectiveType;
  let navigationType: string | undefined;
  const queue = new Map<string, Sample>();

  const sent = new Set<string>();
  const record = (metric: MetricWithAttribution) => {
    if (NAVIGATION_TYPES.has(metric.navigationType)) navigationType = metric.navigationType;
    // One sample per metric per page view. Until it is sent, a metric reported again (CLS and INP grow)
    // replaces its earlier value; after, a later value is dropped: the histograms cannot take a sample back,
    // and sending it again would count the page view twice.
    if (sent.has(metric.id)) return;
    queue.set(metric.id, {
      id: metric.id,
      metric: metric.name,
      value: metric.value,
      rating: metric.rating,
      attribution: reduceAttribution(metric.attribution),
      at: Date.now(),
    });
  };
  onLCP(record);
  onINP(record);
  onCLS(record);
  onFCP(record);
  onTTFB(record);

  // Workflow timings the pages record as User Timing measures (callpace:search-response, callpace:outbox-drain).
  let measures = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const name = WORKFLOW_MEASURE.exec(entry.name)?.[1];
      if (!name) continue;
      measures += 1;
      const at = Math.round(performance.timeOrigin + entry.startTime + entry.duration);
      queue.set(`wf-${name}-${measures}-${at}`, {
        route: routePattern(location.pathname),
        id: `wf-${name}-${at}-${measures}`,
        metric: name,
        value: Math.round(entry.duration),
        at,
      });
    }
  }).observe({ type: 'measure', buffered: true });

  // Offline, the beacon goes into the outbox with the agent's calls; have that code ready before it is needed.
  addEventListener('offline', () => void import('../../offline/browser/outbox').catch(() => {}));

  const send = (payload: object) => {
    if (!navigator.onLine) {
      void import('../../offline/browser/outbox').then(({ enqueueBeacon }) => enqueueBeacon(payload)).catch(() => {});
      return;
    }
    const body = JSON.stringify(payload);
    if (!navigator.sendBeacon?.('/api/vitals', body)) {
      void fetch('/api/vitals', { method: 'POST', body, keepalive: true, headers: { 'content-type': 'application/json' } }).catch(() => {});
    }
  };
  const flush = () => {
    const samples = [...queue.values()];
    queue.clear();
    for (const sample of samples) sent.add(sample.id);
    for (const w of takeWorkflowSamples()) {
      samples.push({
        route: routePattern(w.path),
        id: `wf-${w.name}-${w.at}-${Math.random().toString(36).slice(2, 8)}`,
        metric: w.name,
        value: w.durationMs,
        at: w.at,
      });
    }
    // The Web Vitals belong to the page load's route (as in CrUX); a workflow timing to the route it was
    // measured on. So one beacon per page lifecycle, plus one per other route the agent worked on.
    const byRoute = new Map<string, Omit<Sample, 'route'>[]>();
    for (const { route: sampleRoute = route, ...sample } of samples)
      byRoute.set(sampleRoute, [...(byRoute.get(sampleRoute) ?? []), sample]);
    for (const [beaconRoute, routeSamples] of byRoute) {
      send({
        route: beaconRoute,
        device,
        ...(connection ? { connection } : {}),
        ...(RELEASE ? { release: RELEASE } : {}),
        ...(navigationType ? { navigationType } : {}),
        samples: routeSamples.slice(0, 60),
      });
    }
  };
  addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());
  addEventListener('pagehide', flush);
}
