import { z } from 'zod';

/**
 * The parts of Truework's 2023-10-30 API voie reads, as zod schemas the client parses every answer with. They are
 * tolerant: every field but an id may be missing or null, numbers may come as decimal strings or numbers, and fields
 * voie does not read pass through untouched (they reach the LOS in `provider_report`).
 */

const text = z.string().nullish();
/** Money, hours and years: Truework writes decimal strings; a number reads as well. */
const decimal = z.union([z.string(), z.number()]).nullish();

/** An enum output: wrapped in the API (`canonical_value`, `raw_value`), a plain string in webhooks and older shapes. */
const wrapped = z.union([z.string(), z.looseObject({ canonical_value: text, raw_value: text })]).nullish();
export type Wrapped = z.output<typeof wrapped>;

const address = z.looseObject({
  address: text,
  extended_address: text,
  city: text,
  country_subdivision_code: text,
  postal_code: text,
  country_code: text,
});
export type TwAddress = z.output<typeof address>;

/** A program the report is eligible for, with the id to give the agency (`d1c`: Fannie Mae Day 1 Certainty). */
const eligibility = z.looseObject({
  is_eligible: z.boolean().nullish(),
  provider: wrapped,
  type: wrapped,
  reference_id: text,
});

export const twReportSchema = z.looseObject({
  id: z.string(),
  current_as_of: text,
  /** The verification the report answers; its `type` says whether income was asked for. */
  verification_request: z.looseObject({ id: text, type: wrapped }).nullish(),
  /** Required in Truework's schema, but null or empty when the report is eligible for nothing. */
  eligibilities: z.array(eligibility).nullish(),
  employer: z
    .looseObject({
      name: text,
      address: address.nullish(),
      government_ids: z.array(z.looseObject({ id: text, type: wrapped })).nullish(),
    })
    .nullish(),
  employee: z
    .looseObject({
      first_name: text,
      last_name: text,
      status: wrapped,
      hired_date: text,
      termination_date: text,
      positions: z
        .array(z.looseObject({ title: text, start_date: text, end_date: text, employment_type: wrapped }))
        .nullish(),
      salary: z
        .looseObject({
          pay_rate: z.looseObject({ amount: decimal, unit: wrapped }).nullish(),
          pay_frequency: wrapped,
          hours_per_week: decimal,
        })
        .nullish(),
      earnings: z
        .array(
          z.looseObject({
            year: decimal,
            base: decimal,
            overtime: decimal,
            commission: decimal,
            bonus: decimal,
            other: decimal,
            total: decimal,
          }),
        )
        .nullish(),
    })
    .nullish(),
});
export type TwReport = z.output<typeof twReportSchema>;

const verificationRequest = z.looseObject({
  id: z.string(),
  type: wrapped,
  state: wrapped,
  cancellation_reason: wrapped,
  cancellation_details: text,
  reports: z.array(twReportSchema).nullish(),
});
export type TwVerificationRequest = z.output<typeof verificationRequest>;

export const twOrderSchema = z.looseObject({
  id: z.string(),
  search_key: text,
  target_employer: z.looseObject({ type: wrapped, metadata: z.record(z.string(), z.unknown()).nullish() }).nullish(),
  /** Set on an order `POST /orders/reverification` made: the order whose report it re-verifies. */
  reverification: z.looseObject({ parent_order_id: text }).nullish(),
  verification_requests: z.array(verificationRequest).nullish(),
});
export type TwOrder = z.output<typeof twOrderSchema>;

/** A page of `GET /orders`. */
export const twOrderListSchema = z.looseObject({
  count: z.number().nullish(),
  results: z.array(twOrderSchema).nullish(),
});
export type TwOrderList = z.output<typeof twOrderListSchema>;

/** The canonical value of a wrapper (or the plain string of older shapes and webhooks). */
export function canonical(value: Wrapped): string | undefined {
  if (value == null) return undefined;
  if (typeof value === 'string') return value;
  return value.canonical_value ?? value.raw_value ?? undefined;
}
