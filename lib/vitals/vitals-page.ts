/**
 * The field-performance report page (/reports/vitals): its filters and sort, read from the address, and
 * the figures it shows, arranged from getVitalsPageData (lib/vitals/vitals-report.ts): per metric, the
 * UTC days of the range for the trends, and the routes in the asked order ("not enough data" last).
 */
import 'server-only';
import type { z } from 'zod';
import { vitalNames, type VitalName } from '../platform/budgets';
import { getVitalsPageData, type MetricFigures } from './vitals-report';
import { VitalsReportParams } from './vitals-report-schema';

const DAY_MS = 86_400_000;
const FILTERS = ['from', 'to', 'route', 'device', 'release'] as const;

export const VITALS_SORTS = ['route', 'views', ...vitalNames] as const;
export type VitalsSort = (typeof VITALS_SORTS)[number];
export type SortDirection = 'asc' | 'desc';
export type VitalsFilters = Partial<Record<(typeof FILTERS)[number], string>>;
export type VitalsQuery = z.output<typeof VitalsReportParams>;

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export interface VitalsPageParams {
  /** The filters as asked (only those given), for the form and the sort links. */
  filters: VitalsFilters;
  sort: VitalsSort;
  dir: SortDirection;
  /** The report's query, or null with the reason in `problem`. */
  query: VitalsQuery | null;
  problem: string | null;
}

export function readVitalsPageParams(raw: SearchParams): VitalsPageParams {
  const filters: VitalsFilters = Object.fromEntries(FILTERS.flatMap((key) => (first(raw[key]) ? [[key, first(raw[key])]] : [])));
  const parsed = VitalsReportParams.safeParse(filters);
  const asked = first(raw.sort) ?? '';
  return {
    filters,
    sort: (VITALS_SORTS as readonly string[]).includes(asked) ? (asked as VitalsSort) : 'views',
    dir: first(raw.dir) === 'asc' ? 'asc' : 'desc',
    query: parsed.success ? parsed.data : null,
    problem: parsed.success ? null : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'range'} ${issue.message}`).join('; '),
  };
}

export type FiguresByMetric = Map<VitalName, MetricFigures>;
const byMetric = (metrics: MetricFigures[]): FiguresByMetric => new Map(metrics.map((figures) => [figures.metric, figures]));

/** A route's (or device class's) figures by metric. */
export interface FiguresRow {
  key: string;
  figures: FiguresByMetric;
}

export async function getVitalsPage(query: VitalsQuery, sort: VitalsSort, dir: SortDirection) {
  const { breakdown, offenders } = await getVitalsPageData(query);
  const days: string[] = [];
  for (let day = Date.parse(isoDay(query.from)); day < query.to.getTime(); day += DAY_MS) days.push(isoDay(new Date(day)));
  const routes: FiguresRow[] = breakdown.byRoute.map((row) => ({ key: row.key, figures: byMetric(row.metrics) }));
  const value = (row: FiguresRow) =>
    sort === 'route' ? row.key : sort === 'views' ? (row.figures.get('TTFB')?.count ?? 0) : (row.figures.get(sort)?.p75 ?? null);
  routes.sort((a, b) => {
    const [va, vb] = [value(a), value(b)];
    if (va === null || vb === null) return va === vb ? a.key.localeCompare(b.key) : va === null ? 1 : -1; // "not enough data" last
    const order = typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number);
    return dir === 'asc' ? order : -order;
  });
  const [current, previous] = breakdown.byRelease;
  return {
    overall: byMetric(breakdown.overall),
    devices: breakdown.byDevice.map((row): FiguresRow => ({ key: row.key, figures: byMetric(row.metrics) })),
    routes,
    /** Every route and release with samples in the range, for the filters. */
    routeKeys: breakdown.byRoute.map((row) => row.key),
    releaseKeys: breakdown.byRelease.map((row) => row.key),
    days,
    trend: breakdown.trend,
    current,
    previous,
    offenders,
  };
}
