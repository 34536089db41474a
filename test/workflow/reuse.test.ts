import type { OrderView } from '../../src/domain';
import { LosClient } from '../kit';
import { employer, trueworkOrders } from '../support/reuse-orders';
import { TEST_API_KEY, useStack } from '../support/stack';
import { testFieldSealer } from '../support/temporal';
import { reuseKey } from '../../activities/reuse';
import { reuseLedgerId } from '../../workflows/public';

/**
 * Reuse before paying again (`options.reuse`), against the real Temporal dev server, the API over HTTP and the
 * simulators over HTTP: a second order for a verified borrower and employer is served by a re-verification at the
 * provider, not a new order. `VOIE_REUSE=on` as the default, and the window passing, are
 * `reuse-window.test.ts`'s. Each test verifies an employer of its own, so no test reuses another's verification.
 */
const ACME_KEY = 'acme-key-0123456789';
const stack = useStack({ env: { VOIE_API_KEYS: [TEST_API_KEY, `acme:${ACME_KEY}`].join(',') } });
const acme = new LosClient({ baseUrl: () => stack.apiUrl, apiKey: ACME_KEY });

const REUSE = { options: { poll_interval: '1s', reuse: true } };

/** The Truv calls since `from` that place an order: creates and refreshes. */
function truvOrders(from: number): string[] {
  return stack.truv.requests
    .slice(from)
    .filter((r) => r.method === 'POST' && /^\/v1\/orders\/([^/]+\/)?$/.test(r.path))
    .map((r) => (r.path === '/v1/orders/' ? 'create' : 'refresh'));
}

async function completed(placed: Promise<OrderView>, los: LosClient = stack.los): Promise<OrderView> {
  const order = await placed;
  return los.waitForOrder(order.id, (o) => o.status === 'completed', 60_000);
}

