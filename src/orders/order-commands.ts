import type { WorkflowHandle } from '@temporalio/client';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { OrderPolicy, OrderRequest, OrderView, ProviderHint } from '../domain';
import { isTerminal, orderSummary, pastReverificationWindow } from '../domain';
import type {
  ClosingDateChange,
  LoanDefaults,
  LoanLink,
  VerificationOrderInput,
  VerificationOrderWorkflow,
} from '../../workflows/public';
import {
  cancelOrderUpdate,
  loanClosingDateChange,
  loanWorkflowId,
  FailureType,
  initialView,
  ORDERS_TASK_QUEUE,
  patchOrderUpdate,
  providerHintSignal,
  providerHintsSignal,
  reverifyNowUpdate,
  VERIFICATION_ORDER_WORKFLOW,
  VoieExternalId,
  VoieLoanId,
  VoieProvider,
  VoieStatus,
  VoieTenant,
} from '../../workflows/public';
import { CONFIGURED_LOAN_DEFAULTS, LoanWorkflows } from '../loans/loan-workflows';
import type { BodyFingerprint } from './idempotency';
import { OrderNotFoundError } from './order-not-found';
import type { OrderReads } from './order-reads';
import type { WorkflowCalls } from './workflow-calls';

/** Whose order a POST places: the tenant of its API key, and the order's ids (`IdempotencyKeys.orderIds`, the current one first). */
export interface OrderOwner {
  tenant: string;
  orderIds: readonly string[];
}

export type PlaceResult = { kind: 'created' | 'existing'; order: OrderView } | { kind: 'conflict' };
export type CancelResult = { kind: 'accepted'; order: OrderView } | { kind: 'terminal' };
/** How a change of the re-verification before closing went; `refused` says why (the API's 409). */
export type ReverificationChangeResult =
  { kind: 'accepted'; order: OrderView } | { kind: 'refused' | 'invalid'; reason: string };

/**
 * What the API asks of orders: it starts their workflows and sends them updates and signals. Commands on an order
 * that does not exist throw `OrderNotFoundError`.
 */
export class OrderCommands {
  private readonly loans: LoanWorkflows;

  /** `loanDefaults`: the configured business days and time zone a loan starts with (the API's configuration). */
  constructor(
    private readonly workflows: WorkflowCalls,
    private readonly reads: OrderReads,
    private readonly loanDefaults: LoanDefaults = CONFIGURED_LOAN_DEFAULTS,
  ) {
    this.loans = new LoanWorkflows(workflows);
  }

