/**
 * The polls that open orders ask of their provider, computed from voie's polling schedule (`workflows/poll-schedule.ts`):
 * an order the provider works on is polled after `firstMs` of silence, then at doubling intervals up to `maxMs`; an
 * order waiting on its applicant (who, in the bench, never acts) once per `maxMs`, at a phase drawn over `maxMs` when
 * it started waiting.
 */

/** voie's polling schedule: `VOIE_POLL_INTERVAL` and `VOIE_POLL_INTERVAL_MAX`. */
export interface PollSchedule {
  firstMs: number;
  maxMs: number;
}

/** What the schedule asks of the provider. */
export interface PollLoad {
  /** Polls due in the busiest window of `firstMs` (15 min by default), per second. */
  busiestRate: number;
  /** Polls per second once every order's polls have backed off to `maxMs`. */
  backedOffRate: number;
  /**
   * How late the latest poll is served when polls are served in the order they come due at `requestsPerSecond`:
   * a poll whose order has been silent for its interval waits at most this long for the provider's rate.
   */
  worstLatenessMs: number;
}

/** What the orders wait for: the provider's work (a back-off) or their applicants (a grid of `maxMs`). */
export type Awaiting = 'provider' | 'applicant';

/** Rounds of an applicant's grid counted: enough for the busiest window to include every order's polls. */
const APPLICANT_ROUNDS = 3;

/**
 * Due times (epoch ms, ascending) of every order's polls: for orders the provider works on, until the interval has
 * reached `maxMs` (that one included); for orders waiting on their applicants, {@link APPLICANT_ROUNDS} rounds of their
 * grid, each order's phase drawn as the workflow draws it (a fixed sequence here, so that the figure repeats).
 */
function dueTimes(silentSince: readonly number[], schedule: PollSchedule, awaiting: Awaiting): number[] {
  const due: number[] = [];
  if (awaiting === 'applicant') {
    const random = evenSequence();
    for (const since of silentSince) {
      const first = since + Math.max(1, Math.round(random() * schedule.maxMs));
      for (let round = 0; round < APPLICANT_ROUNDS; round++) due.push(first + round * schedule.maxMs);
    }
    return due.sort((a, b) => a - b);
  }
  for (const since of silentSince) {
    let interval = schedule.firstMs;
    let at = since + interval;
    for (;;) {
      due.push(at);
      if (interval >= schedule.maxMs) break;
      interval = Math.min(interval * 2, schedule.maxMs);
      at += interval;
    }
  }
  return due.sort((a, b) => a - b);
}

/**
 * The load of orders silent since the times given (epoch ms). The lateness is an upper bound: a late poll in voie also
 * puts its order's next poll later, which this leaves out.
 */
export function pollLoad(
  silentSince: readonly number[],
  schedule: PollSchedule,
  requestsPerSecond: number,
  awaiting: Awaiting = 'provider',
): PollLoad {
  const due = dueTimes(silentSince, schedule, awaiting);
  let busiest = 0;
  for (let last = 0, first = 0; last < due.length; last++) {
    while (due[last]! - due[first]! >= schedule.firstMs) first++;
    busiest = Math.max(busiest, last - first + 1);
  }
  const gapMs = 1000 / requestsPerSecond;
  let served = -Infinity;
  let worstLatenessMs = 0;
  for (const at of due) {
    served = Math.max(at, served + gapMs);
    worstLatenessMs = Math.max(worstLatenessMs, served - at);
  }
  return {
    busiestRate: busiest / (schedule.firstMs / 1000),
    backedOffRate: silentSince.length / (schedule.maxMs / 1000),
    worstLatenessMs,
  };
}

/** xorshift32: numbers evenly spread over [0, 1), the same on every run, standing in for the workflows' draws. */
export function evenSequence(): () => number {
  let state = 0x2545f491;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
