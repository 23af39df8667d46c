/**
 * Callpace's own workflow timings (time-to-next-lead, search-response, …),
 * measured in the browser. Kept in memory until the field-performance
 * reporter sends them; a start survives the navigation it measures through
 * sessionStorage.
 */
export type WorkflowName = 'time-to-next-lead' | 'search-response' | 'outbox-drain';

export interface WorkflowSample {
  name: WorkflowName;
  durationMs: number;
  at: number;
  /** The path it ended on (the app navigates client-side, so this is not always the page's first URL). */
  path: string;
}

const samples: WorkflowSample[] = [];
const KEY = 'callpace:workflow:';

/** Starts a measurement now (performance.timeOrigin-based, so it spans page loads). */
export function startWorkflow(name: WorkflowName): void {
  sessionStorage.setItem(KEY + name, String(performance.timeOrigin + performance.now()));
}

/** Ends a started measurement after the next paint; returns the sample, or null if none was started. */
export function endWorkflowAfterPaint(name: WorkflowName, onSample?: (sample: WorkflowSample) => void): void {
  const started = Number(sessionStorage.getItem(KEY + name));
  if (!started) return;
  sessionStorage.removeItem(KEY + name);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const sample = {
        name,
        durationMs: Math.round(performance.timeOrigin + performance.now() - started),
        at: Date.now(),
        path: location.pathname,
      };
      samples.push(sample);
      onSample?.(sample);
    }),
  );
}

export function workflowSamples(): readonly WorkflowSample[] {
  return samples;
}

/** Hands the samples not yet sent to the reporter (and forgets them). */
export function takeWorkflowSamples(): WorkflowSample[] {
  return samples.splice(0, samples.length);
}