describe('reuse of a verification the tenant already has', () => {
  it('re-verifies the first order instead of creating, with the employer named in other case and punctuation', async () => {
    const from = stack.simulator.requests.length;
    const first = await completed(stack.placeOrder({ ...REUSE, ...employer('Reuse Works, Inc.') }));
    expect(first.attempts[0]!.reused).toBeNull();
    expect(trueworkOrders(stack.simulator.requests, from)).toEqual(['/orders/target-employer']);

    const webhooksOf = async (id: string) =>
      (await stack.api<OrderView>('GET', `/v1/orders/${id}`)).body.events.filter((e) => e.source === 'webhook');
    const firstWebhooks = await webhooksOf(first.id);
    const before = stack.simulator.requests.length;
    // Polled only hourly: the re-check's webhooks, which Truework labels as the first order's, must reach it.
    const hourly = { options: { poll_interval: '1h', reuse: true } };
    const second = await completed(stack.placeOrder({ ...hourly, ...employer('REUSE  works inc') }));
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/reverification']);
    expect(second.attempts[0]!.reused).toBe(first.id);
    expect(second.provider_order_id).not.toBe(first.provider_order_id);
    expect(second.events.map((e) => e.type)).toEqual(expect.arrayContaining(['reuse.found', 'reuse.reverified']));
    const report = await stack.api('GET', `/v1/orders/${second.id}/report`);
    expect(report.status).toBe(200);
    expect(report.body.normalized.employments).toHaveLength(1);

    // The first order is left as it was: completed, its own provider order, nothing reused.
    const original = (await stack.api<OrderView>('GET', `/v1/orders/${first.id}`)).body;
    expect(original.status).toBe('completed');
    expect(original.provider_order_id).toBe(first.provider_order_id);
    expect(original.attempts[0]!.reused).toBeNull();
    expect(await webhooksOf(first.id)).toEqual(firstWebhooks);
    expect((await webhooksOf(second.id)).length).toBeGreaterThan(0);

    // The ledger: named by tenant, provider and a keyed hash (no SSN, no name); a small history.
    const ledgerId = reuseLedgerId(
      'default',
      'truework',
      reuseKey(testFieldSealer, first.type, '000-00-0000', ['Reuse Works, Inc.']),
    );
    expect(ledgerId).toMatch(/^reuse\/default\/truework\/[0-9a-f]{32}$/);
    const history = await stack.env.client.workflow.getHandle(ledgerId).fetchHistory();
    // Two orders (a create and its outcome, a reuse and its re-check) and the re-check's few webhooks passed on:
    // 53 events when written (about 15 + 15, then 7 per webhook).
    expect(history.events!.length).toBeLessThanOrEqual(70);
    await stack.recordHistory(second.id, 'truework-reused');
    await stack.recordHistory(ledgerId, 'reuse-ledger-created-then-reused');
  });

  it('creates without options.reuse, though a verification is there', async () => {
    await completed(stack.placeOrder({ ...REUSE, ...employer('Plain Order Co') }));
    const before = stack.simulator.requests.length;
    const plain = await completed(
      stack.placeOrder({ options: { poll_interval: '1s' }, ...employer('Plain Order Co') }),
    );
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/target-employer']);
    expect(plain.attempts[0]!.reused).toBeNull();
  });

  it('stops offering a verification the provider would not re-verify: the refusing order creates and is reused', async () => {
    const first = await completed(stack.placeOrder({ ...REUSE, ...employer('Refused Co') }));
    // The re-verification's first request is refused (as Truework refuses one past its window).
    stack.simulator.setFaults({ failNextRequests: { count: 1, status: 400 } });
    const second = await completed(stack.placeOrder({ ...REUSE, ...employer('Refused Co') }));
    stack.simulator.resetFaults();
    expect(second.events.map((e) => e.type)).toContain('reuse.failed');
    expect(second.attempts[0]!.reused).toBeNull();
    expect(second.provider_order_id).not.toBe(first.provider_order_id);

    // The ledger now holds the second's verification, which the refusing claim took the key to make.
    const before = stack.simulator.requests.length;
    const third = await completed(stack.placeOrder({ ...REUSE, ...employer('Refused Co') }));
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/reverification']);
    expect(third.attempts[0]!.reused).toBe(second.id);
  });

  it('creates for another borrower at the same employer', async () => {
    await completed(stack.placeOrder({ ...REUSE, ...employer('Two Borrowers Co') }));
    const before = stack.simulator.requests.length;
    const other = await completed(
      stack.placeOrder({ ...REUSE, ...employer('Two Borrowers Co') }, { ssn: '000-00-0001' }),
    );
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/target-employer']);
    expect(other.attempts[0]!.reused).toBeNull();
  });

  it('serves only its own verification type: an employment order does not reuse an income verification', async () => {
    const income = await completed(stack.placeOrder({ ...REUSE, ...employer('Type Line Co') }));
    expect(income.type).toBe('employment-income');
    const before = stack.simulator.requests.length;
    const voe = await completed(stack.placeOrder({ ...REUSE, type: 'employment', ...employer('Type Line Co') }));
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/target-employer']);
    expect(voe.attempts[0]!.reused).toBeNull();
  });

  it('claims the keys of several employers in one order: two orders naming them in turn never wait on each other', async () => {
    const both = (names: string[]) => ({ ...REUSE, employer: undefined, employers: names.map((name) => ({ name })) });
    const before = stack.simulator.requests.length;
    const placed = await Promise.all([
      stack.placeOrder(both(['Cycle North Co', 'Cycle South Co'])),
      stack.placeOrder(both(['Cycle South Co', 'Cycle North Co'])),
    ]);
    const orders = await Promise.all(
      placed.map((o) => stack.waitForOrder(o.id, (v) => v.status === 'completed', 120_000)),
    );
    // One paid order per employer, whichever order placed it; the other re-verified both.
    expect(
      trueworkOrders(stack.simulator.requests, before).filter((path) => path === '/orders/target-employer'),
    ).toHaveLength(2);
    expect(orders.filter((o) => o.attempts[0]!.reused !== null)).toHaveLength(1);
  });

  it("never reuses another tenant's verification", async () => {
    await completed(stack.placeOrder({ ...REUSE, ...employer('Tenant Line Co') }));
    const before = stack.simulator.requests.length;
    const body = stack.orderBody({ ...REUSE, ...employer('Tenant Line Co') });
    const theirs = await completed(acme.placeOrder(body), acme);
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/target-employer']);
    expect(theirs.attempts[0]!.reused).toBeNull();
  });

  it('places one provider order for two orders racing for the same borrower and employer; both complete', async () => {
    const before = stack.simulator.requests.length;
    const [a, b] = await Promise.all([
      stack.placeOrder({ ...REUSE, ...employer('Race Co') }),
      stack.placeOrder({ ...REUSE, ...employer('Race Co') }),
    ]);
    const orders = await Promise.all(
      [a, b].map((o) => stack.waitForOrder(o.id, (v) => v.status === 'completed', 90_000)),
    );
    expect(trueworkOrders(stack.simulator.requests, before).sort()).toEqual([
      '/orders/reverification',
      '/orders/target-employer',
    ]);
    const reusing = orders.find((o) => o.attempts[0]!.reused !== null)!;
    const owner = orders.find((o) => o !== reusing)!;
    expect(reusing.attempts[0]!.reused).toBe(owner.id);
    expect(reusing.events.map((e) => e.type)).toContain('reuse.waiting');
  });

  it('refreshes the Truv order of a verified borrower and employer instead of creating one', async () => {
    const truvBody = () => stack.truvOrderBody('Success', { ...REUSE, ...employer('Truv Reuse Co') });
    const from = stack.truv.requests.length;
    const first = await completed(stack.los.placeOrder(truvBody()));
    expect(truvOrders(from)).toEqual(['create']);

    const before = stack.truv.requests.length;
    const second = await completed(stack.los.placeOrder(truvBody()));
    expect(truvOrders(before)).toEqual(['refresh']);
    expect(second.attempts[0]!.reused).toBe(first.id);
    // The refresh asked for what the order's type asks (income), not only the job's status.
    const refreshed = await stack.api('GET', `/v1/orders/${second.id}/report`);
    expect(refreshed.body.normalized.employments[0].income.length).toBeGreaterThan(0);
    expect(second.provider_order_id).not.toBe(first.provider_order_id);
    const original = (await stack.api<OrderView>('GET', `/v1/orders/${first.id}`)).body;
    expect(original.status).toBe('completed');
    expect(original.provider_order_id).toBe(first.provider_order_id);

    // A third order refreshes again: it does not take the second's refresh for its own.
    const last = stack.truv.requests.length;
    const third = await completed(stack.los.placeOrder(truvBody()));
    expect(truvOrders(last)).toEqual(['refresh']);
    expect(third.attempts[0]!.reused).toBe(first.id);
    expect(third.provider_order_id).not.toBe(second.provider_order_id);
  });

  it('a waiting order ends on its cancel without creating; one waiting on an owner that verifies nothing creates', async () => {
    // Truework's sandbox borrower who never acts: the owner's order stays open until canceled.
    const waiting = { ssn: '000-03-0400' };
    const keepOpen = { options: { poll_interval: '1s', cancel_on_action_required: false, reuse: true } };
    const body = { ...keepOpen, ...employer('Waiting Co') };
    const before = stack.simulator.requests.length;
    const owner = await stack.placeOrder(body, waiting);
    await stack.waitForOrder(owner.id, (o) => o.status === 'action_required');

    const canceled = await stack.placeOrder(body, waiting);
    await stack.waitForOrder(canceled.id, (o) => o.events.some((e) => e.type === 'reuse.waiting'));
    expect((await stack.api('POST', `/v1/orders/${canceled.id}/cancel`, { reason: 'not needed' })).status).toBe(202);
    const ended = await stack.waitForOrder(canceled.id, (o) => o.status === 'canceled');
    expect(ended.provider_order_id).toBeNull();

    const next = await stack.placeOrder(body, waiting);
    await stack.waitForOrder(next.id, (o) => o.events.some((e) => e.type === 'reuse.waiting'));
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/target-employer']);
    expect((await stack.api('POST', `/v1/orders/${owner.id}/cancel`, {})).status).toBe(202);
    // The owner verified nothing: the key is free, the ledger tells the waiting order, and it creates its own.
    const created = await stack.waitForOrder(next.id, (o) => o.provider_order_id !== null, 60_000);
    expect(created.attempts[0]!.reused).toBeNull();
    expect(await signalsOf(next.id)).toContain('reuseKeySettled');
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual([
      '/orders/target-employer',
      '/orders/target-employer',
    ]);
    expect((await stack.api('POST', `/v1/orders/${next.id}/cancel`, {})).status).toBe(202);
    await stack.waitForOrder(next.id, (o) => o.status === 'canceled');
    await stack.recordHistory(next.id, 'truework-reuse-waited-then-created');
    const ledgerId = reuseLedgerId(
      'default',
      'truework',
      reuseKey(testFieldSealer, created.type, waiting.ssn, ['Waiting Co']),
    );
    await stack.recordHistory(ledgerId, 'reuse-ledger-waiter-told');
  });

  it('a waiting order creates once the owner it waits on is gone, terminated before it could settle', async () => {
    const waiting = { ssn: '000-03-0400' };
    const body = {
      options: { poll_interval: '1s', cancel_on_action_required: false, reuse: true },
      ...employer('Gone Co'),
    };
    const before = stack.simulator.requests.length;
    const owner = await stack.placeOrder(body, waiting);
    await stack.waitForOrder(owner.id, (o) => o.status === 'action_required');
    const next = await stack.placeOrder(body, waiting);
    await stack.waitForOrder(next.id, (o) => o.events.some((e) => e.type === 'reuse.waiting'));
    expect(await signalsOf(owner.id)).toContain('reuseOwnerCheck');

    await stack.client.workflow.getHandle(owner.id).terminate('ended by an operator');
    // Its lease runs to its step deadline (days): the next claim finds the owner gone and takes the key.
    const created = await stack.waitForOrder(next.id, (o) => o.provider_order_id !== null, 90_000);
    expect(created.attempts[0]!.reused).toBeNull();
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual([
      '/orders/target-employer',
      '/orders/target-employer',
    ]);
    expect((await stack.api('POST', `/v1/orders/${next.id}/cancel`, {})).status).toBe(202);
    await stack.waitForOrder(next.id, (o) => o.status === 'canceled');
  });

  it("leaves the original order's own re-verification its own: it never takes a reuse's re-check for one", async () => {
    const first = await completed(stack.placeOrder({ ...REUSE, ...employer('Own Recheck Co') }));
    const second = await completed(stack.placeOrder({ ...REUSE, ...employer('Own Recheck Co') }));
    expect(second.attempts[0]!.reused).toBe(first.id);

    const before = stack.simulator.requests.length;
    expect((await stack.api('POST', `/v1/orders/${first.id}/reverify`)).status).toBe(202);
    const reverified = await stack.waitForOrder(
      first.id,
      (o) => o.reverification?.status === 'verified' || o.reverification?.status === 'failed',
      60_000,
    );
    expect(reverified.reverification!.status).toBe('verified');
    // Truework labels the second's reverification as the first's: the first placed one of its own all the same.
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/reverification']);
    const placed = reverified.events.filter((e) => e.type === 'reverification.provider_order.created');
    expect(placed).toHaveLength(1);
    expect(placed[0]!.detail).not.toContain(second.provider_order_id!);
  });
});

/** The names of the signals an order's workflow received, in order. */
async function signalsOf(orderId: string): Promise<string[]> {
  const { events } = await stack.client.workflow.getHandle(orderId).fetchHistory();
  return (events ?? []).flatMap((event) => event.workflowExecutionSignaledEventAttributes?.signalName ?? []);
}
