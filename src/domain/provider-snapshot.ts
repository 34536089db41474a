import type { OrderStatus } from './order-status';

/** What a provider webhook told voie, reduced to a hint: the workflow re-reads the provider before acting. */
export interface ProviderHint {
  /** Stable id used to drop duplicates (the provider's event id, or a key built from the payload). */
  id: string;
  /** The provider's event type, e.g. `order.completed` or `task-status-updated`. */
  type: string;
  /** The status the event states, in the provider's words, for the timeline only. */
  statedStatus?: string;
  /** A short human detail (e.g. a task error) for the timeline. */
  detail?: string;
  /** Whether the event is worth a re-read of the provider order. */
  refresh: boolean;
  receivedAt: string;
}

/** The provider status mapped to voie's vocabulary. */
export type ProviderStatus = Exclude<OrderStatus, 'creating'>;

/** A provider order read back and normalized by the provider's client. */
export interface ProviderSnapshot {
  providerOrderId: string;
  status: ProviderStatus;
  /** The provider's own status words, for the timeline. */
  rawStatus: string;
  /** Why the order failed or was canceled, in the provider's words. */
  reason?: string;
  /** Where the applicant acts (Truv's hosted page). */
  shareUrl?: string;
  /** Provider ids of the reports to fetch once completed. */
  reportIds: string[];
  /** Other provider ids webhooks may be keyed by (Truv user and link ids). */
  correlationIds: string[];
}
