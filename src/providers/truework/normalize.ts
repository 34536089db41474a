import type {
  EmployerOutcome,
  EmployerSnapshot,
  GseReference,
  NormalizedEmployment,
  NormalizedReport,
  PayUnit,
  ProviderSnapshot,
  ProviderStatus,
  StepOutcome,
} from '../../domain';
import type { TwOrder, TwReport, TwVerificationRequest } from './schemas';
import { canonical } from './schemas';

const TERMINAL_STATES = ['completed', 'canceled', 'invalid'];

/** Cancellation reasons Truework sets itself when it found no record of the borrower at the employer. */
const NOT_FOUND_REASONS = ['no-match'];

/**
 * An order's status from its verification requests (a Truework order has no state of its own): done when every
 * request is terminal, action-required as soon as one is, and unknown states count as still in progress. A Truework
 * order verifies one employer, so `employers` holds one entry, with that status and the employer's outcome.
 */
export function snapshotOf(order: TwOrder): ProviderSnapshot {
  const requests = order.verification_requests ?? [];
  const states = requests.map((vr) => normalizeState(canonical(vr.state)));
  const reportIds = requests.flatMap((vr) => (vr.reports ?? []).map((report) => report.id));
  const canceled = requests.find((vr) => canonical(vr.state) === 'canceled');
  const cancelReason = canceled
    ? [canonical(canceled.cancellation_reason), canceled.cancellation_details].filter(Boolean).join(': ')
    : undefined;
  let status: ProviderStatus;
  let reason: string | undefined;
  if (states.length > 0 && states.every((state) => TERMINAL_STATES.includes(state))) {
    if (states.includes('completed')) status = 'completed';
    else if (states.includes('canceled')) [status, reason] = ['canceled', cancelReason];
    else [status, reason] = ['failed', 'the verification is invalid: the employee or employer could not be located'];
  } else if (states.includes('action-required')) {
    status = 'action_required';
  } else if (states.includes('processing') || states.some((state) => TERMINAL_STATES.includes(state))) {
    status = 'processing';
  } else {
    status = 'pending';
  }
  const rawStatus = states.join(', ') || 'no verification requests';
  const outcome = employerOutcome(status, canceled, reportIds);
  const employer: EmployerSnapshot = { status, outcome, rawStatus, ...(reason ? { reason } : {}) };
  return {
    providerOrderId: order.id,
    status,
    rawStatus,
    ...(reason ? { reason } : {}),
    reportIds,
    correlationIds: [],
    employers: [employer],
    ...(outcome ? { outcome: STEP_OUTCOME_OF[outcome] } : {}),
  };
}

/**
 * How the order ended, for the waterfall: a Truework order verifies one employer, so the step ends as its employer
 * did. An end without a usable verification that is neither a no-match nor a cancel (a completed verification with
 * no report) is the provider's failure.
 */
const STEP_OUTCOME_OF: Record<EmployerOutcome, StepOutcome> = {
  verified: 'verified',
  not_found: 'not_found',
  canceled: 'canceled',
  failed: 'provider_error',
};

/**
 * What became of the order's employer: verified once completed with a report; not found when Truework canceled it
 * for no match or found it `invalid` (employee or employer could not be located); canceled for any other cancel.
 */
function employerOutcome(
  status: ProviderStatus,
  canceled: TwVerificationRequest | undefined,
  reportIds: string[],
): EmployerOutcome | null {
  switch (status) {
    case 'completed':
      // Truework documents reports on every completed verification; one without is no verification.
      return reportIds.length > 0 ? 'verified' : 'failed';
    case 'canceled':
      return NOT_FOUND_REASONS.includes(canonical(canceled?.cancellation_reason) ?? '') ? 'not_found' : 'canceled';
    case 'failed':
      return 'not_found';
    default:
      return null;
  }
}

/** The `action-requred` spelling appears in Truework's published webhook schema. */
export function normalizeState(state: string | undefined): string {
  if (!state) return 'other';
  return state === 'action-requred' ? 'action-required' : state;
}

/**
 * The reports of one Truework order as one normalized report. `orderType` is the order's `type` (`employment` for a
 * VOE), used for a report that does not state the type of its verification request.
 */
export function normalizeReport(reports: TwReport[], orderType?: string): NormalizedReport {
  const employee = reports[0]?.employee;
  return {
    provider: 'truework',
    report_ids: reports.map((report) => report.id),
    gse: gseReferences(reports),
    as_of: reports.map((report) => report.current_as_of).find(Boolean) ?? null,
    employee: { first_name: employee?.first_name ?? null, last_name: employee?.last_name ?? null },
    employments: reports.map((report) => {
      const type = canonical(report.verification_request?.type) ?? orderType;
      return normalizeEmployment(report, type === 'employment');
    }),
  };
}

