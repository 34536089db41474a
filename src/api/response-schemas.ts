import { z } from 'zod';

/**
 * What the API answers, as zod schemas: they document the responses in `/openapi.json`, and the tests parse real
 * responses with them, so the document cannot drift from what voie sends.
 */
const status = z.enum([
  'creating',
  'pending',
  'processing',
  'action_required',
  'completed',
  'canceled',
  'expired',
  'failed',
]);

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
  source: z.enum(['webhook', 'poll', 'api', 'system']),
  type: z.string(),
  status: status.optional(),
  detail: z.string().optional(),
});

export const orderViewSchema = z.strictObject({
  id: z.string().regex(/^vo_[0-9a-f]{24}$/),
  external_id: z.string(),
  provider: z.string(),
  provider_order_id: z.string().nullable(),
  status,
  type: z.enum(['employment-income', 'employment']),
  loan_id: z.string().nullable(),
  applicant: z.strictObject({ first_name: z.string(), last_name: z.string(), ssn_last4: z.string().length(4) }),
  employer: z.strictObject({ name: z.string() }),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  events: z.array(timelineEventSchema),
  applicant_action: z.strictObject({ share_url: z.url() }).nullable(),
  result: z
    .strictObject({
      error: z.strictObject({ reason: z.string(), provider_status: z.string().optional() }).optional(),
      delivery: z.strictObject({
        state: z.enum(['none', 'pending', 'delivered', 'failed', 'stopped']),
        last_event: z.string().optional(),
        attempts: z.number().int(),
        last_status: z.number().int().nullable().optional(),
        last_error: z.string().optional(),
        next_attempt_at: z.iso.datetime().nullable().optional(),
      }),
    })
    .nullable(),
});

const money = z.number().nullable();

export const normalizedReportSchema = z.strictObject({
  provider: z.string(),
  report_ids: z.array(z.string()),
  as_of: z.string().nullable(),
  employee: z.strictObject({ first_name: z.string().nullable(), last_name: z.string().nullable() }),
  employments: z.array(
    z.strictObject({
      employer: z.strictObject({ name: z.string(), address: address.optional(), ein: z.string().optional() }),
      status: z.enum(['active', 'inactive', 'unknown']),
      start_date: z.string().nullable(),
      end_date: z.string().nullable(),
      position: z.strictObject({
        title: z.string().nullable(),
        employment_type: z.enum(['full-time', 'part-time', 'contract', 'other']).nullable(),
      }),
      pay: z.strictObject({
        rate: money,
        unit: z.string().nullable(),
        frequency: z.string().nullable(),
        hours_per_week: money,
      }),
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
  id: z.string(),
  external_id: z.string().nullable(),
  provider: z.string().nullable(),
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
});

/** A result delivery's body, as the LOS receives it. */
export const deliverySchema = z.strictObject({
  type: z.enum([
    'order.created',
    'order.action_required',
    'order.completed',
    'order.canceled',
    'order.expired',
    'order.failed',
  ]),
  timestamp: z.iso.datetime(),
  data: z.strictObject({ order: orderViewSchema, report: reportSchema.optional() }),
});
