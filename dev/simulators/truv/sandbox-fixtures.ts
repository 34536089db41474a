/**
 * Applicant journeys and report data for the Truv simulator. Truv's sandbox drives outcomes by the payroll login the
 * applicant types into Bridge (goodlogin/goodpassword, …/mfa, any other login → login_error); the simulator has no
 * Bridge, so the applicant on the order picks the journey instead.
 */

import { z } from 'zod';
import { addDays, cents, isoDate } from '../kit/fixture-math';

/** How the simulated applicant behaves once the order's invite is sent. */
export type TruvScenario = 'success' | 'mfa' | 'login-error' | 'no-data' | 'departed' | 'idle';

/** One row of {@link TRUV_SCENARIOS}. */
export interface TruvScenarioRow {
  scenario: TruvScenario;
  /** What on the order selects it. */
  trigger: string;
  /** The suborder's end and the events on the way, after `order-created` and `order-status-updated sent`. */
  journey: string;
}

/**
 * The scenario table. The first name decides (case-insensitive); otherwise the sandbox SSN 991-91-9991 succeeds and
 * every other applicant stays idle.
 *
 * | first name   | SSN         | journey                                                                              |
 * |--------------|-------------|--------------------------------------------------------------------------------------|
 * | `Success`    | 991-91-9991 | task new → login → link-connected → parse → data events → full_parse → done → completed → certification-completed → order-finalized |
 * | `Mfa`        |             | as Success with task `mfa` after `login`                                              |
 * | `LoginError` |             | task new → login → login_error, then a second task succeeds as Success                |
 * | `NoData`     |             | task new → login → link-connected → parse → no_data → suborder `no_data` → order-finalized |
 * | `Departed`   |             | as Success; a data refresh of the order then finds the employment ended               |
 * | `Idle`, other|             | nothing: the suborder stays `sent` until canceled (or expired with `expireAfterMs`)   |
 *
 * An order with several employers plays one journey per employer, one after the other (see `employerScenario`: an
 * employer whose company name starts with a scenario word plays that one); every suborder is `sent` first, and
 * `certification-completed` (when one completed) and `order-finalized` (when none stays idle) come once at the end.
 * An employment-only order (`products: ["employment"]`) plays the same journeys; its reports carry no pay.
 *
 * A data refresh (`POST /v1/orders/{id}/`) of a completed employer plays task new (same link) → login → link-connected
 * → parse → data events → full_parse → done → completed → order-finalized on the new order. Its data is the same as
 * before, except for a `Departed` employer: the employment is then inactive, ended on the day of the refresh.
 */
export const TRUV_SCENARIOS: readonly TruvScenarioRow[] = [
  {
    scenario: 'success',
    trigger: 'first name "Success", or SSN 991-91-9991 with any first name not listed here',
    journey:
      'task new, login, link-connected, task parse, employment/profile/statements/shifts/bank-accounts-created, task full_parse, done, suborder completed, certification-completed, order-finalized',
  },
  { scenario: 'mfa', trigger: 'first name "Mfa"', journey: 'as success, with task mfa after login' },
  {
    scenario: 'login-error',
    trigger: 'first name "LoginError"',
    journey: 'task new, login, login_error; then a second task (same link) that succeeds as success',
  },
  {
    scenario: 'no-data',
    trigger: 'first name "NoData"',
    journey: 'task new, login, link-connected, task parse, no_data, suborder no_data, order-finalized',
  },
  {
    scenario: 'departed',
    trigger: 'first name "Departed" (voie\'s own: no Truv sandbox login covers a refresh)',
    journey: 'as success; a data refresh of the order then reports the employment inactive, ended that day',
  },
  {
    scenario: 'idle',
    trigger: 'first name "Idle", or any other applicant',
    journey: 'none: the suborder stays sent until canceled, or expires when the simulator has expireAfterMs',
  },
];

const BY_FIRST_NAME: Record<string, TruvScenario> = {
  success: 'success',
  mfa: 'mfa',
  loginerror: 'login-error',
  nodata: 'no-data',
  departed: 'departed',
  idle: 'idle',
};

/** A scenario read back from a state file: one the simulator can still play out. */
export const truvScenarioSchema = z.custom<TruvScenario>(
  (value) => TRUV_SCENARIOS.some((row) => row.scenario === value),
  'unknown scenario',
);

/** Truv's universal sandbox SSN for the goodlogin credentials. */
export const SANDBOX_SSN = '991919991';

/** The scenario an applicant selects (see {@link TRUV_SCENARIOS}). */
export function scenarioFor(firstName: string, ssnDigits: string | null): TruvScenario {
  return BY_FIRST_NAME[firstName.trim().toLowerCase()] ?? (ssnDigits === SANDBOX_SSN ? 'success' : 'idle');
}

