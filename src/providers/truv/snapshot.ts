import type {
  EmployerOutcome,
  EmployerSnapshot,
  ProviderSnapshot,
  ProviderStatus,
  ReportLocator,
  StepOutcome,
} from '../../domain';
import type { TruvEmployerSuborder, TruvOrder } from './schemas';

/** Suborder statuses that end an employer without data. */
const FAILED_STATUSES = ['error', 'no_data', 'skipped'];
/** Suborder statuses that end an employer one way or another. */
const RESOLVED_STATUSES = ['completed', 'canceled', 'expired', ...FAILED_STATUSES];

/** Why a suborder failed, for the LOS; Truv itself gives only the status word. */
const FAILURE_REASONS: Record<string, string> = {
  error: 'the verification attempt failed',
  no_data: 'the payroll provider returned no data',
  skipped: 'the applicant skipped this employer',
};

/** The `suborder_number` voie gives the employer at `index` of the order's employers. */
export function suborderNumber(orderId: string, index: number): string {
  return `${orderId}-${index}`;
}

/** The index voie gave a suborder, from its `suborder_number`; undefined for one voie did not send. */
export function employerIndexOf(
  orderNumber: string | null | undefined,
  suborder: TruvEmployerSuborder,
): number | undefined {
  const number = suborder.suborder_number;
  if (!orderNumber || !number) return undefined;
  const match = /^-(\d{1,2})$/.exec(number.slice(orderNumber.length));
  return number.startsWith(orderNumber) && match ? Number(match[1]) : undefined;
}

/**
 * The suborders voie sent, in the order it sent them. They are matched by `suborder_number`; should Truv not echo
 * it, every suborder is taken in the order Truv lists them. Suborders the borrower added in Truv's page (no voie
 * number) are left out: they do not decide the order's outcome.
 */
export function sentSuborders(order: TruvOrder): TruvEmployerSuborder[] {
  const suborders = order.employers ?? [];
  const numbered = suborders
    .map((suborder) => ({ suborder, index: employerIndexOf(order.order_number, suborder) }))
    .filter((entry): entry is { suborder: TruvEmployerSuborder; index: number } => entry.index !== undefined);
  if (numbered.length === 0) return suborders;
  return numbered.sort((a, b) => a.index - b.index).map((entry) => entry.suborder);
}

/**
 * An order's status. Truv documents no order-level status, so it is derived from the order's own timestamps and the
 * suborders voie sent. An unknown suborder status counts as still open. The order is done for voie only once every
 * sent employer has resolved: the report id Truv shows before that covers only part of them (lender-features B1).
 */
export function snapshotOf(order: TruvOrder, now: number = Date.now()): ProviderSnapshot {
  const suborders = sentSuborders(order);
  const statuses = suborderStatuses(order, suborders);
  const resolved = statuses.length > 0 && statuses.every((status) => RESOLVED_STATUSES.includes(status));
  const base = {
    providerOrderId: order.id,
    rawStatus: statuses.join(', ') || 'no employers',
    ...shareUrlOf(order),
    reportIds: resolved && order.voie_report_id ? [order.voie_report_id] : [],
    correlationIds: correlationIdsOf(order),
    employers: suborders.map((suborder) => employerSnapshotOf(order, suborder, now)),
  };
  const { status, reason } = orderStatusOf(order, statuses, resolved, now);
  const outcome = stepOutcomeOf(status, statuses);
  const locator = status === 'completed' ? reportLocatorOf(order) : undefined;
  return {
    ...base,
    status,
    ...(awaitsApplicant(status, suborders, statuses) ? { awaitingApplicant: true } : {}),
    ...(reason ? { reason } : {}),
    ...(outcome ? { outcome } : {}),
    ...(locator ? { reportLocator: locator } : {}),
  };
}

/** An order for the employment product alone: a VOE, whose report has no pay. */
function isEmploymentOnly(order: TruvOrder): boolean {
  const products = order.products ?? [];
  return products.includes('employment') && !products.includes('income');
}

/** Where a completed order's report lives: under its user, whose id a report fetch would otherwise re-read. */
export function reportLocatorOf(order: TruvOrder): ReportLocator | undefined {
  return order.user_id ? { userId: order.user_id, employmentOnly: isEmploymentOnly(order) } : undefined;
}

/** Suborder statuses that say the borrower's payroll had nothing for voie (they connected, or chose not to). */
const NO_DATA_STATUSES = ['no_data', 'skipped'];

/**
 * How the order ended, for the waterfall, once it has: `verified` when any employer completed; `no_data` when the
 * payroll had no data or the applicant skipped; `provider_error` when every failed employer is an `error` (Truv's
 * failed verification attempt, which is where login errors past Truv's retries end); `expired` when the applicant
 * never acted in time; `canceled`. Truv states no suborder status for a borrower no longer employed (that is an
 * `is_active` in a completed report), so `applicant_inactive` is never Truv's.
 */
