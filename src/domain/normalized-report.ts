/** The enumerations of the normalized report (`contract/order-report.ts`). */
export const PAY_UNITS = [
  'annual',
  'monthly',
  'semimonthly',
  'biweekly',
  'weekly',
  'daily',
  'hourly',
  'other',
] as const;

export type PayUnit = (typeof PAY_UNITS)[number];

export const EMPLOYMENT_STATUSES = ['active', 'inactive', 'unknown'] as const;

export const EMPLOYMENT_TYPES = ['full-time', 'part-time', 'contract', 'other'] as const;

export const GSE_AGENCIES = ['fannie_mae', 'freddie_mac'] as const;

/** Fannie Mae's Day 1 Certainty, Freddie Mac's Asset and Income Modeler, or another program. */
export const GSE_PROGRAMS = ['d1c', 'aim', 'other'] as const;
