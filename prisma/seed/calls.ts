/**
 * Call histories with a realistic outcome mix: connects peak early morning
 * and late afternoon in the lead's local time, weekdays dominate, terminal
 * outcomes (qualified, do-not-call, wrong number) only end a history.
 */
import { statusAfterOutcome } from '../../lib/calls/lead-after-call';
import type { CallOutcome } from '../../lib/calls/outcomes';
import { Random } from './random';

type Outcome =
  'CONNECTED' | 'NO_ANSWER' | 'VOICEMAIL' | 'BUSY' | 'WRONG_NUMBER' | 'CALLBACK' | 'QUALIFIED' | 'NOT_INTERESTED' | 'DO_NOT_CALL';

export interface SeedCall {
  id: string;
  clientId: string;
  startedAt: Date;
  durationSec: number;
  outcome: Outcome;
  engagement: number | null;
  notes: string | null;
  keyPhrases: string[];
  callbackAt: Date | null;
  recordedOffline: boolean;
}

const HOUR_WEIGHTS: readonly (readonly [number, number])[] = [
  [8, 0.6],
  [9, 1],
  [10, 1.2],
  [11, 1.2],
  [12, 0.7],
  [13, 0.8],
  [14, 1],
  [15, 1.1],
  [16, 1.2],
  [17, 0.9],
  [18, 0.6],
  [19, 0.4],
  [20, 0.2],
];
const WEEKDAY_WEIGHT = [0.05, 1, 1, 1, 1, 0.95, 0.25]; // Sun..Sat
const TERMINAL = new Set<Outcome>(['QUALIFIED', 'DO_NOT_CALL', 'WRONG_NUMBER']);
const PHRASES = [
  'pricing',
  'decision maker',
  'budget next quarter',
  'send brochure',
  'competitor contract',
  'interested in demo',
  'renewal date',
  'needs approval',
];
const NOTES = [
  'Spoke briefly, asked for details by email.',
  'Gatekeeper answered; decision maker back on Monday.',
  'Interested, wants a demo with the team.',
  'Happy with current provider until renewal.',
  'Asked about pricing for 20 seats.',
  'Good conversation, follow up with case study.',
];

function connectChance(localHour: number): number {
  if (localHour <= 9 || (localHour >= 16 && localHour <= 18)) return 0.3;
  if (localHour === 12 || localHour === 13) return 0.16;
  return 0.22;
}

function drawOutcome(rng: Random, localHour: number, last: boolean): Outcome {
  // Many histories end because a conversation concluded them.
  const concluding = last && rng.chance(0.35);
  for (;;) {
    const outcome: Outcome =
      concluding || rng.chance(connectChance(localHour))
        ? rng.weighted([
            ['CONNECTED', 45],
            ['CALLBACK', 20],
            ['NOT_INTERESTED', 20],
            ['QUALIFIED', 12],
            ['DO_NOT_CALL', 3],
          ] as const)
        : rng.weighted([
            ['NO_ANSWER', 55],
            ['VOICEMAIL', 33],
            ['BUSY', 9],
            ['WRONG_NUMBER', 3],
          ] as const);
    if (last || !TERMINAL.has(outcome)) return outcome;
  }
}

function duration(rng: Random, outcome: Outcome): number {
  const seconds: Record<Outcome, () => number> = {
    NO_ANSWER: () => rng.int(18, 35),
    VOICEMAIL: () => rng.logNormal(35, 0.3),
    BUSY: () => rng.int(4, 10),
    WRONG_NUMBER: () => rng.int(10, 40),
    CONNECTED: () => rng.logNormal(150, 0.6),
    CALLBACK: () => rng.logNormal(90, 0.5),
    NOT_INTERESTED: () => rng.logNormal(60, 0.5),
    QUALIFIED: () => rng.logNormal(420, 0.4),
    DO_NOT_CALL: () => rng.logNormal(30, 0.4),
  };
  return Math.max(1, Math.round(seconds[outcome]()));
}

const ENGAGEMENT: Partial<Record<Outcome, [number, number]>> = {
  CONNECTED: [40, 80],
  CALLBACK: [50, 85],
  QUALIFIED: [75, 98],
  NOT_INTERESTED: [10, 40],
  DO_NOT_CALL: [0, 15],
};

/**
 * A lead's calls, oldest first, within `days` before `now`. `offsetMinutes`
 * is the lead zone's UTC offset, so hours are drawn in the lead's local time.
 */
export function callHistory(rng: Random, count: number, offsetMinutes: number, now: Date, days = 90): SeedCall[] {
  const todayLocal = Math.floor((now.getTime() + offsetMinutes * 60_000) / 86_400_000);
  const slots: { startedAt: Date; localHour: number }[] = [];
  for (let i = 0; i < count; i++) {
    let startedAt: Date;
    let localHour: number;
    for (;;) {
      const day = todayLocal - rng.int(0, days - 1);
      if (!rng.chance(WEEKDAY_WEIGHT[(day + 4) % 7])) continue; // 1970-01-01 was a Thursday
      localHour = rng.weighted(HOUR_WEIGHTS);
      const localMs = day * 86_400_000 + localHour * 3_600_000 + rng.int(0, 3_599) * 1000;
      startedAt = new Date(localMs - offsetMinutes * 60_000);
      if (startedAt < now) break;
    }
    slots.push({ startedAt, localHour });
  }
  slots.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  return slots.map(({ startedAt, localHour }, i): SeedCall => {
    const outcome = drawOutcome(rng, localHour, i === slots.length - 1);
    const band = ENGAGEMENT[outcome];
    const talked = band !== undefined;
    return {
      id: rng.uuid(),
      clientId: rng.uuid(),
      startedAt,
      durationSec: duration(rng, outcome),
      outcome,
      engagement: band ? rng.int(band[0], band[1]) : null,
      notes: talked && rng.chance(0.5) ? rng.pick(NOTES) : null,
      keyPhrases: talked
        ? [rng.pick(PHRASES), ...(rng.chance(0.4) ? [rng.pick(PHRASES)] : [])].filter((p, j, all) => all.indexOf(p) === j)
        : [],
      callbackAt: outcome === 'CALLBACK' ? new Date(startedAt.getTime() + rng.int(1, 7) * 86_400_000) : null,
      recordedOffline: rng.chance(0.03),
    };
  });
}

/** The lead's state after its history: status, last call, next call (callbacks may already be due). */
export function leadStateAfter(calls: SeedCall[], rng: Random): { status: string; lastCalledAt: Date | null; nextCallAt: Date | null } {
  const last = calls.at(-1);
  if (!last) return { status: 'NEW', lastCalledAt: null, nextCallAt: null };
  const status = statusAfterOutcome[last.outcome.toLowerCase() as CallOutcome];
  const retry = status === 'CONTACTED' && rng.chance(0.4) ? new Date(last.startedAt.getTime() + rng.int(1, 4) * 86_400_000) : null;
  return { status, lastCalledAt: last.startedAt, nextCallAt: last.callbackAt ?? retry };
}
