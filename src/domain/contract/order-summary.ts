import { z } from 'zod';
import { ORDER_ID_PATTERN } from '../order-id';
import { ORDER_STATUSES } from '../order-status';
import { providerNameSchema } from './provider-name';

export const orderSummarySchema = z.strictObject({
  id: z.string().regex(ORDER_ID_PATTERN),
  external_id: z.string().nullable(),
  provider: providerNameSchema.nullable(),
  provider_order_id: z.string().nullable(),
  status: z.enum(ORDER_STATUSES).nullable(),
  loan_id: z.string().nullable(),
  created_at: z.iso.datetime().nullable(),
  closed_at: z.iso.datetime().nullable(),
});

/** A row of `GET /v1/orders`, read from Temporal's visibility store (search attributes only). */
export type OrderSummary = z.infer<typeof orderSummarySchema>;
