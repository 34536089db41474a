import { z } from 'zod';
import type { Paths } from './openapi';
import { json } from './openapi-json-schema';
import { putLoanSchema } from './loans';
import { loanIdSchema } from './order-schema';
import { loanFileSchema } from './response-schemas';

/**
 * The loan's routes: its closing date, which every order of the loan follows, and its loan file. `common` are the
 * answers every `/v1` route may give (401, 429, 503); `problem` describes a problem+json answer.
 */
export function loanRoutes(
  common: Record<string, unknown>,
  problem: (description: string) => Record<string, unknown>,
): Paths {
  const loanIdParameter = z.strictObject({ loan_id: loanIdSchema });
  const file = { description: 'the loan file', content: json(loanFileSchema) };
  const notFound = problem('no order with this loan_id');
  return {
    '/v1/loans/{loan_id}': {
      get: {
        operationId: 'getLoan',
        tags: ['loans'],
        summary: 'Read the loan file: its orders, their re-verifications, whether the loan is ready to close',
        requestParams: { path: loanIdParameter },
        responses: { '200': file, '404': notFound, ...common },
      },
      put: {
        operationId: 'putLoan',
        tags: ['loans'],
        summary:
          'Set, move or clear (null) the closing date of every order of the loan, and of every order placed later ' +
          'with its loan_id',
        requestParams: { path: loanIdParameter },
        requestBody: { required: true, content: json(putLoanSchema) },
        responses: {
          '200': file,
          '400': problem('invalid fields, each named in errors'),
          '404': notFound,
          '413': problem('body over 1 MiB'),
          '415': problem('body is not JSON'),
          ...common,
        },
      },
    },
  };
}
