/**
 * Alert evaluation: each enabled rule reads its window (the last
 * `windowMinutes`) from the stored histograms, steps its state machine, and
 * keeps every change of state as an event; a rule with a webhook gets a JSON
 * POST for each change. Runs as a scheduled job (lib/jobs), so with several
 * instances it runs once per tick.
 *
 * Default rules come from perf-budgets.json and are created once; managers
 * edit thresholds afterwards.
 */
import 'server-only';
import { sql } from 'kysely';
import { perfBudgets } from '../platform/budgets';
import { db } from '../platform/db/client';
import type { AlertSource } from '../platform/db/generated/enums';
import { quantileFromBuckets } from '../platform/metrics/histogram';
import { eventLoopDelay } from '../platform/runtime/event-loop';
import { logger } from '../platform/runtime/logger';
import { nextAlertState, type AlertState, type AlertWindow } from './state-machine';
import { deliverWebhook } from './webhook';

export interface RuleDefinition {
  name: string;
  source: AlertSource;
  metric: string;
  warning: number;
  critical: number;
  minSamples: number;
  consecutiveBreaches: number;
  windowMinutes: number;
}

/**
 * The rules every installation starts with. Field vitals: p75 over the last hour against the good / poor
 * thresholds. API: p95 of every route handler over 5 minutes, warning at the budget file's p99 (a p95 above
 * what even the slowest 1 % may take) and critical at five times it. Errors: the share of 5xx answers,
 * warning at ten times the budget's error rate, critical at fifty. Event loop: the budget file's p99 delay.
 */
export function defaultRules(): RuleDefinition[] {
  const { vitals, field, api, server } = perfBudgets;
  return [
    ...(['LCP', 'INP', 'CLS'] as const).map((metric) => ({
      name: `Field ${metric} p75`,
      source: 'FIELD_VITALS' as const,
      metric: `${metric}:p75`,
      warning: vitals[metric].good,
      critical: vitals[metric].poor,
      minSamples: field.minSamples,
      consecutiveBreaches: 2,
      windowMinutes: 60,
    })),
    {
      name: 'API p95',
      source: 'API_LATENCY',
      metric: 'api:p95',
      warning: api.defaults.p99,
      critical: api.defaults.p99 * 5,
      minSamples: 100,
      consecutiveBreaches: 3,
      windowMinutes: 5,
    },
    {
      name: 'API error rate',
      source: 'ERROR_RATE',
      metric: 'errors:rate',
      warning: api.errorRate * 10,
      critical: api.errorRate * 50,
      minSamples: 100,
      consecutiveBreaches: 3,
      windowMinutes: 5,
    },
    {
      name: 'Event-loop delay p99',
      source: 'EVENT_LOOP',
      metric: 'eventloop:p99',
      warning: server.eventLoopDelayP99Ms.warning,
      critical: server.eventLoopDelayP99Ms.critical,
      minSamples: 1,
      consecutiveBreaches: 3,
      windowMinutes: 1,
    },
  ];
}

/** Creates the default rules that do not exist yet (by name); never overwrites a manager's edits. */
export async function ensureDefaultRules(): Promise<void> {
  await db.alertRule.createMany({ data: defaultRules(), skipDuplicates: true });
}

type Buckets = [number, number][];

function requestWindow(since: Date, until: Date, scope: { route?: string; method?: string }) {
  return db.$kysely
    .selectFrom('request_histograms')
    .select((eb) => ['bucket', 'status_class', eb.cast<bigint>(eb.fn.sum('count'), 'bigint').as('n')])
    .where('minute', '>=', since)
    .where('minute', '<', until)
    .$if(!!scope.route, (qb) => qb.where('route', '=', scope.route!))
    .$if(!!scope.method, (qb) => qb.where('method', '=', scope.method!))
    .groupBy(['bucket', 'status_class'])
    .execute();
}

