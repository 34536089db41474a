import type { DeliveryEventType } from './order-view';

/** How one delivery attempt ended: the LOS took it, answered an error (or nothing), or said 410 Gone. */
export const DELIVERY_ATTEMPT_OUTCOMES = ['delivered', 'failed', 'gone'] as const;

export type DeliveryAttemptOutcome = (typeof DELIVERY_ATTEMPT_OUTCOMES)[number];

/** One attempt at delivering a result event to the LOS, as `GET /v1/orders/{id}/deliveries` lists it. */
export interface DeliveryAttempt {
  /** Standard Webhooks `webhook-id`: the same on every attempt (and redelivery) of one event. */
  webhook_id: string;
  type: DeliveryEventType;
  /** 1 for the event's first attempt, counting on through retries and redeliveries. */
  attempt: number;
  /** When the attempt ended. */
  at: string;
  /** The LOS's HTTP status; null when it never answered (refused, timed out) or the callback URL was refused. */
  status: number | null;
  outcome: DeliveryAttemptOutcome;
  error: string | null;
  /** Whether `POST /v1/orders/{id}/redeliver` asked for it. */
  redelivery: boolean;
}
