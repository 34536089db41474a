/**
 * The data one verification order carries through its workflow. Everything here is plain JSON so it survives
 * Temporal's payload converter and continue-as-new unchanged.
 */

/** The contract's order statuses; the last four are terminal. */
export type OrderStatus =
  'creating' | 'pending' | 'processing' | 'action_required' | 'completed' | 'canceled' | 'expired' | 'failed';

export const TERMINAL_STATUSES: readonly OrderStatus[] = ['completed', 'canceled', 'expired', 'failed'];

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** A postal address as the LOS sends it. */
export interface Address {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
}

/** The borrower. `ssn` is always normalized to `NNN-NN-NNNN`. */
export interface Applicant {
  first_name: string;
  last_name: string;
  ssn: string;
  date_of_birth?: string;
  email?: string;
  phone?: string;
}

export interface Employer {
  name: string;
  address?: Address;
}

export type VerificationType = 'employment-income' | 'employment';

/** The order as the LOS placed it, after validation and with every default resolved. */
export interface OrderRequest {
  external_id: string;
  provider: string;
  type: VerificationType;
  permissible_purpose?: string;
  use_case: string;
  loan_id?: string;
  applicant: Applicant;
  employer: Employer;
  callback_url?: string;
}

/** Per-order policy, resolved from the request's `options` and the configured defaults. */
export interface OrderPolicy {
  cancelOnActionRequired: boolean;
  /** First silence (ms) after which the provider is polled. */
  pollIntervalMs: number;
  /** Upper bound (ms) of the poll back-off. */
  pollIntervalMaxMs: number;
  /** Time (ms) from the workflow's start after which a non-terminal order is canceled and ends `expired`. */
  deadlineMs: number;
}

/** Where a timeline event came from. */
export type EventSource = 'webhook' | 'poll' | 'api' | 'system';

/** One line of the order's timeline, as the LOS sees it in `events`. */
export interface TimelineEvent {
  at: string;
  source: EventSource;
  type: string;
  status?: OrderStatus;
  detail?: string;
}

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

export interface NormalizedIncomeYear {
  year: number;
  base: number | null;
  overtime: number | null;
  commission: number | null;
  bonus: number | null;
  other: number | null;
  total: number | null;
}

export type PayUnit = 'annual' | 'monthly' | 'semimonthly' | 'biweekly' | 'weekly' | 'daily' | 'hourly' | 'other';

/** One job of the applicant, in a shape every provider maps into. */
export interface NormalizedEmployment {
  employer: { name: string; address?: Address; ein?: string };
  status: 'active' | 'inactive' | 'unknown';
  start_date: string | null;
  end_date: string | null;
  position: { title: string | null; employment_type: 'full-time' | 'part-time' | 'contract' | 'other' | null };
  pay: { rate: number | null; unit: PayUnit | null; frequency: PayUnit | null; hours_per_week: number | null };
  income: NormalizedIncomeYear[];
}

/** The provider-neutral report of the contract. */
export interface NormalizedReport {
  provider: string;
  report_ids: string[];
  as_of: string | null;
  employee: { first_name: string | null; last_name: string | null };
  employments: NormalizedEmployment[];
}

export interface OrderReport {
  normalized: NormalizedReport;
  provider_report: unknown;
}

/** How result delivery to the LOS stands. */
export interface DeliveryStatus {
  state: 'none' | 'pending' | 'delivered' | 'failed' | 'stopped';
  last_event?: string;
  attempts: number;
  last_status?: number | null;
  last_error?: string;
  next_attempt_at?: string | null;
}

export interface OrderResult {
  error?: { reason: string; provider_status?: string };
  delivery: DeliveryStatus;
}

/** The contract's order as `GET /v1/orders/{id}` returns it. Never holds the full SSN. */
export interface OrderView {
  id: string;
  external_id: string;
  provider: string;
  provider_order_id: string | null;
  status: OrderStatus;
  type: VerificationType;
  loan_id: string | null;
  applicant: { first_name: string; last_name: string; ssn_last4: string };
  employer: { name: string };
  created_at: string;
  updated_at: string;
  events: TimelineEvent[];
  applicant_action: { share_url: string } | null;
  result: OrderResult | null;
}

/** Result delivery event types sent to the LOS. */
export type DeliveryEventType =
  'order.created' | 'order.action_required' | 'order.completed' | 'order.canceled' | 'order.expired' | 'order.failed';
