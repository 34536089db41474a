import type { NormalizedReport } from './normalized-report';

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

/** The order view's `reverification` block. */
export interface ReverificationView {
  /** The start of the due date in the lender's time zone (ISO 8601, UTC). */
  due_at: string;
  status: ReverificationStatus;
  /** When the re-check finished; null until then. */
  checked_at: string | null;
  /** What changed since the original verification, one line each; empty unless `status` is `changed`. */
  changes: string[];
  /** Why the re-check failed or was canceled; null otherwise. */
  reason: string | null;
}

/** `data.reverification` of an `order.reverified` delivery: the block and the normalized re-verification report. */
export interface ReverificationResult extends ReverificationView {
  report: NormalizedReport | null;
}
