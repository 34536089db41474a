/**
 * Sandbox scenarios and report fixtures for the Truework simulator, modelled on Truework's documented sandbox test
 * SSNs (target-employer orders) and the 2023-10-30 report shape.
 *
 * How a sandbox order ends:
 * - by the target's SSN, as in Truework's sandbox: `000-00-0000`..`0007` complete with the profile of that number,
 *   `000-01-XXXX` end canceled with reason `no-match`, `000-03-XXXX` stay in action-required until canceled;
 * - `000-00-0008` (voie's own convention; Truework's sandbox returns no D1C reference id) completes with a report
 *   eligible for Fannie Mae Day 1 Certainty: its `eligibilities[]` holds a `d1c` item with a `reference_id`;
 * - `000-00-0009` (voie's own convention; no sandbox SSN covers reverification) is a borrower who leaves the job
 *   once verified: their first order at an employer completes active, and every later verification at that employer
 *   (a reverification of the report, or a new order) reports them inactive, terminated on the day it completes;
 * - by the employer's name, whatever the SSN (voie's own convention, so that one loan can have an employer that
 *   verifies and one that does not): a company whose name contains "no match" (any case, e.g. "No Match Corp") ends
 *   canceled with reason `no-match`, like `000-01-XXXX`.
 */

import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { addDays, cents, DAY_MS, isoDate, parseDate } from '../kit/fixture-math';
import type { OutputWrapper } from './output-wrapper';
import { wrap } from './output-wrapper';
import type { Employment, PayFrequency } from './sandbox-profiles';
import { PROFILES } from './sandbox-profiles';

/** A postal address as reports and order echoes carry it. */
export interface SandboxAddress {
  address: string | null;
  extended_address: string | null;
  city: string | null;
  country_subdivision_code: string | null;
  country_code: string | null;
  postal_code: string | null;
}

/**
 * How a sandbox order ends, chosen by the target's SSN; also what the state file keeps of it, so a scenario read
 * back must still be one this module can play out (a profile that no longer exists would make the completing step
 * throw inside a timer).
 */
export const sandboxScenarioSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('completed'),
    profileIndex: z.int().refine((index) => PROFILES[index] !== undefined, 'no such sandbox profile'),
  }),
  z.object({ outcome: z.literal('canceled') }),
  z.object({ outcome: z.literal('action-required') }),
]);

/** How a sandbox order ends, chosen by the target's SSN. */
export type SandboxScenario = z.infer<typeof sandboxScenarioSchema>;

/** How an order for `companyName` ends, when its name picks the scenario instead of the SSN. */
export function employerScenario(companyName: string): SandboxScenario | undefined {
  return /no[\s-]*match/i.test(companyName) ? { outcome: 'canceled' } : undefined;
}

/** One year of earnings; every amount is a decimal string. */
export interface SandboxEarnings {
  year: string;
  base: string;
  overtime: string;
  commission: string;
  bonus: string;
  other: string;
  total: string;
}

/** One paystub; amounts are decimal strings, components that were not paid are null. */
export interface SandboxPaystub {
  id: string;
  pay_date: string;
  pay_period_start_date: string;
  pay_period_end_date: string;
  pay_period_hours: string;
  gross: string;
  net: string;
  base: string;
  overtime: string | null;
  bonus: string | null;
  commission: string | null;
  other: string | null;
  reference_id: string | null;
}

/** A D1C eligibility of a report: the reference id a lender gives Fannie Mae's DU. */
export interface SandboxEligibility {
  is_eligible: boolean;
  reference_id: string;
  provider: OutputWrapper;
  type: OutputWrapper;
}

/**
 * A completed report in the 2023-10-30 shape (`OrderVerificationReportResourceV20231030`). An employment-only
 * (VOE) report has `salary`, `earnings` and `paystubs` null.
 */
