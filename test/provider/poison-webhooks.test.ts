import { truvWebhookHeaders, trueworkWebhookHeaders } from '../support/signatures';
import { OFFLINE_TRUEWORK_TOKEN, OFFLINE_TRUV_SECRET, type OfflineApi, startOfflineApi } from '../support/offline-api';

/**
 * Poison webhooks over real HTTP, against voie's Express app: authentic (signed with the provider's credentials) but
 * over the bounds. Each is refused, and no order gets a signal (the app's client records every signal; Temporal is
 * unreachable, so a search for the order would answer 503, not the refusal).
 */
const ORDER_ID = 'vo_0123456789abcdef01234567';
let api: OfflineApi;
beforeAll(async () => {
  api = await startOfflineApi();
});
afterAll(() => api.close());

const long = (length: number): string => 'x'.repeat(length);

function truework(data: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    hook: { event: 'verification_request.state.change', triggered_at: '2026-01-01T00:00:00Z' },
    data: { order_id: 'TW-1', state: 'completed', metadata: { voie_order_id: ORDER_ID }, ...data },
    ...extra,
  });
}

function truv(fields: Record<string, unknown>): string {
  return JSON.stringify({
    webhook_id: 'w-1',
    event_type: 'order-status-updated',
    order_id: 'TV-1',
    order_number: ORDER_ID,
    status: 'completed',
    ...fields,
  });
}

async function postTruework(raw: string): Promise<Response> {
  return fetch(`${api.url}/webhooks/truework`, {
    method: 'POST',
    headers: { ...trueworkWebhookHeaders(OFFLINE_TRUEWORK_TOKEN), 'content-type': 'application/json' },
    body: raw,
  });
}

async function postTruv(raw: string): Promise<Response> {
  return fetch(`${api.url}/webhooks/truv`, {
    method: 'POST',
    headers: truvWebhookHeaders(raw, OFFLINE_TRUV_SECRET),
    body: raw,
  });
}

async function expectRefused(answer: Response, status: number, detail: RegExp): Promise<void> {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(((await answer.json()) as { detail: string }).detail).toMatch(detail);
}

describe('poison webhooks', () => {
  it('are refused and forwarded to no order', async () => {
    // A 300-character id, a 600 KB field, a 300 KiB body of a field voie does not even read.
    await expectRefused(await postTruework(truework({ order_id: long(300) })), 400, /order_id is longer than 256/);
    await expectRefused(await postTruework(truework({ state: long(600_000) })), 413, /over 256 KiB/);
    await expectRefused(await postTruework(truework({}, { padding: long(300 * 1024) })), 413, /over 256 KiB/);
    await expectRefused(
      await postTruework(truework({ metadata: { voie_order_id: long(300) } })),
      400,
      /voie_order_id is longer than 256/,
    );
    await expectRefused(await postTruv(truv({ webhook_id: long(300) })), 400, /webhook_id is longer than 256/);
    await expectRefused(await postTruv(truv({ status: long(600_000) })), 413, /over 256 KiB/);
    await expectRefused(await postTruv(truv({ status: long(1_000) })), 400, /status is longer than 256/);
    // Without voie's order id voie would search for the order by the user id: refused before any search.
    await expectRefused(
      await postTruv(truv({ order_number: undefined, order_id: undefined, user_id: long(300) })),
      400,
      /user_id is longer than 256/,
    );
    expect(api.signals).toEqual([]);
  });

  it('within the bounds are forwarded, one signal each (the control)', async () => {
    const before = api.signals.length;
    expect((await postTruework(truework({ order_id: long(256) }))).status).toBe(200);
    expect((await postTruv(truv({ webhook_id: long(256), padding: long(200 * 1024) }))).status).toBe(200);
    expect(api.signals.slice(before).map((signal) => signal.workflowId)).toEqual([ORDER_ID, ORDER_ID]);
  });
});
