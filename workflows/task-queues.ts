/** Task queue of the order workflows and of result delivery. */
export const ORDERS_TASK_QUEUE = 'voie-orders';

/** Each provider's activities run on their own queue, so the worker can rate-limit them like the provider does. */
export function providerTaskQueue(provider: string): string {
  return `voie-provider-${provider}`;
}
