import Link from 'next/link';
import { vitalNames } from '@/lib/platform/budgets';
import type { FiguresRow, SortDirection, VitalsFilters, VitalsSort } from '@/lib/vitals/vitals-page';
import { FigureCell } from './figures-table';

const COLUMNS = ['route', 'views', ...vitalNames] as VitalsSort[];

/** Page loads and each metric's p75 per route, sorted by any column (a link: the page sorts on the server). */
export function RouteTable({
  routes,
  sort,
  dir,
  filters,
}: {
  routes: FiguresRow[];
  sort: VitalsSort;
  dir: SortDirection;
  filters: VitalsFilters;
}) {
  const sortLink = (column: VitalsSort) => {
    const next = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
    next.set('sort', column);
    next.set('dir', sort === column && dir === 'desc' ? 'asc' : column === 'route' ? 'asc' : 'desc');
    return `/reports/vitals?${next}`;
  };
  const ariaSort = (column: VitalsSort) => (sort === column ? (dir === 'asc' ? 'ascending' : 'descending') : undefined);
  if (routes.length === 0) return <p className="mt-2 text-ink-500">No samples in this range.</p>;
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full min-w-[44rem] text-left text-sm">
        <thead className="border-b border-slate-200 text-ink-500">
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column}
                scope="col"
                aria-sort={ariaSort(column)}
                className={`py-2 pr-3 font-medium ${column === 'route' ? '' : 'text-right'}`}
              >
                <Link href={sortLink(column)} className="hover:text-ink-900" prefetch={false}>
                  {column === 'route' ? 'Route' : column === 'views' ? 'Page loads' : column}
                  {sort === column ? (dir === 'asc' ? ' ↑' : ' ↓') : ''}
                </Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {routes.map((row) => (
            <tr key={row.key} className="border-b border-slate-100">
              <th scope="row" className="py-2 pr-3 font-mono text-xs font-normal">
                {row.key}
              </th>
              <td className="py-2 pr-3 text-right tabular-nums">{row.figures.get('TTFB')?.count ?? 0}</td>
              {vitalNames.map((metric) => (
                <FigureCell key={metric} figures={row.figures.get(metric)} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
