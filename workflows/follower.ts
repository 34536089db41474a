/**
 * The follower of provider orders, for every phase that waits on a provider (the order's attempts and the
 * re-verification's re-checks): wait for a webhook's hint, the next poll or the deadline, then read the provider
 * order. What a read means is the phase's decision; waiting and reading are the same for all.
 */
import type { EventSource, ProviderSnapshot } from '../src/domain';
import { failureMessage, isProviderRejection } from './activity-failures';
import { callProvider, currentProviderCalls, readsFor } from './provider-calls';
import type { OrderState } from './state';
import { pollWaitMs } from './poll-schedule';
import { recordEvent } from './state';
import { waitFor } from './waits';
import { nowIso } from './workflow-clock';

/** What ended a wait: hints to read, a poll that came due, the deadline, or what the phase said interrupts it. */
export type Wake = 'hinted' | 'poll' | 'deadline' | 'interrupted';

/** A read of a provider order: its snapshot, the provider's refusal (final), or a failure left to the next poll. */
export type ReadResult =
  | { kind: 'read'; snapshot: ProviderSnapshot }
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; reason: string };

export class Follower {
  constructor(private readonly state: OrderState) {}

  /**
   * Waits for the next reason to read: a hint, or the poll the schedule sets (`poll-schedule.ts`: a back-off that
   * doubles while nothing happens and starts over on a hint, or once per longest interval while the applicant is
   * awaited). The wait ends early at `deadline` (epoch ms, workflow time) or when `interrupted()` holds.
   */
  async next(deadline: number, interrupted: () => boolean = () => false): Promise<Wake> {
    const { state } = this;
    const now = Date.now();
    const untilDeadline = deadline - now;
    if (untilDeadline <= 0) return 'deadline';
    const woken = await waitFor(
      () => state.pendingHints.length > 0 || interrupted(),
      Math.min(pollWaitMs(state, now, Math.random), untilDeadline),
    );
    if (woken) {
      state.pollDelayMs = state.policy.pollIntervalMs;
      return interrupted() ? 'interrupted' : 'hinted';
    }
    if (Date.now() >= deadline) return 'deadline';
    recordEvent(state, { at: nowIso(), source: 'poll', type: 'provider_order.polled' });
    state.pollDelayMs = Math.min(state.pollDelayMs * 2, state.policy.pollIntervalMaxMs);
    return 'poll';
  }

  /**
   * Reads a provider order of the current provider: a poll's read yields to every other call. A failure other than
   * the provider's refusal is noted on the timeline; the next poll reads again.
   */
  async read(providerOrderId: string, source: EventSource): Promise<ReadResult> {
    const reads = readsFor(currentProviderCalls(this.state), source);
    try {
      const snapshot = await callProvider(this.state, () => reads.readProviderOrder(providerOrderId));
      return { kind: 'read', snapshot };
    } catch (err) {
      const reason = failureMessage(err);
      if (isProviderRejection(err)) return { kind: 'refused', reason };
      recordEvent(this.state, { at: nowIso(), source, type: 'provider_order.read_failed', detail: reason });
      return { kind: 'failed', reason };
    }
  }
}
