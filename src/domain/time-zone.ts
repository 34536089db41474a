import { calendarDateToUtc, utcToCalendarDate, type CalendarDate } from './calendar-date';

/*
 * Dates in a lender's time zone, with `Intl.DateTimeFormat` (a JavaScript global, present in Temporal's workflow
 * sandbox) as the only source of zone rules: no library, nothing of Node.
 */

const SECOND_MS = 1_000;
const DAY_MS = 86_400_000;

/**
 * The calendar date an instant falls on in an IANA time zone: `todayIn('2026-03-08T04:30:00Z', 'America/New_York')`
 * is `2026-03-07`.
 *
 * @throws RangeError for an invalid instant or an unknown time zone.
 */
export function todayIn(instant: Date | string, timeZone: string): CalendarDate {
  const ms = new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${JSON.stringify(instant)}`);
  return utcToCalendarDate(wallClockAt(Math.floor(ms / SECOND_MS) * SECOND_MS, zoneFormat(timeZone)));
}

/**
 * The instant a calendar date begins in an IANA time zone, as an ISO 8601 timestamp in UTC:
 * `startOfDayIn('2026-03-09', 'America/New_York')` is `2026-03-09T04:00:00.000Z` (EDT, the day after the change),
 * `2026-03-08` is `2026-03-08T05:00:00.000Z` (still EST at midnight). In the zones whose clocks skip midnight on the
 * day of a change, the day begins at the first instant after the gap.
 *
 * @throws RangeError for a `date` that is not an existing `YYYY-MM-DD` or an unknown time zone.
 */
export function startOfDayIn(date: CalendarDate, timeZone: string): string {
  const format = zoneFormat(timeZone);
  const midnight = calendarDateToUtc(date); // the wanted wall clock, written as if it were UTC
  // The zone's offsets a day either side cover any change around midnight; an offset that lands on midnight exactly
  // gives the answer (the earlier one when a change repeats midnight).
  const offsets = [midnight - DAY_MS, midnight + DAY_MS].map((at) => wallClockAt(at, format) - at);
  const candidates = offsets.map((offset) => midnight - offset).sort((a, b) => a - b);
  const exact = candidates.find((at) => wallClockAt(at, format) === midnight);
  if (exact !== undefined) return new Date(exact).toISOString();
  // Midnight is skipped: the day begins at the change, between the two candidates. Zone changes fall on whole seconds.
  let [before, after] = [candidates[0] ?? midnight, candidates[1] ?? midnight];
  while (after - before > SECOND_MS) {
    const middle = before + Math.floor((after - before) / 2 / SECOND_MS) * SECOND_MS;
    if (wallClockAt(middle, format) < midnight) before = middle;
    else after = middle;
  }
  return new Date(after).toISOString();
}

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}

/** The zone's wall clock at `ms` (whole seconds), written as milliseconds as if the wall clock were UTC. */
function wallClockAt(ms: number, format: Intl.DateTimeFormat): number {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of format.formatToParts(ms)) parts[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  // `setUTCFullYear`, not `Date.UTC`, which reads years 0-99 as 1900-1999.
  return new Date(0).setUTCFullYear(year, month - 1, day) + ((hour * 60 + minute) * 60 + second) * SECOND_MS;
}
