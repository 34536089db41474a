/**
 * The re-verification before closing, as pure decisions over the state: when it is due, what the LOS may still change,
 * and what the re-checks found compared with the original verification. `reverification.ts` carries it out.
 */
import type {
  CalendarDate,
  EventSource,
  NormalizedEmployment,
  ProviderSnapshot,
  ReverificationStatus,
  StepOutcome,
} from '../src/domain';
import {
  isTerminal,
  MAX_REVERIFICATIONS,
  pastReverificationWindow,
  reverificationDue,
  snapshotDetail,
} from '../src/domain';
import type { ClosingDateChange } from './closing-date-change';
import { combinedReport } from './attempts';
import type { OrderStart, OrderState, Recheck, ReverificationState } from './state';
import { addCorrelationId, allReverifications, newOrderState, recordEvent } from './state';

/** A new order's state: the loan's closing date (or its own), and the re-verification planned for it. */
export function orderAtStart(start: OrderStart): OrderState {
  const state = newOrderState(start);
  const change = start.loan?.closingDate ?? { closing_date: start.request.closing_date ?? null };
  setClosingDate(state, change, start.createdAt);
  return state;
}

/**
 * Records a loan's change as heard: its version, when newer than the last the order heard (returns whether it was).
 * Also for a change the order keeps out (it ended otherwise than completed, or its window closed).
 */
export function passLoanChange(state: OrderState, change: ClosingDateChange): boolean {
  if (change.loanVersion === undefined || change.loanVersion <= state.loanVersion) return false;
  state.loanVersion = change.loanVersion;
  return true;
}

/**
 * Applies a closing date from the LOS or the order's loan, and re-plans the re-verification for it. A loan's change
 * older than one applied, or the same date again, changes nothing (returns false).
 */
export function setClosingDate(state: OrderState, change: ClosingDateChange, at: string): boolean {
  if (change.loanVersion !== undefined && !passLoanChange(state, change)) return false;
  const businessDays = change.businessDays ?? state.policy.reverifyBusinessDays;
  if (change.closing_date === state.closingDate && businessDays === state.businessDays) return false;
  state.closingDate = change.closing_date;
  state.businessDays = businessDays;
  if (change.closing_date === null) {
    recordEvent(state, { at, source: 'api', type: 'closing_date.cleared' });
    const current = state.reverification;
    if (current?.status === 'scheduled' && !current.runNow) {
      state.reverification = state.earlierReverifications.pop() ?? null;
      recordEvent(state, { at, source: 'api', type: 'reverification.unscheduled', detail: `was due ${current.dueAt}` });
    }
    return true;
  }
  recordEvent(state, {
    at,
    source: 'api',
    type: 'closing_date.set',
    detail: `${change.closing_date}, ${businessDays} business days`,
  });
  planReverification(state, at, 'api');
  return true;
}

/** The start of the current closing date's due day; null without a closing date. */
export function currentDueAt(state: OrderState): string | null {
  if (!state.closingDate) return null;
  return reverificationDue(state.closingDate, state.businessDays, state.policy.timeZone).dueAt;
}

/**
 * Whether a re-verification counts for a closing date due at `dueAt`: it ran to a finding (`verified` or `changed`)
 * on or after the start of the due day.
 */
export function countsFor(reverification: ReverificationState, dueAt: string): boolean {
  const { status, checkedAt } = reverification;
  return (status === 'verified' || status === 'changed') && checkedAt !== null && checkedAt >= dueAt;
}

/**
 * Plans the re-verification for the current closing date: a scheduled one moves to the new due date; one that ran and
 * still counts stands; otherwise a new one is scheduled (run at once when its due date is reached). One running is
 * left to finish: it re-plans when it settles.
 */
