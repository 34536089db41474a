/**
 * A redelivery of an order's latest result event, asked for by `POST /v1/orders/{id}/redeliver`. It is a workflow of
 * its own so that it works for ended orders too (a closed workflow takes no update); its id is derived from the
 * order's, and each run carries the attempts of the runs before it, so its latest run holds the whole redelivery log.
 */
import { setHandler, sleep } from '@temporalio/workflow';
import type { DeliveryAttempt } from '../src/domain';
import { attemptDelivery, retryDelayMs } from './delivery-attempt';
import { DELIVERY_ATTEMPT_LIMIT } from './delivery-schedule';
import { redeliveryLogQuery } from './messages';
import type { SentDelivery } from './state';

export interface ResultRedeliveryInput {
  orderId: string;
  delivery: SentDelivery;
  /** The attempts the order and earlier redeliveries already made of this event; numbering goes on from them. */
  firstAttempt: number;
  /** The redelivery attempts of earlier runs, kept in this run's log. */
  earlier: DeliveryAttempt[];
}

/** The workflow id of an order's redeliveries. */
export function redeliveryWorkflowId(orderId: string): string {
  return `${orderId}.redelivery`;
}

/** Sends the event on the normal retry schedule until it lands, the LOS says 410 Gone, or the attempts run out. */
export async function resultRedelivery(input: ResultRedeliveryInput): Promise<DeliveryAttempt[]> {
  const log = [...input.earlier];
  setHandler(redeliveryLogQuery, () => log, {
    description: "The attempts to deliver the order's result: the earlier ones, then this redelivery's",
  });
  for (let attempts = 1; ; attempts++) {
    const { outcome, entry } = await attemptDelivery(input.delivery, input.firstAttempt + attempts - 1, true);
    log.push(entry);
    if (outcome.kind !== 'failed' || attempts >= DELIVERY_ATTEMPT_LIMIT) return log;
    await sleep(retryDelayMs(outcome, attempts));
  }
}
