const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A count: at most 5 digits and 3 decimals, so every duration is a whole number of ms well within Temporal's timers. */
const COUNT = '[0-9]{1,5}(?:\\.[0-9]{1,3})?';

/**
 * Every duration voie reads, and nothing else: `30s`, `15m`, `6h`, `7d` or ISO 8601 days and time (`PT15M`, `P7D`,
 * `P1DT12H`, either case), with some non-zero digit. Exact, so the API schema and `/openapi.json` state it and a
 * fuzzer generating from the document only produces durations voie accepts.
 */
export const DURATION_PATTERN = new RegExp(
  `^(?=.*[1-9])(?:${COUNT}[smhd]|[Pp](?:${COUNT}[Dd])?(?:[Tt](?=[0-9])(?:${COUNT}[Hh])?(?:${COUNT}[Mm])?(?:${COUNT}[Ss])?)?)$`,
);

const SHORT = /^([0-9.]+)([smhd])$/;
const ISO = /^P(?:([0-9.]+)D)?(?:T(?:([0-9.]+)H)?(?:([0-9.]+)M)?(?:([0-9.]+)S)?)?$/;

/** Parses a duration of {@link DURATION_PATTERN} (surrounding spaces aside) into milliseconds; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  if (!DURATION_PATTERN.test(value)) return undefined;
  const short = SHORT.exec(value);
  if (short) return Math.round(Number(short[1]) * UNIT_MS[short[2] as keyof typeof UNIT_MS]);
  const [, days, hours, minutes, seconds] = ISO.exec(value.toUpperCase())!.map((part) => Number(part ?? 0));
  return Math.round(days! * UNIT_MS.d + hours! * UNIT_MS.h + minutes! * UNIT_MS.m + seconds! * UNIT_MS.s);
}

/** Milliseconds as the shortest duration of {@link DURATION_PATTERN} that names them exactly: `7d`, `36h`, `1.5s`. */
export function formatDuration(ms: number): string {
  const unit = (['d', 'h', 'm', 's'] as const).find((name) => ms % UNIT_MS[name] === 0);
  return unit ? `${ms / UNIT_MS[unit]}${unit}` : `${ms / UNIT_MS.s}s`;
}
