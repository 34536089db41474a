/**
 * The re-verification before closing, as pure decisions over the state: when it is due, what the LOS may still change,
 * and what the re-checks found compared with the original verification. `reverification.ts` carries it out.
 */
import type {
  CalendarDate,
  NormalizedEmployment,
  ProviderSnapshot,
  ReverificationStatus,
  StepOutcome,
} from '../src/domain';
import { DEFAULT_REVERIFY_BUSINESS_DAYS, isTerminal, reverificationDue, snapshotDetail } from '../src/domain';
import { combinedReport } from './attempts';
import type { OrderStart, OrderState, Recheck, ReverificationState } from './state';
import { addCorrelationId, newOrderState, recordEvent } from './state';

/** The time zone of an order placed without one (no closing date then, and none in the PATCH either). */
const FALLBACK_TIME_ZONE = 'America/New_York';

/** The zone and business days a re-verification is computed with: the order's policy, else the caller's defaults. */
export interface ReverificationDefaults {
  businessDays?: number;
  timeZone?: string;
}

/** A new order's state, with its re-verification scheduled when it was placed with a closing date. */
export function orderAtStart(start: OrderStart): OrderState {
  const state = newOrderState(start);
  if (start.request.closing_date) setClosingDate(state, start.request.closing_date, start.createdAt);
  return state;
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
    deadline: null,
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
  if (state.status !== 'completed' && isTerminal(state.status)) return `the order ended ${state.status}`;
  return null;
}

/** Why the LOS may not ask for a re-check now, or null when it may. */
export function reverifyNowRefused(state: OrderState): string | null {
  if (state.status !== 'completed') return `the order is ${state.status}, not completed`;
  if (state.reverification?.status !== 'scheduled') {
    return `no re-verification is scheduled${state.reverification ? ` (it is ${state.reverification.status})` : ''}`;
  }
  return null;
}

/** The LOS asks for the re-check now (checked by {@link reverifyNowRefused} first). */
export function requestReverifyNow(state: OrderState): void {
  if (state.reverification?.status === 'scheduled') state.reverification.runNow = true;
}

/** Whether the LOS's cancel concerns the re-verification: the order completed and a re-check is scheduled. */
export function cancelsReverification(state: OrderState): boolean {
  return state.status === 'completed' && state.reverification?.status === 'scheduled';
}

/** Ends the re-verification without a re-check (the LOS canceled it, or the order ended otherwise than completed). */
export function cancelReverification(state: OrderState, reason: string, at: string): void {
  const reverification = state.reverification;
  if (reverification?.status !== 'scheduled') return;
  Object.assign(reverification, { status: 'canceled', reason, checkedAt: null });
  recordEvent(state, { at, source: 'system', type: 'reverification.canceled', detail: reason });
}

/** Starts the re-check: `running` until `deadlineMs` from now (workflow time), one re-check per verified employer. */
export function startReverification(state: OrderState, reverification: ReverificationState, at: string): void {
  reverification.status = 'running';
  reverification.deadline = Date.parse(at) + state.policy.deadlineMs;
  recordEvent(state, {
    at,
    source: reverification.runNow ? 'api' : 'system',
    type: 'reverification.started',
    detail: reverification.runNow ? 'asked for by the LOS' : `due ${reverification.dueAt}`,
  });
  const verified = state.providerOrders.filter((order) => order.report && order.ended?.status === 'completed');
  reverification.rechecks = verified.map((original) => ({
    originalId: original.providerOrderId!,
    employers: original.employers.filter((index) => state.employments[index]?.outcome === 'verified'),
    providerOrderId: null,
    kind: null,
    ended: null,
    outcomes: [],
    report: null,
  }));
}

/** The provider made a re-check's provider order; its webhooks find the order by its id. */
export function recheckPlaced(state: OrderState, recheck: Recheck, providerOrderId: string, kind: string, at: string) {
  recheck.providerOrderId = providerOrderId;
  recheck.kind = kind;
  addCorrelationId(state, providerOrderId);
  recordEvent(state, {
    at,
    source: 'system',
    type: 'reverification.provider_order.created',
    detail: `${kind} ${providerOrderId} of ${recheck.originalId}`,
  });
}

/** The re-checks placed and not yet ended. */
export function openRechecks(reverification: ReverificationState): Recheck[] {
  return reverification.rechecks.filter((recheck) => recheck.providerOrderId !== null && !recheck.ended);
}

/**
 * Folds a read of a re-check's provider order into it. Returns whether its report is to be read: the re-check
 * completed with the employers verified. Otherwise an ended re-check ends here, saying why.
 */
export function recheckRead(
  state: OrderState,
  recheck: Recheck,
  snapshot: ProviderSnapshot,
  at: string,
  source: 'webhook' | 'poll' | 'system',
): boolean {
  recheck.outcomes = recheck.employers.map((_, position) => snapshot.employers?.[position]?.outcome ?? null);
  if (!isTerminal(snapshot.status)) return false;
  if (snapshot.status === 'completed' && (!snapshot.outcome || snapshot.outcome === 'verified')) return true;
  const detail = snapshotDetail(snapshot);
  recheck.ended = { kind: recheckEnding(snapshot.outcome), detail };
  recordEvent(state, {
    at,
    source,
    type: 'reverification.provider_order.ended',
    detail: `${recheck.providerOrderId} ${detail}`,
  });
  return false;
}

/**
 * How a re-check provider order that ended without a report ended: the employer answered that it has no (more)
 * record of the borrower, no data, or that they left (a change), or there was no answer (the re-check failed).
 */
export function recheckEnding(outcome: StepOutcome | undefined): 'no-longer-verifies' | 'failed' {
  const gone: readonly (StepOutcome | undefined)[] = ['not_found', 'no_data', 'applicant_inactive'];
  return gone.includes(outcome) ? 'no-longer-verifies' : 'failed';
}

/**
 * Settles a finished re-check: `failed` (with the reasons) when any re-check provider order could not be made or
 * read to its end, so the original result stands unjudged; else `changed` with what changed, or `verified`.
 */
export function settleReverification(state: OrderState, at: string): ReverificationStatus {
  const reverification = state.reverification!;
  const failures = reverification.rechecks.filter((recheck) => recheck.ended?.kind === 'failed');
  const reports = reverification.rechecks.flatMap((recheck) => (recheck.report ? [recheck.report] : []));
  reverification.report = reports.length > 0 ? combinedReport(reports) : null;
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
  return reverification.status;
}

/**
 * What the re-checks found that the original did not: an employer that now reports the borrower inactive (an
 * employment active at the original verification), or a verified employer that no longer verifies.
 */
export function changesFound(state: OrderState): string[] {
  const names = state.request.employers.map((employer) => employer.name);
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
