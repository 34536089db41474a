import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OrderRequest } from '../../src/domain';
import { ProviderRejectedError, ProviderResponseInvalidError } from '../../src/providers/errors';
import { TrueworkClient } from '../../src/providers/truework/client';
import { pdfText } from '../support/pdf-text';
import { stubServer } from '../support/stub-server';
import { TrueworkSimulator } from '../../dev/simulators/truework/simulator';

describe('Truework answers voie cannot read', () => {
  const ORDER_ID = 'vo_00112233445566778899aabb';
  const answers: Record<string, unknown> = {
    '/orders/unreadable-state': { id: 'unreadable-state', verification_requests: [{ id: 'V1', state: 7 }] },
    '/orders/readable': {
      id: 'readable',
      field_truework_added: true,
      verification_requests: [
        { id: 'V1', state: 'completed', reports: [{ id: 'R1', employer: null, employee: { earnings: null }, x: 1 }] },
      ],
    },
    [`/orders?search_key=${ORDER_ID}&limit=25`]: { count: 1, results: [{ search_key: ORDER_ID }] },
  };

  async function withClient(run: (client: TrueworkClient) => Promise<void>): Promise<void> {
    const stub = await stubServer((req) => ({ status: 200, body: answers[req.url] }));
    try {
      await run(new TrueworkClient({ baseUrl: stub.baseUrl, apiKey: 'key', webhookTokens: [] }));
    } finally {
      await stub.close();
    }
  }

  it('are a ProviderResponseInvalidError naming the offending field', () =>
    withClient(async (client) => {
      const state: unknown = await client.readOrder('unreadable-state').catch((err: unknown) => err);
      expect(state).toBeInstanceOf(ProviderResponseInvalidError);
      expect(state).toMatchObject({ path: 'verification_requests.0.state' });
      expect((state as Error).message).toMatch(
        /^GET \/orders\/unreadable-state answered a body voie cannot read at verification_requests\.0\.state: /,
      );
      const missingId: unknown = await client
        .findOrder({ orderId: ORDER_ID, employers: [0] })
        .catch((err: unknown) => err);
      expect(missingId).toMatchObject({ name: 'ProviderResponseInvalidError', path: 'results.0.id' });
    }));

  it('are not unknown or null fields: those are read, and kept in the provider report', () =>
    withClient(async (client) => {
      const snapshot = await client.readOrder('readable');
      expect(snapshot).toMatchObject({ status: 'completed', reportIds: ['R1'] });
      const report = await client.readReport(snapshot);
      expect(report.provider_report).toEqual({
        order_id: 'readable',
        reports: [{ id: 'R1', employer: null, employee: { earnings: null }, x: 1 }],
      });
      expect(report.normalized.employments).toHaveLength(1);
    }));
});

