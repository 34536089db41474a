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
