import type { Readable } from 'node:stream';
import type { OrderRequest } from '../../src/domain';
import { ProviderRejectedError } from '../../src/providers/errors';
import { TruvClient } from '../../src/providers/truv/client';
import { truv } from '../../src/providers/truv/index';
import { snapshotOf } from '../../src/providers/truv/snapshot';
import { TruvSimulator } from '../../dev/simulators/truv/simulator';

const CLIENT_ID = 'client-123';
const SECRET = 'sandbox-0123456789abcdef';
const ORDER_ID = 'vo_00112233445566778899aabb';

/** A loan's order for Success Doe at `companies` (a company named `NoData …` ends no_data in the simulator). */
function request(companies: string[], type: OrderRequest['type'] = 'employment-income'): OrderRequest {
  return {
    external_id: 'loan-8812-borrower-1',
    provider: 'truv',
    type,
    use_case: 'mortgage',
    applicant: { first_name: 'Success', last_name: 'Doe', ssn: '991-91-9991' },
    employers: companies.map((name) => ({ name })),
  };
}

const ref = (count: number) => ({ orderId: ORDER_ID, employers: Array.from({ length: count }, (_, i) => i) });

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

interface StoredOrder {
  id: string;
  employers: { id: string; suborder_number: string; company_name: string }[];
}

