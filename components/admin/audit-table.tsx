import type { AuditItem } from '@/lib/audit/list';

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** One page of the audit trail (server-rendered: no client JavaScript). */
export function AuditTable({ items }: { items: AuditItem[] }) {
  if (items.length === 0) return <p className="mt-4 text-sm text-ink-500">Nothing recorded yet.</p>;
  return (
    <div className="mt-4 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="border-b border-slate-200 text-ink-700">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Time
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              By
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Action
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Who it concerns
            </th>
            <th scope="col" className="py-2 font-medium">
              Details
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} className="border-b border-slate-100 align-top">
              <td className="py-2 pr-3 whitespace-nowrap text-ink-700">
                <time dateTime={item.createdAt}>{when(item.createdAt)}</time>
              </td>
              <td className="py-2 pr-3">{item.actor.name}</td>
              <td className="py-2 pr-3">{item.actionInWords}</td>
              <td className="py-2 pr-3">{item.subject?.name ?? '—'}</td>
              <td className="py-2 text-ink-700">{item.summary || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
