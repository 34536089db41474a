import type { ProviderPrices } from './provider-prices';

/** A postal address as the LOS sends it. */
export interface Address {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
}

/**
 * The borrower. `ssn` is normalized to `NNN-NN-NNNN` by the API; past the API, in every Temporal payload, `ssn` and
 * `date_of_birth` are sealed (`voie-sealed:…`, see `src/temporal/field-sealer.ts`) and only the provider activities
 * unseal them.
 */
export interface Applicant {
  first_name: string;
  last_name: string;
  ssn: string;
  /**
   * The SSN's last four digits, set by the API at placement: what the order's view shows, since workflows hold the
   * SSN sealed. Absent in orders placed before sealing, whose `ssn` is plain.
   */
  ssn_last4?: string;
  date_of_birth?: string;
  email?: string;
  phone?: string;
}

export interface Employer {
  name: string;
  address?: Address;
}

/** What the LOS asks to verify: employment and income, or employment only (VOE). */
export const VERIFICATION_TYPES = ['employment-income', 'employment'] as const;

export type VerificationType = (typeof VERIFICATION_TYPES)[number];

/** How many employers one order may verify (a second job, or a two-year history). */
export const MAX_EMPLOYERS = 5;

/** The order as the LOS placed it, after validation and with every default resolved. */
export interface OrderRequest {
  external_id: string;
  /** The provider of the order's first step (the only one unless `providers` names more). */
  provider: string;
  /** A provider waterfall: each provider in turn until one verifies. Absent for an order of one provider. */
  providers?: string[];
  /** The named waterfall (`VOIE_WATERFALLS`) the order asked for, whose steps `provider`/`providers` hold. */
  waterfall?: string;
  type: VerificationType;
  permissible_purpose?: string;
  use_case: string;
  loan_id?: string;
  applicant: Applicant;
  /** 1 to `MAX_EMPLOYERS` employers, whichever way the LOS sent them (`employer` or `employers`). */
  employers: Employer[];
  callback_url?: string;
  /** The loan's closing date (`YYYY-MM-DD`, the lender's calendar): voie re-verifies employment before it. */
  closing_date?: string;
}

/** A range of durations, as the LOS writes its ends (`1s`) and in milliseconds. */
export interface DurationBounds {
  min: string;
  max: string;
  minMs: number;
  maxMs: number;
}

/** `options.poll_interval` (and `VOIE_POLL_INTERVAL`): a poll at most every second, at least once a day. */
export const POLL_INTERVAL_BOUNDS: DurationBounds = { min: '1s', max: '24h', minMs: 1_000, maxMs: 86_400_000 };

/** `options.deadline` (and `VOIE_ORDER_DEADLINE`). */
export const DEADLINE_BOUNDS: DurationBounds = { min: '1m', max: '90d', minMs: 60_000, maxMs: 90 * 86_400_000 };

/** `VOIE_REVERIFY_WINDOW`: at least a minute, at most a year (a closing date is at most a year ahead). */
export const REVERIFY_WINDOW_BOUNDS: DurationBounds = {
  min: '1m',
  max: '366d',
  minMs: 60_000,
  maxMs: 366 * 86_400_000,
};

/** How many providers one waterfall may try in turn (`providers`, and a named waterfall's steps). */
export const MAX_WATERFALL_STEPS = 4;

/** A named waterfall's name (`VOIE_WATERFALLS`, an order's `waterfall`). */
export const WATERFALL_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** `options.step_deadline`: at least this, at most the order's deadline. */
export const STEP_DEADLINE_MIN = { text: '10s', ms: 10_000 } as const;

/**
 * The latest closing date voie takes, a year after `today` (the lender's calendar day): the same day of the month a
 * year on, or 28 February for 29 February.
 */
export function latestClosingDate(today: string): string {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const next = `${String(year + 1).padStart(4, '0')}-${today.slice(5)}`;
  return month === 2 && day === 29 ? next.replace(/-29$/, '-28') : next;
}

/** Per-order policy, resolved from the request's `options` and the configured defaults. */
export interface OrderPolicy {
  cancelOnActionRequired: boolean;
  /** First silence (ms) after which the provider is polled. */
  pollIntervalMs: number;
  /** Upper bound (ms) of the poll back-off. */
  pollIntervalMaxMs: number;
  /** Time (ms) from the workflow's start after which a non-terminal order is canceled and ends `expired`. */
  deadlineMs: number;
  /**
   * How many of the order's employers one provider order can take (Truework 1, Truv 5): voie places one provider
   * order per group.
   */
  employersPerProviderOrder: number;
  /** With a waterfall: `employersPerProviderOrder` of each provider. */
  employersPerProviderOrderOf?: Record<string, number>;
  /** With a waterfall: the time (ms) a step may take before voie cancels it and moves on. */
  stepDeadlineMs?: number;
  /** With a named waterfall: each step's own time (ms), by step; a step without one takes `stepDeadlineMs`. */
  stepDeadlinesMs?: (number | null)[];
  /**
   * Providers of the order whose calls go through another provider's account (`ProviderModule.account`), by name:
   * their activities run on that provider's task queue, under its rate limit.
   */
  providerAccounts?: Record<string, string>;
  /**
   * Providers of the order that find nothing without some applicant fields (`ProviderModule.neededApplicantFields`):
   * their step is skipped without a call when one is missing.
   */
  neededApplicantFieldsOf?: Record<string, string[]>;
  /** How many US federal business days before a closing date voie re-verifies (a loan may say otherwise). */
  reverifyBusinessDays: number;
  /** The lender's IANA time zone (`VOIE_TIMEZONE`), in which dates are judged. */
  timeZone: string;
  /** How long (ms) after it completed the order can still be re-verified (`VOIE_REVERIFY_WINDOW`). */
  reverifyWindowMs: number;
  /**
   * US dollars per completed provider order, by price key (`VOIE_PROVIDER_PRICES` at placement, so that a change of
   * prices reprices no order in flight); absent without prices.
   */
  prices?: ProviderPrices;
  /**
   * With reuse on (`options.reuse`, `VOIE_REUSE`): each provider's free re-verification window (ms), for the
   * providers that have one. A step at such a provider re-verifies a verification its tenant already has within that
   * window instead of creating a provider order (`workflows/reuse.ts`). Absent: reuse is off.
   */
  reuseWindowMsOf?: Record<string, number>;
}

/** The one-line summary the Temporal UI shows for an order; no personal data. */
export function orderSummary(request: OrderRequest): string {
  const loan = request.loan_id ? ` · loan ${request.loan_id}` : '';
  return `${request.provider} ${request.type}${loan} · ${request.external_id}`;
}

export function ssnLast4(ssn: string): string {
  return ssn.replace(/\D/g, '').slice(-4);
}

/** The applicant's last four SSN digits: `ssn_last4`, or, for an order placed before sealing, from its plain `ssn`. */
export function applicantSsnLast4(applicant: Applicant): string {
  return applicant.ssn_last4 ?? ssnLast4(applicant.ssn);
}