export function planReverification(state: OrderState, at: string, source: EventSource): void {
  const dueAt = currentDueAt(state);
  const current = state.reverification;
  if (!dueAt || current?.status === 'running') return;
  if (current?.status === 'scheduled') {
    if (current.dueAt === dueAt && current.closingDate === state.closingDate) return;
    Object.assign(current, { closingDate: state.closingDate, dueAt });
    recordEvent(state, {
      at,
      source,
      type: 'reverification.scheduled',
      detail: `closing ${state.closingDate}, due ${dueAt}`,
    });
    return;
  }
  if (current && countsFor(current, dueAt)) {
    recordEvent(state, {
      at,
      source,
      type: 'reverification.kept',
      detail: `checked ${current.checkedAt} counts for closing ${state.closingDate} (due ${dueAt})`,
    });
    return;
  }
  if (allReverifications(state).length >= MAX_REVERIFICATIONS) {
    recordEvent(state, {
      at,
      source,
      type: 'reverification.refused',
      detail: `${MAX_REVERIFICATIONS} re-verifications ran: place a new order`,
    });
    return;
  }
  scheduleReverification(state, state.closingDate, dueAt, false);
  recordEvent(state, {
    at,
    source,
    type: 'reverification.scheduled',
    detail: `closing ${state.closingDate}, due ${dueAt}`,
  });
}

/** Makes a new scheduled re-verification the current one; the current one joins the earlier ones without its report. */
function scheduleReverification(state: OrderState, closingDate: CalendarDate | null, dueAt: string, runNow: boolean) {
  if (state.reverification) {
    const earlier = state.reverification;
    earlier.report = null;
    for (const recheck of earlier.rechecks) recheck.report = null;
    state.earlierReverifications.push(earlier);
  }
  state.reverification = {
    closingDate,
    dueAt,
    status: 'scheduled',
    runNow,
    deadline: null,
    checkedAt: null,
    changes: [],
    reason: null,
    rechecks: [],
    report: null,
  };
}

/**
 * Why the LOS may not set the closing date now, or null when it may: the order ended otherwise than completed, or it
 * is past its re-verification window.
 */
export function closingDateRefused(state: OrderState, nowMs: number): string | null {
  if (state.status !== 'completed' && isTerminal(state.status)) return `the order ended ${state.status}`;
  return windowRefusal(state, nowMs);
}

/** Why the LOS may not ask for a re-check now, or null when it may. */
export function reverifyNowRefused(state: OrderState, nowMs: number): string | null {
  if (state.status !== 'completed') return `the order is ${state.status}, not completed`;
  const refused = windowRefusal(state, nowMs);
  if (refused) return refused;
  const current = state.reverification;
  if (current?.status === 'running') return 'a re-verification is already running';
  if (current?.status !== 'scheduled' && allReverifications(state).length >= MAX_REVERIFICATIONS) {
    return `${MAX_REVERIFICATIONS} re-verifications ran: place a new order`;
  }
  return null;
}

function windowRefusal(state: OrderState, nowMs: number): string | null {
  if (state.completedAt === null) return null;
  return pastReverificationWindow(state.completedAt, state.policy.reverifyWindowMs, nowMs);
}

/**
 * The LOS asks for a re-check now (checked by {@link reverifyNowRefused} first): the scheduled one runs now, or a new
 * one does, due for the current closing date if there is one.
 */
export function requestReverifyNow(state: OrderState, at: string): void {
  if (state.reverification?.status === 'scheduled') {
    state.reverification.runNow = true;
    return;
  }
  scheduleReverification(state, state.closingDate, currentDueAt(state) ?? at, true);
}

/** Whether the LOS's cancel concerns the re-verification: the order completed and a re-check is scheduled. */
export function cancelsReverification(state: OrderState): boolean {
  return state.status === 'completed' && state.reverification?.status === 'scheduled';
}

/**
 * Ends the scheduled re-verification without a re-check: the LOS canceled it, the order ended otherwise than
 * completed, or its re-verification window ended.
 */
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
 * After a re-check was told to the LOS: one checked before the current due day (the LOS asked early, or moved the
 * date while it ran) does not count, so the due day gets its own. A failure on or after the due day is not retried on
 * its own: the LOS decides (`/reverify`).
 */
export function planAfterCheck(state: OrderState, at: string): void {
  const dueAt = currentDueAt(state);
  if (dueAt && dueAt > at) planReverification(state, at, 'system');
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
