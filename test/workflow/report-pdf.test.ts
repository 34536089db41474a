import { problemSchema } from '../../src/api/response-schemas';
import type { OrderView } from '../../src/domain';
import type { ApiResponse } from '../kit';
import { useStack } from '../support/stack';

const stack = useStack();

/** `GET /v1/orders/{id}/report.pdf[?query]`, with the body as bytes. */
function getPdf(id: string, query = ''): Promise<ApiResponse<Buffer>> {
  return stack.los.getBytes(`/v1/orders/${id}/report.pdf${query}`);
}

/** A refusal, as a problem naming why. */
function problemOf(response: { headers: Headers; body: Buffer }): {
  detail: string;
  errors?: { field: string; message: string }[];
} {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return problemSchema.parse(JSON.parse(response.body.toString('utf8')));
}

async function completedOrder(overrides: Record<string, unknown>, ssn: string): Promise<OrderView> {
  const placed = await stack.placeOrder(overrides, { ssn });
  const order = await stack.waitForWorkflow(placed.id);
  expect(order.status).toBe('completed');
  return order;
}

describe('the report PDF', () => {
  it('is 404 for an unknown order and 400 for an employer that is not an index', async () => {
    expect((await getPdf('vo_000000000000000000000000')).status).toBe(404);
    expect((await getPdf('vo_000000000000000000000000', '?employer=x')).status).toBe(404);
    expect((await getPdf('not-an-id')).status).toBe(404);
    const { id } = await stack.placeOrder();
    for (const employer of ['', 'x', '-1', '1e0', '01', '100', '1', '5', '12']) {
      const response = await getPdf(id, `?employer=${employer}`);
      expect(response.status).toBe(400);
      expect(problemOf(response).errors?.map((error) => error.field)).toEqual(['employer']);
    }
    // Every index this order of one employer lacks names the same range, the order's own.
    const messages = await Promise.all(
      ['1', '5', '12'].map(
        async (employer) => problemOf(await getPdf(id, `?employer=${employer}`)).errors?.[0]?.message,
      ),
    );
    expect(new Set(messages)).toEqual(new Set(['must be an employer index from 0 to 0 for this order']));
    const unknownParameter = await getPdf(id, '?page=2');
    expect([unknownParameter.status, problemOf(unknownParameter).errors?.[0]?.field]).toEqual([400, 'page']);
  });

  it('is 405 for other methods on the path', async () => {
    const response = await stack.api('POST', '/v1/orders/vo_000000000000000000000000/report.pdf');
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('is 404 until the order is completed', async () => {
    stack.simulator.setFaults({ dropWebhooks: true });
    const placed = await stack.placeOrder({}, { ssn: '000-03-0200' });
    const response = await getPdf(placed.id);
    expect(response.status).toBe(404);
    expect(problemOf(response).detail).toMatch(/is (creating|pending|processing): its report exists once completed/);
    await stack.api('POST', `/v1/orders/${placed.id}/cancel`);
    expect((await stack.waitForWorkflow(placed.id)).status).toBe('canceled');
    expect((await getPdf(placed.id)).status).toBe(404);
  });

  it("streams the provider's PDF of a completed order, naming the employer", async () => {
    const order = await completedOrder({}, '000-00-0000');
    const response = await getPdf(order.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const length = response.headers.get('content-length');
    if (length !== null) expect(Number(length)).toBe(response.body.length);
    // The simulators write the text uncompressed: the employer's name is in the bytes as written.
    expect(response.body.toString('latin1')).toContain('Acme Inc');

    const first = await getPdf(order.id, '?employer=0');
    expect(first.status).toBe(200);
    expect(first.body.equals(response.body)).toBe(true);
    const beyond = await getPdf(order.id, '?employer=1');
    expect(beyond.status).toBe(400);
    expect(problemOf(beyond).errors).toEqual([
      { field: 'employer', message: 'must be an employer index from 0 to 0 for this order' },
    ]);
  });

  it('is 502 as a problem when the provider fails to give it', async () => {
    const order = await completedOrder({}, '000-00-0000');
    stack.simulator.setFaults({ failNextRequests: { count: 20, status: 503 } });
    const response = await getPdf(order.id);
    expect(response.status).toBe(502);
    expect(problemOf(response).detail).toBe("truework did not give the report's PDF; retry later");
    expect(stack.logs.join('')).not.toContain('%PDF');
  });

  it('is 404 for an employer that was not verified, and defaults to the first verified', async () => {
    // "No Match Corp" ends no-match in the simulators (placeholder name until the simulators settle theirs).
    const employers = [{ name: 'No Match Corp' }, { name: 'Acme Inc' }];
    const order = await completedOrder({ employer: undefined, employers }, '000-00-0000');
    expect(order.employments.map((employment) => employment.outcome)).toEqual(['not_found', 'verified']);

    const notVerified = await getPdf(order.id, '?employer=0');
    expect(notVerified.status).toBe(404);
    expect(problemOf(notVerified).detail).toContain('employer 0 (not_found)');
    const byDefault = await getPdf(order.id);
    expect(byDefault.status).toBe(200);
    expect(byDefault.headers.get('content-disposition')).toBe(`inline; filename="${order.id}-employer-1.pdf"`);
    expect(byDefault.body.toString('latin1')).toContain('Acme Inc');
  });

  it('answers the one Truv report for every employer of a Truv order', async () => {
    const employers = [{ name: 'Acme Inc' }, { name: 'Beta LLC' }];
    const placed = await stack.api(
      'POST',
      '/v1/orders',
      stack.truvOrderBody('Success', { employer: undefined, employers }),
    );
    expect(placed.status).toBe(201);
    const order = await stack.waitForWorkflow(placed.body.id);
    expect(order.status).toBe('completed');
    const verified = order.employments.flatMap((employment, index) =>
      employment.outcome === 'verified' ? [index] : [],
    );
    expect(verified.length).toBeGreaterThan(0);
    const pdfs = await Promise.all(verified.map((index) => getPdf(order.id, `?employer=${index}`)));
    for (const pdf of pdfs) {
      expect(pdf.status).toBe(200);
      expect(pdf.body.equals(pdfs[0]!.body)).toBe(true);
    }
  });
});
