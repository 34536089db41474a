import { z } from 'zod';
import { twOrderSchema } from '../truework/schemas';

/**
 * A Truework order as an employer search shows it: the order of every other Truework shape, with its
 * `employer_search` mode object (its request's echo, metadata included) where a target-employer order has
 * `target_employer`.
 */
export const twSearchOrderSchema = twOrderSchema.extend({
  employer_search: z.looseObject({ metadata: z.record(z.string(), z.unknown()).nullish() }).nullish(),
});
export type TwSearchOrder = z.output<typeof twSearchOrderSchema>;

/** A page of `GET /orders`, read as employer searches. */
export const twSearchOrderListSchema = z.looseObject({
  count: z.number().nullish(),
  results: z.array(twSearchOrderSchema).nullish(),
});
