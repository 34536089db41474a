/**
 * The order's first phase: create the provider orders, follow them (webhook hints, polls, deadlines) and carry out
 * what the decisions ask (read the report, cancel at the provider, try the waterfall's next step, tell the LOS) until
 * the order ends. Everything it needs to go on is in the state, so a run continued as new picks up where it waited.
 */
import type { CancelReason } from '../activities';
import type { EventSource, ProviderSnapshot } from '../src/domain';
import { CANCEL_REASONS, isTerminal } from '../src/domain';
import { creationFailureReason, failureMessage, isProviderRejection } from './activity-failures';
import type { OrderAction } from './attempts';
import { end, endProviderOrder, startNextAttempt } from './attempts';
import { Follower } from './follower';
import { callProvider, currentProviderCalls } from './provider-calls';
import type { ProviderCalls } from './provider-calls';
import { applySnapshot, hintedProviderOrders, providerOrderCreated, reportRead } from './provider-orders';
import type { ReuseStep } from './reuse';
import { claimOrder, claimStep, tellLedgers, tellRecheck } from './reuse';
import type { Publication } from './publication';
import { announce } from './result-events';
import type { OrderState, ProviderOrder, ProviderOrderEnd } from './state';
import { currentAttempt, currentProvider, isWaterfall, moveTo, openProviderOrders, recordEvent } from './state';
import { nowIso } from './workflow-clock';

/** Why voie cancels at the provider from within the run; `order-failed` is the release of a provider order given up. */
type RunCancelReason = Exclude<CancelReason, 'order-failed'>;

/** What the run carries out: the decisions' actions, and the run's own (reads and cancels). */
type RunAction =
  | OrderAction
  | { kind: 'read-provider'; source: EventSource; only: ProviderOrder[] }
  | { kind: 'cancel-at-provider'; reason: RunCancelReason };

export class OrderRun {
  private readonly follower: Follower;

  constructor(
    private readonly state: OrderState,
    private readonly publication: Publication,
  ) {
    this.follower = new Follower(state);
    // Workflow time, not the API's clock: the deadline counts from when the order started running.
    state.deadline ??= Date.now() + state.policy.deadlineMs;
    if (isWaterfall(state) && state.status === 'creating') this.startStepClock();
  }

  /** The activities of the current attempt's provider (on its task queue). */
  private get calls(): ProviderCalls {
    return currentProviderCalls(this.state);
  }

  /** Runs the order until it ends. */
  async run(): Promise<void> {
    if (this.state.status === 'creating') await this.createProviderOrders();
    while (!isTerminal(this.state.status)) await this.perform(await this.nextActions());
  }

  /** A waterfall's attempt may take `stepDeadlineMs` (workflow time) before the next step gets the order. */
  private startStepClock(): void {
    const { policy } = this.state;
    const own = policy.stepDeadlinesMs?.[this.state.attempts.length - 1];
    this.state.stepDeadline = Date.now() + (own ?? policy.stepDeadlineMs ?? policy.deadlineMs);
  }

  /**
   * Creates the provider orders (one per group of employers the provider takes at once; each retried while the
   * provider is down), folds what the creates answered, and tells the LOS. One that cannot be made ends with the
   * reason; the order goes on with the others.
   */
  private async createProviderOrders(): Promise<void> {
    const { state } = this;
    const actions: RunAction[] = [];
    const placed: ProviderSnapshot[] = [];
    const missing = missingApplicantField(state);
    for (const order of claimOrder(state)) {
      if (missing) {
        // The provider would find nothing: the step ends without a call, and a waterfall moves on.
        const detail = `${missing.replace(/_/g, ' ')} required`;
        const end: ProviderOrderEnd = { status: 'failed', detail, source: 'system', outcome: 'not_found' };
        actions.push(...endProviderOrder(state, order, end, nowIso()));
        continue;
      }
      const step = await this.claimOrReuse(order);
      if (step === 'stopped') {
        actions.push(...endProviderOrder(state, order, this.stoppedWaiting(), nowIso()));
        continue;
      }
      if (step === 'reused') continue;
      try {
        const { providerOrderId, snapshot } = await callProvider(state, () =>
          this.calls.providerWrites.createProviderOrder({
            orderId: state.orderId,
            request: state.request,
            employers: order.employers,
          }),
        );
        providerOrderCreated(state, order, providerOrderId, nowIso());
        if (snapshot) placed.push(snapshot);
      } catch (err) {
        const detail = creationFailureReason(err);
        actions.push(...endProviderOrder(state, order, { status: 'failed', detail, source: 'system' }, nowIso()));
      }
    }
    if (openProviderOrders(state).length === 0) return this.perform(actions);
    moveTo(state, 'pending', nowIso(), 'system');
    this.publication.publish();
    // A provider whose create answers with the order's first snapshot needs no read after it.
    await this.perform(
      placed.length === openProviderOrders(state).length
        ? placed.flatMap((snapshot) => applySnapshot(state, snapshot, nowIso(), 'system'))
        : [{ kind: 'read-provider', source: 'system', only: openProviderOrders(state) }],
    );
    // Unless the first read ended the order, and `order.created` went out ahead of its result.
    if (!state.createdDelivery) this.deliver('order.created');
    // A waterfall's later attempt: the LOS hears of the move once it is read (with its applicant action).
    else if (state.attempts.length > 1 && !currentAttempt(state).announced) this.deliver('order.provider_changed');
  }