export interface SandboxReport {
  id: string;
  created: string;
  completed: string;
  current_as_of: string;
  completed_by_method: OutputWrapper;
  verification_request: { id: string; type: string; created: string };
  employer: {
    name: string;
    address: SandboxAddress;
    government_ids: { id: string; type: OutputWrapper }[];
  };
  employee: {
    first_name: string;
    last_name: string;
    email: string | null;
    address: SandboxAddress;
    social_security_number: string;
    status: OutputWrapper;
    status_detail: OutputWrapper;
    hired_date: string;
    original_hired_date: string;
    termination_date: string | null;
    on_leave_date: string | null;
    positions: { title: string; start_date: string; end_date: string | null; employment_type: OutputWrapper }[];
    salary: {
      pay_rate: { amount: string; unit: OutputWrapper };
      pay_frequency: OutputWrapper;
      hours_per_week: string;
      reduced_covid: 'yes' | 'no' | 'unknown';
    } | null;
    earnings: SandboxEarnings[] | null;
  };
  paystubs: SandboxPaystub[] | null;
  respondent: null;
  additional_notes: string | null;
  annotations: null;
  applicant_documents: unknown[];
  disputes: unknown[];
  eligibilities: SandboxEligibility[];
  financial_institution_accounts: unknown[];
  income_analytics: null;
}

/** What the report builder needs from the order. */
export interface SandboxReportInput {
  ssnLast4: string;
  employerName: string;
  employerAddress: SandboxAddress | null;
  verificationRequest: { id: string; type: string; created: string };
  /** Completion time; "current as of", YTD earnings and paystub dates are derived from it. */
  now: Date;
  /** The borrower left the jobs they held, on the day of `now` (a later verification of a profile that departs). */
  departed?: boolean;
  newId: () => string;
}

const DEFAULT_EMPLOYER_ADDRESS: SandboxAddress = {
  address: '1 Market St',
  extended_address: 'Suite 400',
  city: 'San Francisco',
  country_subdivision_code: 'CA',
  country_code: 'US',
  postal_code: '94105',
};

/** SSN digits without separators, or null when the value is not shaped like an SSN (dashed or 9 digits). */
export function normalizeSsn(ssn: string): string | null {
  const trimmed = ssn.trim();
  return /^\d{3}-\d{2}-\d{4}$/.test(trimmed) || /^\d{9}$/.test(trimmed) ? trimmed.replace(/-/g, '') : null;
}

/** The scenario a normalized (9-digit) sandbox SSN selects, or null when it is not a sandbox test value. */
export function sandboxScenario(digits: string): SandboxScenario | null {
  const area = digits.slice(0, 3);
  const group = digits.slice(3, 5);
  const serial = digits.slice(5);
  if (area !== '000') return null;
  if (group === '00' && /^000\d$/.test(serial)) return { outcome: 'completed', profileIndex: Number(serial) };
  if (group === '01') return { outcome: 'canceled' };
  if (group === '03') return { outcome: 'action-required' };
  return null;
}

/**
 * What an employer search (Truework Instant) finds for a normalized SSN: `000-10-000N` completes with the
 * `000-00-000N` profile (for the profiles the sandbox documents, 0–7); `000-11-XXXX`, and every other SSN, finds
 * nothing (canceled), as a search of the Instant database finds nothing for a borrower it does not hold.
 */
export function instantScenario(digits: string): SandboxScenario {
  const serial = digits.slice(5);
  if (digits.startsWith('00010') && /^000[0-7]$/.test(serial)) {
    return { outcome: 'completed', profileIndex: Number(serial) };
  }
  return { outcome: 'canceled' };
}

/** The employer an employer search finds for a sandbox borrower: the search names none, so the sandbox's own. */
export const INSTANT_EMPLOYER_NAME = 'Acme Inc';

/** `***-**-NNNN`, the only form in which an SSN ever leaves the simulator. */
export function maskSsn(digits: string): string {
  return `***-**-${digits.slice(-4)}`;
}

/**
 * Builds the reports a completed sandbox verification carries: one per employment of the profile, without pay data
 * when the verification is employment-only (`type: employment`).
 */
