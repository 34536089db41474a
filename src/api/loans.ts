import type { Request } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../config';
import { MAX_REVERIFY_BUSINESS_DAYS, MIN_REVERIFY_BUSINESS_DAYS, todayIn } from '../domain';
import type { LoanServices } from '../loans/loan-services';
import { LoanNotFoundError } from '../loans/loan-not-found';
import { requestTenant } from './auth';
import { ApiError, invalidFields } from './errors';
import { closingDateErrors, closingDateSchema, fieldErrors, loanIdSchema } from './order-schema';

/** `PUT /v1/loans/{loan_id}`: sets, moves (a date) or clears (`null`) the closing date of every order of the loan. */
export const putLoanSchema = z
  .strictObject({
    closing_date: closingDateSchema.nullable(),
    reverify_business_days_before_closing: z
      .int()
      .min(MIN_REVERIFY_BUSINESS_DAYS)
      .max(MAX_REVERIFY_BUSINESS_DAYS)
      .meta({
        description:
          "US federal business days before the closing date; absent: the loan's, else VOIE_REVERIFY_BUSINESS_DAYS",
      })
      .optional(),
  })
  .meta({ id: 'LoanClosing' });

/** The loan routes of the contract: `/v1/loans/{loan_id}`. */
export function loansRouter(deps: {
  config: Config;
  loans: LoanServices;
  /** The API's clock (epoch ms; see `AppDependencies.clock`): the lender's today a closing date is judged against. */
  clock: () => Promise<number>;
}): Router {
  const router = Router();
  const { commands, reads } = deps.loans;
  const { reverifyBusinessDays: businessDays, timeZone } = deps.config;

  router.get('/:loan_id', async (req, res) => {
    res.json(await reads.file(loanIdOf(req), timeZone, requestTenant(res)));
  });

  router.put('/:loan_id', async (req, res) => {
    if (!req.is('application/json')) {
      throw new ApiError(415, 'Unsupported Media Type', 'send Content-Type: application/json');
    }
    const parsed = putLoanSchema.safeParse(req.body);
    if (!parsed.success) throw invalidFields(fieldErrors(parsed.error));
    const now = await deps.clock();
    const tooFar = closingDateErrors(parsed.data.closing_date, todayIn(new Date(now), timeZone));
    if (tooFar.length > 0) throw invalidFields(tooFar);
    const loanId = loanIdOf(req);
    const tenant = requestTenant(res);
    await commands.setClosingDate(loanId, parsed.data, { businessDays, timeZone }, now, tenant);
    res.status(200).json(await reads.file(loanId, timeZone, tenant));
  });

  return router;
}

/** The route's loan id; one no order may carry names no loan. */
function loanIdOf(req: Request<{ loan_id: string }>): string {
  const parsed = loanIdSchema.safeParse(req.params.loan_id);
  if (!parsed.success || parsed.data !== req.params.loan_id) throw new LoanNotFoundError(req.params.loan_id);
  return parsed.data;
}
