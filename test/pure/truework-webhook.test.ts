import type { ParsedWebhook } from '../../src/providers/provider';
import { TrueworkWebhook } from '../../src/providers/truework/webhook';

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

  it('ask for a read only on a state that can change a decision, not on progress', () => {
    const change = (state: string) =>
      (
        webhook.parse(
          body({ hook: { event: 'verification_request.state.change' }, data: { order_id: 'O', state } }),
        ) as ParsedWebhook | null
      )?.hint.refresh;
    expect(['pending-approval', 'processing'].map(change)).toEqual([false, false]);
    expect(['action-required', 'action-requred', 'completed', 'canceled', 'invalid', 'new-state'].map(change)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('return null for other events and shapes', () => {
    expect(
      webhook.parse(body({ hook: { event: 'credentials_session.state.change' }, data: { order_id: 'O' } })),
    ).toBeNull();
    expect(webhook.parse(body({ hook: { event: 'order.completed' }, data: {} }))).toBeNull();
    expect(webhook.parse(body([]))).toBeNull();
  });
});
