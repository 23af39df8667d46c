/**
 * Environment, validated once at start. Every module reads configuration from
 * here, never from process.env directly, so a bad value fails early with a
 * message that says what to set.
 */
import { z } from 'zod';

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.pathname.length > 1;
    } catch {
      return false;
    }
  }, 'must look like postgresql://user:password@host:5432/database');

const redisUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'redis:' || url.protocol === 'rediss:';
    } catch {
      return false;
    }
  }, 'must look like redis://host:6379 (or rediss:// for TLS)');

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
    /** A read replica of DATABASE_URL for report queries (PostgreSQL only); unset: reports read the primary. */
    DATABASE_REPLICA_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    PGLITE_DATA_DIR: z.string().default('.data/pglite'),
    REDIS_URL: z.preprocess(emptyAsUndefined, redisUrl.optional()),
    UPSTASH_REDIS_REST_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
    UPSTASH_REDIS_REST_TOKEN: z.preprocess(emptyAsUndefined, z.string().optional()),
    AUTH_SECRET: z.preprocess(
      emptyAsUndefined,
      z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
    ),
    /** Public origin of the app, e.g. https://callpace.example.com; inferred from requests when unset. */
    APP_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
    /** Local hours in which a lead may be called, in the lead's own time zone. */
    CALLING_HOURS: z
      .string()
      .regex(/^([01]\d|2[0-3]):00-([01]\d|2[0-4]):00$/, 'must look like 08:00-21:00 (whole hours)')
      .default('08:00-21:00'),
    SESSION_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    RELEASE_ID: z.preprocess(emptyAsUndefined, z.string().max(64).optional()),
    SLOW_QUERY_MS: z.coerce.number().positive().default(100),
    MAX_JSON_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(64 * 1024),
    /** `off` sends every read to the database (for measuring, or ruling the cache out while debugging). */
    DATA_CACHE: z.enum(['on', 'off']).default('on'),
    /** `on` serves /api/bench/* (npm run bench sets it on the server it starts); otherwise they are 404. */
    BENCH: z.enum(['on', 'off']).default('off'),
    /** `on` sends Server-Timing to every client; otherwise only to managers and admins (it tells cache hits apart). */
    SERVER_TIMING: z.enum(['on', 'off']).default('off'),
    /** Bearer token for Prometheus scrapers of GET /api/metrics (managers can read it signed in). */
    METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    /** Raw field samples (for attribution) are kept this long; the histograms keep the figures. */
    VITALS_RAW_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Request histograms (server latency per minute) are kept this long. */
    REQUEST_HISTOGRAM_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** Hourly and daily field histograms are kept this long (13 months by default). */
    VITAL_HISTOGRAM_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(396),
    /** Slow-query records are kept this long. */
    SLOW_QUERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** Calls that started longer ago than this move to the archive table nightly (reports still count them). */
    CALL_ARCHIVE_DAYS: z.coerce
      .number()
      .int()
      .min(30, 'must be at least 30 (an offline phone may still replay calls for days)')
      .max(36500)
      .default(365),
    /** `off` runs no scheduled jobs in this instance (alert evaluation, retention). */
    JOBS: z.enum(['on', 'off']).default('on'),
    /** Beacons accepted per client address per minute. */
    VITALS_BEACONS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(240),
    /**
     * Which proxies' X-Forwarded-For/-Host/-Proto to believe: unset → none (the client is the socket's address);
     * a hop count (`1`: the one load balancer in front); or CIDRs and proxy-addr's names (`10.0.0.0/8,loopback`).
     */
    TRUSTED_PROXIES: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^(\d+|[\w.:/\-]+(\s*,\s*[\w.:/\-]+)*)$/, 'must be a hop count like 1, or CIDRs like 10.0.0.0/8,127.0.0.1/32')
        .optional(),
    ),
    /** `on` lets alert webhooks go to private, loopback and link-local addresses (a webhook receiver inside your network). */
    ALERT_WEBHOOK_ALLOW_PRIVATE: z.enum(['on', 'off']).default('off'),
    /** `on` seeds the demo team into an empty database; unset: on for the embedded database, off with DATABASE_URL. */
    DEMO_DATA: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).optional()),
    /** Mail server for invitation and reset links, e.g. smtp://user:pass@mail.example.com:587; unset: links are only shown. */
    SMTP_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^smtps?$/ }).optional()),
    /** The From address of those emails. */
    MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().max(200).default('Callpace <no-reply@callpace.invalid>')),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        path: ['UPSTASH_REDIS_REST_TOKEN'],
        message: 'set both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or neither',
      });
    }
    // Without it a mailed link takes its origin from the Host header of whoever issued it, which they choose.
    if (env.SMTP_URL && !env.APP_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_URL'],
        message: 'set APP_URL (the public origin, e.g. https://callpace.example.com) when SMTP_URL is set: emailed links use it',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parses an environment; throws EnvError listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
