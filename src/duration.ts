const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const SHORT = /^(\d+(?:\.\d+)?)(s|m|h|d)$/;
const ISO = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Parses `30s`, `15m`, `6h`, `7d` or an ISO 8601 duration (`PT15M`, `P7D`, `P1DT12H`) into milliseconds.
 * Returns undefined for anything else, and for zero.
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  const short = SHORT.exec(value);
  if (short) return positive(Number(short[1]) * UNIT_MS[short[2] as keyof typeof UNIT_MS]);
  const iso = ISO.exec(value.toUpperCase());
  if (!iso || value.toUpperCase() === 'P' || value.toUpperCase().endsWith('T')) return undefined;
  const [, days, hours, minutes, seconds] = iso.map((part) => Number(part ?? 0));
  return positive(days! * UNIT_MS.d + hours! * UNIT_MS.h + minutes! * UNIT_MS.m + seconds! * UNIT_MS.s);
}

function positive(ms: number): number | undefined {
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}