/**
 * The scenario one employer of the order plays: the one its company name starts with (`NoData Corp`, `Mfa Inc`,
 * `Idle LLC`, case-insensitive, the word as in the first-name column), else the applicant's. So one order can have
 * employer 0 complete and employer 1 end `no_data`.
 */
export function employerScenario(companyName: string | null, applicantScenario: TruvScenario): TruvScenario {
  const firstWord = (companyName ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return BY_FIRST_NAME[firstWord] ?? applicantScenario;
}

/** An address in Truv's shape. */
export interface FixtureAddress {
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
}

/** One employment of a report, in the user-report shape (money as decimal strings). */
export interface FixtureEmployment {
  id: string;
  is_active: boolean;
  job_title: string;
  job_type: string;
  start_date: string;
  original_hire_date: string;
  end_date: string | null;
  external_last_updated: string;
  dates_from_statements: boolean;
  income?: string;
  income_unit?: string;
  pay_rate?: string;
  pay_frequency?: string;
  manager_name: string | null;
  derived_fields: string[];
  missing_data_fields: string[];
  profile: {
    id: string;
    first_name: string;
    last_name: string;
    full_name: string;
    middle_initials: string | null;
    email: string | null;
    ssn: string;
    date_of_birth: string;
    home_address: FixtureAddress;
  };
  company: { name: string; address: FixtureAddress; phone: string; ein: string };
  statements?: FixtureStatement[];
  annual_income_summary?: FixtureAnnualIncome[];
  bank_accounts?: FixtureBankAccount[];
  w2s?: FixtureW2[];
}

export interface FixtureStatement {
  id: string;
  pay_date: string;
  period_start: string;
  period_end: string;
  check_number: string;
  gross_pay: string;
  gross_pay_ytd: string;
  net_pay: string;
  net_pay_ytd: string;
  regular: string;
  overtime: string;
  bonus: string;
  commission: string;
  other_pay: string;
  hours: string;
  basis_of_pay: string;
  earnings: { name: string; amount: string; category: string; rate: string | null; units: string | null }[];
  file: string;
}

export interface FixtureAnnualIncome {
  year: number;
  gross_pay: string;
  net_pay: string;
  regular: string;
  overtime: string;
  bonus: string;
  commission: string;
  other_pay: string;
}

export interface FixtureBankAccount {
  bank_name: string;
  account_type: string;
  account_number: string;
  routing_number: string;
  deposit_type: string;
  deposit_value: string;
}

export interface FixtureW2 {
  year: number;
  wages: string;
  federal_tax: string;
  social_security_tax: string;
  medicare_tax: string;
  file: string;
}

/** What the applicant and the order say, folded into the payroll data. */
export interface EmploymentInput {
  firstName: string;
  lastName: string;
  email: string | null;
  /** The SSN as the report shows it (the simulator never keeps an applicant's full SSN). */
  profileSsn: string;
  companyName: string | null;
  companyAddress: FixtureAddress | null;
  now: Date;
  newId: () => string;
  /** The applicant left this job on the day of `now`: the employment is inactive and ends then. */
  ended?: boolean;
}

// One full-time associate paid bi-weekly: $2,000 regular plus $120 overtime a period, a $1,500 bonus each December.
const START_DATE = '2021-03-01';
const REGULAR_CENTS = 200_000;
const OVERTIME_CENTS = 12_000;
const BONUS_CENTS = 150_000;
const WITHHOLDING = 0.24;

const DEFAULT_COMPANY_ADDRESS: FixtureAddress = {
  street: '2455 Paces Ferry Rd',
  city: 'Atlanta',
  state: 'GA',
  zip: '30339',
  country: 'US',
};

/** Number of shifts the shifts-created event reports (shifts are not part of the VOIE report). */
export const FIXTURE_SHIFT_COUNT = 40;

/** The employment a completed connection yields. */
export function buildEmployment(input: EmploymentInput): FixtureEmployment {
  const today = isoDate(input.now);
  const pays = payDates(today);
  const statements = pays.slice(-6).reverse();
  const currentYear = input.now.getUTCFullYear();
  return {
    id: input.newId(),
    is_active: !input.ended,
    job_title: 'Sales Associate',
    job_type: 'F',
    start_date: START_DATE,
    original_hire_date: START_DATE,
    end_date: input.ended ? today : null,
    external_last_updated: today,
    dates_from_statements: false,
    income: cents(REGULAR_CENTS * 26),
    income_unit: 'YEARLY',
    pay_rate: cents(REGULAR_CENTS),
    pay_frequency: 'BW',
    manager_name: null,
    derived_fields: [],
    missing_data_fields: [],
    profile: {
      id: input.newId(),
      first_name: input.firstName,
      last_name: input.lastName,
      full_name: `${input.firstName} ${input.lastName}`,
      middle_initials: null,
      email: input.email,
      ssn: input.profileSsn,
      date_of_birth: '1992-03-03',
      home_address: { street: '1 Peachtree St', city: 'Atlanta', state: 'GA', zip: '30303', country: 'US' },
    },
    company: {
      name: input.companyName ?? 'Home Depot',
      address: input.companyAddress ?? { ...DEFAULT_COMPANY_ADDRESS },
      phone: '4045550100',
      ein: '12-3456789',
    },
    statements: statements.map((payDate) => statement(payDate, pays, input.newId)),
    annual_income_summary: [currentYear, currentYear - 1, currentYear - 2]
      .filter((year) => year >= Number(START_DATE.slice(0, 4)))
      .map((year) => annualIncome(year, pays)),
    bank_accounts: [
      {
        bank_name: 'Truv Bank',
        account_type: 'C',
        account_number: '16002600',
        routing_number: '123456789',
        deposit_type: 'P',
        deposit_value: '100.00',
      },
    ],
    w2s: [currentYear - 1, currentYear - 2].map((year) => w2(year, pays, input.newId)),
  };
}

/** The employment-only (VOE) view of an employment: no pay, statements or accounts. */
export function employmentOnly(employment: FixtureEmployment): FixtureEmployment {
  const copy = structuredClone(employment);
  delete copy.income;
  delete copy.income_unit;
  delete copy.pay_rate;
  delete copy.pay_frequency;
  delete copy.statements;
  delete copy.annual_income_summary;
  delete copy.bank_accounts;
  delete copy.w2s;
  return copy;
}

/** Every pay date from the hire date to today: 14-day periods, paid five days after each closes. */
function payDates(today: string): string[] {
  const dates: string[] = [];
  for (let start = START_DATE; ; start = addDays(start, 14)) {
    const payDate = addDays(start, 13 + 5);
    if (payDate > today) return dates;
    dates.push(payDate);
  }
}

function periodCents(payDate: string): { regular: number; overtime: number; bonus: number; gross: number } {
  // The last pay date of each December carries the bonus.
  const bonus =
    payDate.slice(5, 7) === '12' && addDays(payDate, 14).slice(0, 4) !== payDate.slice(0, 4) ? BONUS_CENTS : 0;
  return { regular: REGULAR_CENTS, overtime: OVERTIME_CENTS, bonus, gross: REGULAR_CENTS + OVERTIME_CENTS + bonus };
}

function statement(payDate: string, pays: string[], newId: () => string): FixtureStatement {
  const period = periodCents(payDate);
  const ytdGross = pays
    .filter((date) => date.slice(0, 4) === payDate.slice(0, 4) && date <= payDate)
    .reduce((sum, date) => sum + periodCents(date).gross, 0);
  const id = newId();
  return {
    id,
    pay_date: payDate,
    period_start: addDays(payDate, -18),
    period_end: addDays(payDate, -5),
    check_number: String(10_000 + pays.indexOf(payDate)),
    gross_pay: cents(period.gross),
    gross_pay_ytd: cents(ytdGross),
    net_pay: cents(period.gross * (1 - WITHHOLDING)),
    net_pay_ytd: cents(ytdGross * (1 - WITHHOLDING)),
    regular: cents(period.regular),
    overtime: cents(period.overtime),
    bonus: cents(period.bonus),
    commission: '0.00',
    other_pay: '0.00',
    hours: '82.00',
    basis_of_pay: 'S',
    earnings: [
      { name: 'Regular', amount: cents(period.regular), category: 'regular', rate: null, units: '80.00' },
      { name: 'Overtime', amount: cents(period.overtime), category: 'overtime', rate: '40.00', units: '2.00' },
      ...(period.bonus > 0
        ? [{ name: 'Annual Bonus', amount: cents(period.bonus), category: 'bonus', rate: null, units: null }]
        : []),
    ],
    file: `https://cdn.truv.com/statements/${id}.pdf`,
  };
}

function annualIncome(year: number, pays: string[]): FixtureAnnualIncome {
  const periods = pays.filter((date) => Number(date.slice(0, 4)) === year).map(periodCents);
  const sum = (pick: (p: ReturnType<typeof periodCents>) => number) => periods.reduce((total, p) => total + pick(p), 0);
  const gross = sum((p) => p.gross);
  return {
    year,
    gross_pay: cents(gross),
    net_pay: cents(gross * (1 - WITHHOLDING)),
    regular: cents(sum((p) => p.regular)),
    overtime: cents(sum((p) => p.overtime)),
    bonus: cents(sum((p) => p.bonus)),
    commission: '0.00',
    other_pay: '0.00',
  };
}

function w2(year: number, pays: string[], newId: () => string): FixtureW2 {
  const wages = pays.filter((date) => Number(date.slice(0, 4)) === year).reduce((s, d) => s + periodCents(d).gross, 0);
  return {
    year,
    wages: cents(wages),
    federal_tax: cents(wages * 0.12),
    social_security_tax: cents(wages * 0.062),
    medicare_tax: cents(wages * 0.0145),
    file: `https://cdn.truv.com/w2s/${newId()}.pdf`,
  };
}