  /**
   * Claims the provider order's key on its reuse ledger (see `claimStep`) and re-verifies what the ledger found. A
   * verification the provider refuses to re-verify is refused on the next claim, so that the ledger stops offering it
   * and this step owns the key while it creates; one the provider could not be reached for is left as it is.
   * `create`: the step creates its provider order.
   */
  private async claimOrReuse(order: ProviderOrder): Promise<'reused' | 'create' | 'stopped'> {
    const { state } = this;
    const leaseUntil = Math.min(state.deadline!, state.stepDeadline ?? Infinity);
    let refused: string | undefined;
    for (;;) {
      const step = await claimStep(state, order, leaseUntil, refused);
      if (step.kind !== 'reuse') return step.kind;
      const outcome = await this.reverify(order, step);
      if (outcome !== 'refused') return outcome === 'reverified' ? 'reused' : 'create';
      refused = step.orderId;
    }
  }

  /**
   * Re-verifies the verification the reuse ledger found instead of creating: the re-check is this step's provider
   * order, followed like any. `refused`: the provider refused the re-verification; `failed`: it could not be placed
   * otherwise (the provider unreachable): either way the step creates after all.
   */
  private async reverify(
    order: ProviderOrder,
    found: Extract<ReuseStep, { kind: 'reuse' }>,
  ): Promise<'reverified' | 'refused' | 'failed'> {
    const { state } = this;
    try {
      const { providerOrderId, kind } = await callProvider(state, () =>
        this.calls.providerWrites.reverifyProviderOrder({
          orderId: state.orderId,
          request: state.request,
          employers: order.employers,
          attempt: 1,
          earlierRecheckIds: found.earlierRecheckIds,
          original: { ...found.source, asOf: nowIso() },
          reuse: true,
        }),
      );
      order.kind = kind;
      currentAttempt(state).reused ??= found.orderId;
      this.note('reuse.reverified', `${found.source.providerOrderId} → ${providerOrderId} (${kind})`);
      providerOrderCreated(state, order, providerOrderId, nowIso());
      await tellRecheck(found.ledgerId, state.orderId, providerOrderId);
      return 'reverified';
    } catch (err) {
      this.note('reuse.failed', `creating instead: ${failureMessage(err)}`);
      return isProviderRejection(err) ? 'refused' : 'failed';
    }
  }

  /** How a provider order ends that waited for another order's verification until a cancel or its deadline. */
  private stoppedWaiting(): ProviderOrderEnd {
    const { state } = this;
    if (state.cancelRequest) {
      return { status: 'canceled', detail: state.cancelRequest.reason, source: 'system', final: true };
    }
    const final = Date.now() >= state.deadline!;
    const reason = final ? 'deadline' : 'step-deadline';
    return { status: 'expired', detail: CANCEL_REASONS[reason], source: 'system', final };
  }

  /** Waits for the next thing to do: a deadline, the LOS's cancel, a webhook's hint, or the next poll. */
  private async nextActions(): Promise<RunAction[]> {
    const { state } = this;
    const deadline = Math.min(state.deadline!, state.stepDeadline ?? Infinity);
    const wake = await this.follower.next(deadline, () => state.cancelRequest !== null);
    if (wake === 'deadline') {
      const reason = Date.now() >= state.deadline! ? 'deadline' : 'step-deadline';
      return [{ kind: 'cancel-at-provider', reason }];
    }
    if (state.cancelRequest) return [{ kind: 'cancel-at-provider', reason: 'los-request' }];
    if (state.pendingHints.length > 0) {
      const only = hintedProviderOrders(state);
      state.pendingHints = [];
      return [{ kind: 'read-provider', source: 'webhook', only }];
    }
    return wake === 'poll' ? [{ kind: 'read-provider', source: 'poll', only: openProviderOrders(state) }] : [];
  }

  /**
   * Carries out actions one at a time in a single loop. What an action leads to (a read that finds the order
   * completed leads to reading the report, which leads to delivering it) is carried out before the actions after it.
   */
  private async perform(actions: RunAction[]): Promise<void> {
    const queue = [...actions];
    for (let action = queue.shift(); action; action = queue.shift()) {
      queue.unshift(...(await this.carryOut(action)));
    }
    await tellLedgers(this.state);
    this.publication.publish();
  }

