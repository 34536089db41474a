import { businessDaysBefore } from './business-days';
import type { CalendarDate } from './calendar-date';
import { startOfDayIn } from './time-zone';

/** When a re-verification before closing is due. */
export interface ReverificationDue {
  /** The `businessDaysBefore`-th business day before the closing date, in the lender's calendar. */
  dueDate: CalendarDate;
  /** The start of `dueDate` in the lender's time zone, ISO 8601 in UTC: the order view's `reverification.due_at`. */
  dueAt: string;
}

/**
 * The contract's due date for re-verification: the N-th US federal business day before `closingDate` (the closing
 * date itself not counted; see {@link businessDaysBefore}), starting at midnight in the lender's `timeZone`
 * (`VOIE_TIMEZONE`). A `dueAt` at or before now means the re-verification is due at once: on the due date itself
 * the day has already begun.
 *
 * @throws RangeError for a bad date, a negative or fractional number of days, or an unknown time zone.
 */
export function reverificationDue(
  closingDate: CalendarDate,
  businessDays: number,
  timeZone: string,
  extraClosures: readonly CalendarDate[] = [],
): ReverificationDue {
  const dueDate = businessDaysBefore(closingDate, businessDays, extraClosures);
  return { dueDate, dueAt: startOfDayIn(dueDate, timeZone) };
}
