import { addDays, calendarDate, dayOfWeek, type CalendarDate } from './calendar-date';

/** The eleven legal public holidays of 5 U.S.C. 6103(a), in calendar order, named as the statute names them. */
export const FEDERAL_HOLIDAY_NAMES = [
  "New Year's Day",
  'Birthday of Martin Luther King, Jr.',
  "Washington's Birthday",
  'Memorial Day',
  'Juneteenth National Independence Day',
  'Independence Day',
  'Labor Day',
  'Columbus Day',
  'Veterans Day',
  'Thanksgiving Day',
  'Christmas Day',
] as const;

export type FederalHolidayName = (typeof FEDERAL_HOLIDAY_NAMES)[number];

/** One federal holiday of a year: the day the statute names and the weekday federal offices close for it. */
export interface FederalHoliday {
  name: FederalHolidayName;
  /** The holiday's own date in the year asked for (`2022-01-01`). */
  date: CalendarDate;
  /**
   * The day off for Monday-Friday workers: the Friday before a Saturday holiday, the Monday after a Sunday one,
   * else the date itself. New Year's Day on a Saturday is observed on December 31 of the year before.
   */
  observed: CalendarDate;
}

const SATURDAY = 6;
const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;

/**
 * The federal holidays of `year` (5 U.S.C. 6103(a)), computed from the statute's rules:
 * fixed dates (January 1, June 19, July 4, November 11, December 25) and the "n-th weekday of a month" ones
 * (Martin Luther King, Jr.: 3rd Monday of January; Washington's Birthday: 3rd Monday of February; Memorial Day: last
 * Monday of May; Labor Day: 1st Monday of September; Columbus Day: 2nd Monday of October; Thanksgiving: 4th Thursday
 * of November). Observance follows 5 U.S.C. 6103(b) and Executive Order 11582 (OPM's rule for Monday-Friday
 * schedules): Saturday → the Friday before, Sunday → the Monday after.
 *
 * Juneteenth is a holiday from 2021 (Pub. L. 117-17) and Martin Luther King, Jr.'s birthday from 1986; the other
 * rules are today's (Veterans Day back on November 11 since 1978), so years from 1978 on are exact. Inauguration Day
 * (6103(c)) is left out: it closes offices in the Washington, D.C. area only.
 *
 * @throws RangeError for a year that is not an integer from 1 to 9999.
 */
export function federalHolidays(year: number): FederalHoliday[] {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new RangeError(`not a calendar year: ${year}`);
  const holidays: [FederalHolidayName, CalendarDate | undefined][] = [
    ["New Year's Day", calendarDate(year, 1, 1)],
    ['Birthday of Martin Luther King, Jr.', year >= 1986 ? nthWeekdayOf(year, 1, MONDAY, 3) : undefined],
    ["Washington's Birthday", nthWeekdayOf(year, 2, MONDAY, 3)],
    ['Memorial Day', weekdayOnOrBefore(calendarDate(year, 5, 31), MONDAY)],
    ['Juneteenth National Independence Day', year >= 2021 ? calendarDate(year, 6, 19) : undefined],
    ['Independence Day', calendarDate(year, 7, 4)],
    ['Labor Day', nthWeekdayOf(year, 9, MONDAY, 1)],
    ['Columbus Day', nthWeekdayOf(year, 10, MONDAY, 2)],
    ['Veterans Day', calendarDate(year, 11, 11)],
    ['Thanksgiving Day', nthWeekdayOf(year, 11, THURSDAY, 4)],
    ['Christmas Day', calendarDate(year, 12, 25)],
  ];
  return holidays.flatMap(([name, date]) => (date === undefined ? [] : [{ name, date, observed: observedDay(date) }]));
}

/**
 * The federal holiday whose observed day is `date`, if any. Looks at the next year too: New Year's Day on a
 * Saturday is observed on the Friday before, December 31.
 */
export function federalHolidayObservedOn(date: CalendarDate): FederalHoliday | undefined {
  const year = Number(date.slice(0, 4));
  return [...federalHolidays(year), ...(year < 9999 ? federalHolidays(year + 1) : [])].find(
    (holiday) => holiday.observed === date,
  );
}

function observedDay(date: CalendarDate): CalendarDate {
  const weekday = dayOfWeek(date);
  if (weekday === SATURDAY) return addDays(date, -1);
  if (weekday === SUNDAY) return addDays(date, 1);
  return date;
}

/** The `n`-th (1-based) `weekday` of a month (1-12). */
function nthWeekdayOf(year: number, month: number, weekday: number, n: number): CalendarDate {
  const first = calendarDate(year, month, 1);
  return addDays(first, ((weekday - dayOfWeek(first) + 7) % 7) + 7 * (n - 1));
}

/** The last `weekday` on or before `date` (of May 31: the last Monday of May). */
function weekdayOnOrBefore(date: CalendarDate, weekday: number): CalendarDate {
  return addDays(date, -((dayOfWeek(date) - weekday + 7) % 7));
}
