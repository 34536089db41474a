/**
 * The order as the LOS and operators read it, built from the state: the contract's view, and the Temporal UI's
 * current details. Nothing here changes the state.
 */
import type { OrderView, ReverificationView } from '../src/domain';
import { applicantSsnLast4, isTerminal, orderSummary } from '../src/domain';
import { attemptCost, orderCost } from './bill';
import type { OrderState, ReverificationState } from './state';
import { allReverifications, currentProvider, reverifiableUntil } from './state';

/** The contract's order view; the only shape of an order that leaves the workflow. */
export function toView(state: OrderState): OrderView {
  const { request } = state;
  const employers = request.employers;
  const hasResult = isTerminal(state.status) || state.delivery.state !== 'none';
  const until = reverifiableUntil(state);
  return {
    id: state.orderId,
    external_id: request.external_id,
    // The current attempt's provider.
    provider: currentProvider(state),
    provider_order_id: state.providerOrderId,
    waterfall: request.waterfall ?? null,
    status: state.status,
    type: request.type,
    loan_id: request.loan_id ?? null,
    applicant: {
      first_name: request.applicant.first_name,
      last_name: request.applicant.last_name,
      ssn_last4: applicantSsnLast4(request.applicant),
    },
    employer: { name: employers[0]?.name ?? '' },
    employments: employers.map((employer, index) => ({
      employer: { name: employer.name },
      provider_order_id: state.providerOrders.find((order) => order.employers.includes(index))?.providerOrderId ?? null,
      status: state.employments[index]?.status ?? state.status,
      outcome: state.employments[index]?.outcome ?? null,
    })),
    attempts: state.attempts.map((attempt) => ({
      provider: attempt.provider,
      provider_order_id: attempt.providerOrderId,
      status: attempt.endedAt === null ? state.status : attempt.status,
      outcome: attempt.outcome,
      started_at: attempt.startedAt,
      ended_at: attempt.endedAt,
      reason: attempt.reason,
      estimated_cost: attemptCost(state, attempt),
      reused: attempt.reused ?? null,
    })),
    created_at: state.createdAt,
    updated_at: state.updatedAt,
    // A copy: a queued delivery keeps this view, and must not see events recorded after it.
    events: [...state.events],
    applicant_action: state.shareUrl ? { share_url: state.shareUrl } : null,
    result: hasResult ? { ...(state.error ? { error: state.error } : {}), delivery: state.delivery } : null,
    closing_date: state.closingDate,
    completed_at: state.completedAt,
    reverifiable_until: until === null ? null : new Date(until).toISOString(),
    reverification: reverificationView(state.reverification),
    reverifications: allReverifications(state).map((reverification) => reverificationView(reverification)!),
    estimated_cost: orderCost(state),
  };
}

/** The order view's `reverification` block. */
export function reverificationView(reverification: ReverificationState | null): ReverificationView | null {
  if (!reverification) return null;
  const { closingDate, dueAt, status, checkedAt, changes, reason } = reverification;
  return { closing_date: closingDate, due_at: dueAt, status, checked_at: checkedAt, changes, reason };
}

/**
 * The order's current details in the Temporal UI: what it is and where it stands, without personal data. It repeats
 * the summary, which a run started by continue-as-new does not carry.
 */
export function currentDetails(state: OrderState): string {
  const provider = state.providerOrderId ? ` · ${currentProvider(state)} order ${state.providerOrderId}` : '';
  const { reverification } = state;
  const closing = state.closingDate ? ` · closing ${state.closingDate}` : '';
  const due = reverification?.status === 'scheduled' ? ` (due ${reverification.dueAt})` : '';
  const reverifying = reverification ? ` · re-verification ${reverification.status}${due}` : '';
  const until = reverifiableUntil(state);
  const window = until === null ? '' : ` · re-verifiable until ${new Date(until).toISOString()}`;
  const cost = orderCost(state);
  const spent = cost ? ` · estimated cost $${cost.toFixed(2)}` : '';
  return `${orderSummary(state.request)} — status: ${state.status}${provider} · delivery: ${state.delivery.state}${closing}${reverifying}${window}${spent}`;
}
