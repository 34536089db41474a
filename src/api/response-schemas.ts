import { z } from 'zod';
import { deliveryAttemptSchema, deliveryPayloadSchema } from '../domain/contract/delivery';
import { orderReportSchema } from '../domain/contract/order-report';
import { orderSummarySchema } from '../domain/contract/order-summary';

/**
 * What the API answers, as zod schemas: they document the responses in `/openapi.json`, and the tests parse real
 * responses with them, so the document cannot drift from what voie sends. The contract's shapes (order view, report,
 * delivery) are the domain's own schemas (`src/domain/contract/`), the ones the workflow's types are inferred from.
 */
export {
  attemptViewSchema,
  employmentViewSchema,
  orderViewSchema,
  timelineEventSchema,
} from '../domain/contract/order-view';
export { normalizedReportSchema } from '../domain/contract/order-report';
export { loanFileOrderSchema, loanFileSchema } from '../domain/contract/loan-file';
export { orderSummarySchema } from '../domain/contract/order-summary';
export { reverificationViewSchema } from '../domain/contract/reverification';

/** `GET /v1/orders/{id}/report`. */
export const reportSchema = orderReportSchema;

/** A result delivery's body, as the LOS receives it. */
export const deliverySchema = deliveryPayloadSchema;

export const orderListSchema = z
  .strictObject({
    data: z.array(orderSummarySchema),
    next_cursor: z.string().nullable(),
  })
  .meta({ id: 'OrderList' });

export const problemSchema = z
  .strictObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
    correlation_id: z
      .string()
      .optional()
      .meta({ description: "The request's correlation id, also in the `X-Request-Id` header and in voie's logs" }),
  })
  .meta({ id: 'Problem' });

/** `GET /healthz`: the process serves HTTP. */
export const healthSchema = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' });

/** `GET /readyz`: whether the API reaches Temporal. */
export const readinessSchema = z
  .union([
    z.strictObject({ status: z.literal('ready') }),
    z.strictObject({ status: z.literal('unavailable'), detail: z.string() }),
  ])
  .meta({ id: 'Readiness' });

/** What a provider's webhook gets once voie has it (handed to the order, or known to concern none). */
export const webhookReceiptSchema = z.strictObject({ received: z.literal(true) }).meta({ id: 'WebhookReceipt' });

/** Temporal's remote codec protocol: payloads with base64 metadata values and data, both ways. */
export const codecPayloadsSchema = z
  .strictObject({
    payloads: z.array(z.strictObject({ metadata: z.record(z.string(), z.string()), data: z.string() })),
  })
  .meta({ id: 'CodecPayloads' });

/** `GET /v1/orders/{id}/deliveries`: every attempt at delivering the order's result events, oldest first. */
export const deliveryLogSchema = z.strictObject({ data: z.array(deliveryAttemptSchema) }).meta({ id: 'DeliveryLog' });

/** `POST /v1/orders/{id}/redeliver`: the event that goes out again, under its original `webhook-id`. */
export const redeliveryAcceptedSchema = deliveryAttemptSchema
  .pick({ webhook_id: true, type: true })
  .meta({ id: 'RedeliveryAccepted' });
