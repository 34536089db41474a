import type { ParsedWebhook, RefusedWebhook } from '../../src/providers/provider';
import { TRUV_EVENT_TYPES } from '../../src/providers/truv/events';
import { TruvWebhook } from '../../src/providers/truv/webhook';
import { TRUV_SEED_PAYLOADS } from '../fixtures/truv-payloads';
import { truvSignature } from '../support/signatures';

const SECRET = 'sandbox-0123456789abcdef';
const OLD_SECRET = 'sandbox-fedcba9876543210';

const USER = 'adbe707dddee4334bffaeb5866272740';
const LINK = 'd8a8945ee2b049b193110cfba643f5df';
const ORDER = 'ddd192646b3c48be96651a0ff25cef85';
const OTHER_USER = '88fef4cea64c40b5ad6727cc9b0b9fdc';
/** The suborders (`employer_id`) of the seeds' per-employer events. */
const SUBORDER = '31e2fdc5bf0c42d4bd2eb16f49066b0d';
const OTHER_SUBORDER = 'd7166cffbfef4bd6a9e830cf5508e615';

/** What each seed must parse to, in seed order. */
const EXPECTED: ParsedWebhook[] = [
  {
    target: { providerOrderId: ORDER, correlationIds: [USER] },
    hint: { id: '0aac461e7b774a38a72fd9c7c0eef8ee', type: 'order-created', statedStatus: 'pending', refresh: false },
  },
  {
    target: { providerOrderId: ORDER, correlationIds: [OTHER_USER, SUBORDER] },
    hint: {
      id: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
      type: 'order-status-updated',
      statedStatus: 'completed',
      refresh: true,
    },
  },
  {
    target: { providerOrderId: ORDER, correlationIds: [OTHER_USER, SUBORDER] },
    hint: {
      id: 'd4e5f6a7b8c9d0e1f2a3b4c5d6a7b8c9',
      type: 'order-refresh-failed',
      statedStatus: 'login_error',
      refresh: true,
    },
  },
  {
    target: { providerOrderId: ORDER, correlationIds: [USER] },
    hint: { id: '0aac461e7b774a38a72fd9c7c0eef8ee', type: 'order-finalized', refresh: true },
  },
  {
    target: { providerOrderId: ORDER, correlationIds: [USER] },
    hint: { id: '0aac461e7b774a38a72fd9c7c0eef8ee', type: 'certification-completed', refresh: true },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: {
      id: '17a80437ce23411dbfd656694d19a8c6',
      type: 'task-status-updated',
      statedStatus: 'parse',
      refresh: false,
    },
  },
  {
    target: { providerOrderId: ORDER, correlationIds: [USER, LINK, OTHER_SUBORDER] },
    hint: {
      id: '0aac461e7b774a38a72fd9c7c0eef8ee',
      type: 'order-status-updated',
      statedStatus: 'completed',
      refresh: true,
    },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: { id: 'db6b400ff9ca4d4a9f9fbbd02a8d986d', type: 'link-connected', refresh: false },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: { id: '7cd639e5db084e96bf0615ff35bf55a2', type: 'link-disconnected', refresh: false },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: { id: '6bb22aac115648a780cca95a6aef5845', type: 'link-deleted', refresh: false },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: { id: '0439fbb7c28849eda51e7b8318792db2', type: 'employment-created', refresh: false },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: { id: '479735bbe1d94acfbe8fa3e2b214fea9', type: 'profile-created', refresh: false },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: { id: '0439fbb7c28849eda51e7b8318792db2', type: 'employment-updated', refresh: false },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: { id: '479735bbe1d94acfbe8fa3e2b214fea9', type: 'profile-updated', refresh: false },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: {
      id: '1c9ec888e93549c1982e93cfd8e2409e',
      type: 'statements-created',
      detail: '24 statements',
      refresh: false,
    },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: { id: 'ecc5e9a9eadf45dc8ff74d9a5042648e', type: 'shifts-created', detail: '40 shifts', refresh: false },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: {
      id: '80f9fdd863c8444a8a99b90cd9b0e03b',
      type: 'bank-accounts-created',
      detail: '2 bank accounts',
      refresh: false,
    },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: {
      id: '1c9ec888e93549c1982e93cfd8e2409e',
      type: 'statements-updated',
      detail: '9 statements',
      refresh: false,
    },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: { id: 'ecc5e9a9eadf45dc8ff74d9a5042648e', type: 'shifts-updated', detail: '5 shifts', refresh: false },
  },
  {
    target: { correlationIds: [USER, LINK] },
    hint: {
      id: '80f9fdd863c8444a8a99b90cd9b0e03b',
      type: 'bank-accounts-updated',
      detail: '2 bank accounts',
      refresh: false,
    },
  },
];

const sign = (raw: string | Buffer, secret = SECRET): string => truvSignature(raw, secret);

const webhook = new TruvWebhook([SECRET, OLD_SECRET]);
const parse = (body: unknown) =>
  accepted(webhook.parse(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))));

/** A parse that is not a refusal (a webhook within the bounds). */
function accepted(result: ParsedWebhook | RefusedWebhook | null): ParsedWebhook | null {
  if (result && 'refused' in result) throw new Error(`refused: ${result.refused}`);
  return result;
}

