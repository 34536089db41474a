import type { Address } from './order-request';

export interface NormalizedIncomeYear {
  year: number;
  base: number | null;
  overtime: number | null;
  commission: number | null;
  bonus: number | null;
  other: number | null;
  total: number | null;
}

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

/** The pay of a job; null in an employment-only (VOE) report. */
export interface NormalizedPay {
  rate: number | null;
  unit: PayUnit | null;
  frequency: PayUnit | null;
  hours_per_week: number | null;
}

/** One job of the applicant, in a shape every provider maps into. */
export interface NormalizedEmployment {
  employer: { name: string; address?: Address; ein?: string };
  status: (typeof EMPLOYMENT_STATUSES)[number];
  start_date: string | null;
  end_date: string | null;
  position: { title: string | null; employment_type: (typeof EMPLOYMENT_TYPES)[number] | null };
  pay: NormalizedPay | null;
  /** Empty in an employment-only (VOE) report. */
  income: NormalizedIncomeYear[];
}

export const GSE_AGENCIES = ['fannie_mae', 'freddie_mac'] as const;

/** Fannie Mae's Day 1 Certainty, Freddie Mac's Asset and Income Modeler, or another program. */
export const GSE_PROGRAMS = ['d1c', 'aim', 'other'] as const;

/** A reference id a lender submits to an agency (Fannie Mae DU, Freddie Mac LPA) so it can validate the report. */
export interface GseReference {
  agency: (typeof GSE_AGENCIES)[number];
  program: (typeof GSE_PROGRAMS)[number];
  reference_id: string;
}

/** The provider-neutral report of the contract. */
export interface NormalizedReport {
  provider: string;
  report_ids: string[];
  /** The agencies' reference ids the provider gave; empty when it gave none. */
  gse: GseReference[];
  as_of: string | null;
  employee: { first_name: string | null; last_name: string | null };
  employments: NormalizedEmployment[];
}

/** The normalized report beside the provider's own (with personal data masked). */
export interface OrderReport {
  normalized: NormalizedReport;
  provider_report: unknown;
}
