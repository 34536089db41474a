import { z } from 'zod';
import { DELIVERY_ATTEMPT_OUTCOMES } from '../delivery-log';
import { DELIVERY_EVENT_TYPES } from '../order-view';
import { orderReportSchema } from './order-report';
import { orderViewSchema } from './order-view';
import { reverificationResultSchema } from './reverification';

export const deliveryPayloadSchema = z
  .strictObject({
    type: z.enum(DELIVERY_EVENT_TYPES),
    timestamp: z.iso.datetime(),
    data: z.strictObject({
      order: orderViewSchema,
      report: orderReportSchema.optional(),
      reverification: reverificationResultSchema.optional(),
    }),
  })
  .meta({ id: 'DeliveryEvent' });

/** The body of one result delivery to the LOS. */
export type DeliveryPayload = z.infer<typeof deliveryPayloadSchema>;

export const deliveryAttemptSchema = z
  .strictObject({
    webhook_id: z.string(),
    type: z.enum(DELIVERY_EVENT_TYPES),
    attempt: z.number().int().min(1),
    at: z.iso.datetime(),
    status: z.number().int().nullable().meta({ description: "The LOS's HTTP status; null when it never answered" }),
    outcome: z.enum(DELIVERY_ATTEMPT_OUTCOMES),
    error: z.string().nullable(),
    redelivery: z.boolean().meta({ description: 'Whether POST /v1/orders/{id}/redeliver asked for it' }),
  })
  .meta({ id: 'DeliveryAttempt' });

/**
 * One attempt at delivering a result event to the LOS, as `GET /v1/orders/{id}/deliveries` lists it. `webhook_id`
 * (Standard Webhooks) is the same on every attempt and redelivery of one event; `attempt` counts from 1 on through
 * retries and redeliveries; `at` is when it ended; `status` is null when the LOS never answered (refused, timed out)
 * or the callback URL was refused.
 */
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;
