/** A postal address as the LOS sends it. */
export interface Address {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
}

/** The borrower. `ssn` is always normalized to `NNN-NN-NNNN`. */
export interface Applicant {
  first_name: string;
  last_name: string;
  ssn: string;
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

/** The order as the LOS placed it, after validation and with every default resolved. */
export interface OrderRequest {
  external_id: string;
  provider: string;
  type: VerificationType;
  permissible_purpose?: string;
  use_case: string;
  loan_id?: string;
  applicant: Applicant;
  employer: Employer;
  callback_url?: string;
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
}

/** The one-line summary the Temporal UI shows for an order; no personal data. */
export function orderSummary(request: OrderRequest): string {
  const loan = request.loan_id ? ` · loan ${request.loan_id}` : '';
  return `${request.provider} ${request.type}${loan} · ${request.external_id}`;
}

export function ssnLast4(ssn: string): string {
  return ssn.replace(/\D/g, '').slice(-4);
}
