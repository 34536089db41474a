/** Task queue of the order workflows and of result delivery. */
export const ORDERS_TASK_QUEUE = 'voie-orders';

/** Each provider's activities run on their own queue, so the worker can rate-limit them like the provider does. */
export function providerTaskQueue(provider: string): string {
  return `voie-provider-${provider}`;
}

/**
 * The activity type of `activity` for `provider`, whose calls go through `account`'s task queue: the activity's own
 * name for the account's own provider, else prefixed with the provider, so that two providers' activities served on one
 * queue stay apart.
 */
export function providerActivityType(provider: string, account: string, activity: string): string {
  return provider === account ? activity : `${provider}.${activity}`;
}
