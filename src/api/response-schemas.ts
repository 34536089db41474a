import { z } from 'zod';
import {
  DELIVERY_ATTEMPT_OUTCOMES,
  DELIVERY_EVENT_TYPES,
  DELIVERY_STATES,
  EMPLOYER_OUTCOMES,
  EMPLOYMENT_STATUSES,
  EMPLOYMENT_TYPES,
  EVENT_SOURCES,
  GSE_AGENCIES,
  GSE_PROGRAMS,
  ORDER_ID_PATTERN,
  ORDER_STATUSES,
  PAY_UNITS,
  REVERIFICATION_STATUSES,
  STEP_OUTCOMES,
  VERIFICATION_TYPES,
} from '../domain';
import { PROVIDER_NAMES } from '../providers/registry';

/**
 * What the API answers, as zod schemas: they document the responses in `/openapi.json`, and the tests parse real
 * responses with them, so the document cannot drift from what voie sends.
 */
const status = z.enum(ORDER_STATUSES);
const provider = z.enum(PROVIDER_NAMES);

const address = z.strictObject({
  line1: z.string().optional(),
  line2: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postal_code: z.string().optional(),
  country: z.string().optional(),
});

export const timelineEventSchema = z.strictObject({
  at: z.iso.datetime(),
  source: z.enum(EVENT_SOURCES),
  type: z.string(),
  status: status.optional(),
  detail: z.string().optional(),
});

/** One employer of the order and where its verification stands. */
export const employmentViewSchema = z.strictObject({
  employer: z.strictObject({ name: z.string() }),
  provider_order_id: z.string().nullable(),
  status,
  outcome: z
    .enum(EMPLOYER_OUTCOMES)
    .nullable()
    .meta({ description: 'Null while the provider is still at work on this employer' }),
});

/** One provider step of the order. */
export const attemptViewSchema = z.strictObject({
  provider,
  provider_order_id: z.string().nullable(),
  status,
  outcome: z.enum(STEP_OUTCOMES).nullable().meta({ description: 'Null while the step runs' }),
  started_at: z.iso.datetime(),
  ended_at: z.iso.datetime().nullable(),
  reason: z.string().nullable(),
});

export const reverificationViewSchema = z
  .strictObject({
    due_at: z.iso.datetime(),
    status: z.enum(REVERIFICATION_STATUSES),
    checked_at: z.iso.datetime().nullable(),
    changes: z.array(z.string()),
    reason: z.string().nullable(),
  })
  .meta({ description: 'The re-verification before closing; null without a closing_date' });

export const orderViewSchema = z.strictObject({
  id: z.string().regex(ORDER_ID_PATTERN),
  external_id: z.string(),
  provider,
  provider_order_id: z.string().nullable(),
  status,
  type: z.enum(VERIFICATION_TYPES),
  loan_id: z.string().nullable(),
  applicant: z.strictObject({ first_name: z.string(), last_name: z.string(), ssn_last4: z.string().length(4) }),
  employer: z.strictObject({ name: z.string() }).meta({ description: "The first employer's name" }),
  employments: z.array(employmentViewSchema).meta({ description: 'One per employer, in the order they were sent' }),
  attempts: z.array(attemptViewSchema).meta({
    description:
      'Every provider step so far, in order: one per provider a waterfall tried (an order of one provider has one). ' +
      '`provider` and `provider_order_id` above are the current step’s',
  }),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  events: z.array(timelineEventSchema),
  applicant_action: z.strictObject({ share_url: z.url() }).nullable(),
  result: z
    .strictObject({
      error: z.strictObject({ reason: z.string(), provider_status: z.string().optional() }).optional(),
      delivery: z.strictObject({
        state: z.enum(DELIVERY_STATES),
        last_event: z.string().optional(),
        attempts: z.number().int(),
        last_status: z.number().int().nullable().optional(),
        last_error: z.string().optional(),
        next_attempt_at: z.iso.datetime().nullable().optional(),
      }),
    })
    .nullable(),
  reverification: reverificationViewSchema.nullable(),
});

const money = z.number().nullable();

