import {
  acceptHint,
  applySnapshot,
  initialState,
  providerOrderCreated,
  queueDelivery,
  reportFetched,
  requestCancel,
} from '../../workflows/order-state';
import { toView } from '../../workflows/order-view';
import type { OrderReport, ProviderHint, ProviderSnapshot } from '../../src/domain';

const AT = '2026-01-01T00:00:00.000Z';

function newState(cancelOnActionRequired = true) {
  const state = initialState({
    orderId: 'vo_0123456789abcdef01234567',
    createdAt: AT,
    policy: { cancelOnActionRequired, pollIntervalMs: 60_000, pollIntervalMaxMs: 3_600_000, deadlineMs: 86_400_000 },
    request: {
      external_id: 'loan-1',
      provider: 'truework',
      type: 'employment-income',
      use_case: 'mortgage',
      permissible_purpose: 'credit-application',
      applicant: { first_name: 'Jane', last_name: 'Doe', ssn: '123-45-6789' },
      employer: { name: 'Acme' },
      callback_url: 'https://los.example.com/hook',
    },
  });
  providerOrderCreated(state, state.providerOrders[0]!, 'P1', AT);
  return state;
}

function snapshot(status: ProviderSnapshot['status'], extra: Partial<ProviderSnapshot> = {}): ProviderSnapshot {
  return { providerOrderId: 'P1', status, rawStatus: status, reportIds: [], correlationIds: [], ...extra };
}

const hint = (id: string, refresh = true): ProviderHint => ({ id, type: 'order.completed', refresh, receivedAt: AT });

describe('the order state machine', () => {
  it('moves forward and never backward', () => {
    const state = newState();
    applySnapshot(state, snapshot('processing'), AT, 'poll');
    expect(state.status).toBe('processing');
    expect(applySnapshot(state, snapshot('pending'), AT, 'poll')).toEqual([]);
    expect(state.status).toBe('processing');
  });

  it('asks for the report on completion and delivers once completed', () => {
    const state = newState();
    expect(applySnapshot(state, snapshot('completed'), AT, 'webhook')).toEqual([
      { kind: 'fetch-report', snapshot: snapshot('completed'), source: 'webhook' },
    ]);
    expect(state.status).toBe('creating');
    const report = { normalized: { employments: [] }, provider_report: {} } as unknown as OrderReport;
    expect(reportFetched(state, 'P1', report, AT, 'webhook')).toEqual([{ kind: 'deliver', type: 'order.completed' }]);
    expect(state.status).toBe('completed');
    expect(reportFetched(state, 'P1', report, AT, 'webhook')).toEqual([]);
    expect(applySnapshot(state, snapshot('canceled'), AT, 'poll')).toEqual([]);
  });

  it('cancels on action-required by policy, or delivers it once when the policy keeps the order', () => {
    expect(applySnapshot(newState(true), snapshot('action_required'), AT, 'poll')).toEqual([
      { kind: 'cancel-at-provider', reason: 'action-required' },
    ]);
    const kept = newState(false);
    expect(applySnapshot(kept, snapshot('action_required'), AT, 'poll')).toEqual([
      { kind: 'deliver', type: 'order.action_required' },
    ]);
    expect(applySnapshot(kept, snapshot('action_required'), AT, 'poll')).toEqual([]);
    applySnapshot(kept, snapshot('processing'), AT, 'poll');
    expect(kept.status).toBe('processing');
  });

  it('ends failed with the provider reason', () => {
    const state = newState();
    expect(
      applySnapshot(state, snapshot('failed', { rawStatus: 'no_data', reason: 'nothing found' }), AT, 'poll'),
    ).toEqual([{ kind: 'deliver', type: 'order.failed' }]);
    expect(toView(state).result?.error).toEqual({ reason: 'no_data: nothing found', provider_status: 'no_data' });
  });

  it('drops duplicate hints and keeps only refreshing ones pending', () => {
    const state = newState();
    expect(acceptHint(state, hint('a'))).toBe(true);
    expect(acceptHint(state, hint('a'))).toBe(false);
    expect(acceptHint(state, hint('b', false))).toBe(true);
    expect(state.pendingHints.map((h) => h.id)).toEqual(['a']);
    expect(state.events.filter((event) => event.source === 'webhook')).toHaveLength(2);
  });

  it('takes the first cancel request and lets a repeated one change nothing', () => {
    const state = newState();
    requestCancel(state, 'borrower withdrew', AT);
    requestCancel(state, 'canceled by the LOS', '2026-01-01T00:00:05.000Z');
    expect(state.cancelRequest).toEqual({ at: AT, reason: 'borrower withdrew' });
    expect(state.events.filter((event) => event.type === 'cancel.requested')).toEqual([
      { at: AT, source: 'api', type: 'cancel.requested', detail: 'borrower withdrew' },
    ]);
  });

  it('remembers that order.created was queued, even when there is nowhere to send it', () => {
    const state = newState();
    delete state.request.callback_url;
    queueDelivery(state, 'order.created', 0);
    expect(state.createdDelivery).toBe(true);
  });

  it('never shows the full SSN in the view or a delivery', () => {
    const state = newState();
    queueDelivery(state, 'order.created', Date.parse(AT));
    expect(toView(state).applicant.ssn_last4).toBe('6789');
    expect(JSON.stringify(toView(state))).not.toContain('123-45-6789');
    expect(JSON.stringify(state.deliveries)).not.toContain('123-45-6789');
    expect(state.deliveries[0]).toMatchObject({
      webhookId: 'msg_vo_0123456789abcdef01234567_1',
      type: 'order.created',
    });
  });

  it('queues no delivery without a callback URL', () => {
    const state = newState();
    delete state.request.callback_url;
    queueDelivery(state, 'order.created', 0);
    expect(state.deliveries).toEqual([]);
    expect(toView(state).result).toBeNull();
  });
});