describe('TruvWebhook.parse', () => {
  it('covers every event type voie accepts with the seed payloads', () => {
    const types = new Set(TRUV_SEED_PAYLOADS.map(([, raw]) => (JSON.parse(raw) as { event_type: string }).event_type));
    expect([...types].sort()).toEqual([...TRUV_EVENT_TYPES].sort());
    expect(EXPECTED).toHaveLength(TRUV_SEED_PAYLOADS.length);
  });

  it.each(TRUV_SEED_PAYLOADS.map(([name, raw], index) => [name, raw, index] as const))(
    'parses %s',
    (_name, raw, index) => {
      expect(webhook.parse(Buffer.from(raw))).toEqual(EXPECTED[index]);
    },
  );

  it('targets the voie order when order_number is a voie id, and falls back to link_id', () => {
    const parsed = parse({
      webhook_id: 'x1',
      event_type: 'order-status-updated',
      order_id: ORDER,
      order_number: 'vo_0123456789abcdef01234567',
      user_id: null,
      link_id: LINK,
      status: 'sent',
    });
    expect(parsed?.target).toEqual({
      orderId: 'vo_0123456789abcdef01234567',
      providerOrderId: ORDER,
      correlationIds: [LINK],
    });
    expect(parse({ event_type: 'order-created', order_number: 'VO_0123456789ABCDEF01234567' })?.target).toEqual({});
    // A task event without user_id is still found through the link or the suborder it tracks.
    expect(parse({ event_type: 'task-status-updated', link_id: LINK, tracking_info: 'suborder-1' })?.target).toEqual({
      correlationIds: [LINK, 'suborder-1'],
    });
  });

  it('never re-reads on a task (the order read shows none), and keeps a failed task as detail', () => {
    const task = (status: string) =>
      parse({ webhook_id: `t-${status}`, event_type: 'task-status-updated', status, link_id: LINK });
    expect(task('done')?.hint).toEqual({
      id: 't-done',
      type: 'task-status-updated',
      statedStatus: 'done',
      refresh: false,
    });
    for (const status of [
      'login_error',
      'mfa_error',
      'config_error',
      'account_locked',
      'unable_to_reset',
      'no_data',
      'unavailable',
      'error',
      'not_supported',
    ]) {
      expect(task(status)?.hint).toMatchObject({ statedStatus: status, detail: `task ${status}`, refresh: false });
    }
    for (const status of ['new', 'login', 'mfa', 'parse', 'base_parse', 'full_parse']) {
      expect(task(status)?.hint).toEqual({
        id: `t-${status}`,
        type: 'task-status-updated',
        statedStatus: status,
        refresh: false,
      });
    }
  });

  it('tolerates unknown fields, nulls, numbers for ids and the object_count spelling', () => {
    const parsed = parse({
      webhook_id: 'w1',
      event_type: 'statements-created',
      user_id: USER,
      order_number: 4138538,
      object_count: 3,
      brand_new_field: { nested: true },
      status: null,
      tracking_info: null,
    });
    expect(parsed?.hint).toEqual({ id: 'w1', type: 'statements-created', detail: '3 statements', refresh: false });
  });

  it('builds a stable id when webhook_id is missing', () => {
    const body = {
      event_type: 'order-status-updated',
      order_id: ORDER,
      employer_id: 'e1',
      status: 'sent',
      updated_at: '2026-01-05T16:10:00+00:00',
    };
    expect(parse(body)?.hint.id).toBe(`order-status-updated|${ORDER}|e1|sent|2026-01-05T16:10:00+00:00`);
    expect(parse(body)?.hint.id).toBe(parse({ ...body, extra: 1 })?.hint.id);
  });

  it('returns null for unknown event types and bodies that are not events', () => {
    expect(parse({ webhook_id: 'x', event_type: 'invoice-paid', user_id: USER })).toBeNull();
    expect(parse({ webhook_id: 'x', user_id: USER })).toBeNull();
    expect(parse({ webhook_id: 'x', event_type: 'order-created', order_id: { id: 1 } })).toBeNull();
    expect(parse('[1, 2]')).toBeNull();
    expect(parse('null')).toBeNull();
    expect(parse('{"event_type": ')).toBeNull();
    expect(webhook.parse(Buffer.alloc(0))).toBeNull();
  });
});

describe('TruvWebhook.verify', () => {
  const raw = Buffer.from(TRUV_SEED_PAYLOADS[1]?.[1] ?? '');

  it('accepts the v1 HMAC of the raw body by any configured secret', () => {
    expect(webhook.verify(raw, { 'x-webhook-sign': sign(raw) })).toBe(true);
    expect(webhook.verify(raw, { 'x-webhook-sign': sign(raw, OLD_SECRET) })).toBe(true);
    expect(webhook.verify(raw, { 'x-webhook-sign': ` ${sign(raw).toUpperCase().replace('V1=', 'v1=')} ` })).toBe(true);
  });

  it('rejects a wrong secret, a missing or malformed header and a tampered body', () => {
    expect(webhook.verify(raw, { 'x-webhook-sign': sign(raw, 'sandbox-other') })).toBe(false);
    expect(webhook.verify(raw, {})).toBe(false);
    expect(webhook.verify(raw, { 'x-webhook-sign': '' })).toBe(false);
    expect(webhook.verify(raw, { 'x-webhook-sign': sign(raw).slice(3) })).toBe(false);
    expect(webhook.verify(raw, { 'x-webhook-sign': `${sign(raw)}00` })).toBe(false);
    expect(webhook.verify(raw, { 'x-webhook-sign': [sign(raw)] })).toBe(false);
    const tampered = Buffer.from(raw.toString('utf8').replace('completed', 'canceled'));
    expect(webhook.verify(tampered, { 'x-webhook-sign': sign(raw) })).toBe(false);
    // Re-serialized JSON is not the raw body.
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(webhook.verify(reserialized, { 'x-webhook-sign': sign(raw) })).toBe(false);
    expect(new TruvWebhook([]).verify(raw, { 'x-webhook-sign': sign(raw) })).toBe(false);
  });
});
