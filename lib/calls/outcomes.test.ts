import { describe, expect, it } from 'vitest';
import { CallOutcome } from '../platform/db/generated/enums';
import { callOutcomes, dbOutcome, wireOutcome } from './outcomes';

describe('call outcomes on the wire', () => {
  it('are the schema’s outcomes in lower case, in the schema’s order', () => {
    expect(callOutcomes).toEqual(Object.values(CallOutcome).map((outcome) => outcome.toLowerCase()));
  });

  it('convert both ways', () => {
    for (const outcome of callOutcomes) expect(wireOutcome(dbOutcome(outcome))).toBe(outcome);
  });
});
