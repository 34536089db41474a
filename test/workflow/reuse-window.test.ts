import type { OrderView } from '../../src/domain';
import { employer, trueworkOrders } from '../support/reuse-orders';
import { useStack } from '../support/stack';

/**
 * Reuse as every order's default (`VOIE_REUSE=on`), and the provider's free window passing, on Temporal's
 * time-skipping server: 90 days are skipped. Orders learn by polling (webhooks race the time skip, see
 * `durable-timers.test.ts`); the simulator runs in real time. Each test verifies an employer of its own.
 */
const stack = useStack({ timeSkipping: true, providerWebhooks: false, env: { VOIE_REUSE: 'on' } });
const DAY_MS = 86_400_000;
const POLLED = { options: { poll_interval: '1s' } };

async function completed(overrides: Record<string, unknown>): Promise<OrderView> {
  const order = await stack.placeOrder(overrides);
  return stack.waitForOrder(order.id, (o) => o.status === 'completed', 60_000);
}

describe('VOIE_REUSE=on', () => {
  it('reuses for an order that says nothing, and creates for one that says options.reuse: false', async () => {
    const first = await completed({ ...POLLED, ...employer('Default On Co') });
    let before = stack.simulator.requests.length;
    const second = await completed({ ...POLLED, ...employer('Default On Co') });
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/reverification']);
    expect(second.attempts[0]!.reused).toBe(first.id);

    before = stack.simulator.requests.length;
    const optedOut = await completed({ options: { poll_interval: '1s', reuse: false }, ...employer('Default On Co') });
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/target-employer']);
    expect(optedOut.attempts[0]!.reused).toBeNull();
  });
});

describe("the provider's free window", () => {
  it('creates once 90 days have passed since the verification completed', async () => {
    await completed({ ...POLLED, ...employer('Window Co') });
    // Just inside the window: reused.
    await stack.env.sleep(89 * DAY_MS);
    let before = stack.simulator.requests.length;
    const inside = await completed({ ...POLLED, ...employer('Window Co') });
    expect(inside.attempts[0]!.reused).not.toBeNull();
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/reverification']);

    await stack.env.sleep(2 * DAY_MS);
    before = stack.simulator.requests.length;
    const outside = await completed({ ...POLLED, ...employer('Window Co') });
    expect(trueworkOrders(stack.simulator.requests, before)).toEqual(['/orders/target-employer']);
    expect(outside.attempts[0]!.reused).toBeNull();
  });
});
