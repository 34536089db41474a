import { eventually, freshLoanId } from '../kit';
import { useStack } from '../support/stack';

/**
 * Once no worker has polled for a while (every worker down, or the last one going away), Temporal refuses a query at
 * once with FAILED_PRECONDITION ("no poller seen for task queue recently") instead of letting it time out. The API
 * answers that as the outage it is: `503` with `Retry-After`, never `500`. The window is 2 s here (20 s by default).
 * The loan file needs no worker: its loan's memo holds what each order last told it.
 */
const stack = useStack({
  serverArgs: ['--dynamic-config-value', 'matching.queryPollerUnavailableWindow="2s"'],
});

describe('a GET while no worker has polled for a while', () => {
  it("answers an open order's GET 503 with Retry-After, logging the gRPC code, and its loan file all the same", async () => {
    // An order that stays open: its applicant must act, and the policy keeps it waiting.
    const loanId = freshLoanId();
    const placed = await stack.placeOrder(
      { loan_id: loanId, options: { cancel_on_action_required: false, poll_interval: '15m' } },
      { ssn: '000-03-0300' },
    );
    await stack.waitForOrder(placed.id, (order) => order.status === 'action_required');
    const loanFile = () => stack.api<{ orders: { id: string; status: string }[] }>('GET', `/v1/loans/${loanId}`);
    await eventually(async () => (await loanFile()).body.orders[0]?.status === 'action_required', {
      what: 'the loan hearing its order',
    });
    await stack.stopWorkers();
    // Well past the window: on a busy machine the server may take a moment to see the last poller gone.
    await new Promise((done) => setTimeout(done, 6_000));

    const answer = await stack.api('GET', `/v1/orders/${placed.id}`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    const logged = stack.logs.map((line) => JSON.parse(line) as { msg: string; grpcCode?: number });
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'request failed: Temporal is unreachable', grpcCode: 9 }),
    );
    const file = await loanFile();
    expect(file.status).toBe(200);
    expect(file.body.orders).toEqual([expect.objectContaining({ id: placed.id, status: 'action_required' })]);
  });
});
