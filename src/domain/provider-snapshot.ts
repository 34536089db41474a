import type { OrderStatus } from './order-status';
import type { OrderReport } from './contract/order-report';
import type { StepOutcome } from './step-outcome';

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
  /** Whether the event is worth a re-read of the provider order: it may change a decision. */
  refresh: boolean;
  /**
   * Progress the event states that no decision depends on (the provider is at work, the applicant was invited): the
   * order shows it at once, forward only, without a read. A read still decides everything else.
   */
  progress?: 'processing';
  /** The provider order the event names, when it names one: progress counts only for one of the order's own. */
  providerOrderId?: string;
  receivedAt: string;
}

/** The provider status mapped to voie's vocabulary. */
export type ProviderStatus = Exclude<OrderStatus, 'creating'>;

/**
 * What became of one employer of an order: `verified` (the employer's data is in the report), `not_found` (no
 * record of the borrower there), `canceled`, or `failed` (any other end without data).
 */
export const EMPLOYER_OUTCOMES = ['verified', 'not_found', 'canceled', 'failed'] as const;

export type EmployerOutcome = (typeof EMPLOYER_OUTCOMES)[number];

/** One employer of a provider order, in the order the employers were sent to the provider. */
export interface EmployerSnapshot {
  status: ProviderStatus;
  /** Set once the provider has finished with this employer. */
  outcome: EmployerOutcome | null;
  /** The provider's own status words, for the timeline. */
  rawStatus: string;
  reason?: string;
}

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
  /**
   * The provider waits on the applicant (invited, not yet connected): only their action moves the order on, and it
   * comes with a webhook. The poll schedule then polls once per longest interval only. Absent: the provider works.
   */
  awaitingApplicant?: boolean;
  /** Provider ids of the reports to read once completed. */
  reportIds: string[];
  /** Other provider ids webhooks may be keyed by (Truv user and link ids). */
  correlationIds: string[];
  /**
   * The provider order's employers, one entry each, in the order they were sent. Absent when the read does not tell
   * them apart: `status` is then each employer's.
   */
  employers?: EmployerSnapshot[];
  /**
   * How the provider order ended, in the waterfall's terms, once it has (`status` terminal). Absent while the order
   * is open, or when the provider did not say (the outcome then follows from `status`).
   */
  outcome?: StepOutcome;
  /**
   * The report of a completed order, when the read carried it (Truework embeds its reports in the order). Absent
   * otherwise: the report is then read on its own.
   */
  report?: OrderReport;
  /**
   * Where a completed order's report is read, for a provider that keeps reports apart from the order (Truv), so that
   * the report's read is that one call and does not read the order again. Absent for Truework (its reports come with
   * the order), and when the read could not name it: the report's read then reads the order first.
   */
  reportLocator?: ReportLocator;
}

/** What a report fetch needs of the order besides `reportIds`, read with the order (see {@link ProviderSnapshot}). */
export interface ReportLocator {
  /** The provider's owner of the report (Truv's user id, under which its reports live). */
  userId: string;
  /** The order verifies employment alone (a VOE): a report made for it is a VOE report, without pay. */
  employmentOnly: boolean;
}

/**
 * How a snapshot reads on the timeline: the provider's status word, then the reason when there is one. A reason that
 * already opens with the status word (Truv's `no_data: …`) is not prefixed twice.
 */
export function snapshotDetail({ rawStatus, reason }: ProviderSnapshot): string {
  if (!reason) return rawStatus;
  return reason.startsWith(`${rawStatus}:`) ? reason : `${rawStatus}: ${reason}`;
}
