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
import type { DeliveryEventType, EventSource, OrderStatus, OrderView, ProviderSnapshot } from '../src/domain';
import { isTerminal } from '../src/domain';
import { creationFailureReason, failureMessage, isProviderRejection } from './activity-failures';
import type { OrderAction, OrderState, ProviderOrder, ProviderOrderEnd } from './order-state';
import {
  applySnapshot,
  currentAttempt,
  currentProvider,
  end,
  endProviderOrder,
  hintedProviderOrders,
  initialState,
  isWaterfall,
  moveTo,
  openProviderOrders,
  providerOrderCreated,
  queueDelivery,
  recordEvent,
  reportFetched,
  startNextStep,
  upgradeState,
} from './order-state';
import { currentDetails, toView } from './order-view';
import type { ProviderCalls } from './provider-activities';
import { providerCalls, readsFor } from './provider-activities';
import { ResultDeliveries } from './result-deliveries';
import { ReverificationPhase } from './reverification';
import {
  VoieCorrelationIds,
  VoieProvider,
  VoieProviderOrderId,
  VoieReverification,
  VoieStatus,
} from './search-attributes';
import type { verificationOrder, VerificationOrderInput } from './verification-order';
import { nowIso } from './workflow-clock';

/**
 * Patch: `order.created` always goes out before any other delivery, also for an order that ended at its first read.
 * The old branches replay the histories in `test/fixtures/histories/before-created-first-patch-*`.
 */
const CREATED_FIRST_PATCH = 'order-created-first';

/** Patch: the re-verification before closing, a phase after completion (`reverification.ts`). */
const REVERIFICATION_PATCH = 'reverification-before-closing';

/**
 * Patch: the create's answer is the provider order's first snapshot, so no read follows the create. The old branch
 * (a read right after the create) replays the histories recorded before it.
 */
const SNAPSHOT_FROM_CREATE_PATCH = 'snapshot-from-create';

/**
 * Patch: a provider order voie gives up on as failed (the provider refused a read, or answered what voie cannot
 * read) is canceled at the provider, and a cancel that fails for one provider order no longer leaves the others
 * open: nothing billable is left behind an order that ended. The old branches replay every history recorded before.
 */
const RELEASE_FAILED_PATCH = 'release-failed-provider-orders';

/**
 * Patch: a waterfall step announced ahead of its first result (it ended at its first read) is not announced again
 * afterwards. Before it, the LOS could get a second `order.provider_changed` after the result.
 */
const PROVIDER_CHANGED_ONCE_PATCH = 'provider-changed-once';

/**
 * Patch: webhooks that each name an open provider order read only those, not every open one of the order (an order
 * of two Truework employers read both on each employer's webhook). Asked only when that reads fewer; the old branch
 * replays `test/fixtures/histories/before-hinted-reads-*`.
 */
const HINTED_READS_PATCH = 'hinted-reads-only';

/**
 * What the run carries out: the state machine's decisions, and the run's own (read the provider order when a
 * webhook or a poll says so; cancel it when the LOS asks or the deadline passes).
 */
type RunAction =
  | OrderAction
  | { kind: 'read-provider'; source: EventSource; only?: ProviderOrder[] }
  | { kind: 'cancel-at-provider'; reason: 'los-request' | 'deadline' | 'step-deadline' };

/**
 * One run of an order's workflow: the order's state, the calls to its provider and the deliveries to its LOS.
 * `run()` reads top to bottom: create the provider order, then wait for the next thing to do and do it, until the
 * order ends (or the history grows long and the run continues as new).
 */
export class OrderRun {
  readonly state: OrderState;
  private readonly deliveries: ResultDeliveries;
  /** Epoch ms (workflow time) at which the order expires. */
  private readonly deadline: number;
  /** Polls back off while nothing happens, up to the policy's longest interval; a webhook resets them. */
  private pollDelay: number;
  /** The search attributes last upserted, so that unchanged ones are not upserted again. */
  private publishedAttributes = '';
  /** The status last published: a webhook's progress (see `ProviderHint.progress`) moves it between two actions. */
  private publishedStatus: OrderStatus | null = null;
  /**
   * Waiting for the next thing to do, with no provider call in flight: what the provider orders last read is what
   * the order acts on (a webhook arriving now that restates it can change nothing).
   */
  waiting = false;

