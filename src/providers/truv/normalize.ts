import type { Address, GseReference, NormalizedEmployment, NormalizedReport, PayUnit } from '../../domain';
import type { TruvAddress, TruvEmployment, TruvReport } from './schemas';

/** How a report is read: an employment-only (VOE) one never carries pay or income, whatever Truv sent. */
export interface ReportReading {
  employmentOnly: boolean;
}

/**
 * A user-level VOIE/VOE report in the provider-neutral shape: one employment per employment of every link, so every
 * employer the borrower connected (one link each) is in it.
 */
export function normalizeReport(report: TruvReport, reading: ReportReading): NormalizedReport {
  const employments = (report.links ?? []).flatMap((link) => link.employments ?? []);
  const profile = employments.find((employment) => employment.profile)?.profile;
  const reportIds = report.report_id ? [report.report_id] : [];
  return {
    provider: 'truv',
    report_ids: reportIds,
    gse: reportIds.flatMap(gseReferencesOf),
    // last_task_at is when the data was last pulled from payroll: the date the facts are true as of.
    as_of: report.last_task_at ?? report.completed_at ?? report.created_at ?? null,
    employee: { first_name: profile?.first_name ?? null, last_name: profile?.last_name ?? null },
    employments: employments.map((employment) => {
      const normalized = normalizeEmployment(employment);
      return reading.employmentOnly ? { ...normalized, pay: null, income: [] } : normalized;
    }),
  };
}

/**
 * Truv gives one report id for both agencies: the lender submits the same VOIE/VOE report id to Fannie Mae's DU (Day
 * 1 Certainty) and to Freddie Mac's LPA (AIM), with `Truv` as the vendor (lender-features B4). Each report id is
 * therefore listed once per agency.
 */
function gseReferencesOf(reportId: string): GseReference[] {
  return [
    { agency: 'fannie_mae', program: 'd1c', reference_id: reportId },
    { agency: 'freddie_mac', program: 'aim', reference_id: reportId },
  ];
}

function normalizeEmployment(employment: TruvEmployment): NormalizedEmployment {
  const company = employment.company ?? {};
  const address = company.address ? addressOf(company.address) : undefined;
  // `income` is the base pay in `income_unit` (e.g. 52000 YEARLY); `pay_rate` is what one pay period pays (e.g.
  // 2000 every BW), so it stands in only when `income` is missing.
  const rate = money(employment.income) ?? money(employment.pay_rate);
  return {
    employer: {
      name: company.name ?? 'unknown',
      ...(address ? { address } : {}),
      ...(company.ein ? { ein: company.ein } : {}),
    },
    status: employment.is_active === true ? 'active' : employment.is_active === false ? 'inactive' : 'unknown',
    start_date: employment.start_date ?? null,
    end_date: employment.end_date ?? null,
    position: { title: employment.job_title ?? null, employment_type: employmentType(employment.job_type) },
    pay: {
      rate,
      unit: rate === null ? null : unitOf(employment.income_unit),
      frequency: frequencyOf(employment.pay_frequency),
      hours_per_week: null,
    },
    income: (employment.annual_income_summary ?? []).map((year) => ({
      year: Number(year.year),
      base: money(year.regular),
      overtime: money(year.overtime),
      commission: money(year.commission),
      bonus: money(year.bonus),
      other: money(year.other_pay),
      total: money(year.gross_pay),
    })),
  };
}

function addressOf(address: TruvAddress): Address {
  return {
    line1: address.street ?? undefined,
    city: address.city ?? undefined,
    state: address.state ?? undefined,
    postal_code: address.zip ?? undefined,
    country: address.country ?? undefined,
  };
}

const JOB_TYPES: Record<string, NormalizedEmployment['position']['employment_type']> = {
  F: 'full-time',
  P: 'part-time',
  C: 'contract',
};

function employmentType(jobType: string | null | undefined): NormalizedEmployment['position']['employment_type'] {
  if (!jobType) return null;
  return JOB_TYPES[jobType.toUpperCase()] ?? 'other';
}

// The documented values are the first five; the others are spellings a tolerant reader costs nothing to accept.
const INCOME_UNITS: Record<string, PayUnit> = {
  YEARLY: 'annual',
  MONTHLY: 'monthly',
  WEEKLY: 'weekly',
  DAILY: 'daily',
  HOURLY: 'hourly',
  ANNUALLY: 'annual',
  SEMIMONTHLY: 'semimonthly',
  BIWEEKLY: 'biweekly',
};

function unitOf(value: string | null | undefined): PayUnit | null {
  return value ? (INCOME_UNITS[value.toUpperCase()] ?? 'other') : null;
}

const PAY_FREQUENCIES: Record<string, PayUnit> = {
  M: 'monthly',
  SM: 'semimonthly',
  W: 'weekly',
  BW: 'biweekly',
  A: 'annual',
};

function frequencyOf(value: string | null | undefined): PayUnit | null {
  return value ? (PAY_FREQUENCIES[value.toUpperCase()] ?? 'other') : null;
}

/** Truv sends money as decimal strings. */
export function money(value: string | number | null | undefined): number | null {
  if (value == null || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** Keys whose values never leave voie whole: the contract forbids the full SSN in any response. */
const SSN_KEYS = new Set(['ssn', 'social_security_number']);
/** Credentials Truv puts in some link objects (needed for refreshes, not for the LOS). */
const SECRET_KEYS = new Set(['access_token']);

/** A copy of a Truv payload fit to hand to the LOS: SSNs reduced to their last four digits, tokens removed. */
export function redactReport<T>(value: T): T {
  return redact(value) as T;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (SECRET_KEYS.has(key)) continue;
    copy[key] = SSN_KEYS.has(key) && typeof child === 'string' ? maskSsn(child) : redact(child);
  }
  return copy;
}

function maskSsn(ssn: string): string {
  const digits = ssn.replace(/\D/g, '');
  return digits.length >= 4 ? `***-**-${digits.slice(-4)}` : '***-**-****';
}
