import { orderViewSchema } from '../../src/api/response-schemas';
import type { OrderView } from '../../src/domain';
import type { SimulatedRequest } from '../../dev/simulators/truework/simulator';
import { providerTaskQueue } from '../../workflows/public';
import { useStack } from '../support/stack';

/** The named waterfalls of this stack's voie. */
const WATERFALLS = {
  'instant-first': {
    steps: [{ provider: 'truework-instant' }, { provider: 'truv', step_deadline: '10m' }, { provider: 'truework' }],
  },
  // A Truv step of its own short deadline, then Truework: the order's step deadline (72h by default) is not Truv's.
  'truv-briefly': { steps: [{ provider: 'truv', step_deadline: '10s' }, { provider: 'truework' }] },
};

const stack = useStack({ env: { VOIE_WATERFALLS: JSON.stringify(WATERFALLS) } });

/**
 * An order the steps each pick their scenario of: the SSN Truework's and the instant search's (`000-10-000N` found,
 * any other not), the first name Truv's (`NoData` finds nothing). `route` says who verifies.
 */
function body(route: Record<string, unknown>, ssn: string, applicant: Record<string, unknown> = {}) {
  return stack.orderBody(
    { provider: undefined, ...route },
    { first_name: 'NoData', ssn, email: 'jane@example.com', ...applicant },
  );
}

async function place(order: Record<string, unknown>): Promise<OrderView> {
  const response = await stack.api<OrderView>('POST', '/v1/orders', order);
  if (response.status !== 201) throw new Error(`order not placed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The provider activities the order's workflow scheduled, as `queue activity-type`. */
async function scheduledActivities(orderId: string): Promise<string[]> {
  const events = (await stack.client.workflow.getHandle(orderId).fetchHistory()).events ?? [];
  return events.flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes;
    const queue = scheduled?.taskQueue?.name ?? '';
    return queue.startsWith('voie-provider-') ? [`${queue} ${scheduled?.activityType?.name}`] : [];
  });
}

const steps = (order: OrderView) => order.attempts.map(({ provider, outcome }) => `${provider}:${outcome}`);

/** The provider calls one order made, by provider and route: each simulator's requests while it ran. */
async function callsOf(run: () => Promise<OrderView>): Promise<{ order: OrderView; calls: Record<string, number> }> {
  const truework = stack.simulator.requests.length;
  const truv = stack.truv.requests.length;
  const order = await run();
  const calls: Record<string, number> = {};
  const count = (provider: string, requests: SimulatedRequest[]) => {
    for (const { method, path } of requests) {
      // Ids vary: count by route.
      const route = `${provider} ${method} ${path.replace(/\/(AAAA[\w-]+|[0-9a-f-]{36}|[\w-]{20,})(?=\/|$)/g, '/:id')}`;
      calls[route] = (calls[route] ?? 0) + 1;
    }
  };
  count('truework', stack.simulator.requests.slice(truework));
  count('truv', stack.truv.requests.slice(truv));
  return { order, calls };
}

describe('the truework-instant step', () => {
  it('completes an instant-first waterfall within its first step, from one employer search', async () => {
    const { order, calls } = await callsOf(async () => {
      const placed = await place(body({ providers: ['truework-instant', 'truv', 'truework'] }, '000-10-0000'));
      return stack.waitForWorkflow(placed.id);
    });
    await stack.recordHistory(order.id, 'waterfall-instant-verified');
    orderViewSchema.parse(order);
    expect(order.status).toBe('completed');
    expect(order.provider).toBe('truework-instant');
    expect(order.waterfall).toBeNull();
    expect(steps(order)).toEqual(['truework-instant:verified']);
    expect(order.provider_order_id).toEqual(expect.any(String));
    // The search's answer carried the report: no read, no poll, no target-employer order, nothing at Truv.
    expect(calls).toEqual({ 'truework POST /orders/employer-search': 1 });
    expect(stack.receiver.accepted(order.id).map((delivery) => delivery.body.type)).toEqual([
      'order.created',
      'order.completed',
    ]);
    // On Truework's task queue, under its one rate limit: the account's budget, not a second one.
    expect(await scheduledActivities(order.id)).toEqual([
      `${providerTaskQueue('truework')} truework-instant.createProviderOrder`,
    ]);
  });

  it('stands alone as provider', async () => {
    const { order, calls } = await callsOf(async () =>
      stack.waitForWorkflow((await place(body({ provider: 'truework-instant' }, '000-10-0003'))).id),
    );
    expect(order.status).toBe('completed');
    expect(steps(order)).toEqual(['truework-instant:verified']);
    expect(calls).toEqual({ 'truework POST /orders/employer-search': 1 });
  });

  it('hands a miss on to Truv, then Truework, each step’s outcome in attempts', async () => {
    const { order, calls } = await callsOf(async () => {
      const placed = await place(body({ providers: ['truework-instant', 'truv', 'truework'] }, '000-00-0000'));
      return stack.waitForWorkflow(placed.id);
    });
    expect(order.status).toBe('completed');
    expect(order.provider).toBe('truework');
    expect(steps(order)).toEqual(['truework-instant:not_found', 'truv:no_data', 'truework:verified']);
    expect(order.attempts[0]!.provider_order_id).toEqual(expect.any(String));
    expect(calls['truework POST /orders/employer-search']).toBe(1);
    expect(calls['truework POST /orders/target-employer']).toBe(1);
    expect(calls['truv POST /v1/orders/']).toBe(1);
  });

  it('is skipped without a date of birth: not_found, no call to Truework for it', async () => {
    const { order, calls } = await callsOf(async () => {
      const placed = await place(
        // Whatever the borrower, the step makes no search without a date of birth.
        body({ providers: ['truework-instant', 'truework'] }, '000-00-0000', { date_of_birth: undefined }),
      );
      return stack.waitForWorkflow(placed.id);
    });
    await stack.recordHistory(order.id, 'waterfall-instant-skipped-then-truework');
    expect(steps(order)).toEqual(['truework-instant:not_found', 'truework:verified']);
    expect(order.attempts[0]).toMatchObject({ provider_order_id: null, reason: 'date of birth required' });
    expect(calls['truework POST /orders/employer-search']).toBeUndefined();
    expect(calls['truework POST /orders/target-employer']).toBe(1);
  });
});

describe('an order the instant step completed', () => {
  it('is re-verified through Truework, and serves its report PDF, both on Truework’s account', async () => {
    const order = await stack.waitForWorkflow((await place(body({ provider: 'truework-instant' }, '000-10-0000'))).id);
    expect(order.status).toBe('completed');
    const before = stack.simulator.requests.length;
    expect((await stack.api('POST', `/v1/orders/${order.id}/reverify`)).status).toBe(202);
    const done = await stack.waitForOrder(order.id, (o) => o.reverifications[0]?.status === 'verified', 60_000);
    expect(done.reverifications[0]!.changes).toEqual([]);

    const pdf = await stack.los.getBytes(`/v1/orders/${order.id}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 4).toString()).toBe('%PDF');
    const calls = stack.simulator.requests.slice(before).map((request) => `${request.method} ${request.path}`);
    // Truework re-verifies the search's report; no new search, no target-employer order.
    expect(calls.filter((call) => call.startsWith('POST'))).toEqual(['POST /orders/reverification']);
    expect(await scheduledActivities(order.id)).toContain(
      `${providerTaskQueue('truework')} truework-instant.reverifyProviderOrder`,
    );
  });
});

