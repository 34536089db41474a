import { proxyActivities } from '@temporalio/workflow';
import type { DeliveryActivities, DeliveryOutcome } from '../activities';
import type { DeliveryAttempt } from '../src/domain';
import { failureMessage } from './activity-failures';
import { deliveryDelayMs, MAX_DELIVERY_DELAY_MS } from './delivery-schedule';
import type { SentDelivery } from './state';
import { nowIso } from './workflow-clock';

const deliveryActivities = proxyActivities<DeliveryActivities>({
  startToCloseTimeout: '45s',
  // Retries are the workflow's own schedule, so that every attempt is visible and time-skipping tests see it.
  retry: { maximumAttempts: 1 },
});

/**
 * Makes one attempt at delivering a result event and returns its outcome with the line it adds to the order's
 * delivery log. The activity has no retries of its own, so each activity is exactly one attempt, and the log the
 * workflow keeps is the whole truth.
 */
export async function attemptDelivery(
  delivery: SentDelivery,
  attempt: number,
  redelivery: boolean,
): Promise<{ outcome: DeliveryOutcome; entry: DeliveryAttempt }> {
  const outcome = await deliveryActivities
    .deliverResult({
      url: delivery.url,
      ...(delivery.tenant ? { tenant: delivery.tenant } : {}),
      webhookId: delivery.webhookId,
      payload: delivery.payload,
    })
    .catch((err: unknown): DeliveryOutcome => ({ kind: 'failed', status: null, error: failureMessage(err) }));
  const entry: DeliveryAttempt = {
    webhook_id: delivery.webhookId,
    type: delivery.type,
    attempt,
    at: nowIso(),
    status: outcome.status,
    outcome: outcome.kind,
    error: outcome.error ?? null,
    redelivery,
  };
  return { outcome, entry };
}

/** How long to wait after a failed attempt (the `attempts`-th): the schedule, or the LOS's capped Retry-After. */
export function retryDelayMs(outcome: DeliveryOutcome, attempts: number): number {
  // A LOS's Retry-After is honoured up to the schedule's longest step: it cannot park an order for years.
  const retryAfter = Math.min(outcome.retryAfterMs ?? 0, MAX_DELIVERY_DELAY_MS);
  return Math.max(deliveryDelayMs(attempts), retryAfter);
}
