import { ApplicationFailure } from '@temporalio/common';
import type { CancelReason, ProviderClient } from '../src/providers/provider';
import { ProviderRateLimitedError, ProviderRejectedError, ProviderUnavailableError } from '../src/providers/errors';
import type { OrderReport, OrderRequest, ProviderSnapshot } from '../src/domain';
import { FailureType } from '../workflows/failure-types';

/** Provider operations as activities. Each worker binds them to one provider and serves its task queue. */
export function createProviderActivities(client: ProviderClient) {
  return {
    createProviderOrder: (input: { orderId: string; request: OrderRequest }): Promise<{ providerOrderId: string }> =>
      asActivity(() => client.createOrder(input.request, input.orderId)),
    getProviderOrder: (providerOrderId: string): Promise<ProviderSnapshot> =>
      asActivity(() => client.getOrder(providerOrderId)),
    cancelProviderOrder: (providerOrderId: string, reason: CancelReason): Promise<void> =>
      asActivity(() => client.cancelOrder(providerOrderId, reason)),
    fetchProviderReport: (snapshot: ProviderSnapshot): Promise<OrderReport> =>
      asActivity(() => client.getReport(snapshot)),
  };
}

export type ProviderActivities = ReturnType<typeof createProviderActivities>;

/** Maps the typed provider errors onto Temporal's retry semantics. */
async function asActivity<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ProviderRejectedError) {
      throw ApplicationFailure.create({ type: FailureType.ProviderRejected, message: err.message, nonRetryable: true });
    }
    if (err instanceof ProviderRateLimitedError) {
      throw ApplicationFailure.create({
        type: FailureType.ProviderRateLimited,
        message: err.message,
        nextRetryDelay: err.retryAfterMs,
      });
    }
    if (err instanceof ProviderUnavailableError) {
      throw ApplicationFailure.create({ type: FailureType.ProviderUnavailable, message: err.message });
    }
    // Anything else is voie failing to read what the provider sent (e.g. a field of an unexpected type).
    throw ApplicationFailure.create({
      type: FailureType.ProviderResponseInvalid,
      message: `unexpected provider response: ${err instanceof Error ? err.message : String(err)}`,
      nonRetryable: true,
    });
  }
}
