'use client';

import { useState, type ComponentType } from 'react';

type Agents = { id: string; name: string }[];

/**
 * "Add one lead" on /leads: a manager creates a single lead and assigns it (POST /api/leads). The form's
 * code loads when a manager opens it, so the lead table's first load stays within its budget.
 */
export function NewLeadForm({ agents }: { agents: Agents }) {
  const [Fields, setFields] = useState<ComponentType<{ agents: Agents }> | null>(null);
  const [failed, setFailed] = useState(false);
  function load(open: boolean) {
    if (!open || Fields) return;
    setFailed(false);
    import('./new-lead-fields').then(
      (module) => setFields(() => module.default),
      () => setFailed(true),
    );
  }
  return (
    <details className="mt-4 rounded-lg border border-slate-200 p-3" onToggle={(event) => load((event.target as HTMLDetailsElement).open)}>
      <summary className="min-h-11 cursor-pointer py-2 font-medium">Add one lead</summary>
      {Fields ? (
        <Fields agents={agents} />
      ) : (
        <p className="mt-2 text-sm text-ink-700">
          {failed ? 'The form could not be loaded. Check your connection, then close and open this again.' : 'Loading the form…'}
        </p>
      )}
    </details>
  );
}
