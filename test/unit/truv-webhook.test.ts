import { createHmac } from 'node:crypto';
import type { ParsedWebhook } from '../../src/providers/provider';
import { TRUV_EVENT_TYPES, TruvWebhook } from '../../src/providers/truv/webhook';

const SECRET = 'sandbox-0123456789abcdef';
const OLD_SECRET = 'sandbox-fedcba9876543210';

// Every sample payload of the Truv docs voie was started from (shared/seeds/002 and 003), byte for byte.
const SEED_PAYLOADS: [string, string][] = [
  [
    'seed 002 order-created',
    `{
  "webhook_id": "0aac461e7b774a38a72fd9c7c0eef8ee",
  "event_type": "order-created",
  "event_created_at": "2024-07-11T21:40:48.424610Z",
  "updated_at": "2024-07-11T21:40:48.424655+00:00",
  "product": "income",
  "link_id": null,
  "user_id": "adbe707dddee4334bffaeb5866272740",
  "data_source": null,
  "order_id": "ddd192646b3c48be96651a0ff25cef85",
  "order_number": "4138538",
  "employer_id": null,
  "status": "pending",
  "template_id": null
}`,
  ],
  [
    'seed 002 order-status-updated',
    `{
  "webhook_id": "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6",
  "event_type": "order-status-updated",
  "event_created_at": "2022-08-24T14:00:00.000000Z",
  "updated_at": "2022-08-24T14:00:00.000000+00:00",
  "order_id": "ddd192646b3c48be96651a0ff25cef85",
  "order_number": "ORD-2024-001",
  "employer_id": "31e2fdc5bf0c42d4bd2eb16f49066b0d",
  "status": "completed",
  "user_id": "88fef4cea64c40b5ad6727cc9b0b9fdc",
  "template_id": null,
  "product": "income",
  "link_id": null,
  "data_source": null
}`,
  ],
  [
    'seed 002 order-refresh-failed',
    `{
  "webhook_id": "d4e5f6a7b8c9d0e1f2a3b4c5d6a7b8c9",
  "event_type": "order-refresh-failed",
  "event_created_at": "2022-08-25T09:30:00.000000Z",
  "updated_at": "2022-08-25T09:30:00.000000+00:00",
  "order_id": "ddd192646b3c48be96651a0ff25cef85",
  "order_number": "ORD-2024-001",
  "employer_id": "31e2fdc5bf0c42d4bd2eb16f49066b0d",
  "status": "login_error",
  "user_id": "88fef4cea64c40b5ad6727cc9b0b9fdc",
  "template_id": null,
  "product": "income",
  "link_id": null,
  "data_source": null
}`,
  ],
  [
    'seed 002 order-finalized',
    `{
  "webhook_id": "0aac461e7b774a38a72fd9c7c0eef8ee",
  "event_type": "order-finalized",
  "event_created_at": "2024-07-11T21:40:48.424610Z",
  "user_id": "adbe707dddee4334bffaeb5866272740",
  "order_id": "ddd192646b3c48be96651a0ff25cef85",
  "order_number": "4138538",
  "template_id": "c41bec89-5d88-4d96-945f-92a9a3176cdb",
  "updated_at": "2024-07-11T21:40:48.424655+00:00"
}`,
  ],
  [
    'seed 002 certification-completed',
    `{
  "webhook_id": "0aac461e7b774a38a72fd9c7c0eef8ee",
  "event_type": "certification-completed",
  "event_created_at": "2024-07-11T21:40:48.424610Z",
  "user_id": "adbe707dddee4334bffaeb5866272740",
  "order_id": "ddd192646b3c48be96651a0ff25cef85",
  "order_number": "4138538",
  "template_id": "c41bec89-5d88-4d96-945f-92a9a3176cdb",
  "updated_at": "2024-07-11T21:40:48.424655+00:00"
}`,
  ],
  [
    'seed 003 task-status-updated',
    `{
"webhook_id": "17a80437ce23411dbfd656694d19a8c6",
"event_type": "task-status-updated",
"event_created_at": "2024-07-11T21:43:08.073930Z",
"product": "income",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"data_source": "payroll",
"task_id": "871fef2e79ea444ea2019c8845305d31",
"tracking_info": null,
"status": "parse",
"template_id": null,
"updated_at": "2024-07-11T21:43:08.075540+00:00"
}`,
  ],
  [
    'seed 003 order-status-updated',
    `{
"webhook_id": "0aac461e7b774a38a72fd9c7c0eef8ee",
"event_type": "order-status-updated",
"event_created_at": "2024-07-11T21:40:48.424610Z",
"product": "income",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"data_source": "payroll",
"order_id": "ddd192646b3c48be96651a0ff25cef85",
"order_number": "4138538",
"employer_id": "d7166cffbfef4bd6a9e830cf5508e615",
"status": "completed",
"template_id": null,
"updated_at": "2024-07-11T21:40:48.424655+00:00"
}`,
  ],
  [
    'seed 003 link-connected',
    `{
"webhook_id": "db6b400ff9ca4d4a9f9fbbd02a8d986d",
"event_type": "link-connected",
"event_created_at": "2024-07-11T21:40:44.868433Z",
"product": "income",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"data_source": "payroll",
"tracking_info": null
}`,
  ],
  [
    'seed 003 link-disconnected',
    `{
"webhook_id": "7cd639e5db084e96bf0615ff35bf55a2",
"event_type": "link-disconnected",
"event_created_at": "2024-07-11T21:49:46.415518Z",
"product": "income",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"data_source": "payroll",
"tracking_info": null
}`,
  ],
  [
    'seed 003 link-deleted',
    `{
"webhook_id": "6bb22aac115648a780cca95a6aef5845",
"event_type": "link-deleted",
"event_created_at": "2024-07-11T21:50:50.334120Z",
"product": "income",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"data_source": "payroll",
"tracking_info": null
}`,
  ],
  [
    'seed 003 employment-created',
    `{
"webhook_id": "0439fbb7c28849eda51e7b8318792db2",
"event_type": "employment-created",
"event_created_at": "2024-07-11T21:40:44.946313Z",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"product": "income",
"data_source": "payroll",
"task_id": "e9af065bf799471c835774d43c7791e4",
"tracking_info": null,
"object_id": "20c6e88545eb4b32acd8bd21439f62a9"
}`,
  ],
  [
    'seed 003 profile-created',
    `{
"webhook_id": "479735bbe1d94acfbe8fa3e2b214fea9",
"event_type": "profile-created",
"event_created_at": "2024-07-11T21:40:45.037221Z",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"product": "income",
"data_source": "payroll",
"task_id": "e9af065bf799471c835774d43c7791e4",
"tracking_info": null,
"object_id": "3324b631ee86449b928367fd55b853c5"
}`,
  ],
  [
    'seed 003 employment-updated',
    `{
"webhook_id": "0439fbb7c28849eda51e7b8318792db2",
"event_type": "employment-updated",
"event_created_at": "2024-07-11T21:40:44.946313Z",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"product": "income",
"data_source": "payroll",
"task_id": "e9af065bf799471c835774d43c7791e4",
"tracking_info": null,
"object_id": "20c6e88545eb4b32acd8bd21439f62a9"
}`,
  ],
  [
    'seed 003 profile-updated',
    `{
"webhook_id": "479735bbe1d94acfbe8fa3e2b214fea9",
"event_type": "profile-updated",
"event_created_at": "2024-07-11T21:40:45.037221Z",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"product": "income",
"data_source": "payroll",
"task_id": "e9af065bf799471c835774d43c7791e4",
"tracking_info": null,
"object_id": "3324b631ee86449b928367fd55b853c5"
}`,
  ],
  [
    'seed 003 statements-created',
    `{
"webhook_id": "1c9ec888e93549c1982e93cfd8e2409e",
"event_type": "statements-created",
"event_created_at": "2024-07-11T21:40:44.947844Z",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"product": "income",
"data_source": "payroll",
"task_id": "e9af065bf799471c835774d43c7791e4",
"employment_id": "20c6e88545eb4b32acd8bd21439f62a9",
"tracking_info": null,
"objects_count": 24
}`,
  ],
  [
    'seed 003 shifts-created',
    `{
"webhook_id": "ecc5e9a9eadf45dc8ff74d9a5042648e",
"event_type": "shifts-created",
"event_created_at": "2024-07-11T22:04:28.180035Z",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"product": "income",
"data_source": "payroll",
"task_id": "23be02858a5547528b21d5c1879a85af",
"employment_id": "642206a4cde44aca80f8dc3fda50fb8f",
"tracking_info": null,
"objects_count": 40
}`,
  ],
  [
    'seed 003 bank-accounts-created',
    `{
"webhook_id": "80f9fdd863c8444a8a99b90cd9b0e03b",
"event_type": "bank-accounts-created",
"event_created_at": "2024-07-11T21:40:44.959211Z",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"product": "income",
"data_source": "payroll",
"task_id": "e9af065bf799471c835774d43c7791e4",
"employment_id": "20c6e88545eb4b32acd8bd21439f62a9",
"tracking_info": null,
"objects_count": 2
}`,
  ],
  [
    'seed 003 statements-updated',
    `{
"webhook_id": "1c9ec888e93549c1982e93cfd8e2409e",
"event_type": "statements-updated",
"event_created_at": "2024-07-11T21:40:44.947844Z",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"product": "income",
"data_source": "payroll",
"task_id": "e9af065bf799471c835774d43c7791e4",
"employment_id": "20c6e88545eb4b32acd8bd21439f62a9",
"tracking_info": null,
"objects_count": 9
}`,
  ],
  [
    'seed 003 shifts-updated',
    `{
"webhook_id": "ecc5e9a9eadf45dc8ff74d9a5042648e",
"event_type": "shifts-updated",
"event_created_at": "2024-07-11T22:04:28.180035Z",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"product": "income",
"data_source": "payroll",
"task_id": "23be02858a5547528b21d5c1879a85af",
"employment_id": "642206a4cde44aca80f8dc3fda50fb8f",
"tracking_info": null,
"objects_count": 5
}`,
  ],
  [
    'seed 003 bank-accounts-updated',
    `{
"webhook_id": "80f9fdd863c8444a8a99b90cd9b0e03b",
"event_type": "bank-accounts-updated",
"event_created_at": "2024-07-11T21:40:44.959211Z",
"link_id": "d8a8945ee2b049b193110cfba643f5df",
"user_id": "adbe707dddee4334bffaeb5866272740",
"product": "income",
"data_source": "payroll",
"task_id": "e9af065bf799471c835774d43c7791e4",
"employment_id": "20c6e88545eb4b32acd8bd21439f62a9",
"tracking_info": null,
"objects_count": 2
}`,
  ],
];

