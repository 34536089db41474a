/**
 * Where an order's re-verification before closing stands: `scheduled` (waiting for its due date), `running`,
 * `verified` (nothing changed), `changed` (an employer now reports the borrower inactive, or a verified employer no
 * longer verifies), `failed` (the re-check could not be made; the original result stands), `canceled` (by the LOS).
 */
export const REVERIFICATION_STATUSES = ['scheduled', 'running', 'verified', 'changed', 'failed', 'canceled'] as const;

export type ReverificationStatus = (typeof REVERIFICATION_STATUSES)[number];

/** How many business days before closing voie re-verifies when neither the order nor the configuration says. */
export const DEFAULT_REVERIFY_BUSINESS_DAYS = 5;

/** The bounds of `options.reverify_business_days_before_closing` and `VOIE_REVERIFY_BUSINESS_DAYS`. */
export const MIN_REVERIFY_BUSINESS_DAYS = 1;
export const MAX_REVERIFY_BUSINESS_DAYS = 30;

/** How many re-verifications one order may run; past it the LOS places a new order. */
export const MAX_REVERIFICATIONS = 10;

const DAY_MS = 86_400_000;

/**
 * Why a completed order can no longer be re-verified at `nowMs`, naming its age; null while it is within its window
 * (`VOIE_REVERIFY_WINDOW` after it completed: the age past which the agencies want new documentation).
 */
export function pastReverificationWindow(completedAt: string, windowMs: number, nowMs: number): string | null {
  const age = nowMs - Date.parse(completedAt);
  if (age < windowMs) return null;
  const [ageCount, ageUnit] = spoken(age);
  const [windowCount, windowUnit] = spoken(windowMs);
  return (
    `the order completed ${ageCount} ${ageUnit}${ageCount === 1 ? '' : 's'} ago, ` +
    `past its ${windowCount}-${windowUnit} re-verification window: place a new order`
  );
}

/** A length of time in whole days, or in hours or minutes under a day. */
function spoken(ms: number): [number, string] {
  if (ms >= DAY_MS) return [Math.floor(ms / DAY_MS), 'day'];
  if (ms >= 3_600_000) return [Math.floor(ms / 3_600_000), 'hour'];
  return [Math.floor(ms / 60_000), 'minute'];
}