describe('a named waterfall', () => {
  it('runs its steps end to end, and the view names it', async () => {
    const { order, calls } = await callsOf(async () => {
      const placed = await place(body({ waterfall: 'instant-first' }, '000-00-0001'));
      expect(placed.waterfall).toBe('instant-first');
      expect(placed.provider).toBe('truework-instant');
      return stack.waitForWorkflow(placed.id);
    });
    await stack.recordHistory(order.id, 'waterfall-named-instant-miss-truv-truework');
    orderViewSchema.parse(order);
    expect(order.status).toBe('completed');
    expect(order.waterfall).toBe('instant-first');
    expect(steps(order)).toEqual(['truework-instant:not_found', 'truv:no_data', 'truework:verified']);
    expect(calls['truework POST /orders/employer-search']).toBe(1);

    const hit = await stack.waitForWorkflow((await place(body({ waterfall: 'instant-first' }, '000-10-0001'))).id);
    expect(steps(hit)).toEqual(['truework-instant:verified']);
    expect(hit.waterfall).toBe('instant-first');
  });

  it('gives each step its own deadline: past it the step is canceled and the next one gets the order', async () => {
    // Truv's `Idle` applicant never acts: only the step's own 10s deadline moves the order on.
    const placed = await place(body({ waterfall: 'truv-briefly' }, '000-00-0000', { first_name: 'Idle' }));
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('completed');
    expect(order.attempts.map((attempt) => attempt.provider)).toEqual(['truv', 'truework']);
    expect(order.attempts[0]!.outcome).not.toBe('verified');
    const took = Date.parse(order.attempts[0]!.ended_at!) - Date.parse(order.attempts[0]!.started_at);
    expect(took).toBeGreaterThanOrEqual(10_000);
    expect(took).toBeLessThan(60_000);
  });

  it('is refused (400, nothing placed) alongside provider or providers, and when the name is unknown', async () => {
    const refusals: [Record<string, unknown>, { field: string; message: string }[]][] = [
      [
        { waterfall: 'instant-first', provider: 'truework' },
        [
          { field: 'provider', message: 'must not be sent with waterfall: send one of them' },
          { field: 'waterfall', message: 'must not be sent with provider: send one of them' },
        ],
      ],
      [
        { waterfall: 'instant-first', providers: ['truv', 'truework'] },
        [
          { field: 'providers', message: 'must not be sent with waterfall: send one of them' },
          { field: 'waterfall', message: 'must not be sent with providers: send one of them' },
        ],
      ],
      [
        { waterfall: 'instant-first', provider: 'truework', providers: ['truv', 'truework'] },
        [
          { field: 'provider', message: 'must not be sent with providers or waterfall: send one of them' },
          { field: 'providers', message: 'must not be sent with provider or waterfall: send one of them' },
          { field: 'waterfall', message: 'must not be sent with provider or providers: send one of them' },
        ],
      ],
      [
        { waterfall: 'cheapest-first' },
        [
          {
            field: 'waterfall',
            message: 'cheapest-first is not a waterfall of this voie: one of instant-first, truv-briefly',
          },
        ],
      ],
    ];
    for (const [route, errors] of refusals) {
      const order = body(route, '000-10-0000');
      const response = await stack.api<{ errors: unknown }>('POST', '/v1/orders', order);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual(errors);
      const listed = await stack.api<{ data: unknown[] }>('GET', `/v1/orders?external_id=${String(order.external_id)}`);
      expect(listed.body.data).toEqual([]);
    }
  });
});
