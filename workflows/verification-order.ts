/**
 * One verification order, from the provider order's creation to the result at the LOS. Orchestration only:
 * decisions live in `order-state.ts`, provider calls and delivery in activities.
 */
import type { ActivityOptions } from '@temporalio/workflow';
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CancelReason, DeliveryActivities, DeliveryOutcome, ProviderActivities } from '../activities';
import { FailureType } from './failure-types';
import { cancelOrderUpdate, orderQuery, providerHintSignal, reportQuery } from './messages';
import type { OrderAction, OrderState } from './order-state';
import {
  acceptHint,
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
import type {
  DeliveryEventType,
  EventSource,
  OrderPolicy,
  OrderRequest,
  OrderView,
  ProviderSnapshot,
} from '../src/domain';
import { isTerminal } from '../src/domain';
import { VoieCorrelationIds, VoieProviderOrderId, VoieStatus } from './search-attributes';
import { providerTaskQueue } from './task-queues';
import { deliveryDelayMs, DELIVERY_ATTEMPT_LIMIT, MAX_DELIVERY_DELAY_MS } from './delivery-schedule';

/** What the API starts an order with. `state` is set only when the order continues as new. */
export interface VerificationOrderInput {
  orderId: string;
  request: OrderRequest;
  policy: OrderPolicy;
  createdAt: string;
  state?: OrderState;
}

const delivery = proxyActivities<DeliveryActivities>({
  startToCloseTimeout: '45s',
  // Retries are the workflow's own schedule, so that every attempt is visible and time-skipping tests see it.
  retry: { maximumAttempts: 1 },
});

/**
 * Creating, canceling and fetching the report retry while the provider is down, for up to a day; then the order
 * ends `failed` saying so. Reads give up sooner, so that a cancel or the deadline is not held up by them; the next
 * poll reads again.
 */
function providerActivities(provider: string): { writes: ProviderActivities; reads: ProviderActivities } {
  const options: ActivityOptions = {
    taskQueue: providerTaskQueue(provider),
    startToCloseTimeout: '1m',
    retry: {
      initialInterval: '2s',
      backoffCoefficient: 2,
      maximumInterval: '10m',
      nonRetryableErrorTypes: [FailureType.ProviderRejected, FailureType.ProviderResponseInvalid],
    },
  };
  return {
    writes: proxyActivities<ProviderActivities>({ ...options, scheduleToCloseTimeout: '24h' }),
    reads: proxyActivities<ProviderActivities>({ ...options, scheduleToCloseTimeout: '15m' }),
  };
}

/** Patch ids of changes to the workflow's commands; each keeps older histories replaying. */
const CREATED_FIRST_PATCH = 'order-created-first';

export async function verificationOrder(input: VerificationOrderInput): Promise<OrderView> {
  const state = input.state ?? initialState(input);
  // State carried over by continue-as-new from before `createdDelivery` existed: past creation, it was handled.
  state.createdDelivery ??= state.providerOrderId !== null;
  const { writes: provider, reads } = providerActivities(state.request.provider);
  let deliveryInFlight = false;

  setHandler(providerHintSignal, (hint) => {
    if (!acceptHint(state, hint)) log.info('duplicate provider hint ignored', { hintId: hint.id });
  });
  setHandler(orderQuery, () => toView(state));
  setHandler(reportQuery, () => state.report);
  setHandler(
    cancelOrderUpdate,
    ({ reason }) => {
      // A repeated cancel (say, a retry after a timeout) is accepted and changes nothing.
      if (!state.cancelRequest) {
        state.cancelRequest = { at: nowIso(), reason: reason ?? 'canceled by the LOS' };
        recordEvent(state, {
          at: nowIso(),
          source: 'api',
          type: 'cancel.requested',
          detail: state.cancelRequest.reason,
        });
      }
      return toView(state);
    },
    {
      validator: (_request) => {
        if (isTerminal(state.status)) {
          throw ApplicationFailure.nonRetryable(`order is already ${state.status}`, FailureType.OrderTerminal);
        }
      },
    },
  );

  function nowIso(): string {
    return new Date().toISOString();
  }

  let published = '';
  /** Keeps the order's search attributes and UI details current; upserts only when they changed. */
  function publish(): void {
    setCurrentDetails(currentDetails(state));
    const { status, providerOrderId, correlationIds } = state;
    const next = JSON.stringify([status, providerOrderId, correlationIds]);
    if (next === published) return;
    upsertSearchAttributes([
      { key: VoieStatus, value: status },
      ...(providerOrderId ? [{ key: VoieProviderOrderId, value: providerOrderId }] : []),
      ...(correlationIds.length ? [{ key: VoieCorrelationIds, value: correlationIds }] : []),
    ]);
    published = next;
  }

  /** Queues a result delivery; the LOS always hears `order.created` first once the provider order exists. */
  function deliver(type: DeliveryEventType): void {
    // Before this patch an order that ended at its first read never sent order.created.
    if (patched(CREATED_FIRST_PATCH) && type !== 'order.created' && state.providerOrderId && !state.createdDelivery) {
      deliver('order.created');
    }
    if (type === 'order.created') state.createdDelivery = true;
    queueDelivery(state, type, Date.now());
  }

  /** Carries out what the state machine decided. */
  async function act(actions: OrderAction[], source: EventSource): Promise<void> {
    for (const action of actions) {
      if (action.kind === 'deliver') {
        deliver(action.type);
      } else if (action.kind === 'fetch-report') {
        await fetchReport(action.snapshot, source);
      } else {
        await cancelAtProvider('canceled', 'action-required', 'action required: canceled at the provider by policy');
      }
    }
    publish();
  }

  async function fetchReport(snapshot: ProviderSnapshot, source: EventSource): Promise<void> {
    try {
      const report = await provider.fetchProviderReport(snapshot);
      await act(complete(state, report, nowIso(), source), source);
    } catch (err) {
      await act(
        end(state, 'failed', nowIso(), 'system', `report could not be fetched: ${failureMessage(err)}`),
        'system',
      );
    }
  }

  /** Cancels the provider order and ends the order; a provider that finished first wins. */
  async function cancelAtProvider(
    outcome: 'canceled' | 'expired',
    reason: CancelReason,
    detail: string,
  ): Promise<void> {
    const providerOrderId = state.providerOrderId;
    if (providerOrderId) {
      try {
        await provider.cancelProviderOrder(providerOrderId, reason);
        const snapshot = await provider.getProviderOrder(providerOrderId);
        if (snapshot.status === 'completed') {
          await act(applySnapshot(state, snapshot, nowIso(), 'system'), 'system');
          return;
        }
      } catch (err) {
        await act(
          end(state, 'failed', nowIso(), 'system', `cancel failed at the provider: ${failureMessage(err)}`),
          'system',
        );
        return;
      }
    }
    await act(end(state, outcome, nowIso(), 'system', detail), 'system');
  }

  async function readProvider(source: EventSource): Promise<void> {
    if (!state.providerOrderId) return;
    let snapshot: ProviderSnapshot;
    try {
      snapshot = await reads.getProviderOrder(state.providerOrderId);
    } catch (err) {
      if (isProviderRejection(err)) {
        await act(end(state, 'failed', nowIso(), source, failureMessage(err)), source);
      } else {
        recordEvent(state, { at: nowIso(), source, type: 'provider_order.read_failed', detail: failureMessage(err) });
      }
      return;
    }
    await act(applySnapshot(state, snapshot, nowIso(), source), source);
  }

  async function createProviderOrder(): Promise<void> {
    try {
      const { providerOrderId } = await provider.createProviderOrder({
        orderId: state.orderId,
        request: state.request,
      });
      state.providerOrderId = providerOrderId;
      recordEvent(state, { at: nowIso(), source: 'system', type: 'provider_order.created', detail: providerOrderId });
      moveTo(state, 'pending', nowIso(), 'system');
      publish();
      await readProvider('system');
      if (patched(CREATED_FIRST_PATCH) ? !state.createdDelivery : !isTerminal(state.status)) deliver('order.created');
    } catch (err) {
      const reason = isProviderRejection(err)
        ? failureMessage(err)
        : `the provider could not be reached: ${failureMessage(err)}`;
      await act(end(state, 'failed', nowIso(), 'system', reason), 'system');
    }
  }

  /** Sends queued result deliveries one by one, on the retry schedule, until each lands or gives up. */
  async function runDeliveries(): Promise<void> {
    for (;;) {
      await condition(() => state.deliveries.length > 0);
      const next = state.deliveries[0]!;
      const wait = next.nextAttemptAt - Date.now();
      if (wait > 0) await sleep(wait);
      deliveryInFlight = true;
      const outcome = await delivery
        .deliverResult({ url: state.request.callback_url!, webhookId: next.webhookId, payload: next.payload })
        .catch((err: unknown): DeliveryOutcome => ({ kind: 'failed', status: null, error: failureMessage(err) }))
        .finally(() => (deliveryInFlight = false));
      next.attempts += 1;
      const attempts = state.delivery.attempts + 1;
      const base = { last_event: next.type, attempts, last_status: outcome.status, last_error: outcome.error };
      if (outcome.kind === 'delivered') {
        state.deliveries.shift();
        state.delivery = { ...base, state: state.deliveries.length ? 'pending' : 'delivered', next_attempt_at: null };
        recordEvent(state, { at: nowIso(), source: 'system', type: 'delivery.succeeded', detail: next.type });
      } else if (outcome.kind === 'gone' || next.attempts >= DELIVERY_ATTEMPT_LIMIT) {
        const gone = outcome.kind === 'gone';
        state.deliveries = gone ? [] : state.deliveries.slice(1);
        state.delivery = { ...base, state: gone ? 'stopped' : 'failed', next_attempt_at: null };
        recordEvent(state, {
          at: nowIso(),
          source: 'system',
          type: gone ? 'delivery.stopped' : 'delivery.failed',
          detail: gone ? 'the LOS answered 410 Gone' : `gave up after ${next.attempts} attempts`,
        });
      } else {
        // A LOS's Retry-After is honoured up to the schedule's longest step: it cannot park an order for years.
        const retryAfter = Math.min(outcome.retryAfterMs ?? 0, MAX_DELIVERY_DELAY_MS);
        next.nextAttemptAt = Date.now() + Math.max(deliveryDelayMs(next.attempts), retryAfter);
        state.delivery = { ...base, state: 'pending', next_attempt_at: new Date(next.nextAttemptAt).toISOString() };
      }
      publish();
    }
  }

  // Deliveries run beside the order so a slow LOS never holds the order back. A bug in them fails the workflow
  // task (visible in the UI, retried once fixed) instead of silently stopping deliveries.
  void runDeliveries();

  // Workflow time, not the API's clock: the deadline counts from when the order started running.
  state.deadline ??= Date.now() + state.policy.deadlineMs;
  const deadline = state.deadline;
  publish();
  if (state.status === 'creating') await createProviderOrder();

  let pollDelay = state.policy.pollIntervalMs;
  while (!isTerminal(state.status)) {
    const untilDeadline = deadline - Date.now();
    if (untilDeadline <= 0) {
      await cancelAtProvider('expired', 'deadline', 'deadline passed: canceled at the provider');
      break;
    }
    const woken = await condition(
      () => state.pendingHints.length > 0 || state.cancelRequest !== null,
      Math.min(pollDelay, untilDeadline),
    );
    if (state.cancelRequest) {
      await cancelAtProvider('canceled', 'los-request', state.cancelRequest.reason);
    } else if (woken) {
      state.pendingHints = [];
      pollDelay = state.policy.pollIntervalMs;
      await readProvider('webhook');
    } else if (Date.now() < deadline) {
      recordEvent(state, { at: nowIso(), source: 'poll', type: 'provider_order.polled' });
      await readProvider('poll');
      pollDelay = Math.min(pollDelay * 2, state.policy.pollIntervalMaxMs);
    }
    if (!isTerminal(state.status) && workflowInfo().continueAsNewSuggested) {
      await condition(() => !deliveryInFlight && allHandlersFinished());
      await continueAsNew<typeof verificationOrder>({ ...input, state });
    }
  }

  await condition(() => state.deliveries.length === 0 && !deliveryInFlight && allHandlersFinished());
  return toView(state);
}

/** A failure no retry can fix: the provider refused, or answered something voie cannot read. */
function isProviderRejection(err: unknown): boolean {
  const type = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
  return type === FailureType.ProviderRejected || type === FailureType.ProviderResponseInvalid;
}

function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}
