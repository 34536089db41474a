import { temporal } from '@temporalio/proto';
import type { OrderView } from '../../src/domain';
import { useStack } from '../support/stack';

const { EventType } = temporal.api.enums.v1;

const stack = useStack();

async function completedTruvOrder(): Promise<{ order: OrderView; history: temporal.api.history.v1.IHistory }> {
  const placed = await stack.api<OrderView>('POST', '/v1/orders', stack.truvOrderBody('Success'));
  expect(placed.status).toBe(201);
  const order = await stack.waitForWorkflow(placed.body.id);
  expect(order.status).toBe('completed');
  return { order, history: await stack.client.workflow.getHandle(placed.body.id).fetchHistory() };
}

describe("what an order's history holds", () => {
  it("takes a Truv order's progress events in fewer signals than events, each still on the timeline", async () => {
    const { order, history } = await completedTruvOrder();
    const signals = history.events!.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    const webhookEvents = order.events.filter((e) => e.source === 'webhook' && e.type !== 'status.changed');
    // Progress events (a task under way) are on the timeline though none woke the order on its own.
    expect(webhookEvents.map((e) => e.type)).toContain('task-status-updated');
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.length).toBeLessThan(webhookEvents.length);
  });

  it('does not upsert the status a new order was started with', async () => {
    const { history } = await completedTruvOrder();
    const upsertedStatuses = history
      .events!.filter((e) => e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
      .map((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.VoieStatus?.data)
      .filter((data): data is Uint8Array => !!data)
      .map((data) => JSON.parse(Buffer.from(data).toString('utf8')) as string);
    expect(upsertedStatuses[0]).not.toBe('creating');
    expect(upsertedStatuses).toContain('completed');
  });
});