const USER = 'adbe707dddee4334bffaeb5866272740';
const LINK = 'd8a8945ee2b049b193110cfba643f5df';
const ORDER = 'ddd192646b3c48be96651a0ff25cef85';
const OTHER_USER = '88fef4cea64c40b5ad6727cc9b0b9fdc';

/** What each seed must parse to, in seed order. */
const EXPECTED: ParsedWebhook[] = [
  {
    target: { providerOrderId: ORDER, correlationIds: [USER] },
    hint: { id: '0aac461e7b774a38a72fd9c7c0eef8ee', type: 'order-created', statedStatus: 'pending', refresh: true },
  },
  {
    target: { providerOrderId: ORDER, correlationIds: [OTHER_USER] },
    hint: {
      id: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
      type: 'order-status-updated',
      statedStatus: 'completed',
      refresh: true,
    },
  },
  {
    target: { providerOrderId: ORDER, correlationIds: [OTHER_USER] },
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
    target: { providerOrderId: ORDER, correlationIds: [USER, LINK] },
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

function sign(raw: string | Buffer, secret = SECRET): string {
  return `v1=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

const webhook = new TruvWebhook([SECRET, OLD_SECRET]);
const parse = (body: unknown) => webhook.parse(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));

describe('TruvWebhook.parse', () => {
  it('covers every event type voie accepts with the seed payloads', () => {
    const types = new Set(SEED_PAYLOADS.map(([, raw]) => (JSON.parse(raw) as { event_type: string }).event_type));
    expect([...types].sort()).toEqual([...TRUV_EVENT_TYPES].sort());
    expect(EXPECTED).toHaveLength(SEED_PAYLOADS.length);
  });

  it.each(SEED_PAYLOADS.map(([name, raw], index) => [name, raw, index] as const))('parses %s', (_name, raw, index) => {
    expect(webhook.parse(Buffer.from(raw))).toEqual(EXPECTED[index]);
  });

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

  it('re-reads on a task that ended, with the error as detail, and not on progress', () => {
    const task = (status: string) =>
      parse({ webhook_id: `t-${status}`, event_type: 'task-status-updated', status, link_id: LINK });
    expect(task('done')?.hint).toEqual({
      id: 't-done',
      type: 'task-status-updated',
      statedStatus: 'done',
      refresh: true,
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
      expect(task(status)?.hint).toMatchObject({ statedStatus: status, detail: `task ${status}`, refresh: true });
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
  const raw = Buffer.from(SEED_PAYLOADS[1]?.[1] ?? '');

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
