/**
 * The re-verification before closing, as state and pure decisions (free of Temporal, like `order-state.ts`): when it
 * is due, what the view shows, and what a re-check found compared with the original verification.
 */
import type {
  CalendarDate,
  EmployerOutcome,
  NormalizedEmployment,
  OrderReport,
  ReverificationResult,
  ReverificationStatus,
  ReverificationView,
  StepOutcome,
} from '../src/domain';
import { DEFAULT_REVERIFY_BUSINESS_DAYS, orderEmployers, reverificationDue } from '../src/domain';
import type { OrderState } from './order-state';
import { recordEvent } from './order-state';

/** The time zone of an order placed without one (no closing date then, and none in the PATCH either). */
const FALLBACK_TIME_ZONE = 'America/New_York';

/** One provider order that re-checks a provider order the original verification completed. */
export interface Recheck {
  /** The completed provider order it re-checks. */
  originalId: string;
  /** Indexes into the request's employers: those the original verified. */
  employers: number[];
  /** The re-check's own provider order; null until the provider made it. */
  providerOrderId: string | null;
  /** `reverification` / `refresh` / `new-order`, as the provider re-checked. */
  kind: string | null;
  /** Set once the re-check provider order ended: what it found, or why it could not. */
  ended: { kind: 'completed' | 'no-longer-verifies' | 'failed'; detail: string } | null;
  /** Each employer's outcome, as the re-check's last read reported them (in `employers` order). */
  outcomes: (EmployerOutcome | null)[];
  report: OrderReport | null;
}

/** The order's re-verification: its closing date, its clock and, once run, what it found. */
export interface ReverificationState {
  closingDate: CalendarDate;
  /** Business days before `closingDate` and the lender's zone, as the due date was computed. */
  businessDays: number;
  timeZone: string;
  /** The start of the due date in `timeZone` (ISO 8601, UTC). */
  dueAt: string;
  status: ReverificationStatus;
  /** The LOS asked for the re-check now (`POST /reverify`). */
  runNow: boolean;
  checkedAt: string | null;
  changes: string[];
  reason: string | null;
  rechecks: Recheck[];
  report: OrderReport | null;
}

/**
 * How a re-check provider order that ended without a report ended: the employer answered that it has no (more)
 * record of the borrower, no data, or that they left (a change), or there was no answer (the re-check failed).
 */
export function recheckEnding(outcome: StepOutcome | undefined): 'no-longer-verifies' | 'failed' {
  const gone: readonly (StepOutcome | undefined)[] = ['not_found', 'no_data', 'applicant_inactive'];
  return gone.includes(outcome) ? 'no-longer-verifies' : 'failed';
}

/** The zone and business days a re-verification is computed with: the order's policy, else the caller's defaults. */
export interface ReverificationDefaults {
  businessDays?: number;
  timeZone?: string;
}

/**
 * Sets, moves or clears (null) the order's closing date; a date computes its due date at once, kept in the state.
 * @throws RangeError for a date that is not a calendar date (the API refuses it before).
 */
export function setClosingDate(
  state: OrderState,
  closingDate: CalendarDate | null,
  at: string,
  defaults: ReverificationDefaults = {},
): void {
  if (closingDate === null) {
    state.reverification = null;
    recordEvent(state, { at, source: 'api', type: 'reverification.cleared' });
    return;
  }
  const businessDays = state.policy.reverifyBusinessDays ?? defaults.businessDays ?? DEFAULT_REVERIFY_BUSINESS_DAYS;
  const timeZone = state.policy.timeZone ?? defaults.timeZone ?? FALLBACK_TIME_ZONE;
  const { dueAt } = reverificationDue(closingDate, businessDays, timeZone);
  state.reverification = {
    closingDate,
    businessDays,
    timeZone,
    dueAt,
    status: 'scheduled',
    runNow: false,
    checkedAt: null,
    changes: [],
    reason: null,
    rechecks: [],
    report: null,
  };
  recordEvent(state, {
    at,
    source: 'api',
    type: 'reverification.scheduled',
    detail: `closing ${closingDate}, due ${dueAt}`,
  });
}

/** Why the LOS may not move the closing date any more, or null when it may. */
export function closingDateLocked(state: OrderState): string | null {
  const reverification = state.reverification;
  if (reverification && reverification.status !== 'scheduled') {
    return `the re-verification is already ${reverification.status}`;
  }
  if (state.status === 'completed' && !reverification) return 'the order completed without a closing date';
  if (state.status !== 'completed' && isEnded(state)) return `the order ended ${state.status}`;
  return null;
}

