import { Context } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type {
  CancelReason,
  PlacedOrder,
  ProviderClient,
  ReverificationKind,
  ReverificationSource,
} from '../src/providers/provider';
import {
  ProviderRateLimitedError,
  ProviderRejectedError,
  ProviderResponseInvalidError,
  ProviderUnavailableError,
  wasTurnedAway,
} from '../src/providers/errors';
import type { OrderReport, OrderRequest, ProviderSnapshot } from '../src/domain';
import type { FieldSealer } from '../src/temporal/field-sealer';
import { FailureType } from '../workflows/public';
import { earlierAttemptMayHavePlaced, rememberNoOrderYet } from './placement-memory';

/**
 * Provider operations as activities. Each worker binds them to one provider and serves its task queue. The order's
 * request arrives with the applicant's identifiers sealed; `sealer` unseals them for the provider's call only.
 */
export function createProviderActivities(client: ProviderClient, sealer: FieldSealer) {
  return {
    /**
     * Each attempt makes one call, so the task queue's rate limit is the provider's: a first attempt, and a retry after the
     * provider turned the create away (an outage, throttling), place the order at once. Only a retry after an
     * ambiguous failure looks for the order first (two calls).
     */
    createProviderOrder: (input: {
      orderId: string;
      request: OrderRequest;
      employers: number[];
    }): Promise<PlacedOrder> =>
      asActivity(async () => {
        const context = Context.current();
        const ref = { orderId: input.orderId, employers: input.employers };
        if (earlierAttemptMayHavePlaced(context)) {
          const found = await client.findOrder(ref);
          if (found) return found;
        }
        try {
          return await client.createOrder(sealer.unsealRequest(input.request), ref);
        } catch (err) {
          if (wasTurnedAway(err)) rememberNoOrderYet(context);
          throw err;
        }
      }),
    /** Re-checks a completed provider order before closing (see `ProviderClient.reverifyOrder`). */
    reverifyProviderOrder: (input: {
      orderId: string;
      request: OrderRequest;
      employers: number[];
      attempt: number;
      earlierRecheckIds: string[];
      original: ReverificationSource;
      reuse?: boolean;
    }): Promise<{ providerOrderId: string; kind: ReverificationKind }> =>
      asActivity(() =>
        client.reverifyOrder(input.original, sealer.unsealRequest(input.request), {
          orderId: input.orderId,
          employers: input.employers,
          attempt: input.attempt,
          earlierRecheckIds: input.earlierRecheckIds,
          ...(input.reuse ? { reuse: true } : {}),
        }),
      ),
    readProviderOrder: (providerOrderId: string): Promise<ProviderSnapshot> =>
      asActivity(() => client.readOrder(providerOrderId)),
    cancelProviderOrder: (providerOrderId: string, reason: CancelReason): Promise<void> =>
      asActivity(() => client.cancelOrder(providerOrderId, reason)),
    readProviderReport: (snapshot: ProviderSnapshot): Promise<OrderReport> =>
      asActivity(() => client.readReport(snapshot)),
    /**
     * Calls nothing: its start is one slot of the provider's rate limit, which the task queue grants like every other
     * call's, and its completion tells the API (through the `providerSlot` workflow) that it may make one request of
     * its own to the provider (the report PDF's, see `src/orders/provider-slots.ts`). Returns when it started (epoch
     * ms), so the API can tell a slot that reached it too late to use.
     */
    grantProviderSlot: (): Promise<number> => Promise.resolve(Date.now()),
  };
}

export type ProviderActivities = ReturnType<typeof createProviderActivities>;

/**
 * Maps the typed provider errors onto Temporal's retry semantics. A refusal or an answer voie cannot read is final;
 * throttling and outages are retried and marked benign, so they neither page anyone nor count as activity errors in
 * metrics. Anything else is a bug in voie: it is rethrown as it is, so Temporal retries it (typed with the error's
 * name, e.g. `TypeError`) and every failed attempt shows in the UI, instead of ending the order as a provider refusal.
 */
async function asActivity<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ProviderRejectedError) {
      throw ApplicationFailure.create({ type: FailureType.ProviderRejected, message: err.message, nonRetryable: true });
    }
    if (err instanceof ProviderResponseInvalidError) {
      throw ApplicationFailure.create({
        type: FailureType.ProviderResponseInvalid,
        message: err.message,
        details: [{ path: err.path }],
        nonRetryable: true,
      });
    }
    if (err instanceof ProviderRateLimitedError) {
      throw ApplicationFailure.create({
        type: FailureType.ProviderRateLimited,
        message: err.message,
        nextRetryDelay: err.retryAfterMs,
        category: ApplicationFailureCategory.BENIGN,
      });
    }
    if (err instanceof ProviderUnavailableError) {
      throw ApplicationFailure.create({
        type: FailureType.ProviderUnavailable,
        message: err.message,
        category: ApplicationFailureCategory.BENIGN,
      });
    }
    throw err;
  }
}