export const normalizedReportSchema = z.strictObject({
  provider,
  report_ids: z.array(z.string()),
  gse: z
    .array(
      z.strictObject({
        agency: z.enum(GSE_AGENCIES),
        program: z.enum(GSE_PROGRAMS),
        reference_id: z.string(),
      }),
    )
    .meta({ description: 'The reference ids a lender submits to Fannie Mae and Freddie Mac; empty when none' }),
  as_of: z.string().nullable(),
  employee: z.strictObject({ first_name: z.string().nullable(), last_name: z.string().nullable() }),
  employments: z.array(
    z.strictObject({
      employer: z.strictObject({ name: z.string(), address: address.optional(), ein: z.string().optional() }),
      status: z.enum(EMPLOYMENT_STATUSES),
      start_date: z.string().nullable(),
      end_date: z.string().nullable(),
      position: z.strictObject({
        title: z.string().nullable(),
        employment_type: z.enum(EMPLOYMENT_TYPES).nullable(),
      }),
      pay: z
        .strictObject({
          rate: money,
          unit: z.enum(PAY_UNITS).nullable(),
          frequency: z.enum(PAY_UNITS).nullable(),
          hours_per_week: money,
        })
        .nullable()
        .meta({ description: 'Null in an employment-only (VOE) report' }),
      income: z.array(
        z.strictObject({
          year: z.number().int(),
          base: money,
          overtime: money,
          commission: money,
          bonus: money,
          other: money,
          total: money,
        }),
      ),
    }),
  ),
});

export const reportSchema = z.strictObject({ normalized: normalizedReportSchema, provider_report: z.unknown() });

export const orderSummarySchema = z.strictObject({
  id: z.string().regex(ORDER_ID_PATTERN),
  external_id: z.string().nullable(),
  provider: provider.nullable(),
  provider_order_id: z.string().nullable(),
  status: status.nullable(),
  loan_id: z.string().nullable(),
  created_at: z.iso.datetime().nullable(),
  closed_at: z.iso.datetime().nullable(),
});

export const orderListSchema = z.strictObject({
  data: z.array(orderSummarySchema),
  next_cursor: z.string().nullable(),
});

export const problemSchema = z.strictObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
  correlation_id: z
    .string()
    .optional()
    .meta({ description: "The request's correlation id, also in the `X-Request-Id` header and in voie's logs" }),
});

/** `GET /healthz`: the process serves HTTP. */
export const healthSchema = z.strictObject({ status: z.literal('ok') });

/** `GET /readyz`: whether the API reaches Temporal. */
export const readinessSchema = z.union([
  z.strictObject({ status: z.literal('ready') }),
  z.strictObject({ status: z.literal('unavailable'), detail: z.string() }),
]);

/** What a provider's webhook gets once voie has it (handed to the order, or known to concern none). */
export const webhookReceiptSchema = z.strictObject({ received: z.literal(true) });

/** Temporal's remote codec protocol: payloads with base64 metadata values and data, both ways. */
export const codecPayloadsSchema = z.strictObject({
  payloads: z.array(z.strictObject({ metadata: z.record(z.string(), z.string()), data: z.string() })),
});

/** A result delivery's body, as the LOS receives it. */
export const deliverySchema = z.strictObject({
  type: z.enum(DELIVERY_EVENT_TYPES),
  timestamp: z.iso.datetime(),
  data: z.strictObject({
    order: orderViewSchema,
    report: reportSchema.optional(),
    reverification: reverificationViewSchema.extend({ report: normalizedReportSchema.nullable() }).optional(),
  }),
});

/** `GET /v1/orders/{id}/deliveries`: every attempt at delivering the order's result events, oldest first. */
export const deliveryLogSchema = z.strictObject({
  data: z.array(
    z.strictObject({
      webhook_id: z.string(),
      type: z.enum(DELIVERY_EVENT_TYPES),
      attempt: z.number().int().min(1),
      at: z.iso.datetime(),
      status: z.number().int().nullable().meta({ description: "The LOS's HTTP status; null when it never answered" }),
      outcome: z.enum(DELIVERY_ATTEMPT_OUTCOMES),
      error: z.string().nullable(),
      redelivery: z.boolean().meta({ description: 'Whether POST /v1/orders/{id}/redeliver asked for it' }),
    }),
  ),
});

/** `POST /v1/orders/{id}/redeliver`: the event that goes out again, under its original `webhook-id`. */
export const redeliveryAcceptedSchema = z.strictObject({
  webhook_id: z.string(),
  type: z.enum(DELIVERY_EVENT_TYPES),
});