  /** Carries out one action; returns the actions it leads to. */
  private async carryOut(action: RunAction): Promise<RunAction[]> {
    switch (action.kind) {
      case 'deliver':
        this.deliver(action.type);
        return [];
      case 'read-provider':
        return this.readProviderOrders(action.source, action.only);
      case 'read-report':
        return this.readReport(action.snapshot, action.source);
      case 'cancel-at-provider':
        return this.cancelAtProvider(action.reason);
      case 'next-step':
        return this.startNextStep();
    }
  }

  /** Hands the order to the waterfall's next step: a new attempt, created, read, and announced to the LOS. */
  private async startNextStep(): Promise<RunAction[]> {
    // The step's provider orders are replaced: their ledgers hear how they ended first.
    await tellLedgers(this.state);
    startNextAttempt(this.state, nowIso());
    this.startStepClock();
    this.publication.publish();
    await this.createProviderOrders();
    return [];
  }

  /** Reads provider orders. One the provider refuses to read has ended: voie gives up on it and releases it. */
  private async readProviderOrders(source: EventSource, orders: ProviderOrder[]): Promise<RunAction[]> {
    const { state } = this;
    const actions: RunAction[] = [];
    for (const order of orders) {
      if (isTerminal(state.status)) break;
      const read = await this.follower.read(order.providerOrderId!, source);
      if (read.kind === 'read') actions.push(...applySnapshot(state, read.snapshot, nowIso(), source));
      if (read.kind === 'refused') {
        const end: ProviderOrderEnd = { status: 'failed', detail: read.reason, source };
        actions.push(...endProviderOrder(state, order, end, nowIso()));
        await this.releaseAtProvider(order.providerOrderId!);
      }
    }
    return actions;
  }

  /** Reads the report of a completed provider order (unless the read carried it): it completes, or fails saying why. */
  private async readReport(snapshot: ProviderSnapshot, source: EventSource): Promise<RunAction[]> {
    const { state } = this;
    if (snapshot.report) return reportRead(state, snapshot.providerOrderId, snapshot.report, nowIso(), source);
    try {
      const report = await this.calls.providerWrites.readProviderReport(snapshot);
      return reportRead(state, snapshot.providerOrderId, report, nowIso(), source);
    } catch (err) {
      const order = state.providerOrders.find((o) => o.providerOrderId === snapshot.providerOrderId);
      if (!order || order.ended) return [];
      const detail = `report could not be read: ${failureMessage(err)}`;
      return endProviderOrder(state, order, { status: 'failed', detail, source: 'system' }, nowIso());
    }
  }

  /**
   * Cancels every open provider order, then ends the order (or the attempt) as the cancel says, unless a provider
   * order completed first: a provider that finished first wins. A cancel that fails still lets the others be
   * canceled, then the order ends failed.
   */
  private async cancelAtProvider(reason: RunCancelReason): Promise<RunAction[]> {
    const { state } = this;
    // Several provider orders may each have asked for the policy's cancel in one read; the first one did it all.
    if (reason === 'action-required' && !openProviderOrders(state).some((o) => o.status === 'action_required')) {
      return [];
    }
    const ending: ProviderOrderEnd & { status: 'canceled' | 'expired' } = {
      status: reason === 'deadline' || reason === 'step-deadline' ? 'expired' : 'canceled',
      // The LOS's own words for its cancel; else the words voie gives the provider.
      detail:
        reason === 'los-request' ? (state.cancelRequest?.reason ?? CANCEL_REASONS[reason]) : CANCEL_REASONS[reason],
      source: 'system',
      // The LOS's cancel and the overall deadline end the order; the others end only the attempt.
      final: reason === 'los-request' || reason === 'deadline',
    };
    const actions: RunAction[] = [];
    let cancelFailure: string | null = null;
    for (const order of openProviderOrders(state)) {
      let snapshot: ProviderSnapshot;
      try {
        snapshot = await callProvider(state, async () => {
          await this.calls.providerWrites.cancelProviderOrder(order.providerOrderId!, reason);
          return this.calls.providerWrites.readProviderOrder(order.providerOrderId!);
        });
      } catch (err) {
        cancelFailure ??= `cancel failed at the provider: ${failureMessage(err)}`;
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
      this.note('provider_order.canceled', `${providerOrderId}: voie gave up on it`);
    } catch (err) {
      this.note('provider_order.cancel_failed', `${providerOrderId}: ${failureMessage(err)}`);
    }
  }

  private note(type: string, detail: string): void {
    recordEvent(this.state, { at: nowIso(), source: 'system', type, detail });
  }

  /** Tells the LOS (see {@link announce}). */
  private deliver(type: Parameters<typeof announce>[1]): void {
    announce(this.state, type, Date.now());
  }
}

/** An applicant field the current provider needs that the order lacks (`OrderPolicy.neededApplicantFieldsOf`). */
function missingApplicantField(state: OrderState): string | undefined {
  const needed = state.policy.neededApplicantFieldsOf?.[currentProvider(state)] ?? [];
  const applicant = state.request.applicant as unknown as Record<string, unknown>;
  return needed.find((field) => applicant[field] === undefined || applicant[field] === null);
}
