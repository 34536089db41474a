import type { OrderRequest } from '../../src/domain';
import { ProviderResponseInvalidError } from '../../src/providers/errors';
import { TrueworkClient } from '../../src/providers/truework/client';
import { snapshotOf } from '../../src/providers/truework/normalize';
import { stubServer } from '../support/stub-server';
import { TrueworkWebhook } from '../../src/providers/truework/webhook';

const wrapped = (value: string) => ({ canonical_value: value, raw_value: value });

function order(...states: string[]) {
  return {
    id: 'AAAA-order',
    verification_requests: states.map((state, i) => ({
      id: `vr-${i}`,
      state: wrapped(state),
      ...(state === 'canceled' ? { cancellation_reason: wrapped('no-match'), cancellation_details: 'no record' } : {}),
      reports: state === 'completed' ? [{ id: `report-${i}` }] : [],
    })),
  };
}

describe('a Truework order read back', () => {
  it.each([
    [['pending-approval'], 'pending'],
    [['processing'], 'processing'],
    [['action-required'], 'action_required'],
    [['action-requred'], 'action_required'],
    [['completed'], 'completed'],
    [['completed', 'canceled'], 'completed'],
    [['canceled'], 'canceled'],
    [['invalid'], 'failed'],
    [['completed', 'processing'], 'processing'],
    [['other'], 'pending'],
    [[], 'pending'],
  ])('with verification requests %p is %s', (states, status) => {
    expect(snapshotOf(order(...states)).status).toBe(status);
  });

  it('keeps report ids and the cancellation reason', () => {
    expect(snapshotOf(order('completed', 'completed')).reportIds).toEqual(['report-0', 'report-1']);
    expect(snapshotOf(order('canceled')).reason).toBe('no-match: no record');
  });
});

describe('Truework webhooks', () => {
  const webhook = new TrueworkWebhook(['token-a', 'token-b']);
  const body = (value: unknown) => Buffer.from(JSON.stringify(value));

  it('accept any configured token and nothing else', () => {
    expect(webhook.verify(Buffer.alloc(0), { 'x-truework-token': 'token-b' })).toBe(true);
    expect(webhook.verify(Buffer.alloc(0), { 'x-truework-token': 'token-c' })).toBe(false);
    expect(webhook.verify(Buffer.alloc(0), {})).toBe(false);
    expect(new TrueworkWebhook([]).verify(Buffer.alloc(0), { 'x-truework-token': '' })).toBe(false);
  });

  it('parse both events, with or without the envelope fields of newer versions', () => {
    const parsed = webhook.parse(
      body({
        version: '2023-10-30',
        hook: { id: 1, event: 'verification_request.state.change', triggered_at: '2024-05-02T09:30:00Z' },
        data: {
          order_id: 'O1',
          verification_request_id: 'V1',
          state: 'action-requred',
          metadata: { voie_order_id: 'vo_1' },
        },
      }),
    );
    expect(parsed).toEqual({
      target: { providerOrderId: 'O1', orderId: 'vo_1' },
      hint: {
        id: 'verification_request.state.change|O1|V1|action-required|2024-05-02T09:30:00Z',
        type: 'verification_request.state.change',
        statedStatus: 'action-required',
        refresh: true,
      },
    });
    // The seed's order.completed sample, without version or triggered_at.
    expect(
      webhook.parse(body({ hook: { id: 50, event: 'order.completed', target: 'x' }, data: { order_id: 'O2' } })),
    ).toMatchObject({
      target: { providerOrderId: 'O2' },
      hint: { type: 'order.completed', refresh: true },
    });
  });

  it('return null for other events and shapes', () => {
    expect(
      webhook.parse(body({ hook: { event: 'credentials_session.state.change' }, data: { order_id: 'O' } })),
    ).toBeNull();
    expect(webhook.parse(body({ hook: { event: 'order.completed' }, data: {} }))).toBeNull();
    expect(webhook.parse(body([]))).toBeNull();
  });
});

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
      const state: unknown = await client.getOrder('unreadable-state').catch((err: unknown) => err);
      expect(state).toBeInstanceOf(ProviderResponseInvalidError);
      expect(state).toMatchObject({ path: 'verification_requests.0.state' });
      expect((state as Error).message).toMatch(
        /^GET \/orders\/unreadable-state answered a body voie cannot read at verification_requests\.0\.state: /,
      );
      const request: OrderRequest = {
        external_id: 'loan-1',
        provider: 'truework',
        type: 'employment',
        use_case: 'mortgage',
        applicant: { first_name: 'Jane', last_name: 'Doe', ssn: '991-91-9991' },
        employer: { name: 'Acme Inc' },
      };
      const missingId: unknown = await client.createOrder(request, ORDER_ID).catch((err: unknown) => err);
      expect(missingId).toMatchObject({ name: 'ProviderResponseInvalidError', path: 'results.0.id' });
    }));

  it('are not unknown or null fields: those are read, and kept in the provider report', () =>
    withClient(async (client) => {
      const snapshot = await client.getOrder('readable');
      expect(snapshot).toMatchObject({ status: 'completed', reportIds: ['R1'] });
      const report = await client.getReport(snapshot);
      expect(report.provider_report).toEqual({
        order_id: 'readable',
        reports: [{ id: 'R1', employer: null, employee: { earnings: null }, x: 1 }],
      });
      expect(report.normalized.employments).toHaveLength(1);
    }));
});