  constructor(private readonly input: VerificationOrderInput) {
    const { attributesAtStart, ...started } = input;
    this.state = input.state ? upgradeState(input.state) : initialState(started);
    this.deliveries = new ResultDeliveries(this.state, () => this.publish());
    // Workflow time, not the API's clock: the deadline counts from when the order started running.
    this.deadline = this.state.deadline ??= Date.now() + this.state.policy.deadlineMs;
    this.pollDelay = this.state.policy.pollIntervalMs;
    // Not behind patched(): a patch costs a marker and an upsert of its own. The input, in the history, tells apart
    // the orders started before, which upsert their start attributes again.
    // The API starts no order with VoieReverification: an order with a closing date publishes it at its first upsert.
    if (attributesAtStart && !input.state && !this.state.reverification)
      this.publishedAttributes = this.attributesKey();
    if (isWaterfall(this.state) && this.state.status === 'creating') this.startStepClock();
  }

  /** The activities of the current step's provider (on its task queue). */
  private get calls(): ProviderCalls {
    return providerCalls(currentProvider(this.state));
  }

  /** A waterfall's step may take `stepDeadlineMs` (workflow time) before the next provider gets the order. */
  private startStepClock(): void {
    this.state.stepDeadline = Date.now() + (this.state.policy.stepDeadlineMs ?? this.state.policy.deadlineMs);
  }

  /** Runs the order until it ends and every delivery has settled; returns its final view. */
  async run(): Promise<OrderView> {
    this.deliveries.start();
    this.publish();
    if (this.state.status === 'creating') await this.createProviderOrders();
    while (!isTerminal(this.state.status)) {
      await this.perform(await this.nextActions());
      if (!isTerminal(this.state.status) && workflowInfo().continueAsNewSuggested) await this.continueAsNew();
    }
    // Only orders with a closing date have a re-verification phase; no order of before it had one.
    if (this.state.reverification && patched(REVERIFICATION_PATCH)) {
      await new ReverificationPhase(this.state, {
        publish: () => this.publish(),
        deliver: (type) => this.deliver(type),
      }).run();
    }
    await condition(() => this.deliveries.settled && allHandlersFinished());
    return toView(this.state);
  }

  /**
   * Creates the provider orders (one per group of employers the provider takes at once; each retried while the
   * provider is down), reads them once, and tells the LOS. One that cannot be made ends with the reason; the order
   * goes on with the others.
   */
  private async createProviderOrders(): Promise<void> {
    const { state } = this;
    const actions: OrderAction[] = [];
    const placed: ProviderSnapshot[] = [];
    for (const order of state.providerOrders) {
      try {
        const { providerOrderId, snapshot } = await this.calls.providerWrites.createProviderOrder({
          orderId: state.orderId,
          request: state.request,
          employers: order.employers,
        });
        providerOrderCreated(state, order, providerOrderId, nowIso());
        if (snapshot) placed.push(snapshot);
      } catch (err) {
        const detail = creationFailureReason(err);
        actions.push(...endProviderOrder(state, order, { status: 'failed', detail, source: 'system' }, nowIso()));
      }
    }
    if (openProviderOrders(state).length === 0) return this.perform(actions);
    moveTo(state, 'pending', nowIso(), 'system');
    this.publish();
    // Creates answered by a worker of before the snapshot came with them have none: those orders are read.
    if (placed.length === openProviderOrders(state).length && patched(SNAPSHOT_FROM_CREATE_PATCH)) {
      await this.perform(placed.flatMap((snapshot) => applySnapshot(state, snapshot, nowIso(), 'system')));
    } else {
      await this.perform([{ kind: 'read-provider', source: 'system' }]);
    }
    if (patched(CREATED_FIRST_PATCH)) {
      // Unless the first read ended the order and `deliver` already sent order.created ahead of the result.
      if (!state.createdDelivery) this.deliver('order.created');
      // A waterfall's later step: the LOS hears of the move once it is read (with the new step's applicant action).
      else if (state.attempts.length > 1 && !currentAttempt(state).announced) this.deliver('order.provider_changed');
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
    const untilStepDeadline = state.stepDeadline === null ? Infinity : state.stepDeadline - Date.now();
    if (untilStepDeadline <= 0) return [{ kind: 'cancel-at-provider', reason: 'step-deadline' }];
    this.waiting = true;
    const woken = await condition(
      () => state.pendingHints.length > 0 || state.cancelRequest !== null || state.status !== this.publishedStatus,
      Math.min(this.pollDelay, untilDeadline, untilStepDeadline),
    );
    this.waiting = false;
    if (state.cancelRequest) return [{ kind: 'cancel-at-provider', reason: 'los-request' }];
    // Progress a webhook stated (hints recorded before hints stated any never wake this): published, nothing read.
    if (woken && state.pendingHints.length === 0) {
      this.pollDelay = state.policy.pollIntervalMs;
      return [];
    }
    if (woken) {
      const hinted = hintedProviderOrders(state);
      state.pendingHints = [];
      this.pollDelay = state.policy.pollIntervalMs;
      const only = hinted && patched(HINTED_READS_PATCH) ? hinted : undefined;
      return [{ kind: 'read-provider', source: 'webhook', only }];
    }
    // The poll timer was cut short by a deadline: the next round expires the order or ends the step.
    if (Date.now() >= this.deadline || (state.stepDeadline !== null && Date.now() >= state.stepDeadline)) return [];
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
        return this.readProvider(action.source, action.only);
      case 'fetch-report':
        return this.fetchReport(action.snapshot, action.source);
      case 'cancel-at-provider':
        return this.cancelAtProvider(action.reason);
      case 'next-provider':
        return this.startNextProvider();
    }
  }

