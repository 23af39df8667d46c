'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';

// The form's code loads when a manager opens it: the lead table's first load stays within its budget.
const NewLeadFields = dynamic(() => import('./new-lead-fields'), { ssr: false, loading: () => <p className="mt-2 text-sm text-ink-700">Loading the form…</p> });

/** "Add one lead" on /leads: a manager creates a single lead and assigns it (POST /api/leads). */
export function NewLeadForm({ agents }: { agents: { id: string; name: string }[] }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-4 rounded-lg border border-slate-200 p-3" onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
      <summary className="min-h-11 cursor-pointer py-2 font-medium">Add one lead</summary>
      {open && <NewLeadFields agents={agents} />}
    </details>
  );
}
