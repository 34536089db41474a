/** How one delivery attempt ended: the LOS took it, answered an error (or nothing), or said 410 Gone. */
export const DELIVERY_ATTEMPT_OUTCOMES = ['delivered', 'failed', 'gone'] as const;

export type DeliveryAttemptOutcome = (typeof DELIVERY_ATTEMPT_OUTCOMES)[number];