/** The figure a rule watches over its window, with how many samples it rests on. */
export async function measureWindow(
  rule: { source: string; metric: string; scope: unknown; windowMinutes: number },
  now: Date,
): Promise<AlertWindow> {
  const since = new Date(now.getTime() - rule.windowMinutes * 60_000);
  const scope = (rule.scope ?? {}) as { route?: string; method?: string; device?: string };
  if (rule.source === 'API_LATENCY' || rule.source === 'ERROR_RATE') {
    const rows = await requestWindow(since, now, scope);
    const total = rows.reduce((sum, row) => sum + Number(row.n), 0);
    if (rule.source === 'ERROR_RATE') {
      const errors = rows.filter((row) => row.status_class === '5xx').reduce((sum, row) => sum + Number(row.n), 0);
      return { value: total ? errors / total : null, samples: total };
    }
    const q = Number(rule.metric.split(':p')[1] ?? 95) / 100;
    const buckets = new Map<number, number>();
    for (const row of rows) buckets.set(row.bucket, (buckets.get(row.bucket) ?? 0) + Number(row.n));
    const value = quantileFromBuckets(buckets, q);
    return { value: value === null ? null : Math.round(value * 10) / 10, samples: total };
  }
  if (rule.source === 'FIELD_VITALS') {
    const [metric, percentile] = rule.metric.split(':p');
    const rows = await db.$kysely
      .selectFrom('vital_histograms')
      .select((eb) => ['bucket', eb.cast<bigint>(eb.fn.sum('count'), 'bigint').as('n')])
      .where('metric', '=', metric)
      .where('hour', '>=', sql<Date>`date_trunc('hour', ${since}::timestamptz)`)
      .where('hour', '<', now)
      .$if(!!scope.route, (qb) => qb.where('route', '=', scope.route!))
      .$if(!!scope.device, (qb) => qb.where('device', '=', scope.device!))
      .groupBy('bucket')
      .execute();
    const buckets: Buckets = rows.map((row) => [row.bucket, Number(row.n)]);
    const value = quantileFromBuckets(buckets, Number(percentile ?? 75) / 100);
    return {
      value: value === null ? null : metric === 'CLS' ? Math.round(value * 1000) / 1000 : Math.round(value),
      samples: buckets.reduce((sum, [, n]) => sum + n, 0),
    };
  }
  if (rule.source === 'EVENT_LOOP') {
    // This instance's own loop (the one running the job): event-loop delay is not stored across instances.
    return { value: eventLoopDelay().p99Ms, samples: 1 };
  }
  return { value: null, samples: 0 };
}

export interface Transition {
  ruleId: string;
  rule: string;
  from: AlertState;
  to: AlertState;
  value: number | null;
  samples: number;
  message: string;
}

/** Evaluates every enabled rule once; returns the transitions it recorded. */
export async function evaluateAlerts(now = new Date()): Promise<Transition[]> {
  await ensureDefaultRules();
  const rules = await db.alertRule.findMany({ where: { enabled: true }, orderBy: { name: 'asc' } });
  const transitions: Transition[] = [];
  for (const rule of rules) {
    const window = await measureWindow(rule, now);
    const step = nextAlertState({ state: rule.state as AlertState, breachStreak: rule.breachStreak }, window, rule);
    const message = `${rule.name}: ${step.reason}`;
    // Written only if the rule is still as it was read: an evaluation running at the same moment (the minute
    // job and "Evaluate now") cannot record the same transition twice.
    const unchanged = { id: rule.id, state: rule.state, breachStreak: rule.breachStreak };
    const recorded = await db.$transaction(async (tx) => {
      const { count } = await tx.alertRule.updateMany({
        where: unchanged,
        data: { state: step.state, breachStreak: step.breachStreak, lastEvaluatedAt: now },
      });
      if (count === 0 || !step.transition) return false;
      await tx.alertEvent.create({
        data: {
          ruleId: rule.id,
          fromState: step.transition.from,
          toState: step.transition.to,
          value: window.value,
          sampleCount: window.samples,
          message,
          at: now,
        },
      });
      return true;
    });
    if (recorded && step.transition) {
      const transition = { ruleId: rule.id, rule: rule.name, ...step.transition, value: window.value, samples: window.samples, message };
      transitions.push(transition);
      if (rule.webhookUrl) {
        void deliverWebhook(rule.webhookUrl, {
          type: 'callpace.alert',
          ...transition,
          warning: rule.warning,
          critical: rule.critical,
          at: now.toISOString(),
        }).then(
          (result) =>
            !result.delivered &&
            logger.warn('alert webhook not delivered', { rule: rule.name, attempts: result.attempts, lastStatus: result.lastStatus }),
        );
      }
    }
  }
  return transitions;
}
