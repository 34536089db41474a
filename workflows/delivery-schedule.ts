/**
 * When result deliveries are retried: Svix's production schedule, which spans a little over 27 hours, so that a
 * LOS that is down for a day still gets its result.
 */
const DELAYS_AFTER_ATTEMPT_MS = [
  5_000, // 5 s
  5 * 60_000, // 5 min
  30 * 60_000, // 30 min
  2 * 3_600_000, // 2 h
  5 * 3_600_000, // 5 h
  10 * 3_600_000, // 10 h
  10 * 3_600_000, // 10 h
];

/** The longest wait between two attempts; a LOS's Retry-After is capped to it. */
export const MAX_DELIVERY_DELAY_MS = Math.max(...DELAYS_AFTER_ATTEMPT_MS);

/** Attempts in all: the first one plus one per delay. */
export const DELIVERY_ATTEMPT_LIMIT = DELAYS_AFTER_ATTEMPT_MS.length + 1;

/** Delay before the next attempt, after `attempts` attempts have failed. */
export function deliveryDelayMs(attempts: number): number {
  return DELAYS_AFTER_ATTEMPT_MS[Math.min(attempts, DELAYS_AFTER_ATTEMPT_MS.length) - 1] ?? DELAYS_AFTER_ATTEMPT_MS[0]!;
}
