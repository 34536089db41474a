/** A `POST /v1/orders` body. Loosely typed on purpose: tests also send bodies voie must refuse. */
export type OrderBody = Record<string, unknown>;

/** The employer of the orders tests and the bench place: the address shape of the providers' own samples. */
export const SAMPLE_EMPLOYER = {
  name: 'Acme Inc',
  address: {
    line1: '1234 Rainbow Road',
    city: 'San Francisco',
    state: 'CA',
    postal_code: '98265',
    country: 'US',
  },
} as const;

let sequence = 0;

/** An external id no other order of this process has (parallel orders in one millisecond included). */
export function freshExternalId(): string {
  sequence += 1;
  return `loan-${Date.now()}-${sequence}`;
}

/** A loan number no other loan of this process has: a test's own loan, whose closing date no other test moves. */
export function freshLoanId(): string {
  sequence += 1;
  return `LN-${Date.now()}-${sequence}`;
}

/**
 * A valid Truework order with a fresh external id, delivering to `callbackUrl`. The simulator's sandbox SSN
 * 000-00-0000 completes; another SSN in `applicant` picks another of its profiles. `overrides` replace top-level
 * fields (`options` whole). No `loan_id`: an order of a loan joins the loan's workflow and shares its closing date,
 * so a test names a loan (one of its own) where it wants one, and a repeated body stays the same body.
 */
export function trueworkOrderBody(
  callbackUrl: string,
  overrides: Record<string, unknown> = {},
  applicant: Record<string, unknown> = {},
): OrderBody {
  return {
    external_id: freshExternalId(),
    provider: 'truework',
    permissible_purpose: 'credit-application',
    applicant: {
      first_name: 'Jane',
      last_name: 'Doe',
      ssn: '000-00-0000',
      date_of_birth: '1990-04-12',
      ...applicant,
    },
    employer: SAMPLE_EMPLOYER,
    callback_url: callbackUrl,
    options: { poll_interval: '1m' },
    ...overrides,
  };
}

/**
 * A valid Truv order with a fresh external id, delivering to `callbackUrl`; the first name picks the simulator's
 * scenario (`Success` completes, `Idle` never acts). `overrides` replace top-level fields.
 */
export function truvOrderBody(
  callbackUrl: string,
  firstName = 'Success',
  overrides: Record<string, unknown> = {},
): OrderBody {
  // Truv takes no permissible purpose, and needs the applicant's email to invite them.
  const { permissible_purpose: _none, ...body } = trueworkOrderBody(
    callbackUrl,
    { provider: 'truv', ...overrides },
    { first_name: firstName, ssn: '991-91-9991', email: 'jane@example.com' },
  );
  return body;
}

/** A sandbox order of `provider` that completes. */
export function completingOrderBody(provider: 'truework' | 'truv', callbackUrl: string): OrderBody {
  return provider === 'truework' ? trueworkOrderBody(callbackUrl) : truvOrderBody(callbackUrl);
}

/** The calendar date (`YYYY-MM-DD`, UTC) `days` from today: closing dates that stay within voie's year ahead. */
export function daysAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