describe("a loan's Truework orders, against the simulator", () => {
  const ORDER_ID = 'vo_aabbccddeeff001122334455';
  let sim: TrueworkSimulator;
  let client: TrueworkClient;

  beforeEach(async () => {
    sim = await TrueworkSimulator.start({ webhookToken: 'unused', stepDelayMs: 10 });
    client = new TrueworkClient({ baseUrl: sim.baseUrl, apiKey: 'key', webhookTokens: [] });
  });

  afterEach(() => sim.close());

  const loan = (ssn: string, employers: string[], type: OrderRequest['type'] = 'employment-income'): OrderRequest => ({
    external_id: 'loan-7',
    provider: 'truework',
    type,
    permissible_purpose: 'credit-application',
    use_case: 'mortgage',
    loan_id: 'LN-7',
    applicant: { first_name: 'Jane', last_name: 'Doe', ssn },
    employers: employers.map((name) => ({ name })),
  });

  /** Places one Truework order per employer, as the workflow does, and waits until the simulator has finished them. */
  async function placeAll(request: OrderRequest, orderId = ORDER_ID): Promise<string[]> {
    const ids: string[] = [];
    for (const index of request.employers?.keys() ?? []) {
      ids.push((await client.createOrder(request, { orderId, employers: [index] })).providerOrderId);
    }
    await sim.idle();
    return ids;
  }

  it("place one order per employer, and a retried create finds that employer's order, not the first one's", async () => {
    const request = loan('000-00-0000', ['Acme Inc', 'Globex LLC']);
    const first = await client.createOrder(request, { orderId: ORDER_ID, employers: [0] });
    // The second employer's create lands at Truework but its answer is lost: the retry must find it.
    sim.setFaults({ loseNextCreateResponse: true });
    const lost: unknown = await client
      .createOrder(request, { orderId: ORDER_ID, employers: [1] })
      .catch((err: unknown) => err);
    expect(lost).toMatchObject({ name: 'ProviderUnavailableError' });
    const found = (employer: number) => client.findOrder({ orderId: ORDER_ID, employers: [employer] });
    const second = (await found(1))!;
    expect(second.providerOrderId).not.toBe(first.providerOrderId);
    expect((await found(0))?.providerOrderId).toBe(first.providerOrderId);

    const orders = sim.listOrders() as {
      id: string;
      search_key: string;
      target_employer: { metadata: Record<string, string>; target: { company: { name: string } } };
    }[];
    expect(orders).toHaveLength(2);
    const byId = new Map(orders.map((order) => [order.id, order]));
    // The first employer's order is marked exactly as before voie verified several, so older orders are found too.
    expect(byId.get(first.providerOrderId)).toMatchObject({
      search_key: ORDER_ID,
      target_employer: {
        metadata: { voie_order_id: ORDER_ID, external_id: 'loan-7' },
        target: { company: { name: 'Acme Inc' } },
      },
    });
    expect(byId.get(first.providerOrderId)?.target_employer.metadata).not.toHaveProperty('employer_index');
    expect(byId.get(second.providerOrderId)).toMatchObject({
      search_key: ORDER_ID,
      target_employer: {
        metadata: { voie_order_id: ORDER_ID, employer_index: '1' },
        target: { company: { name: 'Globex LLC' } },
      },
    });
  });

  it('refuse a ref that is not exactly one of the request employers', async () => {
    const request = loan('000-00-0000', ['Acme Inc', 'Globex LLC']);
    await expect(client.createOrder(request, { orderId: ORDER_ID, employers: [0, 1] })).rejects.toThrow(TypeError);
    await expect(client.createOrder(request, { orderId: ORDER_ID, employers: [2] })).rejects.toThrow(TypeError);
    expect(sim.listOrders()).toEqual([]);
  });

  it('place an order with one call, whose answer is its first snapshot; a completed read carries the report', async () => {
    const placed = await client.createOrder(loan('000-00-0000', ['Acme Inc']), { orderId: ORDER_ID, employers: [0] });
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /orders/target-employer']);
    expect(placed.snapshot).toMatchObject({ providerOrderId: placed.providerOrderId, status: 'pending' });
    expect(placed.snapshot?.report).toBeUndefined();
    await sim.idle();
    const before = sim.requests.length;
    const completed = await client.readOrder(placed.providerOrderId);
    // The order embeds its reports: one call reads both.
    expect(sim.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /orders/${placed.providerOrderId}`,
    ]);
    expect(completed.report).toEqual(await client.readReport(completed));
    expect(completed.report?.normalized.employments.map((job) => job.employer.name)).toEqual(['Acme Inc']);
  });

  it('report one employer verified and one not found in the same loan', async () => {
    const [verified, noMatch] = await placeAll(loan('000-00-0000', ['Acme Inc', 'No Match Corp']));
    const acme = await client.readOrder(verified ?? '');
    expect(acme).toMatchObject({
      status: 'completed',
      employers: [{ status: 'completed', outcome: 'verified' }],
      outcome: 'verified',
    });
    const none = await client.readOrder(noMatch ?? '');
    expect(none).toMatchObject({
      status: 'canceled',
      reason: expect.stringMatching(/^no-match/) as unknown,
      employers: [{ status: 'canceled', outcome: 'not_found' }],
      outcome: 'not_found',
    });
    const report = await client.readReport(acme);
    expect(report.normalized.employments.map((job) => job.employer.name)).toEqual(['Acme Inc']);
  });

  it('read an employment-only order back without pay or income', async () => {
    const [id] = await placeAll(loan('000-00-0000', ['Acme Inc'], 'employment'));
    const report = await client.readReport(await client.readOrder(id ?? ''));
    expect(report.normalized.employments).toEqual([
      expect.objectContaining({
        employer: expect.objectContaining({ name: 'Acme Inc' }) as unknown,
        pay: null,
        income: [],
      }),
    ]);
    expect(report.normalized.employments[0]).toMatchObject({ start_date: '2019-01-01', status: 'active' });
    expect(report.provider_report).toMatchObject({ reports: [{ employee: { salary: null, earnings: null } }] });
  });

  it("give the D1C reference id of the sandbox's eligible profile as a Fannie Mae id", async () => {
    const [id] = await placeAll(loan('000-00-0008', ['Acme Inc']));
    const report = await client.readReport(await client.readOrder(id ?? ''));
    const [raw] = (report.provider_report as { reports: { eligibilities: { reference_id: string }[] }[] }).reports;
    const referenceId = raw?.eligibilities[0]?.reference_id;
    expect(referenceId).toMatch(/^TW-D1C-\d{10}$/);
    expect(report.normalized.gse).toEqual([{ agency: 'fannie_mae', program: 'd1c', reference_id: referenceId }]);
    // A VOIE of another profile has none.
    const [plain] = await placeAll(loan('000-00-0000', ['Acme Inc']), 'vo_000000000000000000000001');
    expect((await client.readReport(await client.readOrder(plain ?? ''))).normalized.gse).toEqual([]);
  });

  it('fetch the PDF of a completed report, which names the employer and the dates', async () => {
    const [id] = await placeAll(loan('000-00-0000', ['Acme Inc']));
    const pdf = await client.readReportPdf(id ?? '');
    const bytes = Buffer.concat(await pdf.body.toArray());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBe(bytes.length);
    const { pages, text } = await pdfText(bytes);
    expect(pages).toBe(1);
    expect(text).toContain('Employer: Acme Inc');
    expect(text).toContain('Dates of employment: 2019-01-01 to present');
    const accepts = sim.requests.filter((request) => request.path.startsWith('/reports/'));
    expect(accepts).toHaveLength(1);
  });

  it('let each request of the PDF go only through the gate, and send none the gate refuses', async () => {
    const [id] = await placeAll(loan('000-00-0000', ['Acme Inc']));
    const before = sim.requests.length;
    const sentAtEachGate: number[] = [];
    const gate = () => {
      sentAtEachGate.push(sim.requests.length - before);
      return Promise.resolve();
    };
    const pdf = await client.readReportPdf(id ?? '', gate);
    expect(
      Buffer.concat(await pdf.body.toArray())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    // Two requests (the order, then the report as PDF), each sent only after its own pass of the gate.
    expect(sentAtEachGate).toEqual([0, 1]);
    expect(sim.requests.length - before).toBe(2);

    const refused = new Error('no slot');
    await expect(client.readReportPdf(id ?? '', () => Promise.reject(refused))).rejects.toBe(refused);
    expect(sim.requests.length - before).toBe(2);
  });

  it('refuse the PDF of an order that has no completed report', async () => {
    const { providerOrderId } = await client.createOrder(loan('000-03-0000', ['Acme Inc']), {
      orderId: ORDER_ID,
      employers: [0],
    });
    await expect(client.readReportPdf(providerOrderId)).rejects.toMatchObject({
      name: 'ProviderRejectedError',
      status: 404,
    });
  });
});

describe('a Truework PDF answer that is not a PDF', () => {
  it('over 20 MB is refused before it is read', async () => {
    const server = http.createServer((req, res) => {
      if (req.url?.startsWith('/orders/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ id: 'O', verification_requests: [{ id: 'V', state: 'completed', reports: [{ id: 'R' }] }] }),
        );
        return;
      }
      // Claims 30 MB, sends the magic bytes, then holds the connection open as a slow huge download would.
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(30 * 1024 * 1024) });
      res.write('%PDF-1.4\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new TrueworkClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'key', webhookTokens: [] });
      await expect(client.readReportPdf('O')).rejects.toMatchObject({
        name: 'ProviderRejectedError',
        message: 'GET /reports/R answered a PDF of 31457280 bytes, over the cap',
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('is a ProviderRejectedError naming what came instead, never quoting it', async () => {
    const stub = await stubServer((req) =>
      req.url.startsWith('/orders/')
        ? {
            status: 200,
            body: { id: 'O', verification_requests: [{ id: 'V', state: 'completed', reports: [{ id: 'R' }] }] },
          }
        : { status: 200, body: { error: { message: 'Report is not available as PDF' } } },
    );
    try {
      const client = new TrueworkClient({ baseUrl: stub.baseUrl, apiKey: 'key', webhookTokens: [] });
      const err: unknown = await client.readReportPdf('O').catch((error: unknown) => error);
      expect(err).toBeInstanceOf(ProviderRejectedError);
      expect((err as Error).message).toBe('GET /reports/R answered application/json instead of a PDF');
      expect(stub.captured.at(-1)?.headers.accept).toBe('application/pdf; version=2023-10-30');
    } finally {
      await stub.close();
    }
  });
});
