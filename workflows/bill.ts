/**
 * What the order spent at its providers, priced with the prices it was placed with (`policy.prices`): each attempt's
 * completed provider orders, and the re-checks of its re-verifications before closing. Reads the state only.
 */
import { costOf, priceKey } from '../src/domain';
import type { Attempt, OrderState } from './state';
import { allReverifications, currentProvider } from './state';

/**
 * The price key of a completed provider order of `provider`: its own for an order it created (`kind` absent), else
 * the re-check its account made (a `truework-instant` order re-checks as Truework's `truework-reverification`).
 */
export function priceKeyOf(state: OrderState, provider: string, kind?: string | null): string {
  return !kind ? provider : priceKey(state.policy.providerAccounts?.[provider] ?? provider, kind);
}

/**
 * The price keys of everything the order bought, one per completed provider order: its attempts', then its completed
 * re-checks' (the provider of the attempt that completed the order re-checks it).
 */
export function orderSpending(state: OrderState): string[] {
  const rechecks = allReverifications(state).flatMap((reverification) =>
    reverification.rechecks.flatMap((recheck) =>
      recheck.ended?.kind === 'completed' ? [priceKeyOf(state, currentProvider(state), recheck.kind)] : [],
    ),
  );
  return [...state.attempts.flatMap((attempt) => attempt.spent ?? []), ...rechecks];
}

/** The attempt's estimated cost in US dollars; null without a price for what it bought. */
export function attemptCost(state: OrderState, attempt: Attempt): number | null {
  return costOf(attempt.spent ?? [], state.policy.prices);
}

/** The order's estimated cost in US dollars: its attempts and its re-checks; null without a price for one. */
export function orderCost(state: OrderState): number | null {
  return costOf(orderSpending(state), state.policy.prices);
}
