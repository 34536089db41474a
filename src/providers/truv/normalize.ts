import type {
  Address,
  NormalizedEmployment,
  NormalizedReport,
  PayUnit,
  ProviderSnapshot,
  ProviderStatus,
} from '../../domain';
import type { TruvAddress, TruvEmployment, TruvOrder, TruvReport } from './schemas';

/** Suborder statuses that end an employer without data. */
const FAILED_STATUSES = ['error', 'no_data', 'skipped'];
/** Suborder statuses that end an employer one way or another. */
const RESOLVED_STATUSES = ['completed', 'canceled', 'expired', ...FAILED_STATUSES];

/** Why a suborder failed, for the LOS; Truv itself gives only the status word. */
const FAILURE_REASONS: Record<string, string> = {
  error: 'the verification attempt failed',
  no_data: 'the payroll provider returned no data',
  skipped: 'the applicant skipped this employer',
};

/**
 * An order's status. Truv documents no order-level status, so it is derived from the order's own timestamps and its
 * employer suborders. An unknown suborder status counts as still open.
 */
export function snapshotOf(order: TruvOrder, now: number = Date.now()): ProviderSnapshot {
  const statuses = suborderStatuses(order);
  const rawStatus = statuses.join(', ') || 'no employers';
  const base = {
    providerOrderId: order.id,
    rawStatus,
    ...shareUrlOf(order),
    reportIds: order.voie_report_id ? [order.voie_report_id] : [],
    correlationIds: correlationIdsOf(order),
  };
  const resolved = statuses.length > 0 && statuses.every((status) => RESOLVED_STATUSES.includes(status));
  if (order.canceled_at || order.status === 'canceled') return { ...base, status: 'canceled' };
  // Whether `is_expired` flips on an order that already completed is undocumented; its data stays available, so a
  // resolved order with a completed employer is completed whatever its expiry date says afterwards.
  if (resolved && statuses.includes('completed')) return { ...base, status: 'completed' };
  if (isExpired(order, now)) {
    return { ...base, status: 'expired', ...(order.expired_at ? { reason: `expired at ${order.expired_at}` } : {}) };
  }
  let status: ProviderStatus;
  let reason: string | undefined;
  if (resolved) {
    if (statuses.every((s) => FAILED_STATUSES.includes(s))) {
      status = 'failed';
      reason = [...new Set(statuses)].map((s) => `${s}: ${FAILURE_REASONS[s] ?? s}`).join('; ');
    } else if (statuses.includes('canceled')) {
      status = 'canceled';
    } else {
      status = 'expired';
    }
  } else if (statuses.includes('sent') || statuses.some((s) => RESOLVED_STATUSES.includes(s))) {
    // Invites are out (or another employer already resolved): the applicant is expected to act.
    status = 'processing';
  } else {
    status = 'pending';
  }
  return { ...base, status, ...(reason ? { reason } : {}) };
}

/**
 * The statuses to reason from: the suborders', or a top-level `status` when the order has no employers (Truv's
 * demo code reads one; no reference example shows it).
 */
function suborderStatuses(order: TruvOrder): string[] {
  const statuses = (order.employers ?? []).map((employer) => (employer.status ?? 'pending').toLowerCase());
  if (statuses.length === 0 && order.status) return [order.status.toLowerCase()];
  return statuses;
}

function isExpired(order: TruvOrder, now: number): boolean {
  if (order.is_expired === true || order.status === 'expired') return true;
  if (!order.expired_at) return false;
  const at = Date.parse(order.expired_at);
  return Number.isFinite(at) && at <= now;
}

function shareUrlOf(order: TruvOrder): { shareUrl?: string } {
  const url = order.share_url || order.short_share_url;
  return url ? { shareUrl: url } : {};
}

/** Task and link webhooks carry only user, link or suborder (`tracking_info`) ids, so the workflow records them. */
function correlationIdsOf(order: TruvOrder): string[] {
  const employers = order.employers ?? [];
  const ids = [
    order.user_id,
    ...employers.map((employer) => employer.link_id),
    ...employers.map((employer) => employer.id),
  ];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0))];
}

/** A user-level VOIE/VOE report in the provider-neutral shape: one employment per employment of every link. */
export function normalizeReport(report: TruvReport): NormalizedReport {
  const employments = (report.links ?? []).flatMap((link) => link.employments ?? []);
  const profile = employments.find((employment) => employment.profile)?.profile;
  return {
    provider: 'truv',
    report_ids: report.report_id ? [report.report_id] : [],
    // last_task_at is when the data was last pulled from payroll: the date the facts are true as of.
    as_of: report.last_task_at ?? report.completed_at ?? report.created_at ?? null,
    employee: { first_name: profile?.first_name ?? null, last_name: profile?.last_name ?? null },
    employments: employments.map(normalizeEmployment),
  };
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
