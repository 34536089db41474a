/**
 * The polls that open orders ask of their provider, computed from voie's polling schedule: an order is polled after
 * `firstMs` of silence, then at doubling intervals up to `maxMs` (orders waiting on their applicants hear nothing).
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

/** Due times (epoch ms, ascending) of every order's polls until its interval has reached `maxMs`, that one included. */
function dueTimes(silentSince: readonly number[], schedule: PollSchedule): number[] {
  const due: number[] = [];
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
export function pollLoad(silentSince: readonly number[], schedule: PollSchedule, requestsPerSecond: number): PollLoad {
  const due = dueTimes(silentSince, schedule);
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
