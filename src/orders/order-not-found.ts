import { WorkflowNotFoundError } from '@temporalio/client';

/**
 * The order does not exist: no workflow has its id (or the id is not one voie hands out). The one way the order
 * services say "not found"; the API answers it with `404` (`src/api/errors.ts`).
 */
export class OrderNotFoundError extends Error {
  override name = 'OrderNotFoundError';
  constructor(readonly orderId: string) {
    super(`no order ${orderId}`);
  }
}

/** Runs a call on the order's workflow, saying a missing workflow as `OrderNotFoundError`. */
export async function ofOrder<T>(orderId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new OrderNotFoundError(orderId);
    throw err;
  }
}