/**
 * The Day 1 Certainty reference ids of the reports, for Fannie Mae's DU: per report, the first eligibility of type
 * `d1c` that is eligible and has an id (one verification may carry several reports; each keeps one). Truework has no
 * Freddie Mac program, and `provider` (truework or argyle) only says who issued the id.
 */
function gseReferences(reports: TwReport[]): GseReference[] {
  const references: GseReference[] = [];
  for (const report of reports) {
    const d1c = (report.eligibilities ?? []).find(
      (item) => canonical(item.type) === 'd1c' && item.is_eligible === true && Boolean(item.reference_id),
    );
    const referenceId = d1c?.reference_id;
    if (referenceId && !references.some((reference) => reference.reference_id === referenceId)) {
      references.push({ agency: 'fannie_mae', program: 'd1c', reference_id: referenceId });
    }
  }
  return references;
}

/** One report as an employment; an employment-only (VOE) one has no pay and no income, whatever the report holds. */
function normalizeEmployment(report: TwReport, employmentOnly: boolean): NormalizedEmployment {
  const employee = report.employee ?? {};
  const employer = report.employer ?? {};
  const address = employer.address;
  const position = employee.positions?.[0];
  const salary = employee.salary;
  const status = canonical(employee.status);
  const ein = employer.government_ids?.find((id) => canonical(id.type) === 'us-fein')?.id;
  return {
    employer: {
      name: employer.name ?? 'unknown',
      ...(address
        ? {
            address: {
              line1: address.address ?? undefined,
              line2: address.extended_address ?? undefined,
              city: address.city ?? undefined,
              state: address.country_subdivision_code ?? undefined,
              postal_code: address.postal_code ?? undefined,
              country: address.country_code ?? undefined,
            },
          }
        : {}),
      ...(ein ? { ein } : {}),
    },
    status: status === 'active' ? 'active' : status === 'inactive' ? 'inactive' : 'unknown',
    start_date: employee.hired_date ?? position?.start_date ?? null,
    end_date: employee.termination_date ?? position?.end_date ?? null,
    position: { title: position?.title ?? null, employment_type: employmentType(canonical(position?.employment_type)) },
    pay: employmentOnly ? null : normalizePay(salary),
    income: employmentOnly ? [] : normalizeIncome(employee.earnings),
  };
}

type TwEmployee = NonNullable<TwReport['employee']>;

/** The salary block as pay, each figure null where the report leaves it out. */
function normalizePay(salary: TwEmployee['salary']): NonNullable<NormalizedEmployment['pay']> {
  return {
    rate: money(salary?.pay_rate?.amount),
    unit: payUnit(canonical(salary?.pay_rate?.unit)),
    frequency: payUnit(canonical(salary?.pay_frequency)),
    hours_per_week: money(salary?.hours_per_week),
  };
}

function normalizeIncome(earnings: TwEmployee['earnings']): NormalizedEmployment['income'] {
  return (earnings ?? []).map((year) => ({
    year: Number(year.year),
    base: money(year.base),
    overtime: money(year.overtime),
    commission: money(year.commission),
    bonus: money(year.bonus),
    other: money(year.other),
    total: money(year.total),
  }));
}

type EmploymentType = NormalizedEmployment['position']['employment_type'];

const EMPLOYMENT_TYPES: Record<string, EmploymentType> = {
  'regular-full-time': 'full-time',
  'regular-part-time': 'part-time',
  'contractor-1099': 'contract',
  'no-answer': null,
};

function employmentType(value: string | undefined): EmploymentType {
  if (!value) return null;
  const mapped = EMPLOYMENT_TYPES[value];
  return mapped === undefined ? 'other' : mapped;
}

const PAY_UNITS: Record<string, PayUnit> = {
  annually: 'annual',
  monthly: 'monthly',
  semimonthly: 'semimonthly',
  biweekly: 'biweekly',
  weekly: 'weekly',
  daily: 'daily',
  hourly: 'hourly',
};

function payUnit(value: string | undefined): PayUnit | null {
  return value ? (PAY_UNITS[value] ?? 'other') : null;
}

/** Truework sends money and hours as decimal strings. */
export function money(value: string | number | null | undefined): number | null {
  if (value == null || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}
