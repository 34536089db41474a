import { randomBytes } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { useStack } from '../support/stack';
import { TEST_ENCRYPTION_KEY } from '../support/temporal';
import { encryptionKeyFromBase64 } from '../../src/temporal/encryption-codec';
import type { OrderView } from '../../src/domain';

const stack = useStack();

/** The key ids of every encrypted payload in an order's history. */
async function keyIdsInHistory(orderId: string): Promise<Set<string>> {
  const history = await stack.client.workflow.getHandle(orderId).fetchHistory();
  const raw = temporal.api.history.v1.History.encode(history).finish();
  const ids = new Set<string>();
  for (const match of Buffer.from(raw)
    .toString('latin1')
    .matchAll(/k-[0-9a-f]{12}/g))
    ids.add(match[0]);
  return ids;
}

describe('a redeploy', () => {
  it('carries open orders on, and a key rotation keeps them readable and working', async () => {
    stack.simulator.setFaults({ dropWebhooks: true });
    const placed = await stack.placeOrder(
      { options: { cancel_on_action_required: false, poll_interval: '1s' } },
      { ssn: '000-03-0500' },
    );
    await stack.waitForOrder(placed.id, (order) => order.status === 'action_required');

    // Deploy with a new key: it encrypts from now on, the old one only decrypts.
    const newKey = randomBytes(32).toString('base64');
    await stack.redeploy([newKey, TEST_ENCRYPTION_KEY]);
    const readable = await stack.api<OrderView>('GET', `/v1/orders/${placed.id}`);
    expect(readable.status).toBe(200);
    expect(readable.body.status).toBe('action_required');

    expect((await stack.api('POST', `/v1/orders/${placed.id}/cancel`)).status).toBe(202);
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('canceled');
    expect(await keyIdsInHistory(placed.id)).toEqual(
      new Set([encryptionKeyFromBase64(TEST_ENCRYPTION_KEY).id, encryptionKeyFromBase64(newKey).id]),
    );

    // Without the retired key, the old payloads can no longer be read: the rotation really changed keys. Temporal
    // is reachable, so this is a fault an operator must fix, not an outage to wait out: 500, not 503. (The ended
    // order is read from its close event, which the API decodes itself.)
    await stack.redeploy([newKey]);
    expect((await stack.api('GET', `/v1/orders/${placed.id}`)).status).toBe(500);
    await stack.redeploy([newKey, TEST_ENCRYPTION_KEY]);
  });
});

describe('an API whose workers are all down', () => {
  it('answers 503 with Retry-After for an open order instead of hanging, and serves again once a worker is back', async () => {
    await stack.redeploy([TEST_ENCRYPTION_KEY]);
    const placed = await stack.placeOrder(
      { options: { cancel_on_action_required: false, poll_interval: '1h' } },
      { ssn: '000-03-0500' },
    );
    await stack.waitForOrder(placed.id, (order) => order.status === 'action_required');
    await stack.stopWorkers();
    const unavailable = await stack.api('GET', `/v1/orders/${placed.id}`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('5');
    await stack.redeploy([TEST_ENCRYPTION_KEY]);
    expect((await stack.api('GET', `/v1/orders/${placed.id}`)).status).toBe(200);
    expect((await stack.api('POST', `/v1/orders/${placed.id}/cancel`)).status).toBe(202);
    await stack.waitForWorkflow(placed.id);
  });
});
