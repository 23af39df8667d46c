import { describe, expect, it } from 'vitest';
import { nextAlertState, type AlertState } from './state-machine';

const rule = { warning: 100, critical: 200, minSamples: 10, consecutiveBreaches: 3 };

/** Runs windows [value, samples] from a state; returns the states after each window and the transitions. */
function run(windows: [number | null, number][], start: AlertState = 'OK') {
  let current = { state: start, breachStreak: 0 };
  const states: AlertState[] = [];
  const transitions: string[] = [];
  for (const [value, samples] of windows) {
    const step = nextAlertState(current, { value, samples }, rule);
    current = step;
    states.push(step.state);
    if (step.transition) transitions.push(`${step.transition.from}→${step.transition.to}`);
  }
  return { states, transitions, streak: current.breachStreak };
}

describe('nextAlertState', () => {
  it.each<[string, [number | null, number][], AlertState, AlertState[], string[]]>([
    [
      'stays ok within bounds',
      [
        [50, 20],
        [99.9, 20],
      ],
      'OK',
      ['OK', 'OK'],
      [],
    ],
    [
      'needs three breaching windows in a row to warn',
      [
        [150, 20],
        [150, 20],
        [150, 20],
      ],
      'OK',
      ['OK', 'OK', 'WARNING'],
      ['OK→WARNING'],
    ],
    [
      'a good window in between starts the count again',
      [
        [150, 20],
        [150, 20],
        [50, 20],
        [150, 20],
        [150, 20],
      ],
      'OK',
      ['OK', 'OK', 'OK', 'OK', 'OK'],
      [],
    ],
    [
      'windows under the minimum sample count neither count nor reset',
      [
        [150, 20],
        [150, 5],
        [9999, 9],
        [150, 20],
        [150, 20],
      ],
      'OK',
      ['OK', 'OK', 'OK', 'OK', 'WARNING'],
      ['OK→WARNING'],
    ],
    ['no value is no data', [[null, 100]], 'WARNING', ['WARNING'], []],
    [
      'goes straight to critical when the third breach is critical',
      [
        [150, 20],
        [150, 20],
        [250, 20],
      ],
      'OK',
      ['OK', 'OK', 'CRITICAL'],
      ['OK→CRITICAL'],
    ],
    [
      'escalates warning → critical on the next critical window',
      [
        [150, 20],
        [150, 20],
        [150, 20],
        [250, 20],
      ],
      'OK',
      ['OK', 'OK', 'WARNING', 'CRITICAL'],
      ['OK→WARNING', 'WARNING→CRITICAL'],
    ],
    ['one warning window does not de-escalate critical', [[150, 20]], 'CRITICAL', ['CRITICAL'], []],
    ['resolves on one window within bounds', [[50, 20]], 'CRITICAL', ['RESOLVED'], ['CRITICAL→RESOLVED']],
    [
      'stays resolved while fine, and fires again after three breaches',
      [
        [50, 20],
        [150, 20],
        [150, 20],
        [150, 20],
      ],
      'RESOLVED',
      ['RESOLVED', 'RESOLVED', 'RESOLVED', 'WARNING'],
      ['RESOLVED→WARNING'],
    ],
    [
      'the warning threshold itself is a breach',
      [
        [100, 20],
        [100, 20],
        [100, 20],
      ],
      'OK',
      ['OK', 'OK', 'WARNING'],
      ['OK→WARNING'],
    ],
  ])('%s', (_, windows, start, states, transitions) => {
    const result = run(windows, start);
    expect(result.states).toEqual(states);
    expect(result.transitions).toEqual(transitions);
  });

  it('keeps counting a breach streak while firing, and de-escalates critical → warning after enough warning windows', () => {
    let current = { state: 'CRITICAL' as AlertState, breachStreak: 5 };
    current = nextAlertState(current, { value: 150, samples: 20 }, rule);
    expect(current).toMatchObject({ state: 'WARNING', breachStreak: 6, transition: { from: 'CRITICAL', to: 'WARNING' } });
  });

  it('says why in words', () => {
    expect(nextAlertState({ state: 'OK', breachStreak: 0 }, { value: 3, samples: 2 }, rule).reason).toBe(
      'not enough data: 2 of 10 samples',
    );
    expect(nextAlertState({ state: 'OK', breachStreak: 0 }, { value: 150, samples: 20 }, rule).reason).toBe(
      '150 ≥ warning 100 (1 of 3 windows in a row)',
    );
  });
});