  /** Hands the order to the waterfall's next provider: a new step, created, read, and announced to the LOS. */
  private async startNextProvider(): Promise<RunAction[]> {
    startNextStep(this.state, nowIso());
    this.startStepClock();
    this.pollDelay = this.state.policy.pollIntervalMs;
    this.publish();
    await this.createProviderOrders();
    return [];
  }

  /**
   * Reads the open provider orders (`only` these, when given). A read that fails is noted and left to the next poll,
   * unless the provider refused: then that provider order has ended.
   */
  private async readProvider(source: EventSource, only?: ProviderOrder[]): Promise<RunAction[]> {
    const { state } = this;
    const actions: RunAction[] = [];
    const reads = readsFor(this.calls, source);
    for (const order of only ?? openProviderOrders(state)) {
      if (isTerminal(state.status)) break;
      try {
        const snapshot = await reads.getProviderOrder(order.providerOrderId!);
        actions.push(...applySnapshot(state, snapshot, nowIso(), source));
      } catch (err) {
        if (isProviderRejection(err)) {
          actions.push(
            ...endProviderOrder(state, order, { status: 'failed', detail: failureMessage(err), source }, nowIso()),
          );
          if (patched(RELEASE_FAILED_PATCH)) await this.releaseAtProvider(order.providerOrderId!);
        } else {
          recordEvent(state, { at: nowIso(), source, type: 'provider_order.read_failed', detail: failureMessage(err) });
        }
      }
    }
    return actions;
  }

  /**
   * Fetches the report of a completed provider order: it completes with it, or fails saying why. A read that carried
   * the report needs no fetch (snapshots recorded before reads carried reports have none: those replay the fetch).
   */
  private async fetchReport(snapshot: ProviderSnapshot, source: EventSource): Promise<RunAction[]> {
    if (snapshot.report) return reportFetched(this.state, snapshot.providerOrderId, snapshot.report, nowIso(), source);
    let report;
    try {
      report = await this.calls.providerWrites.fetchProviderReport(snapshot);
    } catch (err) {
      const order = this.state.providerOrders.find((o) => o.providerOrderId === snapshot.providerOrderId);
      if (!order || order.ended) return [];
      const detail = `report could not be fetched: ${failureMessage(err)}`;
      return endProviderOrder(this.state, order, { status: 'failed', detail, source: 'system' }, nowIso());
    }
    return reportFetched(this.state, snapshot.providerOrderId, report, nowIso(), source);
  }

  /**
   * Cancels every open provider order, then ends the order as the cancel says, unless a provider order completed
   * first: a provider that finished first wins.
   */
  private async cancelAtProvider(reason: Exclude<CancelReason, 'order-failed'>): Promise<RunAction[]> {
    const { state } = this;
    // Several provider orders may each have asked for the policy's cancel in one read; the first one did it all.
    if (reason === 'action-required' && !openProviderOrders(state).some((o) => o.status === 'action_required')) {
      return [];
    }
    const ending: ProviderOrderEnd & { status: 'canceled' | 'expired' } = {
      status: reason === 'deadline' || reason === 'step-deadline' ? 'expired' : 'canceled',
      detail: {
        'action-required': 'action required: canceled at the provider by policy',
        'los-request': state.cancelRequest?.reason ?? 'canceled by the LOS',
        deadline: 'deadline passed: canceled at the provider',
        'step-deadline': `step deadline passed: canceled at ${currentProvider(state)}`,
      }[reason],
      source: 'system',
      // The LOS's cancel and the overall deadline end the order; the others end only the step.
      final: reason === 'los-request' || reason === 'deadline',
    };
    const actions: RunAction[] = [];
    let cancelFailure: string | null = null;
    for (const order of openProviderOrders(state)) {
      let snapshot: ProviderSnapshot;
      try {
        await this.calls.providerWrites.cancelProviderOrder(order.providerOrderId!, reason);
        snapshot = await this.calls.providerWrites.getProviderOrder(order.providerOrderId!);
      } catch (err) {
        const failure = `cancel failed at the provider: ${failureMessage(err)}`;
        if (!patched(RELEASE_FAILED_PATCH)) return end(state, 'failed', nowIso(), 'system', failure);
        // The order ends failed, but the other provider orders are still canceled first.
        cancelFailure ??= failure;
        continue;
      }
      actions.push(
        ...(snapshot.status === 'completed'
          ? applySnapshot(state, snapshot, nowIso(), 'system')
          : // Canceled at the provider, whatever the order then ends as (a deadline ends it expired).
            endProviderOrder(state, order, { ...ending, status: 'canceled' }, nowIso(), ending)),
      );
    }
    if (cancelFailure) return end(state, 'failed', nowIso(), 'system', cancelFailure);
    // Nothing was open to cancel (no provider order could be made): the order ends as the cancel says.
    return actions.length > 0 ? actions : end(state, ending.status, nowIso(), 'system', ending.detail);
  }