/** Why the LOS may not ask for a re-check now, or null when it may. */
export function reverifyNowRefused(state: OrderState): string | null {
  if (state.status !== 'completed') return `the order is ${state.status}, not completed`;
  if (!state.reverification || state.reverification.status !== 'scheduled') {
    return `no re-verification is scheduled${state.reverification ? ` (it is ${state.reverification.status})` : ''}`;
  }
  return null;
}

/** Whether the LOS's cancel concerns the re-verification: the order completed and a re-check is scheduled. */
export function cancelsReverification(state: OrderState): boolean {
  return state.status === 'completed' && state.reverification?.status === 'scheduled';
}

function isEnded(state: OrderState): boolean {
  return ['canceled', 'expired', 'failed'].includes(state.status);
}

/** Ends the re-verification without a re-check (the LOS canceled it, or the order ended otherwise than completed). */
export function cancelReverification(state: OrderState, reason: string, at: string): void {
  const reverification = state.reverification;
  if (!reverification || reverification.status !== 'scheduled') return;
  Object.assign(reverification, { status: 'canceled', reason, checkedAt: null });
  recordEvent(state, { at, source: 'system', type: 'reverification.canceled', detail: reason });
}

/** The order view's block. */
export function reverificationView(reverification: ReverificationState | null | undefined): ReverificationView | null {
  if (!reverification) return null;
  const { dueAt, status, checkedAt, changes, reason } = reverification;
  return { due_at: dueAt, status, checked_at: checkedAt, changes, reason };
}

/** `data.reverification` of `order.reverified`. */
export function reverificationResult(reverification: ReverificationState): ReverificationResult {
  return { ...reverificationView(reverification)!, report: reverification.report?.normalized ?? null };
}

/**
 * Settles a finished re-check: `failed` (with the reasons) when any re-check provider order could not be made or
 * read to its end, so the original result stands unjudged; else `changed` with what changed, or `verified`.
 */
export function settleReverification(state: OrderState, at: string, combine: (reports: OrderReport[]) => OrderReport) {
  const reverification = state.reverification!;
  const failures = reverification.rechecks.filter((recheck) => recheck.ended?.kind === 'failed');
  const reports = reverification.rechecks.flatMap((recheck) => (recheck.report ? [recheck.report] : []));
  reverification.report = reports.length > 0 ? combine(reports) : null;
  reverification.checkedAt = at;
  if (failures.length > 0 || reverification.rechecks.length === 0) {
    reverification.status = 'failed';
    reverification.reason =
      failures.map((recheck) => recheck.ended!.detail).join('; ') || 'no verified employer to re-check';
  } else {
    reverification.changes = changesFound(state);
    reverification.status = reverification.changes.length > 0 ? 'changed' : 'verified';
  }
  recordEvent(state, {
    at,
    source: 'system',
    type: `reverification.${reverification.status}`,
    detail: reverification.reason ?? (reverification.changes.join('; ') || undefined),
  });
}

/**
 * What the re-checks found that the original did not: an employer that now reports the borrower inactive (an
 * employment active at the original verification), or a verified employer that no longer verifies.
 */
export function changesFound(state: OrderState): string[] {
  const names = orderEmployers(state.request).map((employer) => employer.name);
  const originally = state.report?.normalized.employments ?? [];
  const changes: string[] = [];
  for (const recheck of state.reverification?.rechecks ?? []) {
    if (recheck.ended?.kind === 'no-longer-verifies') {
      for (const index of recheck.employers)
        changes.push(`${names[index]}: no longer verifies (${recheck.ended.detail})`);
      continue;
    }
    recheck.employers.forEach((index, position) => {
      const outcome = recheck.outcomes[position];
      if (outcome && outcome !== 'verified') changes.push(`${names[index]}: no longer verifies (${outcome})`);
    });
    for (const employment of recheck.report?.normalized.employments ?? []) {
      if (employment.status !== 'inactive' || wasInactive(originally, employment)) continue;
      const since = employment.end_date ? ` since ${employment.end_date}` : '';
      changes.push(`${employment.employer.name}: the borrower is no longer employed${since}`);
    }
  }
  return changes;
}

/** Whether the original report already had the borrower inactive at this employer (a past job stays past). */
function wasInactive(originally: NormalizedEmployment[], employment: NormalizedEmployment): boolean {
  const name = employment.employer.name.trim().toLowerCase();
  return originally.some((job) => job.status === 'inactive' && job.employer.name.trim().toLowerCase() === name);
}
