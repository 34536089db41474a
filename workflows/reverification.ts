import { condition } from '@temporalio/workflow';
import type { DeliveryEventType, EventSource, ProviderSnapshot } from '../src/domain';
import { isTerminal, snapshotDetail } from '../src/domain';
import { failureMessage, isProviderRejection } from './activity-failures';
import type { OrderState, ProviderOrder } from './order-state';
import { combinedReport, currentProvider, recordEvent } from './order-state';
import type { ProviderCalls } from './provider-activities';
import { providerCalls, readsFor } from './provider-activities';
import type { Recheck, ReverificationState } from './reverification-state';
import { cancelReverification, recheckEnding, settleReverification } from './reverification-state';
import { nowIso } from './workflow-clock';

/** What the phase needs of the order's run: keep the search attributes current, and queue a delivery. */
export interface ReverificationHooks {
  publish(): void;
  deliver(type: DeliveryEventType): void;
}

/**
 * The re-verification before closing, once the order completed: wait (a durable timer that the LOS's PATCH,
 * reverify-now and cancel cut short) until the due date, then re-check every verified employer at the provider,
 * follow the re-check provider orders like the original (webhook hints and polling, re-reading the provider), compare,
 * and deliver `order.reverified`. The order's `status` stays `completed` throughout.
 */
export class ReverificationPhase {
  private readonly calls: ProviderCalls;
  private pollDelay: number;

  constructor(
    private readonly state: OrderState,
    private readonly hooks: ReverificationHooks,
  ) {
    // The provider that completed the order is the last step's.
    this.calls = providerCalls(currentProvider(state));
    this.pollDelay = state.policy.pollIntervalMs;
  }

  async run(): Promise<void> {
    const { state } = this;
    if (state.status !== 'completed') {
      cancelReverification(state, `the order ended ${state.status}`, nowIso());
      this.hooks.publish();
      return;
    }
    for (;;) {
      const reverification = state.reverification;
      if (!reverification || reverification.status !== 'scheduled') return this.hooks.publish();
      const untilDue = Date.parse(reverification.dueAt) - Date.now();
      if (untilDue > 0 && !reverification.runNow) {
        // A PATCH replaces the block (or clears it); reverify-now and cancel change it: any of them wakes the wait.
        await condition(
          () =>
            state.reverification !== reverification || reverification.status !== 'scheduled' || reverification.runNow,
          untilDue,
        );
        continue;
      }
      await this.recheck(reverification);
      return;
    }
  }

  /** Places a re-check per verified provider order, follows them to their end, settles and delivers. */
  private async recheck(reverification: ReverificationState): Promise<void> {
    const { state } = this;
    reverification.status = 'running';
    recordEvent(state, {
      at: nowIso(),
      source: reverification.runNow ? 'api' : 'system',
      type: 'reverification.started',
      detail: reverification.runNow ? 'asked for by the LOS' : `due ${reverification.dueAt}`,
    });
    this.hooks.publish();
    const verified = state.providerOrders.filter((order) => order.report && order.ended?.status === 'completed');
    for (const original of verified) reverification.rechecks.push(await this.place(original));
    this.hooks.publish();
    await this.follow(reverification);
    settleReverification(state, nowIso(), combinedReport);
    this.hooks.deliver('order.reverified');
    this.hooks.publish();
  }

  /** Asks the provider to re-check one completed provider order; a refusal or a day of outage fails this re-check. */
  private async place(original: ProviderOrder): Promise<Recheck> {
    const { state } = this;
    const recheck: Recheck = {
      originalId: original.providerOrderId!,
      employers: original.employers.filter((index) => state.employments[index]?.outcome === 'verified'),
      providerOrderId: null,
      kind: null,
      ended: null,
      outcomes: [],
      report: null,
    };
    try {
      const placed = await this.calls.providerWrites.reverifyProviderOrder({
        orderId: state.orderId,
        request: state.request,
        employers: recheck.employers,
        // An order re-verifies once: this is each original's first re-check, and there is no earlier one.
        attempt: 1,
        earlierRecheckIds: [],
        original: {
          providerOrderId: recheck.originalId,
          reportIds: original.reportIds ?? original.report?.normalized.report_ids ?? [],
          completedAt: original.completedAt ?? state.updatedAt,
          asOf: nowIso(),
        },
      });
      recheck.providerOrderId = placed.providerOrderId;
      recheck.kind = placed.kind;
      // Webhooks about the re-check find the order by this id.
      if (!state.correlationIds.includes(placed.providerOrderId)) state.correlationIds.push(placed.providerOrderId);
      recordEvent(state, {
        at: nowIso(),
        source: 'system',
        type: 'reverification.provider_order.created',
        detail: `${placed.kind} ${placed.providerOrderId} of ${recheck.originalId}`,
      });
    } catch (err) {
      recheck.ended = {
        kind: 'failed',
        detail: `re-check of ${recheck.originalId} not placed: ${failureMessage(err)}`,
      };
    }
    return recheck;
  }