describe('TruvClient with loan-level orders, against the simulator', () => {
  let sim: TruvSimulator;
  let client: TruvClient;

  beforeEach(async () => {
    sim = await TruvSimulator.start({ clientId: CLIENT_ID, secret: SECRET, stepDelayMs: 20 });
    client = new TruvClient({ baseUrl: sim.baseUrl, clientId: CLIENT_ID, secret: SECRET, timeoutMs: 2_000 });
  });

  afterEach(async () => {
    await sim.close();
  });

  it('takes up to five employers in one order', () => {
    expect(truv.employersPerOrder).toBe(5);
  });

  it('verifies a two-employer order: one employer verified, one not found, one report with one employment', async () => {
    const { providerOrderId } = await client.createOrder(request(['Acme Inc', 'NoData Corp']), ref(2));
    const [stored] = sim.listOrders() as StoredOrder[];
    expect(stored?.employers.map((e) => [e.company_name, e.suborder_number])).toEqual([
      ['Acme Inc', `${ORDER_ID}-0`],
      ['NoData Corp', `${ORDER_ID}-1`],
    ]);
    expect((await client.findOrder(ref(2)))?.providerOrderId).toBe(providerOrderId);
    expect(sim.listOrders()).toHaveLength(1);

    await sim.idle();
    const snapshot = await client.readOrder(providerOrderId);
    expect(snapshot).toMatchObject({
      status: 'completed',
      rawStatus: 'completed, no_data',
      employers: [
        { status: 'completed', outcome: 'verified', rawStatus: 'completed' },
        {
          status: 'failed',
          outcome: 'not_found',
          rawStatus: 'no_data',
          reason: 'no_data: the payroll provider returned no data',
        },
      ],
    });
    expect(snapshot.correlationIds).toEqual(expect.arrayContaining(stored?.employers.map((e) => e.id) ?? ['none']));

    const { normalized } = await client.readReport(snapshot);
    expect(normalized.employments).toHaveLength(1);
    expect(normalized.employments[0]).toMatchObject({
      employer: { name: 'Acme Inc' },
      pay: { rate: 52000, unit: 'annual' },
    });
    expect(normalized.employments[0]?.income.length).toBeGreaterThan(0);
    const [reportId] = snapshot.reportIds;
    expect(reportId).toMatch(/^[0-9a-f]{32}$/);
    expect(normalized.report_ids).toEqual([reportId]);
    expect(normalized.gse).toEqual([
      { agency: 'fannie_mae', program: 'd1c', reference_id: reportId },
      { agency: 'freddie_mac', program: 'aim', reference_id: reportId },
    ]);
  });

  it('places a VOE as the employment product, and reports it without pay or income', async () => {
    const { providerOrderId } = await client.createOrder(request(['Acme Inc'], 'employment'), ref(1));
    await sim.idle();
    const snapshot = await client.readOrder(providerOrderId);
    expect(snapshot.status).toBe('completed');
    const { normalized, provider_report: providerReport } = await client.readReport(snapshot);
    expect(normalized.employments).toEqual([
      expect.objectContaining({ employer: expect.objectContaining({ name: 'Acme Inc' }), pay: null, income: [] }),
    ]);
    expect(normalized.gse).toHaveLength(2);
    expect(JSON.stringify(providerReport)).not.toContain('annual_income_summary');
  });

  it('fetches the report’s PDF, streamed', async () => {
    const { providerOrderId } = await client.createOrder(request(['Acme Inc']), ref(1));
    await sim.idle();
    const pdf = await client.readReportPdf(providerOrderId);
    const bytes = await readAll(pdf.body);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(bytes.toString('latin1')).toContain('Employer: Acme Inc');
    // The report the order's GSE id names (the simulator answers JSON without `fmt=pdf`, which would be refused).
    const [order] = sim.listOrders() as { user_id: string; voie_report_id: string }[];
    expect(sim.requests.filter((r) => r.path.includes('/reports/')).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/users/${order?.user_id}/reports/${order?.voie_report_id}/`,
    ]);
  });

  it('lets each request of the PDF go only through the gate', async () => {
    const { providerOrderId } = await client.createOrder(request(['Acme Inc']), ref(1));
    await sim.idle();
    const before = sim.requests.length;
    const sentAtEachGate: number[] = [];
    const pdf = await client.readReportPdf(providerOrderId, () => {
      sentAtEachGate.push(sim.requests.length - before);
      return Promise.resolve();
    });
    expect((await readAll(pdf.body)).subarray(0, 4).toString('latin1')).toBe('%PDF');
    // The order, then the report as PDF: each sent only after its own pass of the gate.
    expect(sentAtEachGate).toEqual([0, 1]);
    expect(sim.requests.length - before).toBe(2);
  });

  it('refuses a PDF of an order without a report', async () => {
    const { providerOrderId } = await client.createOrder({ ...request(['Idle Corp']) }, ref(1));
    await sim.idle();
    await expect(client.readReportPdf(providerOrderId)).rejects.toBeInstanceOf(ProviderRejectedError);
  });
});

describe('Truv snapshots of several employers', () => {
  const NOW = Date.parse('2026-01-06T12:00:00Z');
  const suborder = (index: number | null, status: string) => ({
    id: `e${index ?? 'x'}`,
    status,
    suborder_number: index === null ? null : `${ORDER_ID}-${index}`,
  });

  it('keeps the employers voie sent, in its order, and ignores one the borrower added', () => {
    const snapshot = snapshotOf(
      {
        id: 'o1',
        order_number: ORDER_ID,
        voie_report_id: 'r1',
        employers: [suborder(1, 'completed'), suborder(null, 'sent'), suborder(0, 'error')],
      },
      NOW,
    );
    expect(snapshot.status).toBe('completed');
    expect(snapshot.reportIds).toEqual(['r1']);
    expect(snapshot.employers?.map((e) => e.outcome)).toEqual(['failed', 'verified']);
    expect(snapshot.correlationIds).toEqual(['e1', 'ex', 'e0']);
  });

  it('holds back the report id until every employer voie sent has resolved (B1)', () => {
    const open = snapshotOf(
      {
        id: 'o1',
        order_number: ORDER_ID,
        voie_report_id: 'r1',
        employers: [suborder(0, 'completed'), suborder(1, 'sent')],
      },
      NOW,
    );
    expect(open).toMatchObject({ status: 'processing', reportIds: [] });
    expect(open.employers).toEqual([
      { status: 'completed', outcome: 'verified', rawStatus: 'completed' },
      { status: 'processing', outcome: null, rawStatus: 'sent' },
    ]);
  });

  it('maps each suborder end to an outcome, and ends open employers with a canceled or expired order', () => {
    const outcomes = (statuses: string[], extra: object = {}) =>
      snapshotOf({ id: 'o1', order_number: ORDER_ID, employers: statuses.map((s, i) => suborder(i, s)), ...extra }, NOW)
        .employers;
    expect(
      outcomes(['completed', 'no_data', 'canceled', 'expired', 'error', 'skipped'])?.map((e) => e.outcome),
    ).toEqual(['verified', 'not_found', 'canceled', 'failed', 'failed', 'failed']);
    expect(outcomes(['pending', 'sent', 'something_new'])?.map((e) => [e.status, e.outcome])).toEqual([
      ['pending', null],
      ['processing', null],
      ['processing', null],
    ]);
    expect(outcomes(['sent'], { canceled_at: '2026-01-05T00:00:00Z' })?.[0]).toMatchObject({
      status: 'canceled',
      outcome: 'canceled',
    });
    expect(outcomes(['sent'], { is_expired: true })?.[0]).toMatchObject({ status: 'expired', outcome: 'failed' });
  });

  it('reads an order placed before several employers (suborder number = order id) as employer 0', () => {
    const snapshot = snapshotOf(
      { id: 'o1', order_number: ORDER_ID, employers: [{ id: 'e0', status: 'no_data', suborder_number: ORDER_ID }] },
      NOW,
    );
    expect(snapshot).toMatchObject({ status: 'failed', employers: [{ outcome: 'not_found' }] });
  });
});
