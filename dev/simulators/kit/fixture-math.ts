/** Dates and amounts as the providers' reports write them, for the fixtures that build those reports. */

export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a moment, in UTC. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Epoch ms of midnight UTC on a `YYYY-MM-DD` date. */
export function parseDate(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The `YYYY-MM-DD` date `days` after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  return isoDate(new Date(parseDate(date) + days * DAY_MS));
}

/** An amount in cents as a decimal string of dollars: 123456.7 → `1234.57`. */
export function cents(value: number): string {
  const rounded = Math.round(value);
  return `${Math.trunc(rounded / 100)}.${String(rounded % 100).padStart(2, '0')}`;
}
