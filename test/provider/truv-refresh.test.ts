import type { OrderRequest } from '../../src/domain';
import type { ReverificationRef, ReverificationSource } from '../../src/providers/provider';
import { TruvClient } from '../../src/providers/truv/client';
import { TruvSimulator } from '../../dev/simulators/truv/simulator';

const CLIENT_ID = 'client-123';
const SECRET = 'sandbox-0123456789abcdef';
const ORDER_ID = 'vo_aabbccddeeff00112233aabb';

/** The simulator's "departed" applicant: verified at Acme Inc, gone by the time a refresh reads the payroll again. */
const request: OrderRequest = {
  external_id: 'loan-11',
  provider: 'truv',
  type: 'employment-income',
  use_case: 'mortgage',
  applicant: { first_name: 'Departed', last_name: 'Doe', ssn: '991-91-9991' },
  employers: [{ name: 'Acme Inc' }],
};

const ref = (attempt: number, earlierRecheckIds: string[] = []): ReverificationRef => ({
  orderId: ORDER_ID,
  employers: [0],
  attempt,
  earlierRecheckIds,
});

interface StoredOrder {
  id: string;
  order_number: string;
  products: string[];
  initial_order: string | null;
  refresh_order: string | null;
  employers: { suborder_number: string; company_name: string }[];
}

describe('re-checking a completed Truv order with a data refresh, against the simulator', () => {
  let sim: TruvSimulator;
  let client: TruvClient;

  beforeEach(async () => {
    sim = await TruvSimulator.start({ clientId: CLIENT_ID, secret: SECRET, stepDelayMs: 10 });
    client = new TruvClient({ baseUrl: sim.baseUrl, clientId: CLIENT_ID, secret: SECRET, timeoutMs: 2_000 });
  });

  afterEach(() => sim.close());

  const stored = () => sim.listOrders() as StoredOrder[];
  const refreshes = () => stored().filter((order) => order.initial_order !== null);

  async function completedOriginal(): Promise<ReverificationSource> {
    const { providerOrderId } = await client.createOrder(request, { orderId: ORDER_ID, employers: [0] });
    await sim.idle();
    const snapshot = await client.readOrder(providerOrderId);
    expect(snapshot.status).toBe('completed');
    const { normalized } = await client.readReport(snapshot);
    expect(normalized.employments).toEqual([expect.objectContaining({ status: 'active', end_date: null })]);
    return { providerOrderId, reportIds: snapshot.reportIds, completedAt: new Date().toISOString() };
  }

  it('makes a new order with the same order_number, whose report says the borrower left', async () => {
    const original = await completedOriginal();
    const recheck = await client.reverifyOrder(original, request, ref(1));
    expect(recheck.kind).toBe('refresh');
    expect(recheck.providerOrderId).not.toBe(original.providerOrderId);
    const byId = new Map(stored().map((order) => [order.id, order]));
    expect(byId.get(recheck.providerOrderId)).toMatchObject({
      order_number: ORDER_ID,
      products: ['employment'],
      initial_order: original.providerOrderId,
      employers: [{ suborder_number: `${ORDER_ID}-0`, company_name: 'Acme Inc' }],
    });
    expect(byId.get(original.providerOrderId)?.refresh_order).toBe(recheck.providerOrderId);

    await sim.idle();
    const snapshot = await client.readOrder(recheck.providerOrderId);
    expect(snapshot.status).toBe('completed');
    const { normalized } = await client.readReport(snapshot);
    const today = new Date().toISOString().slice(0, 10);
    // One employment (the refresh replaced the connection it read again), ended today, without pay (employment only).
    expect(normalized.employments).toEqual([
      expect.objectContaining({ status: 'inactive', end_date: today, pay: null, income: [] }),
    ]);
  });

  it('a retry after a lost answer finds the refresh made, and a later attempt makes its own', async () => {
    const original = await completedOriginal();
    sim.setFaults({ loseNextCreateResponse: true });
    const lost: unknown = await client.reverifyOrder(original, request, ref(1)).catch((err: unknown) => err);
    expect(lost).toMatchObject({ name: 'ProviderUnavailableError' });

    const retried = await client.reverifyOrder(original, request, ref(1));
    expect(await client.reverifyOrder(original, request, ref(1))).toEqual(retried);
    expect(refreshes().map((order) => order.id)).toEqual([retried.providerOrderId]);

    const second = await client.reverifyOrder(original, request, ref(2, [retried.providerOrderId]));
    expect(second.providerOrderId).not.toBe(retried.providerOrderId);
    expect(refreshes()).toHaveLength(2);

    // The refreshes share the order_number: a retried create still finds the order voie placed.
    const found = await client.findOrder({ orderId: ORDER_ID, employers: [0] });
    expect(found?.providerOrderId).toBe(original.providerOrderId);
  });

  it('refuses to refresh an order whose employer never completed', async () => {
    const idle = { ...request, applicant: { ...request.applicant, first_name: 'Idle', ssn: '000-00-1234' } };
    const { providerOrderId } = await client.createOrder(idle, { orderId: ORDER_ID, employers: [0] });
    const source = { providerOrderId, reportIds: [], completedAt: new Date().toISOString() };
    await expect(client.reverifyOrder(source, idle, ref(1))).rejects.toMatchObject({
      name: 'ProviderRejectedError',
      status: 400,
    });
    expect(refreshes()).toEqual([]);
  });
});
