import { z } from 'zod';
import { gseReferenceSchema } from './order-report';
import { estimatedCost, orderViewSchema } from './order-view';

export const loanFileOrderSchema = orderViewSchema
  .pick({
    id: true,
    external_id: true,
    status: true,
    type: true,
    applicant: true,
    employments: true,
    reverification: true,
    estimated_cost: true,
  })
  .meta({ description: 'One order of the loan, as its order view has it' });

/** One order of a loan file: the order view's fields a closer reads. */
export type LoanFileOrder = z.infer<typeof loanFileOrderSchema>;

export const loanFileSchema = z
  .strictObject({
    loan_id: z.string(),
    closing_date: z.string().nullable().meta({ format: 'date', description: 'Null until the LOS sets one' }),
    reverification_due_at: z.iso
      .datetime()
      .nullable()
      .meta({ description: "The start of the re-verification's due day (UTC); null without a closing date" }),
    orders: z.array(loanFileOrderSchema),
    gse: z.array(gseReferenceSchema).meta({ description: 'The agency reference ids of every order of the loan' }),
    estimated_cost: estimatedCost("The sum of the loan's orders' estimated costs (null when one of them is null)"),
    ready_to_close: z.boolean().meta({
      description:
        'A closing date is set, at least one order the LOS did not cancel, and every such order completed with a ' +
        'verified employment and a verified re-verification checked on or after the start of the due day',
    }),
    blocking: z
      .array(z.string())
      .meta({ description: 'Why the loan is not ready, one line per order (or for the loan); empty when ready' }),
  })
  .meta({ id: 'LoanFile' });

/** `GET /v1/loans/{loan_id}` and `PUT /v1/loans/{loan_id}`: the loan file. */
export type LoanFile = z.infer<typeof loanFileSchema>;
