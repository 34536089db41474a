import { z } from 'zod';
import { ORDER_ID_PATTERN } from '../order-id';
import { VERIFICATION_TYPES } from '../order-request';
import { ORDER_STATUSES } from '../order-status';
import { DELIVERY_STATES, EVENT_SOURCES } from '../order-view';
import { EMPLOYER_OUTCOMES } from '../provider-snapshot';
import { STEP_OUTCOMES } from '../step-outcome';
import { providerNameSchema } from './provider-name';
import { reverificationViewSchema } from './reverification';

const status = z.enum(ORDER_STATUSES);

/** A bill in US dollars; null where no price is set for what was bought. */
export function estimatedCost(what: string) {
  return z
    .number()
    .min(0)
    .nullable()
    .meta({
      description:
        `${what}, in US dollars; 0 when nothing completed. Null without prices, or when something bought has no ` +
        'price',
    });
}

export const timelineEventSchema = z.strictObject({
  at: z.iso.datetime(),
  source: z.enum(EVENT_SOURCES),
  type: z.string(),
  status: status.optional(),
  detail: z.string().optional(),
  /** On `api` events: the tenant whose API key asked. */
  tenant: z.string().optional(),
});

/** One line of the order's timeline, as the LOS sees it in `events`. */
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const employmentViewSchema = z.strictObject({
  employer: z.strictObject({ name: z.string() }),
  provider_order_id: z.string().nullable(),
  status,
  outcome: z
    .enum(EMPLOYER_OUTCOMES)
    .nullable()
    .meta({ description: 'Null while the provider is still at work on this employer' }),
});

/** One employer of the order and where its verification stands. */
export type EmploymentView = z.infer<typeof employmentViewSchema>;

export const attemptViewSchema = z.strictObject({
  provider: providerNameSchema,
  provider_order_id: z.string().nullable(),
  status,
  outcome: z.enum(STEP_OUTCOMES).nullable().meta({ description: 'Null while the step runs' }),
  started_at: z.iso.datetime(),
  ended_at: z.iso.datetime().nullable(),
  reason: z.string().nullable(),
  estimated_cost: estimatedCost(
    "What the step's completed provider orders cost at the prices of the order's placement (VOIE_PROVIDER_PRICES)",
  ),
  reused: z
    .string()
    .nullable()
    .meta({
      description:
        'The order (vo_…) whose verification this step re-verified instead of creating a provider order ' +
        '(options.reuse); null when the step created its own',
    }),
});

/** One provider step of the order: one per provider a waterfall tried (an order of one provider has one). */
export type AttemptView = z.infer<typeof attemptViewSchema>;

export const deliveryStatusSchema = z.strictObject({
  state: z.enum(DELIVERY_STATES),
  last_event: z.string().optional(),
  attempts: z
    .number()
    .int()
    .meta({ description: 'The attempts at delivering last_event so far (1 when it landed at its first try)' }),
  last_status: z.number().int().nullable().optional(),
  last_error: z.string().optional(),
  next_attempt_at: z.iso.datetime().nullable().optional(),
});

/** How result delivery to the LOS stands: `stopped` after a 410, `failed` after the last attempt. */
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const orderResultSchema = z.strictObject({
  error: z.strictObject({ reason: z.string(), provider_status: z.string().optional() }).optional(),
  delivery: deliveryStatusSchema,
});

/** How the order ended (`error` unless verified) and how its result's delivery stands. */
export type OrderResult = z.infer<typeof orderResultSchema>;

export const orderViewSchema = z
  .strictObject({
    id: z.string().regex(ORDER_ID_PATTERN),
    external_id: z.string(),
    provider: providerNameSchema,
    provider_order_id: z.string().nullable(),
    waterfall: z
      .string()
      .nullable()
      .meta({ description: 'The named waterfall (VOIE_WATERFALLS) the order asked for; null otherwise' }),
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
    result: orderResultSchema.nullable(),
    closing_date: z.iso.date().nullable().meta({ description: "The loan's closing date, or the order's own" }),
    completed_at: z.iso.datetime().nullable(),
    reverifiable_until: z.iso.datetime().nullable().meta({
      description: 'Until when the completed order can be re-verified (VOIE_REVERIFY_WINDOW after it completed)',
    }),
    reverification: reverificationViewSchema
      .nullable()
      .meta({ description: 'The current re-verification (scheduled, running or last run); null when there is none' }),
    reverifications: z
      .array(reverificationViewSchema)
      .meta({ description: 'Every re-verification, oldest first, the current one last' }),
    estimated_cost: estimatedCost(
      "What the order's completed provider orders cost (every step's, and the re-checks of its re-verifications) at the " +
        'prices of its placement (VOIE_PROVIDER_PRICES)',
    ),
  })
  .meta({ id: 'Order' });

/** The contract's order as `GET /v1/orders/{id}` returns it. Never holds the full SSN. */
export type OrderView = z.infer<typeof orderViewSchema>;