  /**
   * Starts the order's workflow, or finds the one a repeated POST with the same body started. An order with a
   * `loan_id` first joins its loan (whose workflow starts if needed), and starts with the loan's closing date: its own,
   * which becomes the loan's, or the loan's when it has none. The owner's tenant scopes the order and its loan.
   */
  async place(
    request: OrderRequest,
    policy: OrderPolicy,
    fingerprint: BodyFingerprint,
    now: Date,
    owner: OrderOwner,
  ): Promise<PlaceResult> {
    const { tenant } = owner;
    const [orderId, ...earlierIds] = owner.orderIds;
    if (orderId === undefined) throw new TypeError('an order needs an id');
    // An order placed before the field key rotated keeps the id it has under the retired key.
    for (const earlierId of earlierIds) {
      const found = await this.placed(earlierId, fingerprint);
      if (found) return found;
    }
    let loan: LoanLink | undefined;
    if (request.loan_id) {
      // A repeated POST finds its order before it touches the loan: a body that conflicts must join no loan.
      const found = await this.placed(orderId, fingerprint);
      if (found) return found;
      loan = await this.joinLoan(request.loan_id, orderId, request, policy, tenant);
    }
    const input: VerificationOrderInput = {
      orderId,
      tenant,
      request,
      policy,
      createdAt: now.toISOString(),
      ...(loan ? { loan } : {}),
    };
    const order = initialView(input);
    try {
      await this.workflows.client.workflow.start<VerificationOrderWorkflow>(VERIFICATION_ORDER_WORKFLOW, {
        workflowId: orderId,
        taskQueue: ORDERS_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { fingerprint: fingerprint.value },
        staticSummary: orderSummary(request),
        typedSearchAttributes: [
          { key: VoieTenant, value: tenant },
          { key: VoieProvider, value: request.provider },
          { key: VoieStatus, value: order.status },
          { key: VoieExternalId, value: request.external_id },
          ...(request.loan_id ? [{ key: VoieLoanId, value: request.loan_id }] : []),
        ],
      });
      return { kind: 'created', order };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    const found = await this.placed(orderId, fingerprint);
    // It existed a moment ago: its retention ran out in between. A server error, not the client's 404.
    if (!found) throw new Error(`order ${orderId} vanished`);
    return found;
  }

  /** The order a POST with this id placed already: the same (same fingerprint) or a conflict; undefined if none. */
  private async placed(orderId: string, fingerprint: BodyFingerprint): Promise<PlaceResult | undefined> {
    let memo: Record<string, unknown> | undefined;
    try {
      ({ memo } = await this.workflows.answered(() => this.workflows.client.workflow.getHandle(orderId).describe()));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
    if (!fingerprint.matches(memo?.fingerprint)) return { kind: 'conflict' };
    try {
      return { kind: 'existing', order: await this.reads.order(orderId) };
    } catch (err) {
      if (err instanceof OrderNotFoundError) return undefined;
      throw err;
    }
  }

  /**
   * Registers the order with its loan before the order starts, and returns what the order starts with: the loan's
   * workflow and its closing date. The order's own `closing_date` (with its own business days, when they differ from
   * the configured ones) becomes the loan's, the first time the loan hears of the order.
   */
  private async joinLoan(
    loanId: string,
    orderId: string,
    request: OrderRequest,
    policy: OrderPolicy,
    tenant: string,
  ): Promise<LoanLink> {
    const defaults = { ...this.loanDefaults, timeZone: policy.timeZone };
    const ownDays = policy.reverifyBusinessDays !== defaults.businessDays ? policy.reverifyBusinessDays : undefined;
    const loan = await this.loans.register(
      loanId,
      {
        orderId,
        ...(request.closing_date
          ? {
              closing_date: request.closing_date,
              ...(ownDays !== undefined ? { reverify_business_days_before_closing: ownDays } : {}),
            }
          : {}),
      },
      defaults,
      tenant,
    );
    return { workflowId: loanWorkflowId(loanId, tenant), closingDate: loanClosingDateChange(loan) };
  }

  async cancel(orderId: string, reason: string | undefined): Promise<CancelResult> {
    try {
      const order = await this.workflows.answered(() =>
        this.workflows.orderHandle(orderId).executeUpdate(cancelOrderUpdate, { args: [{ reason }] }),
      );
      return { kind: 'accepted', order };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        if (err.cause.type === FailureType.OrderTerminal) return { kind: 'terminal' };
      }
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    // The workflow is closed (the order ended), or there is none: then the read throws not found.
    await this.reads.order(orderId);
    return { kind: 'terminal' };
  }

  /**
   * Sets, moves or clears the closing date (`PATCH /v1/orders/{id}`). The loan owns the closing date of an order with
   * a `loan_id`: the change sets the loan's first (latest write wins; every order of the loan follows), and the
   * order is patched with the loan's version, so the answer shows the new date. A date the loan and the order have
   * already changes nothing. `nowMs`: the API's clock.
   */
  async patch(
    orderId: string,
    change: ClosingDateChange,
    nowMs: number,
    tenant: string,
  ): Promise<ReverificationChangeResult> {
    const order = await this.reads.order(orderId);
    if (!order.loan_id) return this.patchOrder(orderId, change, nowMs);
    // What the order's own update would refuse, refused before the loan changes for it.
    const refusal = refusalOf(order, nowMs);
    if (refusal) return { kind: 'refused', reason: refusal };
    const loanId = order.loan_id;
    const current = await this.loans.current(loanId, tenant);
    if (!current?.orders.some((known) => known.id === orderId)) {
      // An order placed before its loan had a workflow (or before loans had one): it joins the loan, as one that runs.
      await this.loans.register(loanId, { orderId, started: true }, this.loanDefaults, tenant);
    }
    const { loan, changed } = await this.loans.setClosingDate(
      loanId,
      { closing_date: change.closing_date },
      current,
      this.loanDefaults,
      tenant,
    );
    const loanChange = loanClosingDateChange(loan);
    if (!changed && order.closing_date === loanChange.closing_date) return { kind: 'accepted', order };
    return this.patchOrder(orderId, loanChange, nowMs);
  }

  /** Sets, moves or clears the order's own closing date, as given (the loan's patches carry the loan's version). */
  patchOrder(orderId: string, change: ClosingDateChange, nowMs: number): Promise<ReverificationChangeResult> {
    return this.changeReverification(orderId, nowMs, (handle) =>
      handle.executeUpdate(patchOrderUpdate, { args: [change] }),
    );
  }

  /** Runs the re-verification before closing now (`POST /v1/orders/{id}/reverify`). */
  reverify(orderId: string, nowMs: number): Promise<ReverificationChangeResult> {
    return this.changeReverification(orderId, nowMs, (handle) => handle.executeUpdate(reverifyNowUpdate, { args: [] }));
  }

  /**
   * Hands webhook hints to the order in one signal (one hint goes as `providerHint`, which workers of every version
   * handle). Returns false when the order does not exist or already ended: the webhook is acknowledged all the same.
   */
  async signalHints(orderId: string, hints: readonly ProviderHint[]): Promise<boolean> {
    const handle = this.workflows.orderHandle(orderId);
    const signal = (): Promise<void> =>
      hints.length === 1
        ? handle.signal(providerHintSignal, hints[0]!)
        : handle.signal(providerHintsSignal, [...hints]);
    try {
      // Under the deadline: with Temporal away the client would retry the signal until it is back, holding the
      // provider's request open; the provider should hear 503 and retry instead.
      await this.workflows.answered(signal);
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /** `nowMs`: the API's clock, which names the age of an order past its re-verification window. */
  private async changeReverification(
    orderId: string,
    nowMs: number,
    update: (handle: WorkflowHandle<VerificationOrderWorkflow>) => Promise<OrderView>,
  ): Promise<ReverificationChangeResult> {
    try {
      return {
        kind: 'accepted',
        order: await this.workflows.answered(() => update(this.workflows.orderHandle(orderId))),
      };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        const { type, message } = err.cause;
        if (type === FailureType.ReverificationLocked || type === FailureType.OrderTerminal) {
          return { kind: 'refused', reason: message };
        }
        if (type === FailureType.InvalidClosingDate) return { kind: 'invalid', reason: message };
      }
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    // The workflow is closed (the order ended otherwise than completed, or its re-verification window ended), or
    // there is none: then the read throws.
    const order = await this.reads.order(orderId);
    const { completed_at: completedAt, reverifiable_until: until } = order;
    const pastWindow =
      completedAt && until
        ? pastReverificationWindow(completedAt, Date.parse(until) - Date.parse(completedAt), nowMs)
        : null;
    return { kind: 'refused', reason: pastWindow ?? `the order is ${order.status}` };
  }
}

/** Why the order refuses a closing date, as its own update would: it ended otherwise than completed, or is too old. */
function refusalOf(order: OrderView, nowMs: number): string | null {
  if (isTerminal(order.status) && order.status !== 'completed') return `the order is ${order.status}`;
  const { completed_at: completedAt, reverifiable_until: until } = order;
  return completedAt && until
    ? pastReverificationWindow(completedAt, Date.parse(until) - Date.parse(completedAt), nowMs)
    : null;
}
