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

/** One job of the applicant, in a shape every provider maps into. */
export interface NormalizedEmployment {
  employer: { name: string; address?: Address; ein?: string };
  status: (typeof EMPLOYMENT_STATUSES)[number];
  start_date: string | null;
  end_date: string | null;
  position: { title: string | null; employment_type: (typeof EMPLOYMENT_TYPES)[number] | null };
  pay: { rate: number | null; unit: PayUnit | null; frequency: PayUnit | null; hours_per_week: number | null };
  income: NormalizedIncomeYear[];
}

/** The provider-neutral report of the contract. */
export interface NormalizedReport {
  provider: string;
  report_ids: string[];
  as_of: string | null;
  employee: { first_name: string | null; last_name: string | null };
  employments: NormalizedEmployment[];
}

/** The normalized report beside the provider's own (with personal data masked). */
export interface OrderReport {
  normalized: NormalizedReport;
  provider_report: unknown;
}
