/**
 * An alert rule's state over evaluation windows: ok → warning → critical →
 * resolved. A window with fewer samples than the rule's minimum says nothing
 * (the state and the breach streak stay as they were). A breaching window
 * (value ≥ warning) adds to the streak; once the streak reaches the rule's
 * number of consecutive breaches, the state becomes the window's level
 * (warning or critical, up or down). A window within bounds ends the streak
 * and resolves a firing alert. Every change of state is a transition to keep
 * as an event.
 */
import type { AlertState } from '../platform/db/generated/enums';

export type { AlertState };

export interface AlertThresholds {
  warning: number;
  critical: number;
  minSamples: number;
  consecutiveBreaches: number;
}

export interface AlertWindow {
  /** The window's figure (p75, p95, error rate…); null when there was nothing to measure. */
  value: number | null;
  samples: number;
}

export interface AlertStep {
  state: AlertState;
  breachStreak: number;
  /** Set when the state changed. */
  transition: { from: AlertState; to: AlertState } | null;
  /** Why, in words for the alert history. */
  reason: string;
}

const firing = (state: AlertState) => state === 'WARNING' || state === 'CRITICAL';

export function nextAlertState(
  current: { state: AlertState; breachStreak: number },
  window: AlertWindow,
  rule: AlertThresholds,
): AlertStep {
  const keep = (reason: string): AlertStep => ({ state: current.state, breachStreak: current.breachStreak, transition: null, reason });
  if (window.value === null || window.samples < rule.minSamples) {
    return keep(`not enough data: ${window.samples} of ${rule.minSamples} samples`);
  }
  const level: AlertState = window.value >= rule.critical ? 'CRITICAL' : window.value >= rule.warning ? 'WARNING' : 'OK';
  if (level === 'OK') {
    const to: AlertState = firing(current.state) ? 'RESOLVED' : current.state;
    return {
      state: to,
      breachStreak: 0,
      transition: to === current.state ? null : { from: current.state, to },
      reason: `${window.value} is below the warning threshold ${rule.warning}`,
    };
  }
  const breachStreak = current.breachStreak + 1;
  const reason = `${window.value} ≥ ${level === 'CRITICAL' ? `critical ${rule.critical}` : `warning ${rule.warning}`} (${breachStreak} of ${rule.consecutiveBreaches} windows in a row)`;
  if (breachStreak < rule.consecutiveBreaches || level === current.state)
    return { state: current.state, breachStreak, transition: null, reason };
  return { state: level, breachStreak, transition: { from: current.state, to: level }, reason };
}
