import { useStack, TRUEWORK_TOKEN } from '../support/stack';
import { addDays, todayIn } from '../../src/domain';
import type { LoanSnapshot, OrderRecord } from '../../workflows/public';
import { loanWorkflowId } from '../../workflows/public';
import { trueworkWebhookHeaders } from '../support/signatures';
import { eventually, freshLoanId } from '../kit';

/** A server that suggests continue-as-new after a few dozen events, so a chatty order rolls over quickly. */
const stack = useStack({
  serverArgs: ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=60'],
});

describe('a long-lived order', () => {
  it('continues as new with bounded history and loses no webhook on the way', async () => {
    stack.simulator.setFaults({ dropWebhooks: true });
    const placed = await stack.placeOrder(
      { options: { cancel_on_action_required: false, poll_interval: '1h' } },
      { ssn: '000-03-0400' },
    );
    const created = await stack.waitForOrder(placed.id, (order) => order.provider_order_id !== null);
    await stack.simulator.idle();
    const firstRunId = (await stack.client.workflow.getHandle(placed.id).describe()).runId;

    const hints = 40;
    for (let batch = 0; batch < hints; batch += 5) {
      await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          stack.api(
            'POST',
            '/webhooks/truework',
            {
              hook: {
                event: 'verification_request.state.change',
                triggered_at: `2026-01-01T00:00:${String(batch + i).padStart(2, '0')}Z`,
              },
              data: {
                order_id: created.provider_order_id,
                state: 'action-required',
                metadata: { voie_order_id: placed.id },
              },
            },
            trueworkWebhookHeaders(TRUEWORK_TOKEN),
          ),
        ),
      ).then((responses) => expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]));
    }

    const order = await stack.waitForOrder(
      placed.id,
      (o) => o.events.filter((e) => e.source === 'webhook' && e.type !== 'status.changed').length === hints,
    );
    expect(order.status).toBe('action_required');

    const handle = stack.client.workflow.getHandle(placed.id);
    // The run continues as new at its next wait, once the read the last hint asked for is done.
    await eventually(async () => (await handle.describe()).runId !== firstRunId, { what: 'a new run' });
    const firstRun = await stack.client.workflow.getHandle(placed.id, firstRunId).fetchHistory();
    expect(firstRun.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    expect(firstRun.events!.length).toBeLessThan(200);

    // The order is one row in the list, and its idempotency record survived the new runs.
    const listed = await stack.api('GET', `/v1/orders?external_id=${order.external_id}`);
    expect(listed.body.data.map((row: { id: string }) => row.id)).toEqual([placed.id]);
    expect(listed.body.data[0].status).toBe('action_required');
    const body = {
      ...stack.orderBody(
        { options: { cancel_on_action_required: false, poll_interval: '1h' } },
        { ssn: '000-03-0400' },
      ),
      external_id: order.external_id,
    };
    expect((await stack.api('POST', '/v1/orders', body)).status).toBe(200);
    expect((await stack.api('POST', '/v1/orders', { ...body, loan_id: 'other' })).status).toBe(409);

    expect((await stack.api('POST', `/v1/orders/${placed.id}/cancel`)).status).toBe(202);
    const ended = ((await handle.result()) as OrderRecord).order;
    expect(ended.status).toBe('canceled');
    await stack.recordHistory(placed.id, 'truework-continue-as-new');
    expect(stack.receiver.accepted(placed.id).map((d) => d.body.type)).toEqual([
      'order.created',
      'order.action_required',
      'order.canceled',
    ]);
  });

  it('continues a loan flooded with closing-date moves as new, with its date, version and orders', async () => {
    const loanId = freshLoanId();
    const placed = await stack.placeOrder(
      { loan_id: loanId, options: { cancel_on_action_required: false, poll_interval: '1h' } },
      { ssn: '000-03-0400' },
    );
    const handle = stack.client.workflow.getHandle(loanWorkflowId(loanId));
    const firstRunId = (await handle.describe()).runId;
    const today = todayIn(new Date(), 'America/New_York');
    const moves = 30;
    for (let move = 1; move <= moves; move += 1) {
      const put = await stack.api('PUT', `/v1/loans/${loanId}`, { closing_date: addDays(today, 30 + move) });
      expect(put.status).toBe(200);
    }
    await eventually(async () => (await handle.describe()).runId !== firstRunId, { what: 'a new run of the loan' });
    const firstRun = await stack.client.workflow.getHandle(loanWorkflowId(loanId), firstRunId).fetchHistory();
    expect(firstRun.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();

    const loan = await handle.query<LoanSnapshot>('loan');
    expect(loan).toMatchObject({ closingDate: addDays(today, 30 + moves), version: moves });
    expect(loan.orders.map((order) => order.id)).toEqual([placed.id]);
    const file = await stack.api('GET', `/v1/loans/${loanId}`);
    expect(file.body).toMatchObject({ closing_date: addDays(today, 30 + moves), orders: [{ id: placed.id }] });
    expect((await stack.api('POST', `/v1/orders/${placed.id}/cancel`)).status).toBe(202);
  });
});
