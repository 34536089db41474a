import type { CalendarDate } from './calendar-date';
import type { LoanOrderStanding } from './loan-standing';
import { isTerminal } from './order-status';
import { reverificationDue } from './reverification-due';
import { todayIn } from './time-zone';

/** Whether a loan may close, and why not (one line per order that blocks it, or for the loan itself). */
export interface LoanReadiness {
  ready_to_close: boolean;
  blocking: string[];
}

/** The loan's clock: its closing date and the start of its re-verification's due day (UTC); null without a date. */
export interface LoanClock {
  closingDate: CalendarDate | null;
  dueAt: string | null;
  /** The lender's time zone, in which the blocking lines name days. */
  timeZone: string;
}

/** The clock of a loan closing on `closingDate` with re-verifications `businessDays` business days before it. */
export function loanClock(closingDate: CalendarDate | null, businessDays: number, timeZone: string): LoanClock {
  return {
    closingDate,
    dueAt: closingDate ? reverificationDue(closingDate, businessDays, timeZone).dueAt : null,
    timeZone,
  };
}

/** How much a blocking line says: `ids` keeps to ids, statuses and dates (the loan workflow's UI details). */
export type BlockingDetail = 'full' | 'ids';

/**
 * The contract's `ready_to_close`: a closing date, at least one order the LOS did not cancel, and every such order
 * completed with a verified employment and a re-verification with status `verified` that counts for the current
 * closing date (checked on or after the start of its due day). The API judges it from the orders' views (through
 * `standingOf`), the loan workflow from the standings its orders signal: one decision, so both say the same.
 */
export function loanReadiness(
  clock: LoanClock,
  standings: readonly LoanOrderStanding[],
  detail: BlockingDetail = 'full',
): LoanReadiness {
  const blocking: string[] = [];
  if (!clock.closingDate) blocking.push('the loan has no closing date');
  const counted = standings.filter((standing) => !standing.canceledByLos);
  if (counted.length === 0) blocking.push('the loan has no order the LOS did not cancel');
  for (const standing of counted) {
    const reason = orderBlocks(standing, clock, detail);
    if (reason) blocking.push(`${standing.id}: ${reason}`);
  }
  return { ready_to_close: blocking.length === 0, blocking };
}

/**
 * Whether a re-verification checked at `checkedAt` counts for the closing date whose due day starts at `dueAt`: it
 * was checked on or after the start of that day.
 */
export function countsForClosing(checkedAt: string | null, dueAt: string): boolean {
  return checkedAt !== null && Date.parse(checkedAt) >= Date.parse(dueAt);
}

/** Why one order keeps the loan from closing, or null. */
function orderBlocks(standing: LoanOrderStanding, clock: LoanClock, detail: BlockingDetail): string | null {
  const full = detail === 'full';
  if (standing.status !== 'completed') {
    if (!isTerminal(standing.status)) return `the order is ${standing.status}`;
    return `the order ended ${standing.status}${full && standing.reason ? `: ${standing.reason}` : ''}`;
  }
  if (!standing.verified) return 'no verified employment';
  // Without a closing date the loan's own line says why; an order has nothing to be re-verified for.
  if (!clock.closingDate || !clock.dueAt) return null;
  const reverification = standing.reverification;
  const day = (instant: string): string => todayIn(instant, clock.timeZone);
  if (!reverification) return 'no re-verification';
  switch (reverification.status) {
    case 'scheduled':
      return `re-verification scheduled for ${day(reverification.due_at)}`;
    case 'running':
      return 're-verification running';
    case 'changed':
      return full && reverification.changes.length > 0
        ? `re-verification found changes: ${reverification.changes.join('; ')}`
        : 're-verification found changes';
    case 'failed':
    case 'canceled':
      return `re-verification ${reverification.status}${full && reverification.reason ? `: ${reverification.reason}` : ''}`;
    case 'verified': {
      const checkedAt = reverification.checked_at;
      if (countsForClosing(checkedAt, clock.dueAt)) return null;
      const checked = checkedAt ? ` of ${day(checkedAt)}` : '';
      return `re-verification${checked} is before the due day ${day(clock.dueAt)} of closing ${clock.closingDate}`;
    }
  }
}
