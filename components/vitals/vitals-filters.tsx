import type { VitalsFilters as Filters } from '@/lib/vitals/vitals-page';

/** The report's filters: a plain GET form. A route or release asked for but without samples stays a choice. */
export function VitalsFilters({ values, routes, releases }: { values: Filters; routes: string[]; releases: string[] }) {
  const field = 'mt-1 block min-h-11 w-full rounded-md border border-slate-300 bg-white px-2 text-sm';
  const withCurrent = (options: string[], current?: string) => (current && !options.includes(current) ? [current, ...options] : options);
  return (
    <form
      method="get"
      action="/reports/vitals"
      className="mt-5 grid grid-cols-2 items-end gap-3 rounded-lg border border-slate-200 p-3 sm:grid-cols-3 lg:grid-cols-6"
      aria-label="Report filters"
    >
      <label className="text-sm text-ink-700">
        From
        <input type="date" name="from" defaultValue={values.from} className={field} />
      </label>
      <label className="text-sm text-ink-700">
        To
        <input type="date" name="to" defaultValue={values.to} className={field} />
      </label>
      <label className="text-sm text-ink-700">
        Route
        <select name="route" defaultValue={values.route ?? ''} className={field}>
          <option value="">All routes</option>
          {withCurrent(routes, values.route).map((route) => (
            <option key={route} value={route}>
              {route}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm text-ink-700">
        Device
        <select name="device" defaultValue={values.device ?? ''} className={field}>
          <option value="">All devices</option>
          <option value="mobile">Mobile</option>
          <option value="tablet">Tablet</option>
          <option value="desktop">Desktop</option>
        </select>
      </label>
      <label className="text-sm text-ink-700">
        Release
        <select name="release" defaultValue={values.release ?? ''} className={field}>
          <option value="">All releases</option>
          {withCurrent(releases, values.release).map((release) => (
            <option key={release} value={release}>
              {release}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="min-h-11 rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
        Apply
      </button>
    </form>
  );
}