function stepOutcomeOf(status: ProviderStatus, statuses: string[]): StepOutcome | undefined {
  switch (status) {
    case 'completed':
      return 'verified';
    case 'failed':
      return statuses.some((s) => NO_DATA_STATUSES.includes(s)) ? 'no_data' : 'provider_error';
    case 'expired':
      return 'expired';
    case 'canceled':
      return 'canceled';
    default:
      return undefined;
  }
}

/**
 * Whether the order waits on its applicant: open, and no employer still open has a link (the applicant connected none
 * of them yet). Once they connect, Truv works on the payroll for minutes.
 */
function awaitsApplicant(status: ProviderStatus, suborders: TruvEmployerSuborder[], statuses: string[]): boolean {
  if (status !== 'pending' && status !== 'processing') return false;
  return suborders.every((suborder, index) => RESOLVED_STATUSES.includes(statuses[index]!) || !suborder.link_id);
}

function orderStatusOf(
  order: TruvOrder,
  statuses: string[],
  resolved: boolean,
  now: number,
): { status: ProviderStatus; reason?: string } {
  if (order.canceled_at || order.status === 'canceled') return { status: 'canceled' };
  // Whether `is_expired` flips on an order that already completed is undocumented; its data stays available, so a
  // resolved order with a completed employer is completed whatever its expiry date says afterwards.
  if (resolved && statuses.includes('completed')) return { status: 'completed' };
  if (isExpired(order, now)) {
    return { status: 'expired', ...(order.expired_at ? { reason: `expired at ${order.expired_at}` } : {}) };
  }
  if (resolved) {
    if (statuses.every((s) => FAILED_STATUSES.includes(s))) {
      return { status: 'failed', reason: [...new Set(statuses)].map(failureReason).join('; ') };
    }
    return { status: statuses.includes('canceled') ? 'canceled' : 'expired' };
  }
  // Invites are out (or another employer already resolved): the applicant is expected to act.
  if (statuses.includes('sent') || statuses.some((s) => RESOLVED_STATUSES.includes(s))) return { status: 'processing' };
  return { status: 'pending' };
}

/**
 * One employer: completed is `verified`, `no_data` is `not_found`, canceled is `canceled`, any other end (error,
 * skipped, expired) is `failed`. A suborder still open in an order that was canceled or expired ends with it.
 */
function employerSnapshotOf(order: TruvOrder, suborder: TruvEmployerSuborder, now: number): EmployerSnapshot {
  const rawStatus = statusOf(suborder);
  const ended = (status: ProviderStatus, outcome: EmployerOutcome, reason?: string): EmployerSnapshot => ({
    status,
    outcome,
    rawStatus,
    ...(reason ? { reason } : {}),
  });
  switch (rawStatus) {
    case 'completed':
      return ended('completed', 'verified');
    case 'no_data':
      return ended('failed', 'not_found', failureReason(rawStatus));
    case 'canceled':
      return ended('canceled', 'canceled');
    case 'expired':
      return ended('expired', 'failed', 'expired');
    case 'error':
    case 'skipped':
      return ended('failed', 'failed', failureReason(rawStatus));
  }
  if (order.canceled_at || order.status === 'canceled') return ended('canceled', 'canceled');
  if (isExpired(order, now)) return ended('expired', 'failed', 'expired');
  return { status: rawStatus === 'pending' ? 'pending' : 'processing', outcome: null, rawStatus };
}

function failureReason(status: string): string {
  return `${status}: ${FAILURE_REASONS[status] ?? status}`;
}

function statusOf(suborder: TruvEmployerSuborder): string {
  return (suborder.status ?? 'pending').toLowerCase();
}

/**
 * The statuses to reason from: the sent suborders', or a top-level `status` when the order has no employers (Truv's
 * demo code reads one; no reference example shows it).
 */
function suborderStatuses(order: TruvOrder, suborders: TruvEmployerSuborder[]): string[] {
  const statuses = suborders.map(statusOf);
  if (statuses.length === 0 && order.status) return [order.status.toLowerCase()];
  return statuses;
}

function isExpired(order: TruvOrder, now: number): boolean {
  if (order.is_expired === true || order.status === 'expired') return true;
  if (!order.expired_at) return false;
  const at = Date.parse(order.expired_at);
  return Number.isFinite(at) && at <= now;
}

function shareUrlOf(order: TruvOrder): { shareUrl?: string } {
  const url = order.share_url || order.short_share_url;
  return url ? { shareUrl: url } : {};
}

/**
 * Task and link webhooks carry only user, link or suborder (`tracking_info`, `employer_id`) ids, so the workflow
 * records them; every suborder counts, those the borrower added too, so their events still find the order.
 */
function correlationIdsOf(order: TruvOrder): string[] {
  const employers = order.employers ?? [];
  const ids = [
    order.user_id,
    ...employers.map((employer) => employer.link_id),
    ...employers.map((employer) => employer.id),
  ];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0))];
}
