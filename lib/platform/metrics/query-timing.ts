/**
 * Query timing as a Prisma Client extension: every operation (model calls and
 * raw SQL) is timed into the Prometheus histogram by model and action and
 * into the current request's Server-Timing. Queries slower than SLOW_QUERY_MS
 * are kept with the route and the statement's shape — the SQL text with its
 * placeholders, or the argument keys of a model call — never parameter values.
 */
import { getEnv } from '../env';
import { addQueryTime, currentTiming } from './context';
import { metrics } from './registry';
import { slowQueryLog } from './slow-queries';

const MAX_STATEMENT = 600;

/** The shape of model-call arguments: keys kept, every value replaced by `?`. */
export function argumentShape(value: unknown, depth = 0): string {
  if (Array.isArray(value)) return `[${value.length ? argumentShape(value[0], depth + 1) : ''}]`;
  if (value && typeof value === 'object' && !(value instanceof Date) && depth < 6) {
    return `{${Object.entries(value)
      .map(([key, inner]) => `${key}:${argumentShape(inner, depth + 1)}`)
      .join(',')}}`;
  }
  return '?';
}

/** Positional placeholders (`$1`, Kysely's) and literals written without placeholders become `?`. */
function stripLiterals(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+\b/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?');
}

/** What a slow query was, without its values. */
export function statementShape(model: string | undefined, operation: string, args: unknown): string {
  let shape: string;
  if (model) shape = `${model}.${operation} ${argumentShape(args)}`;
  else {
    // Raw queries: a Prisma.Sql ({ strings }), a template call ([strings, ...values]) or an Unsafe string (Kysely's).
    const raw = args as { strings?: readonly string[]; sql?: string } | readonly unknown[] | undefined;
    let text = '';
    if (raw && !Array.isArray(raw) && 'strings' in raw && raw.strings) text = raw.strings.join('?');
    else if (Array.isArray(raw) && Array.isArray(raw[0])) text = (raw[0] as string[]).join('?');
    else if (Array.isArray(raw) && typeof raw[0] === 'string') text = stripLiterals(raw[0]);
    else if (raw && !Array.isArray(raw) && 'sql' in raw && raw.sql) text = stripLiterals(raw.sql);
    shape = `${operation} ${text}`;
  }
  return shape.replace(/\s+/g, ' ').trim().slice(0, MAX_STATEMENT);
}

export function recordQuery(model: string | undefined, operation: string, args: unknown, ms: number): void {
  const timing = currentTiming();
  if (timing) addQueryTime(timing, ms);
  const labels = { model: model ?? 'raw', action: operation };
  metrics().dbDuration.observe(labels, ms / 1000);
  if (ms >= getEnv().SLOW_QUERY_MS) {
    metrics().slowQueries.inc(labels);
    slowQueryLog().add([
      {
        model: model ?? null,
        action: operation,
        durationMs: ms,
        route: timing?.route ?? null,
        statement: statementShape(model, operation, args),
        at: new Date(),
      },
    ]);
  }
}