export function buildSandboxReports(profileIndex: number, input: SandboxReportInput): SandboxReport[] {
  const profile = PROFILES[profileIndex];
  if (!profile) throw new Error(`No sandbox profile ${profileIndex}`);
  const completed = input.now.toISOString();
  const today = isoDate(input.now);
  const withIncome = input.verificationRequest.type !== 'employment';
  const employments = input.departed
    ? profile.employments.map((job) => (job.active ? { ...job, active: false, end: today } : job))
    : profile.employments;
  return employments.map((job) => {
    const rehired = employments.find((other) => other !== job && other.start < job.start);
    const paidThrough = job.end ?? (job.onLeave ? onLeaveDate(today) : today);
    const payFrequency = FREQUENCY_WRAPPERS[job.frequency];
    return {
      id: input.newId(),
      created: completed,
      completed,
      current_as_of: today,
      completed_by_method: wrap('instant'),
      verification_request: { ...input.verificationRequest },
      employer: {
        name: input.employerName,
        address: input.employerAddress ?? { ...DEFAULT_EMPLOYER_ADDRESS },
        government_ids: [{ id: '12-3456789', type: wrap('us-fein', 'FEIN') }],
      },
      employee: {
        first_name: profile.firstName,
        last_name: profile.lastName,
        email: null,
        address: { ...profile.address },
        social_security_number: `***-**-${input.ssnLast4}`,
        status: job.active ? wrap('active', 'Active') : wrap('inactive', 'Inactive'),
        status_detail: { ...job.statusDetail },
        hired_date: job.start,
        original_hired_date: rehired ? rehired.start : job.start,
        termination_date: job.end,
        on_leave_date: job.onLeave ? paidThrough : null,
        positions: [
          {
            title: job.title,
            start_date: job.start,
            end_date: job.end,
            employment_type: job.partTime
              ? wrap('regular-part-time', 'Part Time')
              : wrap('regular-full-time', 'Full Time'),
          },
        ],
        salary: withIncome
          ? {
              pay_rate: {
                amount: cents(job.pay.amountCents),
                unit: job.pay.unit === 'annually' ? wrap('annually', 'Annual') : wrap('hourly', 'Hourly'),
              },
              pay_frequency: payFrequency,
              hours_per_week: String(job.hoursPerWeek),
              reduced_covid: 'no',
            }
          : null,
        earnings: withIncome ? yearlyEarnings(job, paidThrough) : null,
      },
      paystubs: withIncome ? paystubs(job, paidThrough, input.newId) : null,
      respondent: null,
      additional_notes: null,
      annotations: null,
      applicant_documents: [],
      disputes: [],
      eligibilities: profile.d1cEligible ? [d1cEligibility()] : [],
      financial_institution_accounts: [],
      income_analytics: null,
    };
  });
}

/** An eligible D1C item, its reference id shaped like the composed example of the notes (the real format is opaque). */
function d1cEligibility(): SandboxEligibility {
  return {
    is_eligible: true,
    reference_id: `TW-D1C-${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`,
    provider: wrap('truework'),
    type: wrap('d1c'),
  };
}

const FREQUENCY_WRAPPERS: Record<PayFrequency, OutputWrapper> = {
  weekly: wrap('weekly', 'Weekly'),
  biweekly: wrap('biweekly', 'Bi-Weekly'),
  semimonthly: wrap('semimonthly', 'Semi-Monthly'),
};

function onLeaveDate(today: string): string {
  const date = new Date(parseDate(today));
  return isoDate(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 2, 1)));
}

function annualBaseCents(job: Employment): number {
  return job.pay.unit === 'annually' ? job.pay.amountCents : job.pay.amountCents * job.hoursPerWeek * 52;
}

