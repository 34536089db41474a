import { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { orderRequestSchema, resolveOrder } from '../../src/api/order-schema';
import { PLAINTEXT_REFUSED } from '../../src/temporal/encryption-codec';
import { ORDERS_TASK_QUEUE, VERIFICATION_ORDER_WORKFLOW } from '../../workflows/public';
import { eventually, sleep } from '../kit';
import { sdkLog } from '../support/sdk-log';
import { useStack } from '../support/stack';
import { testDataConverter } from '../support/temporal';

const stack = useStack();

/** The message of a failure the workers encoded (encrypted, as every failure voie writes). */
async function failureMessage(encoded: Payload): Promise<string> {
  let payloads = [encoded];
  for (const codec of [...(testDataConverter.payloadCodecs ?? [])].reverse()) payloads = await codec.decode(payloads);
  return (JSON.parse(Buffer.from(payloads[0]!.data!).toString('utf8')) as { message: string }).message;
}

describe('a workflow input voie did not encrypt', () => {
  it('fails its workflow task: no provider is called and nothing is delivered', async () => {
    // What anyone who reaches the Temporal frontend can send (the CLI's `temporal workflow start --input`): a
    // well-formed order, with a sandbox SSN that completes, delivering to the LOS, in plain JSON.
    const attacker = new Client({ connection: stack.env.connection, namespace: stack.env.namespace });
    const { request, policy } = resolveOrder(orderRequestSchema.parse(stack.orderBody()), stack.config);
    const orderId = `vo_forged_${Date.now()}`;
    const providerCallsBefore = stack.simulator.requests.length + stack.truv.requests.length;
    // The refusal the workers log for each attempt is what this test provokes: kept, not printed.
    const refusalLogged = sdkLog.expectError(/refused a payload that is not encrypted/, 30_000);
    const handle = await attacker.workflow.start(VERIFICATION_ORDER_WORKFLOW, {
      workflowId: orderId,
      taskQueue: ORDERS_TASK_QUEUE,
      args: [{ orderId, request, policy, createdAt: new Date().toISOString() }],
    });

    // The workers take the task and fail it, naming why (in an encrypted failure, as every failure of voie's).
    const failed = await eventually(
      async () => {
        const history = await handle.fetchHistory();
        return history.events?.find((event) => event.workflowTaskFailedEventAttributes)
          ?.workflowTaskFailedEventAttributes;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'a failed workflow task' },
    );
    expect(await failureMessage(failed.failure!.encodedAttributes!)).toContain(PLAINTEXT_REFUSED);
    await refusalLogged;
    // Retried, it fails again; it never gets further than its first task.
    await sleep(3_000);
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((event) => event.activityTaskScheduledEventAttributes)).toBe(false);
    expect(events.some((event) => event.workflowTaskCompletedEventAttributes)).toBe(false);
    expect(stack.simulator.requests.length + stack.truv.requests.length).toBe(providerCallsBefore);
    expect(stack.receiver.received).toEqual([]);
    await handle.terminate('test over');

    // The same order placed through voie runs, so the workers were there to run the forged one.
    const placed = await stack.placeOrder();
    expect((await stack.waitForWorkflow(placed.id)).status).toBe('completed');
    expect(stack.simulator.requests.length).toBeGreaterThan(providerCallsBefore);
  });
});
