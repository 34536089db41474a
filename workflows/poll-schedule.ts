/**
 * When the follower polls: polls exist to cover lost webhooks, so they follow what the order waits for.
 *
 * - While the provider works on the order, a poll comes after the policy's first interval of silence, then at
 *   doubling intervals up to the longest (`VOIE_POLL_INTERVAL_MAX`); a webhook starts the back-off over. Each wait is
 *   shortened by up to a quarter at random, so that a burst of orders placed together spreads its polls.
 * - While the order waits on its applicant (a Truv applicant invited and not yet connected, a Truework borrower asked
 *   to act), nothing happens until they act, and their action sends a webhook: the order polls once per longest interval
 *   only, on a grid of its own (a phase drawn at random over the interval when it starts waiting), so that any
 *   number of waiting orders, even orders that started waiting together, poll evenly spread over the interval, and a
 *   lost webhook is caught within it.
 * - A completed order waiting for its re-verification has no provider order to follow and never polls.
 *
 * Every wait is at most the longest interval: whatever the provider does is seen within it, webhooks or not.
 */
import { isTerminal } from '../src/domain';
import type { OrderState } from './state';

/** The most a wait is shortened at random (a quarter), spreading the polls of orders that started together. */
export const POLL_JITTER = 0.25;

/**
 * Whether the order waits on its applicant: only their action moves it on, and it comes with a webhook. It does when
 * it is `action_required`, or when every provider order still open was, at its latest read, waiting on the applicant
 * (a Truv applicant invited and not yet connected).
 */
export function awaitsApplicant(state: OrderState): boolean {
  if (state.status === 'action_required') return true;
  if (isTerminal(state.status)) return false;
  const open = state.providerOrders.filter((order) => order.providerOrderId !== null && !order.ended);
  return open.length > 0 && open.every((order) => order.awaitingApplicant === true);
}

/**
 * How long the follower waits, from `now` (epoch ms, workflow time), before it polls. `random` is the workflow's
 * deterministic `Math.random`. Keeps the applicant's grid in the state, so a webhook that changes nothing leaves the
 * next poll where it was.
 */
export function pollWaitMs(state: OrderState, now: number, random: () => number): number {
  if (!awaitsApplicant(state)) {
    state.applicantPollAt = null;
    return Math.round(state.pollDelayMs * (1 - POLL_JITTER * random()));
  }
  const longest = state.policy.pollIntervalMaxMs;
  // Anywhere in the interval, early included: a phase drawn from less than the whole interval would crowd the rest.
  state.applicantPollAt ??= now + Math.max(1, Math.round(random() * longest));
  if (state.applicantPollAt <= now) {
    state.applicantPollAt += (Math.floor((now - state.applicantPollAt) / longest) + 1) * longest;
  }
  return state.applicantPollAt - now;
}
