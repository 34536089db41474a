/**
 * The completed order's re-verification window (`VOIE_REVERIFY_WINDOW` after it completed): the order waits, costing
 * a timer, for its re-verification's due date, the LOS's PATCH, reverify-now and cancel, or its loan's closing date;
 * a due re-verification re-checks every verified employer at the provider, follows the re-checks like the original
 * (the same follower), compares, and delivers `order.reverified`. The order's `status` stays `completed` throughout.
 * Everything it needs to go on is in the state.
 */
import { pastReverificationWindow } from '../src/domain';
import { failureMessage } from './activity-failures';
import { Follower } from './follower';
import { currentProviderCalls } from './provider-calls';
import type { Publication } from './publication';
import { announce } from './result-events';
import {
  cancelReverification,
  openRechecks,
  planAfterCheck,
  recheckPlaced,
  recheckRead,
  settleReverification,
  startReverification,
} from './reverification-plan';
import type { OrderState, Recheck, ReverificationState } from './state';
import { recordEvent, reverifiableUntil } from './state';
import { waitFor } from './waits';
import { nowIso } from './workflow-clock';

export class ReverificationPhase {
  private readonly follower: Follower;

  constructor(
    private readonly state: OrderState,
    private readonly publication: Publication,
  ) {
    this.follower = new Follower(state);
  }

  /** The provider that completed the order (the last attempt's) re-checks it. */
  private get calls() {
    return currentProviderCalls(this.state);
  }

  /** Runs until the order's re-verification window ends. */
  async run(): Promise<void> {
    const { state } = this;
    for (;;) {
      const reverification = state.reverification;
      if (reverification?.status === 'running') {
        await this.finish(reverification);
        continue;
      }
      const until = reverifiableUntil(state)!;
      if (Date.now() >= until) return this.close();
      const scheduled = reverification?.status === 'scheduled' ? reverification : null;
      const due = scheduled ? Date.parse(scheduled.dueAt) : Infinity;
      if (scheduled && (due <= Date.now() || scheduled.runNow)) {
        await this.recheck(scheduled);
        continue;
      }
      // A PATCH, a loan's date, reverify-now and cancel change the plan: any of them wakes the wait.
      const plan = planOf(state);
      await waitFor(() => planOf(state) !== plan, Math.min(due, until) - Date.now());
    }
  }

  /** The window ended: a re-verification still scheduled cannot run any more. */
  private close(): void {
    const { state } = this;
    const refusal = pastReverificationWindow(state.completedAt!, state.policy.reverifyWindowMs, Date.now());
    cancelReverification(state, refusal!, nowIso());
    recordEvent(state, { at: nowIso(), source: 'system', type: 'reverification.window_ended' });
    this.publication.publish();
  }

  /** Places a re-check per verified provider order; a refusal or a day of outage fails that re-check. */
  private async recheck(reverification: ReverificationState): Promise<void> {
    const { state } = this;
    startReverification(state, reverification, nowIso());
    this.publication.publish();
    for (const recheck of reverification.rechecks) await this.place(recheck);
    this.publication.publish();
  }

  private async place(recheck: Recheck): Promise<void> {
    const { state } = this;
    const original = state.providerOrders.find((order) => order.providerOrderId === recheck.originalId)!;
    try {
      const earlierRecheckIds = state.earlierReverifications.flatMap((earlier) =>
        earlier.rechecks.flatMap((done) =>
          done.originalId === recheck.originalId && done.providerOrderId ? [done.providerOrderId] : [],
        ),
      );
      const placed = await this.calls.providerWrites.reverifyProviderOrder({
        orderId: state.orderId,
        request: state.request,
        employers: recheck.employers,
        attempt: earlierRecheckIds.length + 1,
        // Other orders' re-checks of the same original are not this one either.
        earlierRecheckIds: [...earlierRecheckIds, ...(state.othersRechecks ?? [])],
        original: {
          providerOrderId: recheck.originalId,
          reportIds:
            original.reportIds.length > 0 ? original.reportIds : (original.report?.normalized.report_ids ?? []),
          completedAt: original.completedAt ?? state.updatedAt,
          asOf: nowIso(),
        },
      });
      recheckPlaced(state, recheck, placed.providerOrderId, placed.kind, nowIso());
    } catch (err) {
      recheck.ended = {
        kind: 'failed',
        detail: `re-check of ${recheck.originalId} not placed: ${failureMessage(err)}`,
      };
    }
  }

  /**
   * Reads the open re-checks at once, then whenever a webhook hints or a poll comes due, until each ended; past the
   * deadline the open ones are canceled at the provider and fail. Then settles and tells the LOS.
   */
  private async finish(reverification: ReverificationState): Promise<void> {
    const { state } = this;
    let source: 'system' | 'webhook' | 'poll' = 'system';
    for (;;) {
      for (const recheck of openRechecks(reverification)) await this.read(recheck, source);
      if (openRechecks(reverification).length === 0) break;
      const wake = await this.follower.next(reverification.deadline!);
      if (wake === 'deadline') {
        await this.expire(reverification);
        break;
      }
      state.pendingHints = [];
      source = wake === 'hinted' ? 'webhook' : 'poll';
    }
    settleReverification(state, nowIso());
    announce(state, 'order.reverified', Date.now());
    planAfterCheck(state, nowIso());
    this.publication.publish();
  }

  /** Reads one re-check provider order; reads its report once completed. A failed read waits for the next poll. */
  private async read(recheck: Recheck, source: 'system' | 'webhook' | 'poll'): Promise<void> {
    const read = await this.follower.read(recheck.providerOrderId!, source);
    if (read.kind === 'refused') recheck.ended = { kind: 'failed', detail: read.reason };
    if (read.kind !== 'read' || !recheckRead(this.state, recheck, read.snapshot, nowIso(), source)) return;
    try {
      recheck.report = await this.calls.providerWrites.readProviderReport(read.snapshot);
      recheck.ended = { kind: 'completed', detail: 'report read' };
      this.note(source, 'reverification.provider_order.completed', recheck.providerOrderId!);
    } catch (err) {
      recheck.ended = { kind: 'failed', detail: `report could not be read: ${failureMessage(err)}` };
    }
  }

  /** The re-check took longer than the order's deadline: cancel what is open at the provider; those re-checks fail. */
  private async expire(reverification: ReverificationState): Promise<void> {
    for (const recheck of openRechecks(reverification)) {
      await this.calls.providerWrites.cancelProviderOrder(recheck.providerOrderId!, 'deadline').catch(() => undefined);
      recheck.ended = {
        kind: 'failed',
        detail: `deadline passed: ${recheck.providerOrderId} canceled at the provider`,
      };
    }
  }

  private note(source: 'system' | 'webhook' | 'poll', type: string, detail: string): void {
    recordEvent(this.state, { at: nowIso(), source, type, detail });
  }
}

/** What the window's wait is waiting on: any change of it (a new, moved, canceled or asked-for re-check) wakes it. */
function planOf(state: OrderState): string {
  const current = state.reverification;
  return `${state.earlierReverifications.length}:${current?.status}:${current?.dueAt}:${current?.runNow}`;
}
