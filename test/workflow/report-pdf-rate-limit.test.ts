import type { SimulatedRequest } from '../../dev/simulators/kit/http-server';
import { truework } from '../../src/providers/truework';
import { PROVIDER_SLOT_WORKFLOW } from '../../workflows/public';
import { eventually } from '../kit';
import { useStack } from '../support/stack';

const stack = useStack();

/** Truework's limit per account, which the simulator enforces and voie's Truework task queue runs at 90% of. */
const LIMIT = truework.requestsPerSecond;
const BURST = 60;

/** The most requests of `requests` that arrived within any one second (from each request's arrival on). */
function busiestSecond(requests: SimulatedRequest[]): number {
  return Math.max(
    0,
    ...requests.map((first) => requests.filter((r) => r.at >= first.at && r.at < first.at + 1000).length),
  );
}

describe('a burst of report PDF reads', () => {
  it("stays within the provider's rate limit with the orders' own calls: every PDF is 200 or 503 with Retry-After", async () => {
    const placed = await stack.placeOrder({}, { ssn: '000-00-0000' });
    const order = await stack.waitForWorkflow(placed.id);
    expect(order.status).toBe('completed');

    // From here Truework answers 429 to any request over its limit, voie's or anyone's.
    stack.simulator.setFaults({ rateLimit: { requestsPerSecond: LIMIT } });
    const since = stack.simulator.requests.length;
    const others = await Promise.all(
      ['000-00-0000', '000-00-0000', '000-00-0000'].map((ssn) => stack.placeOrder({}, { ssn })),
    );
    const pdfs = await Promise.all(
      Array.from({ length: BURST }, () => stack.los.getBytes(`/v1/orders/${order.id}/report.pdf`)),
    );
    const ended = await Promise.all(others.map((other) => stack.waitForWorkflow(other.id)));

    const seen = stack.simulator.requests.slice(since);
    const refused = seen.filter((request) => request.status === 429);
    // No one met the provider's limit, not the PDF's requests, not the other orders': the simulator's limit is a
    // bucket of one second's requests refilled evenly, so no second saw more than its one second's burst and refill.
    expect(refused.map((request) => `${request.method} ${request.path}`)).toEqual([]);
    expect(busiestSecond(seen)).toBeLessThanOrEqual(2 * LIMIT);
    expect(ended.map((other) => other.status)).toEqual(['completed', 'completed', 'completed']);

    const statuses = pdfs.map((pdf) => pdf.status);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    const served = pdfs.filter((pdf) => pdf.status === 200);
    expect(served.length).toBeGreaterThan(0);
    for (const pdf of served) expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const pdf of pdfs.filter((response) => response.status === 503)) {
      expect(pdf.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(pdf.headers.get('content-type')).toContain('application/problem+json');
    }
    // Every PDF served made its two requests (the order, then the report as PDF), each on a slot of the queue.
    const reportReads = seen.filter((request) => request.path.startsWith('/reports/') && request.status === 200);
    expect(reportReads.length).toBe(served.length);

    await recordSlotHistories();
  });
});

/** With VOIE_RECORD_HISTORIES=1, keeps one granted and one refused slot's history for the replay test. */
async function recordSlotHistories(): Promise<void> {
  if (!process.env.VOIE_RECORD_HISTORIES) return;
  for (const [status, name] of [
    ['Completed', 'provider-slot-granted'],
    ['Failed', 'provider-slot-timed-out'],
  ] as const) {
    const workflowId = await eventually(
      async () => {
        const query = `WorkflowType = '${PROVIDER_SLOT_WORKFLOW}' AND ExecutionStatus = '${status}'`;
        for await (const execution of stack.client.workflow.list({ query })) return execution.workflowId;
        return undefined;
      },
      { what: () => `a ${status} ${PROVIDER_SLOT_WORKFLOW} workflow` },
    );
    await stack.recordHistory(workflowId, name);
  }
}
