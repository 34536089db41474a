import { condition, sleep } from '@temporalio/workflow';
import type { DeliveryOutcome } from '../activities';
import { attemptDelivery, retryDelayMs } from './delivery-attempt';
import { DELIVERY_ATTEMPT_LIMIT } from './delivery-schedule';
import type { OrderState, QueuedDelivery } from './state';
import { recordEvent } from './state';
import { nowIso } from './workflow-clock';

/**
 * Sends an order's queued result deliveries to the LOS one by one, on the retry schedule, until each lands or gives
 * up. It runs beside the order, so a slow LOS never holds the order back.
 */
export class ResultDeliveries {
  /** Whether an attempt is under way: the run waits for it before it continues as new or ends. */
  inFlight = false;

  constructor(
    private readonly state: OrderState,
    /** Called after each attempt changed the order's delivery status. */
    private readonly onChange: () => void,
  ) {}

  /**
   * Starts sending, for as long as the run lasts. A bug in here fails the workflow task (visible in the UI, retried
   * once fixed) instead of silently stopping deliveries.
   */
  start(): void {
    void this.send();
  }

  /** Whether every queued delivery has landed or given up. */
  get settled(): boolean {
    return this.state.deliveries.length === 0 && !this.inFlight;
  }

  private async send(): Promise<void> {
    const { state } = this;
    for (;;) {
      await condition(() => state.deliveries.length > 0);
      const next = state.deliveries[0]!;
      const wait = next.nextAttemptAt - Date.now();
      if (wait > 0) await sleep(wait);
      this.inFlight = true;
      const sent = {
        url: state.request.callback_url!,
        ...(state.tenant ? { tenant: state.tenant } : {}),
        webhookId: next.webhookId,
        type: next.type,
        payload: next.payload,
      };
      state.lastDelivery = sent;
      const { outcome, entry } = await attemptDelivery(sent, next.attempts + 1, false).finally(
        () => (this.inFlight = false),
      );
      state.deliveryLog.push(entry);
      this.recordAttempt(next, outcome);
      this.onChange();
    }
  }

  /** Folds one attempt into the order: the delivery lands, gives up, or waits for its next attempt. */
  private recordAttempt(next: QueuedDelivery, outcome: DeliveryOutcome): void {
    const { state } = this;
    next.attempts += 1;
    // The attempts of `last_event` alone: an event delivered at its first try says 1, however many came before it.
    const base = {
      last_event: next.type,
      attempts: next.attempts,
      last_status: outcome.status,
      last_error: outcome.error,
    };
    if (outcome.kind === 'delivered') {
      state.deliveries.shift();
      state.delivery = { ...base, state: state.deliveries.length ? 'pending' : 'delivered', next_attempt_at: null };
      recordEvent(state, { at: nowIso(), source: 'system', type: 'delivery.succeeded', detail: next.type });
    } else if (outcome.kind === 'gone' || next.attempts >= DELIVERY_ATTEMPT_LIMIT) {
      const gone = outcome.kind === 'gone';
      state.deliveries = gone ? [] : state.deliveries.slice(1);
      state.delivery = { ...base, state: gone ? 'stopped' : 'failed', next_attempt_at: null };
      recordEvent(state, {
        at: nowIso(),
        source: 'system',
        type: gone ? 'delivery.stopped' : 'delivery.failed',
        detail: gone ? 'the LOS answered 410 Gone' : `gave up after ${next.attempts} attempts`,
      });
    } else {
      next.nextAttemptAt = Date.now() + retryDelayMs(outcome, next.attempts);
      state.delivery = { ...base, state: 'pending', next_attempt_at: new Date(next.nextAttemptAt).toISOString() };
    }
  }
}
