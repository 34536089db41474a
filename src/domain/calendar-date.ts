/**
 * A plain calendar date, `YYYY-MM-DD`, with no time of day and no time zone (a closing date, a holiday). The
 * arithmetic below works on the date's UTC midnight, where every day is 24 hours long.
 */
export type CalendarDate = string;

const CALENDAR_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a `YYYY-MM-DD` string naming a day that exists (`2026-02-30` does not). */
export function isCalendarDate(value: string): boolean {
  return toUtcMidnight(value) !== undefined;
}

/** Milliseconds of the date's UTC midnight; throws a `RangeError` for anything but an existing `YYYY-MM-DD`. */
export function calendarDateToUtc(date: CalendarDate): number {
  const ms = toUtcMidnight(date);
  if (ms === undefined) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return ms;
}

/** The calendar date of a UTC instant given in milliseconds. */
export function utcToCalendarDate(ms: number): CalendarDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `days` days after `date` (before it when negative). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return utcToCalendarDate(calendarDateToUtc(date) + days * DAY_MS);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return new Date(calendarDateToUtc(date)).getUTCDay();
}

/** Builds `YYYY-MM-DD` from a year and a month (1-12) and day that exist. */
export function calendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toUtcMidnight(value: string): number | undefined {
  const match = CALENDAR_DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = new Date(0).setUTCFullYear(year, month - 1, day);
  // `setUTCFullYear` rolls 2026-02-30 over to March; a date that exists comes back unchanged.
  return utcToCalendarDate(ms) === value ? ms : undefined;
}
