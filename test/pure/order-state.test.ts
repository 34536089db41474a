import { requestCancel } from '../../workflows/attempts';
import {
  acceptHint,
  applySnapshot,
  providerOrderCreated,
  reportRead,
  restatesLastRead,
} from '../../workflows/provider-orders';
import { queueDelivery } from '../../workflows/result-events';
import { orderAtStart } from '../../workflows/reverification-plan';
import { toView } from '../../workflows/view';
import type { OrderReport, ProviderHint } from '../../src/domain';
import { AT, orderStart, snapshot } from '../support/order-state';

function newState(cancelOnActionRequired = true) {
  const state = orderAtStart(orderStart({ policy: { cancelOnActionRequired } }));
  providerOrderCreated(state, state.providerOrders[0]!, 'P1', AT);
  return state;
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
      { kind: 'read-report', snapshot: snapshot('completed'), source: 'webhook' },
    ]);
    expect(state.status).toBe('creating');
    const report = { normalized: { employments: [{}] }, provider_report: {} } as unknown as OrderReport;
    expect(reportRead(state, 'P1', report, AT, 'webhook')).toEqual([{ kind: 'deliver', type: 'order.completed' }]);
    expect(state.status).toBe('completed');
    expect(reportRead(state, 'P1', report, AT, 'webhook')).toEqual([]);
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

  it('does not repeat the status word of a reason that already opens with it', () => {
    const state = newState();
    const reason = 'no_data: the payroll provider returned no data';
    applySnapshot(state, snapshot('failed', { rawStatus: 'no_data', reason }), AT, 'poll');
    expect(toView(state).result?.error).toEqual({ reason, provider_status: 'no_data' });
    expect(toView(state).events.map((event) => event.detail)).toContain(reason);
  });

  it('drops duplicate hints and keeps only refreshing ones pending', () => {
    const state = newState();
    expect(acceptHint(state, hint('a'))).toBe(true);
    expect(acceptHint(state, hint('a'))).toBe(false);
    expect(acceptHint(state, hint('b', false))).toBe(true);
    expect(state.pendingHints.map((h) => h.id)).toEqual(['a']);
    expect(state.events.filter((event) => event.source === 'webhook')).toHaveLength(2);
  });

  it('reads nothing for a webhook to an order that has ended, unless a re-check of it is running', () => {
    // Completed, waiting in its re-verification window (its workflow open for months): a webhook is on the timeline,
    // and asks for no read.
    const completed = newState();
    applySnapshot(completed, snapshot('completed'), AT, 'webhook');
    reportRead(completed, 'P1', { normalized: { employments: [{}] }, provider_report: {} } as never, AT, 'webhook');
    expect(completed.status).toBe('completed');
    expect(completed.reverification).toBeNull();
    expect(acceptHint(completed, hint('late'))).toBe(true);
    expect(completed.events.at(-1)).toMatchObject({ source: 'webhook', type: 'order.completed' });
    expect(completed.pendingHints).toEqual([]);
    // Its re-verification scheduled, not yet due: still no read.
    completed.reverification = { status: 'scheduled' } as never;
    acceptHint(completed, hint('late-2'));
    expect(completed.pendingHints).toEqual([]);
    // While a re-check runs at the provider, a webhook is read as any open order's.
    completed.reverification = { status: 'running' } as never;
    acceptHint(completed, hint('recheck'));
    expect(completed.pendingHints.map((h) => h.id)).toEqual(['recheck']);
    // Failed, canceled or expired orders read nothing either.
    for (const status of ['failed', 'canceled', 'expired'] as const) {
      const ended = newState();
      ended.status = status;
      acceptHint(ended, hint('after-the-end'));
      expect(ended.pendingHints).toEqual([]);
    }
  });

  it('tells a hint that restates the last read of its provider order from one that may say more', () => {
    const state = newState(false);
    const stating = (statedStatus: string, providerOrderId = 'P1'): ProviderHint => ({
      ...hint(statedStatus),
      statedStatus,
      providerOrderId,
    });
    // Nothing read yet: any stated status may say more.
    expect(restatesLastRead(state, stating('action-required'))).toBe(false);
    applySnapshot(state, snapshot('action_required', { rawStatus: 'action-required' }), AT, 'webhook');
    expect(restatesLastRead(state, stating('action-required'))).toBe(true);
    expect(restatesLastRead(state, stating('completed'))).toBe(false);
    expect(restatesLastRead(state, stating('action-required', 'P2'))).toBe(false);
    expect(restatesLastRead(state, { ...hint('no-status'), providerOrderId: 'P1' })).toBe(false);
    // A hint that restates the last read waits for no read; it is on the timeline either way.
    acceptHint(state, stating('action-required'));
    acceptHint(state, stating('completed'));
    expect(state.pendingHints.map((h) => h.statedStatus)).toEqual(['completed']);
    // With a read waiting to be made, its result may differ: the hint is read for too.
    expect(restatesLastRead(state, stating('action-required'))).toBe(false);
  });

  it('moves a pending order to processing on a hint that states progress, and nothing else', () => {
    const progress = (id: string, providerOrderId = 'P1'): ProviderHint => ({
      ...hint(id, false),
      progress: 'processing',
      providerOrderId,
    });
    const state = newState(false);
    acceptHint(state, progress('early'));
    // Still creating: the provider order's first snapshot decides.
    expect(state.status).toBe('creating');
    applySnapshot(state, snapshot('pending'), AT, 'system');
    // Routed here by a voie id in its payload, but about another provider order: not taken on trust.
    acceptHint(state, progress('elsewhere', 'P2'));
    expect(state.status).toBe('pending');
    acceptHint(state, progress('a'));
    expect(state.status).toBe('processing');
    expect(state.pendingHints).toEqual([]);
    applySnapshot(state, snapshot('action_required'), AT, 'poll');
    acceptHint(state, progress('b'));
    expect(state.status).toBe('action_required');
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

describe('an order of several employers', () => {
  const employers = [{ name: 'Acme Inc' }, { name: 'No Match Corp' }];

  /** An order of two employers, with `perProviderOrder` of them in each provider order (Truework 1, Truv 5). */
  function loanState(perProviderOrder: number, cancelOnActionRequired = true) {
    const state = orderAtStart(
      orderStart({
        policy: { cancelOnActionRequired, employersPerProviderOrder: perProviderOrder },
        request: {
          external_id: 'loan-2',
          provider: perProviderOrder === 1 ? 'truework' : 'truv',
          type: 'employment',
          permissible_purpose: undefined,
          callback_url: undefined,
          employers,
        },
      }),
    );
    state.providerOrders.forEach((order, index) => providerOrderCreated(state, order, `P${index + 1}`, AT));
    return state;
  }

  const reportOf = (name: string, id: string): OrderReport => ({
    normalized: {
      provider: 'truework',
      report_ids: [id],
      gse: [{ agency: 'fannie_mae', program: 'd1c', reference_id: `D1C-${id}` }],
      as_of: '2026-01-01',
      employee: { first_name: 'Jane', last_name: 'Doe' },
      employments: [
        {
          employer: { name },
          status: 'active',
          start_date: '2020-01-01',
          end_date: null,
          position: { title: 'Engineer', employment_type: 'full-time' },
          pay: null,
          income: [],
        },
      ],
    },
    provider_report: { id },
  });

  it('places one provider order per employer where the provider takes one, and one for all where it takes five', () => {
    expect(loanState(1).providerOrders.map((order) => order.employers)).toEqual([[0], [1]]);
    expect(loanState(5).providerOrders.map((order) => order.employers)).toEqual([[0, 1]]);
    const view = toView(loanState(1));
    expect(view.provider_order_id).toBe('P1');
    expect(view.employments.map((employment) => employment.provider_order_id)).toEqual(['P1', 'P2']);
  });

  it('completes once every employer has an outcome and one is verified, with one report of the verified', () => {
    const state = loanState(1);
    const completed = snapshot('completed', { providerOrderId: 'P1', reportIds: ['R1'] });
    expect(applySnapshot(state, completed, AT, 'webhook')).toEqual([
      { kind: 'read-report', snapshot: completed, source: 'webhook' },
    ]);
    expect(reportRead(state, 'P1', reportOf('Acme Inc', 'R1'), AT, 'webhook')).toEqual([]);
    expect(state.status).not.toBe('completed');
    const noMatch = snapshot('canceled', {
      providerOrderId: 'P2',
      rawStatus: 'canceled',
      reason: 'no-match',
      employers: [{ status: 'canceled', outcome: 'not_found', rawStatus: 'canceled' }],
    });
    expect(applySnapshot(state, noMatch, AT, 'poll')).toEqual([{ kind: 'deliver', type: 'order.completed' }]);
    expect(state.status).toBe('completed');
    expect(state.report?.normalized.employments.map((employment) => employment.employer.name)).toEqual(['Acme Inc']);
    expect(state.report?.normalized.gse).toEqual([{ agency: 'fannie_mae', program: 'd1c', reference_id: 'D1C-R1' }]);
    expect(toView(state).employments).toEqual([
      { employer: { name: 'Acme Inc' }, provider_order_id: 'P1', status: 'completed', outcome: 'verified' },
      { employer: { name: 'No Match Corp' }, provider_order_id: 'P2', status: 'canceled', outcome: 'not_found' },
    ]);
  });

  it('joins the reports of several verified employers into one', () => {
    const state = loanState(1);
    for (const [id, name] of [
      ['P1', 'Acme Inc'],
      ['P2', 'No Match Corp'],
    ] as const) {
      applySnapshot(state, snapshot('completed', { providerOrderId: id }), AT, 'poll');
      reportRead(state, id, reportOf(name, `R-${id}`), AT, 'poll');
    }
    expect(state.status).toBe('completed');
    expect(state.report?.normalized.report_ids).toEqual(['R-P1', 'R-P2']);
    expect(state.report?.normalized.employments).toHaveLength(2);
    expect(state.report?.provider_report).toEqual([{ id: 'R-P1' }, { id: 'R-P2' }]);
  });

  it('ends failed naming each employer when none verifies', () => {
    const state = loanState(1);
    const notFound = { status: 'canceled', outcome: 'not_found', rawStatus: 'canceled' } as const;
    expect(
      applySnapshot(state, snapshot('canceled', { providerOrderId: 'P1', employers: [notFound] }), AT, 'poll'),
    ).toEqual([]);
    const failed = snapshot('failed', { providerOrderId: 'P2', rawStatus: 'invalid', reason: 'employer not found' });
    expect(applySnapshot(state, failed, AT, 'poll')).toEqual([{ kind: 'deliver', type: 'order.failed' }]);
    expect(state.status).toBe('failed');
    expect(state.error?.reason).toBe(
      'no employer verified: Acme Inc: not_found; No Match Corp: failed (invalid: employer not found)',
    );
  });

  it('reads per-employer outcomes from one provider order of several employers', () => {
    const state = loanState(5);
    const snap = snapshot('completed', {
      providerOrderId: 'P1',
      employers: [
        { status: 'completed', outcome: 'verified', rawStatus: 'completed' },
        { status: 'failed', outcome: 'not_found', rawStatus: 'no_data' },
      ],
    });
    expect(applySnapshot(state, snap, AT, 'webhook')).toEqual([
      { kind: 'read-report', snapshot: snap, source: 'webhook' },
    ]);
    expect(reportRead(state, 'P1', reportOf('Acme Inc', 'R1'), AT, 'webhook')).toEqual([
      { kind: 'deliver', type: 'order.completed' },
    ]);
    expect(toView(state).employments.map(({ status, outcome }) => [status, outcome])).toEqual([
      ['completed', 'verified'],
      ['failed', 'not_found'],
    ]);
  });

  it('stands where its least settled employer does while open', () => {
    const state = loanState(1, false);
    applySnapshot(state, snapshot('processing', { providerOrderId: 'P1' }), AT, 'poll');
    expect(state.status).toBe('processing');
    expect(applySnapshot(state, snapshot('action_required', { providerOrderId: 'P2' }), AT, 'poll')).toEqual([
      { kind: 'deliver', type: 'order.action_required' },
    ]);
    applySnapshot(state, snapshot('processing', { providerOrderId: 'P1' }), AT, 'poll');
    expect(state.status).toBe('action_required');
  });
});

describe('an order whose provider completes with nothing verified', () => {
  it('does not complete on an empty report, nor on a completed snapshot that says it is not verified', () => {
    const empty = newState();
    applySnapshot(empty, snapshot('completed'), AT, 'poll');
    const report = { normalized: { employments: [] }, provider_report: {} } as unknown as OrderReport;
    expect(reportRead(empty, 'P1', report, AT, 'poll')).toEqual([{ kind: 'deliver', type: 'order.failed' }]);
    expect(empty.error?.reason).toBe('the provider completed with a report of no employment');

    const unverified = newState();
    const done = snapshot('completed', { outcome: 'provider_error', rawStatus: 'completed' });
    expect(applySnapshot(unverified, done, AT, 'poll')).toEqual([{ kind: 'deliver', type: 'order.failed' }]);
  });
});
