import { z } from 'zod';
import { REVERIFICATION_STATUSES } from '../reverification';
import { normalizedReportSchema } from './order-report';

export const reverificationViewSchema = z
  .strictObject({
    closing_date: z.iso
      .date()
      .nullable()
      .meta({ description: 'The closing date it is due for; null for one the LOS ran without a closing date' }),
    due_at: z.iso.datetime(),
    status: z.enum(REVERIFICATION_STATUSES),
    checked_at: z.iso.datetime().nullable(),
    changes: z.array(z.string()),
    reason: z.string().nullable(),
  })
  .meta({ description: 'A re-verification before closing' });

/**
 * The order view's `reverification` block. `due_at` is the start of the due date in the lender's time zone (UTC);
 * `checked_at` is null until the re-check finished; `changes` lists what changed since the original verification
 * (empty unless `changed`); `reason` says why the re-check failed or was canceled.
 */
export type ReverificationView = z.infer<typeof reverificationViewSchema>;

export const reverificationResultSchema = reverificationViewSchema.extend({
  report: normalizedReportSchema.nullable(),
});

/** `data.reverification` of an `order.reverified` delivery: the block and the normalized re-verification report. */
export type ReverificationResult = z.infer<typeof reverificationResultSchema>;
