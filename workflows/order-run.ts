import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CancelReason } from '../activities';
import type { DeliveryEventType, EventSource, OrderView, ProviderSnapshot } from '../src/domain';
import { isTerminal } from '../src/domain';
import { creationFailureReason, failureMessage, isProviderRejection } from './activity-failures';
import type { OrderAction, OrderState } from './order-state';
import {
  applySnapshot,
  complete,
  currentDetails,
  end,
  initialState,
  moveTo,
  queueDelivery,
  recordEvent,
  toView,
} from './order-state';
import type { ProviderCalls } from './provider-activities';
import { providerCalls } from './provider-activities';
import { ResultDeliveries } from './result-deliveries';
import { VoieCorrelationIds, VoieProviderOrderId, VoieStatus } from './search-attributes';
import type { verificationOrder, VerificationOrderInput } from './verification-order';
import { nowIso } from './workflow-clock';

/**
 * Patch: `order.created` always goes out before any other delivery, also for an order that ended at its first read.
 * The old branches replay the histories in `test/fixtures/histories/before-created-first-patch-*`.
 */
const CREATED_FIRST_PATCH = 'order-created-first';

/**
 * What the run carries out: the state machine's decisions, and the run's own (read the provider order when a
 * webhook or a poll says so; cancel it when the LOS asks or the deadline passes).
 */
type RunAction =
  | OrderAction
  | { kind: 'read-provider'; source: EventSource }
  | { kind: 'cancel-at-provider'; reason: 'los-request' | 'deadline' };

/**
 * One run of an order's workflow: the order's state, the calls to its provider and the deliveries to its LOS.
 * `run()` reads top to bottom: create the provider order, then wait for the next thing to do and do it, until the
 * order ends (or the history grows long and the run continues as new).
 */
export class OrderRun {
  readonly state: OrderState;
  private readonly providerWrites: ProviderCalls['providerWrites'];
  private readonly providerReads: ProviderCalls['providerReads'];
  private readonly deliveries: ResultDeliveries;
  /** Epoch ms (workflow time) at which the order expires. */
  private readonly deadline: number;
  /** Polls back off while nothing happens, up to the policy's longest interval; a webhook resets them. */
  private pollDelay: number;
  /** The search attributes last upserted, so that unchanged ones are not upserted again. */
  private publishedAttributes = '';

  constructor(private readonly input: VerificationOrderInput) {
    this.state = input.state ?? initialState(input);
    // State carried over by continue-as-new from before `createdDelivery` existed: past creation, it was handled.
    this.state.createdDelivery ??= this.state.providerOrderId !== null;
    const provider = providerCalls(this.state.request.provider);
    this.providerWrites = provider.providerWrites;
    this.providerReads = provider.providerReads;
    this.deliveries = new ResultDeliveries(this.state, () => this.publish());
    // Workflow time, not the API's clock: the deadline counts from when the order started running.
    this.deadline = this.state.deadline ??= Date.now() + this.state.policy.deadlineMs;
    this.pollDelay = this.state.policy.pollIntervalMs;
  }

  /** Runs the order until it ends and every delivery has settled; returns its final view. */
  async run(): Promise<OrderView> {
    this.deliveries.start();
    this.publish();
    if (this.state.status === 'creating') await this.createProviderOrder();
    while (!isTerminal(this.state.status)) {
      await this.perform(await this.nextActions());
      if (!isTerminal(this.state.status) && workflowInfo().continueAsNewSuggested) await this.continueAsNew();
    }
    await condition(() => this.deliveries.settled && allHandlersFinished());
    return toView(this.state);
  }

  /** Creates the provider order (retried while the provider is down), reads it once, and tells the LOS. */
  private async createProviderOrder(): Promise<void> {
    const { state } = this;
    let providerOrderId: string;
    try {
      ({ providerOrderId } = await this.providerWrites.createProviderOrder({
        orderId: state.orderId,
        request: state.request,
      }));
    } catch (err) {
      return this.perform(end(state, 'failed', nowIso(), 'system', creationFailureReason(err)));
    }
    state.providerOrderId = providerOrderId;
    recordEvent(state, { at: nowIso(), source: 'system', type: 'provider_order.created', detail: providerOrderId });
    moveTo(state, 'pending', nowIso(), 'system');
    this.publish();
    await this.perform([{ kind: 'read-provider', source: 'system' }]);
    if (patched(CREATED_FIRST_PATCH)) {
      // Unless the first read ended the order and `deliver` already sent order.created ahead of the result.
      if (!state.createdDelivery) this.deliver('order.created');
    } else if (!isTerminal(state.status)) {
      // Before the patch, an order that ended at its first read never sent order.created.
      this.deliver('order.created');
    }
  }

