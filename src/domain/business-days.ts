import { addDays, dayOfWeek, isCalendarDate, type CalendarDate } from './calendar-date';
import { federalHolidayObservedOn } from './federal-holidays';

/**
 * US federal business days: Monday to Friday, except the observed federal holidays of 5 U.S.C. 6103 (see
 * {@link federalHolidays}: a Saturday holiday is off on the Friday before, a Sunday one on the Monday after).
 *
 * Federal offices also close now and then by executive order (a Christmas Eve, a national day of mourning). Those
 * days are data, not a rule: pass them as `extraClosures` (dates `YYYY-MM-DD`) and they count as non-business days
 * too.
 */
export function isBusinessDay(date: CalendarDate, extraClosures: readonly CalendarDate[] = []): boolean {
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return false;
  return federalHolidayObservedOn(date) === undefined && !extraClosures.includes(date);
}

/**
 * The `n`-th business day before `date`, the date itself not counted (it may be any day, a Sunday or a holiday
 * included): with `n = 10` and a note date of Friday 2024-07-12, Thursday 2024-07-04 being a holiday, the answer is
 * Thursday 2024-06-27. This is how the GSEs' "within 10 business days before the note date" is counted, and how voie
 * finds a re-verification's due date from the closing date. `n = 0` answers `date` itself.
 *
 * @throws RangeError for a `date` that is not an existing `YYYY-MM-DD` or an `n` that is not a whole number ≥ 0.
 */
export function businessDaysBefore(
  date: CalendarDate,
  n: number,
  extraClosures: readonly CalendarDate[] = [],
): CalendarDate {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a number of business days: ${n}`);
  let day = date;
  for (let counted = 0; counted < n;) {
    day = addDays(day, -1);
    if (isBusinessDay(day, extraClosures)) counted++;
  }
  return day;
}
