import type { ActivityOptions } from '@temporalio/workflow';
import { proxyActivities } from '@temporalio/workflow';
import type { ProviderActivities } from '../activities';
import type { EventSource } from '../src/domain';
import type { OrderState } from './state';
import { FailureType } from './failure-types';
import { currentProvider } from './state';
import { providerActivityType, providerTaskQueue } from './task-queues';

/** The provider activities of one order, on its provider's task queue, by how long they may keep retrying. */
export interface ProviderCalls {
  /** Creating, canceling and fetching the report: retried while the provider is down, for up to a day. */
  providerWrites: ProviderActivities;
  /** Reading the provider order: gives up after 15 minutes, so a cancel or the deadline is not held up by it. */
  providerReads: ProviderActivities;
  /**
   * Reading the provider order because its poll came due: a read at the lowest priority, so that the provider's task
   * queue, rate-limited like the provider, gives its requests to creates and webhook-driven reads first and polls only
   * take what they leave.
   */
  providerPolls: ProviderActivities;
}

/** How long a read may take, waiting for the provider's rate included; the next poll reads again. */
export const READ_TIMEOUT = '15m';

/**
 * Priority of a poll's read: the server's lowest level (5 by default; a higher key is clipped to the lowest level).
 * Every other provider call has the default, 3.
 */
export const POLL_PRIORITY_KEY = 5;

/**
 * Writes retry for up to a day, then the order ends `failed` saying so. Reads give up sooner; the next poll reads
 * again. A provider's refusal or an answer voie cannot read is final at once.
 */
export function providerCalls(provider: string, account = provider): ProviderCalls {
  const proxy = (options: ActivityOptions) =>
    providerActivities(proxyActivities<ProviderActivities>(options), provider, account);
  const options: ActivityOptions = {
    taskQueue: providerTaskQueue(account),
    startToCloseTimeout: '1m',
    retry: {
      initialInterval: '2s',
      backoffCoefficient: 2,
      maximumInterval: '10m',
      nonRetryableErrorTypes: [FailureType.ProviderRejected, FailureType.ProviderResponseInvalid],
    },
  };
  return {
    providerWrites: proxy({ ...options, scheduleToCloseTimeout: '24h' }),
    providerReads: proxy({ ...options, scheduleToCloseTimeout: READ_TIMEOUT }),
    providerPolls: proxy({
      ...options,
      scheduleToCloseTimeout: READ_TIMEOUT,
      priority: { priorityKey: POLL_PRIORITY_KEY },
    }),
  };
}

/** The activities of the order's current provider, on its account's task queue (see `OrderPolicy.providerAccounts`). */
export function currentProviderCalls(state: OrderState): ProviderCalls {
  const provider = currentProvider(state);
  return providerCalls(provider, state.policy.providerAccounts?.[provider]);
}

/**
 * `provider`'s activities among those its account's queue serves: the account's own provider's by their own names,
 * another's by their prefixed names (see `providerActivityType`).
 */
function providerActivities(activities: ProviderActivities, provider: string, account: string): ProviderActivities {
  if (provider === account) return activities;
  const byType = activities as unknown as Record<string, unknown>;
  return new Proxy(byType, {
    get: (target, name) =>
      typeof name === 'string' ? target[providerActivityType(provider, account, name)] : undefined,
  }) as unknown as ProviderActivities;
}

/** The reads for what asked for them: a poll's yield to every other call; a webhook's or the system's do not. */
export function readsFor(calls: ProviderCalls, source: EventSource): ProviderActivities {
  return source === 'poll' ? calls.providerPolls : calls.providerReads;
}

/**
 * Makes a provider call whose answer may change what the order knows, counting it as under way meanwhile (see
 * `OrderState.providerCallsInFlight`).
 */
export async function callProvider<T>(state: OrderState, call: () => Promise<T>): Promise<T> {
  state.providerCallsInFlight += 1;
  try {
    return await call();
  } finally {
    state.providerCallsInFlight -= 1;
  }
}