  /**
   * Reads the open re-checks when a webhook hints or a poll comes due, until each ended; past the order's deadline
   * (counted from the start of the re-check) the open ones are canceled at the provider and fail.
   */
  private async follow(reverification: ReverificationState): Promise<void> {
    const { state } = this;
    const deadline = Date.now() + state.policy.deadlineMs;
    let source: EventSource = 'system';
    for (;;) {
      for (const recheck of open(reverification)) await this.read(recheck, source);
      if (open(reverification).length === 0) return;
      const untilDeadline = deadline - Date.now();
      if (untilDeadline <= 0) return this.expire(reverification);
      const woken = await condition(() => state.pendingHints.length > 0, Math.min(this.pollDelay, untilDeadline));
      if (woken) {
        state.pendingHints = [];
        this.pollDelay = state.policy.pollIntervalMs;
        source = 'webhook';
      } else {
        recordEvent(state, { at: nowIso(), source: 'poll', type: 'provider_order.polled' });
        this.pollDelay = Math.min(this.pollDelay * 2, state.policy.pollIntervalMaxMs);
        source = 'poll';
      }
    }
  }

  /** Reads one re-check provider order; fetches its report once completed. A failed read waits for the next poll. */
  private async read(recheck: Recheck, source: EventSource): Promise<void> {
    let snapshot: ProviderSnapshot;
    try {
      snapshot = await readsFor(this.calls, source).getProviderOrder(recheck.providerOrderId!);
    } catch (err) {
      if (isProviderRejection(err)) recheck.ended = { kind: 'failed', detail: failureMessage(err) };
      else this.note(source, 'provider_order.read_failed', failureMessage(err));
      return;
    }
    recheck.outcomes = recheck.employers.map((_, position) => snapshot.employers?.[position]?.outcome ?? null);
    if (!isTerminal(snapshot.status)) return;
    const detail = snapshotDetail(snapshot);
    if (snapshot.status !== 'completed' || (snapshot.outcome && snapshot.outcome !== 'verified')) {
      recheck.ended = { kind: recheckEnding(snapshot.outcome), detail };
      this.note(source, 'reverification.provider_order.ended', `${recheck.providerOrderId} ${detail}`);
      return;
    }
    try {
      recheck.report = await this.calls.providerWrites.fetchProviderReport(snapshot);
      recheck.ended = { kind: 'completed', detail: 'report fetched' };
      this.note(source, 'reverification.provider_order.completed', recheck.providerOrderId!);
    } catch (err) {
      recheck.ended = { kind: 'failed', detail: `report could not be fetched: ${failureMessage(err)}` };
    }
  }

  /** The re-check took longer than the order's deadline: cancel what is open at the provider; those re-checks fail. */
  private async expire(reverification: ReverificationState): Promise<void> {
    for (const recheck of open(reverification)) {
      await this.calls.providerWrites.cancelProviderOrder(recheck.providerOrderId!, 'deadline').catch(() => undefined);
      recheck.ended = {
        kind: 'failed',
        detail: `deadline passed: ${recheck.providerOrderId} canceled at the provider`,
      };
    }
  }

  private note(source: EventSource, type: string, detail: string): void {
    recordEvent(this.state, { at: nowIso(), source, type, detail });
  }
}

function open(reverification: ReverificationState): Recheck[] {
  return reverification.rechecks.filter((recheck) => recheck.providerOrderId !== null && !recheck.ended);
}