  /** Waits for the next thing to do: the deadline, the LOS's cancel, a webhook's hint, or the next poll. */
  private async nextActions(): Promise<RunAction[]> {
    const { state } = this;
    const untilDeadline = this.deadline - Date.now();
    if (untilDeadline <= 0) return [{ kind: 'cancel-at-provider', reason: 'deadline' }];
    const woken = await condition(
      () => state.pendingHints.length > 0 || state.cancelRequest !== null,
      Math.min(this.pollDelay, untilDeadline),
    );
    if (state.cancelRequest) return [{ kind: 'cancel-at-provider', reason: 'los-request' }];
    if (woken) {
      state.pendingHints = [];
      this.pollDelay = state.policy.pollIntervalMs;
      return [{ kind: 'read-provider', source: 'webhook' }];
    }
    // The poll timer was cut short by the deadline: the next round expires the order.
    if (Date.now() >= this.deadline) return [];
    recordEvent(state, { at: nowIso(), source: 'poll', type: 'provider_order.polled' });
    this.pollDelay = Math.min(this.pollDelay * 2, state.policy.pollIntervalMaxMs);
    return [{ kind: 'read-provider', source: 'poll' }];
  }

  /**
   * Carries out actions one at a time in a single loop. What an action leads to (a read that finds the order
   * completed leads to fetching the report, which leads to delivering it) is carried out before the actions after it.
   */
  private async perform(actions: RunAction[]): Promise<void> {
    const queue = [...actions];
    for (let action = queue.shift(); action; action = queue.shift()) {
      queue.unshift(...(await this.carryOut(action)));
    }
    this.publish();
  }

  /** Carries out one action; returns the actions it leads to. */
  private async carryOut(action: RunAction): Promise<RunAction[]> {
    switch (action.kind) {
      case 'deliver':
        this.deliver(action.type);
        return [];
      case 'read-provider':
        return this.readProvider(action.source);
      case 'fetch-report':
        return this.fetchReport(action.snapshot, action.source);
      case 'cancel-at-provider':
        return this.cancelAtProvider(action.reason);
    }
  }

  /** Reads the provider order. A read that fails is noted and left to the next poll, unless the provider refused. */
  private async readProvider(source: EventSource): Promise<RunAction[]> {
    const { state } = this;
    if (!state.providerOrderId) return [];
    let snapshot: ProviderSnapshot;
    try {
      snapshot = await this.providerReads.getProviderOrder(state.providerOrderId);
    } catch (err) {
      if (isProviderRejection(err)) return end(state, 'failed', nowIso(), source, failureMessage(err));
      recordEvent(state, { at: nowIso(), source, type: 'provider_order.read_failed', detail: failureMessage(err) });
      return [];
    }
    return applySnapshot(state, snapshot, nowIso(), source);
  }

  /** Fetches the report of a completed provider order: the order completes with it, or fails saying why. */
  private async fetchReport(snapshot: ProviderSnapshot, source: EventSource): Promise<RunAction[]> {
    try {
      const report = await this.providerWrites.fetchProviderReport(snapshot);
      return complete(this.state, report, nowIso(), source);
    } catch (err) {
      return end(this.state, 'failed', nowIso(), 'system', `report could not be fetched: ${failureMessage(err)}`);
    }
  }

  /** Cancels the provider order and ends the order; a provider that finished first wins. */
  private async cancelAtProvider(reason: CancelReason): Promise<RunAction[]> {
    const { state } = this;
    const outcome = reason === 'deadline' ? 'expired' : 'canceled';
    const detail = {
      'action-required': 'action required: canceled at the provider by policy',
      'los-request': state.cancelRequest?.reason ?? 'canceled by the LOS',
      deadline: 'deadline passed: canceled at the provider',
    }[reason];
    const { providerOrderId } = state;
    if (!providerOrderId) return end(state, outcome, nowIso(), 'system', detail);
    let snapshot: ProviderSnapshot;
    try {
      await this.providerWrites.cancelProviderOrder(providerOrderId, reason);
      snapshot = await this.providerWrites.getProviderOrder(providerOrderId);
    } catch (err) {
      return end(state, 'failed', nowIso(), 'system', `cancel failed at the provider: ${failureMessage(err)}`);
    }
    if (snapshot.status === 'completed') return applySnapshot(state, snapshot, nowIso(), 'system');
    return end(state, outcome, nowIso(), 'system', detail);
  }

  /** Queues a result delivery for the LOS. */
  private deliver(type: DeliveryEventType): void {
    const { state } = this;
    if (patched(CREATED_FIRST_PATCH) && type !== 'order.created' && state.providerOrderId && !state.createdDelivery) {
      // The LOS hears order.created first, once the provider order exists.
      queueDelivery(state, 'order.created', Date.now());
    }
    queueDelivery(state, type, Date.now());
  }

  /** Keeps the order's search attributes and UI details current; upserts only when they changed. */
  private publish(): void {
    setCurrentDetails(currentDetails(this.state));
    const { status, providerOrderId, correlationIds } = this.state;
    const attributes = JSON.stringify([status, providerOrderId, correlationIds]);
    if (attributes === this.publishedAttributes) return;
    upsertSearchAttributes([
      { key: VoieStatus, value: status },
      ...(providerOrderId ? [{ key: VoieProviderOrderId, value: providerOrderId }] : []),
      ...(correlationIds.length ? [{ key: VoieCorrelationIds, value: correlationIds }] : []),
    ]);
    this.publishedAttributes = attributes;
  }

  /** Starts a fresh run with the order's state, once the delivery in flight and the handlers running are done. */
  private async continueAsNew(): Promise<never> {
    await condition(() => !this.deliveries.inFlight && allHandlersFinished());
    return continueAsNew<typeof verificationOrder>({ ...this.input, state: this.state });
  }
}
