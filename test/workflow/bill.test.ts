import { loanFileSchema, orderViewSchema } from '../../src/api/response-schemas';
import type { OrderView } from '../../src/domain';
import { eventually, freshLoanId } from '../kit';
import { useStack } from '../support/stack';
import { TEST_ENCRYPTION_KEY } from '../support/temporal';

/**
 * The bill: `VOIE_PROVIDER_PRICES` prices each completed provider order; attempts, orders and loan files show their
 * `estimated_cost`, the worker's `/metrics` adds it up, and `VoieEstimatedCost` finds an order by it. On the dev
 * server (the visibility store answers list queries there); orders without prices are in `waterfall.test.ts`.
 */
const stack = useStack({
  env: { VOIE_PROVIDER_PRICES: 'truework=45,truework-reverification=10,truv=15,truv-refresh=0' },
});

/** Truework's sandbox borrower whose verification completes. */
const COMPLETES = { ssn: '000-00-0000' };

async function place(body: Record<string, unknown>): Promise<OrderView> {
  const response = await stack.api<OrderView>('POST', '/v1/orders', body);
  if (response.status !== 201) throw new Error(`order not placed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** `voie_provider_spend_usd_total` of a price key, 0 before anything was counted. */
async function spend(provider: string): Promise<number> {
  const text = await stack.metricsText();
  const line = new RegExp(`^voie_provider_spend_usd_total\\{provider="${provider}"\\} ([0-9.e+]+)$`, 'm').exec(text);
  return Number(line?.[1] ?? 0);
}

async function spends(): Promise<{ truework: number; reverification: number }> {
  return { truework: await spend('truework'), reverification: await spend('truework-reverification') };
}

describe('an order with prices set', () => {
  it('costs nothing for a waterfall step that failed, and the price of the one that completed', async () => {
    const placed = await place(
      stack.orderBody(
        { provider: undefined, providers: ['truv', 'truework'] },
        { first_name: 'NoData', ...COMPLETES, email: 'jane@example.com' },
      ),
    );
    expect(placed.estimated_cost).toBe(0);
    const order = orderViewSchema.parse(await stack.waitForWorkflow(placed.id));
    expect(order.attempts.map(({ provider, outcome, estimated_cost }) => [provider, outcome, estimated_cost])).toEqual([
      ['truv', 'no_data', 0],
      ['truework', 'verified', 45],
    ]);
    expect(order.estimated_cost).toBe(45);

    // The operator's search in the Temporal UI: the search attribute is the order's cost.
    const handle = stack.client.workflow.getHandle(placed.id);
    const attribute = (await handle.describe()).typedSearchAttributes
      .getAll()
      .find((pair) => pair.key.name === 'VoieEstimatedCost');
    expect(attribute?.value).toBe(45);
    const found = await eventually(
      async () => {
        const ids: string[] = [];
        const query = `WorkflowId = '${placed.id}' AND VoieEstimatedCost > 40 AND VoieEstimatedCost < 50`;
        for await (const execution of stack.client.workflow.list({ query })) ids.push(execution.workflowId);
        return ids.length > 0 ? ids : undefined;
      },
      { timeoutMs: 10_000, what: 'the order listed by its estimated cost' },
    );
    expect(found).toEqual([placed.id]);
  });

  it('adds the price of a re-verification, and /metrics counts each completed provider order once, a redeploy and its replays included', async () => {
    const before = await spends();
    const placed = await stack.placeOrder({ options: { poll_interval: '1s' } }, COMPLETES);
    const completed = await stack.waitForWorkflow(placed.id);
    expect(completed.estimated_cost).toBe(45);
    expect(await spends()).toEqual({ ...before, truework: before.truework + 45 });

    // New workers start with no workflow in their cache: reading the order and re-verifying it replay its history.
    await stack.redeploy([TEST_ENCRYPTION_KEY]);
    expect((await stack.api('GET', `/v1/orders/${placed.id}`)).body.estimated_cost).toBe(45);
    expect((await stack.api('POST', `/v1/orders/${placed.id}/reverify`)).status).toBe(202);
    const reverified = await stack.waitForOrder(placed.id, (order) => order.reverification?.status === 'verified');
    await stack.waitForWorkflow(placed.id);
    expect(reverified.attempts.map((attempt) => attempt.estimated_cost)).toEqual([45]);
    expect(reverified.estimated_cost).toBe(55);
    await stack.recordHistory(placed.id, 'bill-truework-reverified-priced');

    const after = await eventually(
      async () => {
        const now = await spends();
        return now.reverification > before.reverification ? now : undefined;
      },
      { timeoutMs: 10_000, what: 'the re-verification counted' },
    );
    // A moment more: a second count of either would show here.
    await new Promise((done) => setTimeout(done, 1_000));
    expect(await spends()).toEqual(after);
    expect(after).toEqual({ truework: before.truework + 45, reverification: before.reverification + 10 });
    const text = await stack.metricsText();
    expect(text).toContain('# TYPE voie_provider_spend_usd_total counter');
    expect(text).not.toMatch(/voie_provider_spend_usd_total\{[^}]*vo_/);
  });

  it('prices a Truv order and its refresh by their own keys', async () => {
    const placed = await place(stack.truvOrderBody('Success'));
    expect((await stack.waitForWorkflow(placed.id)).estimated_cost).toBe(15);
    expect((await stack.api('POST', `/v1/orders/${placed.id}/reverify`)).status).toBe(202);
    const refreshed = await stack.waitForOrder(placed.id, (order) => order.reverification?.status === 'verified');
    // truv-refresh=0: the refresh is free within Truv's window.
    expect(refreshed.estimated_cost).toBe(15);
    await eventually(
      async () =>
        (await stack.metricsText()).includes('voie_provider_spend_usd_total{provider="truv-refresh"} 0')
          ? true
          : undefined,
      { timeoutMs: 10_000, what: 'the refresh counted at its price, 0' },
    );
  });

  it("sums the loan file's orders", async () => {
    const loanId = freshLoanId();
    const placed = [
      await stack.placeOrder({ loan_id: loanId }, { ...COMPLETES, first_name: 'Jane' }),
      await stack.placeOrder({ loan_id: loanId }, { ...COMPLETES, first_name: 'John' }),
    ];
    for (const order of placed) await stack.waitForWorkflow(order.id);
    const got = await stack.api('GET', `/v1/loans/${loanId}`);
    expect(got.status).toBe(200);
    const file = loanFileSchema.parse(got.body);
    expect(file.orders.map((order) => order.estimated_cost)).toEqual([45, 45]);
    expect(file.estimated_cost).toBe(90);
  });
});
