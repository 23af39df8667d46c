/**
 * The beacon body of POST /api/vitals. Names are as web-vitals spells them,
 * plus Callpace's workflow timings. Values in milliseconds (CLS unitless).
 * Personal data never gets through: routes are patterns (a URL with a query,
 * or an id in a segment, is refused), and attribution is reduced to selectors
 * and timing parts (see lib/vitals/privacy).
 */
import { z } from 'zod';
import { text } from '../platform/validation/text';
import { isPagePattern } from '../platform/http/route-patterns';
import { sanitizeAttribution } from './privacy';

export const webVitals = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export const workflowMetrics = ['time-to-next-lead', 'search-response', 'outbox-drain'] as const;
export const vitalMetrics = [...webVitals, ...workflowMetrics] as const;
export type VitalMetric = (typeof vitalMetrics)[number];

/** Above these a value is a bug or a forgery, not a measurement. */
const MAX_VALUE: Record<VitalMetric, number> = {
  LCP: 120_000,
  INP: 60_000,
  CLS: 50,
  FCP: 120_000,
  TTFB: 120_000,
  'time-to-next-lead': 600_000,
  'search-response': 120_000,
  'outbox-drain': 3_600_000,
};

const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Beacons kept in an offline outbox may replay this late. */
const MAX_AGE_MS = 7 * 86_400_000;

const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{3,}|[^/]*@[^/]*)$/i;

export const RoutePattern = text()
  .max(120)
  .regex(/^\/[A-Za-z0-9_\-/[\].]*$/, 'must be a route pattern such as /leads/[id]: no query string, no fragment')
  .refine(
    (route) => !route.split('/').some((segment) => ID_SEGMENT.test(segment)),
    'must be a route pattern such as /leads/[id], not a URL with an id in it',
  )
  .refine(isPagePattern, 'must be one of the app’s own pages, as a pattern such as /leads/[id]');

const Sample = z
  .object({
    id: text().min(1).max(100),
    metric: z.enum(vitalMetrics, `must be one of ${vitalMetrics.join(', ')}`),
    value: z.number().finite('must be a finite number').min(0, 'cannot be negative'),
    rating: z.enum(['good', 'needs-improvement', 'poor']).optional(),
    attribution: z
      .record(text(), z.unknown())
      .optional()
      .transform((value) => (value ? sanitizeAttribution(value) : undefined)),
    at: z.number().int().positive().optional(),
  })
  .superRefine((sample, ctx) => {
    if (sample.value > MAX_VALUE[sample.metric])
      ctx.addIssue({ code: 'custom', path: ['value'], message: `is not a plausible ${sample.metric}` });
    if (sample.at !== undefined) {
      const now = Date.now();
      if (sample.at > now + MAX_CLOCK_SKEW_MS) ctx.addIssue({ code: 'custom', path: ['at'], message: 'is in the future' });
      if (sample.at < now - MAX_AGE_MS) ctx.addIssue({ code: 'custom', path: ['at'], message: 'is more than 7 days ago' });
    }
  });

export const VitalsBeacon = z.object({
  route: RoutePattern,
  device: z.enum(['mobile', 'tablet', 'desktop']).default('mobile'),
  connection: z.enum(['slow-2g', '2g', '3g', '4g', 'unknown']).optional(),
  release: text()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a release id')
    .optional(),
  navigationType: z.enum(['navigate', 'reload', 'back-forward', 'back-forward-cache', 'prerender', 'restore', 'soft']).optional(),
  replayed: z.boolean().optional(),
  samples: z.array(Sample).min(1, 'must hold at least one sample').max(60, 'at most 60 samples per beacon'),
});
export type VitalsBeacon = z.infer<typeof VitalsBeacon>;
