import type { OrderRequest } from '../../src/domain';
import type { ReverificationRef, ReverificationSource } from '../../src/providers/provider';
import { TrueworkClient, withinReverificationWindow } from '../../src/providers/truework/client';
import { TrueworkSimulator } from '../../dev/simulators/truework/simulator';

const ORDER_ID = 'vo_0123456789abcdef01234567';
const DAY_MS = 24 * 3_600_000;

/** Jordan Reyes's loan: SSN 000-00-0009 leaves the job once verified (the simulator's "departed" applicant). */
const request: OrderRequest = {
  external_id: 'loan-9',
  provider: 'truework',
  type: 'employment-income',
  permissible_purpose: 'credit-application',
  use_case: 'mortgage',
  loan_id: 'LN-9',
  applicant: { first_name: 'Jordan', last_name: 'Reyes', ssn: '000-00-0009' },
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
  search_key: string | null;
  target_employer: { type: string; metadata: Record<string, string> } | null;
  reverification: { parent_order_id: string } | null;
}

describe('re-checking a completed Truework order, against the simulator', () => {
  let sim: TrueworkSimulator;
  let client: TrueworkClient;

  beforeEach(async () => {
    sim = await TrueworkSimulator.start({ webhookToken: 'unused', stepDelayMs: 10 });
    client = new TrueworkClient({ baseUrl: sim.baseUrl, apiKey: 'key', webhookTokens: [] });
  });

  afterEach(() => sim.close());

  /** Places the original order, lets it complete, and describes it as the workflow would, completed `daysAgo`. */
  async function completedOriginal(daysAgo = 0): Promise<ReverificationSource> {
    const { providerOrderId } = await client.createOrder(request, { orderId: ORDER_ID, employers: [0] });
    await sim.idle();
    const snapshot = await client.readOrder(providerOrderId);
    expect(snapshot.status).toBe('completed');
    const report = await client.readReport(snapshot);
    // Verified the first time: the borrower still works there.
    expect(report.normalized.employments).toEqual([
      expect.objectContaining({
        status: 'active',
        end_date: null,
        employer: expect.objectContaining({ name: 'Acme Inc' }),
      }),
    ]);
    return {
      providerOrderId,
      reportIds: snapshot.reportIds,
      completedAt: new Date(Date.now() - daysAgo * DAY_MS).toISOString(),
    };
  }

  const stored = (id: string) => (sim.listOrders() as StoredOrder[]).find((order) => order.id === id);

  it('within 90 days re-verifies the report, and the new order reports the borrower no longer employed', async () => {
    const original = await completedOriginal(10);
    const recheck = await client.reverifyOrder(original, request, ref(1));
    expect(recheck.kind).toBe('reverification');
    expect(recheck.providerOrderId).not.toBe(original.providerOrderId);
    expect(stored(recheck.providerOrderId)).toMatchObject({
      target_employer: null,
      reverification: { parent_order_id: original.providerOrderId },
    });

    await sim.idle();
    const snapshot = await client.readOrder(recheck.providerOrderId);
    expect(snapshot.status).toBe('completed');
    expect(snapshot.reportIds).toHaveLength(1);
    expect(snapshot.reportIds).not.toEqual(original.reportIds);
    const { normalized } = await client.readReport(snapshot);
    const today = new Date().toISOString().slice(0, 10);
    expect(normalized.employments).toEqual([
      expect.objectContaining({
        status: 'inactive',
        end_date: today,
        employer: expect.objectContaining({ name: 'Acme Inc' }),
      }),
    ]);
  });

  it('past 90 days places a new employment order for the same employer, labelled as the re-check', async () => {
    const original = await completedOriginal(100);
    const recheck = await client.reverifyOrder(original, request, ref(1));
    expect(recheck.kind).toBe('new-order');
    expect(stored(recheck.providerOrderId)).toMatchObject({
      search_key: ORDER_ID,
      reverification: null,
      target_employer: {
        type: 'employment',
        metadata: {
          voie_order_id: ORDER_ID,
          voie_reverification_of: original.providerOrderId,
          voie_reverification: '1',
        },
      },
    });
    expect(sim.requests.filter((r) => r.path === '/orders/reverification')).toHaveLength(0);

    await sim.idle();
    const snapshot = await client.readOrder(recheck.providerOrderId);
    const { normalized } = await client.readReport(snapshot);
    expect(normalized.employments).toEqual([expect.objectContaining({ status: 'inactive', pay: null, income: [] })]);
  });

  it('a retry after a lost answer finds the re-check placed, and a later attempt places its own', async () => {
    const original = await completedOriginal();
    sim.setFaults({ loseNextCreateResponse: true });
    const lost: unknown = await client.reverifyOrder(original, request, ref(1)).catch((err: unknown) => err);
    expect(lost).toMatchObject({ name: 'ProviderUnavailableError' });

    const retried = await client.reverifyOrder(original, request, ref(1));
    expect(retried.kind).toBe('reverification');
    expect(await client.reverifyOrder(original, request, ref(1))).toEqual(retried);
    const reverifications = () => (sim.listOrders() as StoredOrder[]).filter((order) => order.reverification);
    expect(reverifications().map((order) => order.id)).toEqual([retried.providerOrderId]);

    // A second re-check of the same original, once the first is recorded, is a new order of its own.
    const second = await client.reverifyOrder(original, request, ref(2, [retried.providerOrderId]));
    expect(second.providerOrderId).not.toBe(retried.providerOrderId);
    expect(reverifications()).toHaveLength(2);

    // And a retried create of the original still finds the original, not one of its re-checks.
    const found = await client.findOrder({ orderId: ORDER_ID, employers: [0] });
    expect(found?.providerOrderId).toBe(original.providerOrderId);
  });

  it('the window is 90 days from completion', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(withinReverificationWindow('2026-03-03T12:00:00Z', now)).toBe(true);
    expect(withinReverificationWindow('2026-03-03T11:59:59Z', now)).toBe(false);
    expect(withinReverificationWindow('not a date', now)).toBe(false);
  });
});
