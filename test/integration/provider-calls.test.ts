import type { SimulatedRequest } from '../../src/simulators/kit';
import type { OrderView } from '../../src/domain';
import { useStack } from '../support/stack';

const stack = useStack();

/** Orders placed one after another per provider: enough for an average, few enough for a quick file. */
const ORDERS = 5;

/**
 * The provider's calls while one order runs to its end, from the simulator's request log: orders run one at a time,
 * so every request logged between placing it and the simulator falling idle after its workflow ended is its own.
 */
async function callsOfOneOrder(
  requests: readonly SimulatedRequest[],
  place: () => Promise<OrderView>,
  idle: () => Promise<void>,
): Promise<{ order: OrderView; calls: string[] }> {
  const before = requests.length;
  const placed = await place();
  const order = await stack.waitForWorkflow(placed.id);
  await idle();
  return { order, calls: requests.slice(before).map((request) => `${request.method} ${request.path}`) };
}

/** Places `ORDERS` completed orders one by one; returns the calls per order on average and every call made. */
async function averageCalls(
  requests: readonly SimulatedRequest[],
  place: () => Promise<OrderView>,
  idle: () => Promise<void>,
): Promise<{ perOrder: number; calls: string[][] }> {
  const calls: string[][] = [];
  for (let index = 0; index < ORDERS; index++) {
    const one = await callsOfOneOrder(requests, place, idle);
    expect(one.order.status).toBe('completed');
    // Fewer reads, the same road: the order still showed the provider at work, on the webhook's word.
    expect(one.order.events).toContainEqual(
      expect.objectContaining({ source: 'webhook', type: 'status.changed', status: 'processing' }),
    );
    calls.push(one.calls);
  }
  return { perOrder: calls.flat().length / ORDERS, calls };
}

describe('provider calls per completed order, on the happy path with webhooks', () => {
  it('Truework: at most 2.2 (create, then one read that carries the report)', async () => {
    const { perOrder } = await averageCalls(
      stack.simulator.requests,
      () => stack.placeOrder(),
      () => stack.simulator.idle(),
    );
    expect(perOrder).toBeLessThanOrEqual(2.2);
  });

  it('Truv: at most 3.5', async () => {
    const { perOrder } = await averageCalls(
      stack.truv.requests,
      async () => (await stack.api<OrderView>('POST', '/v1/orders', stack.truvOrderBody('Success'))).body,
      () => stack.truv.idle(),
    );
    expect(perOrder).toBeLessThanOrEqual(3.5);
  });
});