  /**
   * Cancels at the provider a provider order voie gave up on as failed, so that nothing billable is left. Best
   * effort, and bounded like a read: the provider may refuse this too, and the order's outcome no longer depends on it.
   */
  private async releaseAtProvider(providerOrderId: string): Promise<void> {
    try {
      await this.calls.providerReads.cancelProviderOrder(providerOrderId, 'order-failed');
      recordEvent(this.state, {
        at: nowIso(),
        source: 'system',
        type: 'provider_order.canceled',
        detail: `${providerOrderId}: voie gave up on it`,
      });
    } catch (err) {
      recordEvent(this.state, {
        at: nowIso(),
        source: 'system',
        type: 'provider_order.cancel_failed',
        detail: `${providerOrderId}: ${failureMessage(err)}`,
      });
    }
  }

  /** Queues a result delivery for the LOS. */
  private deliver(type: DeliveryEventType): void {
    const { state } = this;
    const attempt = currentAttempt(state);
    if (patched(CREATED_FIRST_PATCH) && type !== 'order.created' && state.providerOrderId && !state.createdDelivery) {
      // The LOS hears order.created first, once the provider order exists.
      queueDelivery(state, 'order.created', Date.now());
      attempt.announced = true;
    }
    if (
      state.attempts.length > 1 &&
      !attempt.announced &&
      type !== 'order.created' &&
      type !== 'order.provider_changed'
    ) {
      // A waterfall's new step is announced before anything else of it.
      queueDelivery(state, 'order.provider_changed', Date.now());
      if (patched(PROVIDER_CHANGED_ONCE_PATCH)) attempt.announced = true;
    }
    if (type === 'order.created' || type === 'order.provider_changed') attempt.announced = true;
    queueDelivery(state, type, Date.now());
  }

  /** Keeps the order's search attributes and UI details current; upserts only when they changed. */
  private publish(): void {
    setCurrentDetails(currentDetails(this.state));
    const { status, providerOrderId, correlationIds } = this.state;
    this.publishedStatus = status;
    const provider = this.waterfallProvider();
    const reverification = this.reverificationAttribute();
    const attributes = this.attributesKey();
    if (attributes === this.publishedAttributes) return;
    upsertSearchAttributes([
      ...reverification.map((value) => ({ key: VoieReverification, value })),
      ...provider.map((value) => ({ key: VoieProvider, value })),
      { key: VoieStatus, value: status },
      ...(providerOrderId ? [{ key: VoieProviderOrderId, value: providerOrderId }] : []),
      ...(correlationIds.length ? [{ key: VoieCorrelationIds, value: correlationIds }] : []),
    ]);
    this.publishedAttributes = attributes;
  }

  /** A waterfall's provider changes with its step; an order of one provider keeps the one it was started with. */
  private waterfallProvider(): string[] {
    return this.state.attempts.length > 1 ? [currentProvider(this.state)] : [];
  }

  /**
   * Orders without a closing date upsert exactly what they did before re-verifications. A cleared closing date unsets
   * the attribute (null); an order that never had one leaves it absent.
   */
  private reverificationAttribute(): (string | null)[] {
    const { reverification } = this.state;
    if (reverification) return [reverification.status];
    return reverification === null ? [null] : [];
  }

  /** The search attributes the order should carry, as a key to compare with the last upserted. */
  private attributesKey(): string {
    const { status, providerOrderId, correlationIds } = this.state;
    return JSON.stringify([
      status,
      providerOrderId,
      correlationIds,
      ...this.waterfallProvider(),
      ...this.reverificationAttribute(),
    ]);
  }

  /** Starts a fresh run with the order's state, once the delivery in flight and the handlers running are done. */
  private async continueAsNew(): Promise<never> {
    await condition(() => !this.deliveries.inFlight && allHandlersFinished());
    return continueAsNew<typeof verificationOrder>({ ...this.input, state: this.state });
  }
}
