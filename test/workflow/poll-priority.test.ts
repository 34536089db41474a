import type { SimulatedRequest } from '../../dev/simulators/kit';
import { useStack } from '../support/stack';
import { eventually, sleep } from '../kit';

/** The provider task queue's rate here: low, so that a few orders polling every second make a backlog. */
const REQUESTS_PER_SECOND = 4;
/** Orders polling every second: six times what the queue serves. */
const POLLING_ORDERS = 24;

// No webhooks: the orders learn by polling only, and every read the provider sees is a poll.
const stack = useStack({
  providerWebhooks: false,
  env: { VOIE_PROVIDER_REQUESTS_PER_SECOND: String(REQUESTS_PER_SECOND), VOIE_POLL_INTERVAL_MAX: '1s' },
});

/** Requests per second the provider received, from the first to the last of `requests`. */
function meanRate(requests: readonly SimulatedRequest[]): number {
  const seconds = (requests.at(-1)!.at - requests[0]!.at) / 1000;
  return (requests.length - 1) / seconds;
}

describe('polls yield the provider to creates', () => {
  it('an order placed while many polls wait is created at once; polls take what is left, under the limit', async () => {
    const requests = stack.simulator.requests;
    const first = requests.length;
    // Truework's sandbox keeps 000-03-XXXX in action-required; not canceled, so they stay open and keep polling.
    for (let index = 0; index < POLLING_ORDERS; index++) {
      await stack.placeOrder(
        { options: { poll_interval: '1s', cancel_on_action_required: false } },
        { ssn: `000-03-${String(index).padStart(4, '0')}` },
      );
    }
    await eventually(() => requests.slice(first).filter((r) => r.method === 'POST').length === POLLING_ORDERS, {
      timeoutMs: 30_000,
      what: 'every polling order created at the provider',
    });
    // Long enough for every order's poll to be due at once, several times over: a backlog of polls forms.
    await sleep(4_000);
    const polling = requests.length;

    const placedAt = Date.now();
    const placed = await stack.placeOrder({ options: { poll_interval: '1s' } });
    const created = await eventually(() => requests.slice(polling).find((r) => r.method === 'POST'), {
      timeoutMs: 30_000,
      what: 'the new order created at the provider',
    });
    // Behind the backlog, in order, the create would wait for the 24 polls due before it (about 20 were served first
    // with polls at the default priority); with polls at the lowest, only those already on their way go first.
    const servedFirst = requests
      .slice(polling)
      .filter((r) => r.method === 'GET' && r.at >= placedAt && r.at < created.at);
    expect(servedFirst.length).toBeLessThan(POLLING_ORDERS / 3);
    await stack.waitForOrder(placed.id, (order) => order.status === 'completed', 30_000);
    // Without webhooks the order learned of its end from a poll: its history has a read at the poll's priority.
    await stack.waitForWorkflow(placed.id);
    await stack.recordHistory(placed.id, 'truework-completed-by-poll-at-low-priority');

    // The polls went on meanwhile, taking what the creates left, and the provider got no more than its limit: on
    // average, as the server's limiter counts (it lets a second take a few more when the one before took fewer).
    const meanwhile = requests.slice(polling);
    expect(meanwhile.filter((r) => r.method === 'GET').length).toBeGreaterThan(REQUESTS_PER_SECOND);
    expect(meanRate(requests.slice(first))).toBeLessThanOrEqual(REQUESTS_PER_SECOND * 1.15);
  });
});
