/** The 2023-10-30 "OutputWrapper" around enum values in REST responses. */
export interface OutputWrapper {
  canonical_value: string;
  raw_value: string;
}

/** Wraps an enum value the way 2023-10-30 responses do; `raw` is the display form, the canonical value by default. */
export function wrap(canonical: string, raw: string = canonical): OutputWrapper {
  return { canonical_value: canonical, raw_value: raw };
}
