'use client';

import { useEffect } from 'react';
import { endWorkflowAfterPaint, type WorkflowName } from '@/lib/vitals/browser/workflow';

/** Ends a workflow timing once this page has painted. */
export function WorkflowEnd({ name }: { name: WorkflowName }) {
  useEffect(
    () => endWorkflowAfterPaint(name, (sample) => document.documentElement.setAttribute(`data-${name}`, String(sample.durationMs))),
    [name],
  );
  return null;
}
