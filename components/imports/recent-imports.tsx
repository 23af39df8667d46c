import type { ImportSummary } from '@/lib/imports/run-import';

const when = (iso: string) => new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';

/** The manager's latest imports, with their counts and error reports. */
export function RecentImports({ imports }: { imports: ImportSummary[] }) {
  if (!imports.length) return null;
  return (
    <section aria-labelledby="recent-imports" className="mt-8">
      <h2 id="recent-imports" className="text-lg font-semibold">
        Recent imports
      </h2>
      <div className="mt-2">
        <table className="w-full text-left text-sm">
          <thead className="text-ink-500">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                File
              </th>
              <th scope="col" className="hidden py-1 pr-3 font-medium sm:table-cell">
                When
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Result
              </th>
              <th scope="col" className="hidden py-1 pr-3 text-right font-medium sm:table-cell">
                Rows
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                New
              </th>
              <th scope="col" className="hidden py-1 pr-3 text-right font-medium sm:table-cell">
                Updated
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Skipped
              </th>
              <th scope="col" className="py-1 font-medium">
                <span className="sr-only">Error report</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {imports.map((row) => (
              <tr key={row.id} className="border-t border-slate-200">
                <td className="py-1.5 pr-3 [overflow-wrap:anywhere]">
                  {row.fileName}
                  {row.kind === 'do_not_call' ? ' (do-not-call list)' : ''}
                </td>
                <td className="hidden py-1.5 pr-3 whitespace-nowrap sm:table-cell">{when(row.createdAt)}</td>
                <td className="py-1.5 pr-3">
                  {row.status === 'FAILED' ? (
                    <span className="text-red-700">Failed: {row.error}</span>
                  ) : row.status === 'RUNNING' ? (
                    'Running…'
                  ) : (
                    'Done'
                  )}
                </td>
                <td className="hidden py-1.5 pr-3 text-right tabular-nums sm:table-cell">{row.rowsRead.toLocaleString('en-US')}</td>
                <td className="py-1.5 pr-3 text-right tabular-nums">{row.inserted.toLocaleString('en-US')}</td>
                <td className="hidden py-1.5 pr-3 text-right tabular-nums sm:table-cell">
                  {(row.kind === 'do_not_call' ? row.doNotCall : row.updated).toLocaleString('en-US')}
                </td>
                <td className="py-1.5 pr-3 text-right tabular-nums">{(row.invalid + row.duplicates).toLocaleString('en-US')}</td>
                <td className="py-1.5">
                  {row.invalid + row.duplicates > 0 && (
                    <a href={`/api/imports/${row.id}/errors`} download className="text-brand-700 hover:underline">
                      Error report
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