/** The last three calendar years worked, newest first, prorated by days employed in each. */
function yearlyEarnings(job: Employment, paidThrough: string): SandboxEarnings[] {
  const startYear = Number(job.start.slice(0, 4));
  // A termination on Jan 1 means the last paid year is the one before.
  const lastDay = job.end ? addDays(job.end, -1) : paidThrough;
  const endYear = Number(lastDay.slice(0, 4));
  const years: SandboxEarnings[] = [];
  for (let year = endYear; year >= Math.max(startYear, endYear - 2); year--) {
    const from = Math.max(parseDate(`${year}-01-01`), parseDate(job.start));
    const to = Math.min(parseDate(`${year}-12-31`), parseDate(lastDay));
    const fraction = Math.max(0, (to - from) / DAY_MS + 1) / (isLeap(year) ? 366 : 365);
    const base = Math.round(annualBaseCents(job) * fraction);
    const overtime = Math.round(base * job.overtimeRate);
    const commission = Math.round(base * job.commissionRate);
    const bonus = Math.round(base * job.bonusRate);
    years.push({
      year: String(year),
      base: cents(base),
      overtime: cents(overtime),
      commission: cents(commission),
      bonus: cents(bonus),
      other: '0.00',
      total: cents(base + overtime + commission + bonus),
    });
  }
  return years;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The two latest pay periods paid on or before `paidThrough`, newest first. */
function paystubs(job: Employment, paidThrough: string, newId: () => string): SandboxPaystub[] {
  const periods = payPeriods(job, paidThrough).slice(0, 2);
  const periodsPerYear = { weekly: 52, biweekly: 26, semimonthly: 24 }[job.frequency];
  const hours = (job.hoursPerWeek * 52) / periodsPerYear;
  return periods.map(({ start, end, payDate }) => {
    const base = Math.round(annualBaseCents(job) / periodsPerYear);
    const overtime = Math.round(base * job.overtimeRate);
    const commission = Math.round(base * job.commissionRate);
    const gross = base + overtime + commission;
    return {
      id: newId(),
      pay_date: payDate,
      pay_period_start_date: start,
      pay_period_end_date: end,
      pay_period_hours: hours.toFixed(2),
      gross: cents(gross),
      // Flat 24% withholding: close enough for a fixture.
      net: cents(gross * 0.76),
      base: cents(base),
      overtime: overtime > 0 ? cents(overtime) : null,
      bonus: null,
      commission: commission > 0 ? cents(commission) : null,
      other: null,
      reference_id: null,
    };
  });
}

function payPeriods(job: Employment, paidThrough: string): { start: string; end: string; payDate: string }[] {
  const periods: { start: string; end: string; payDate: string }[] = [];
  if (job.frequency === 'semimonthly') {
    // 1st–15th paid on the 15th, 16th–month end paid on the last day.
    const limit = new Date(parseDate(paidThrough));
    let year = limit.getUTCFullYear();
    let month = limit.getUTCMonth();
    while (periods.length < 3) {
      const monthStart = isoDate(new Date(Date.UTC(year, month, 1)));
      const monthEnd = isoDate(new Date(Date.UTC(year, month + 1, 0)));
      const mid = isoDate(new Date(Date.UTC(year, month, 15)));
      for (const period of [
        { start: addDays(mid, 1), end: monthEnd, payDate: monthEnd },
        { start: monthStart, end: mid, payDate: mid },
      ]) {
        if (period.payDate <= paidThrough && period.start >= job.start) periods.push(period);
      }
      month -= 1;
      if (month < 0) {
        month = 11;
        year -= 1;
      }
      if (monthEnd < job.start) break;
    }
    return periods;
  }
  const length = job.frequency === 'weekly' ? 7 : 14;
  // Periods are anchored on the hire date; pay lands five days after a period closes.
  const span = Math.floor((parseDate(paidThrough) - parseDate(job.start)) / DAY_MS);
  for (let index = Math.floor(span / length); index >= 0 && periods.length < 3; index--) {
    const start = addDays(job.start, index * length);
    const end = addDays(start, length - 1);
    const payDate = addDays(end, 5);
    if (payDate <= paidThrough) periods.push({ start, end, payDate });
  }
  return periods;
}
