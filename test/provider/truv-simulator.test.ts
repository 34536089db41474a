import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TRUV_SCENARIOS } from '../../dev/simulators/truv/sandbox-fixtures';
import { TruvSimulator } from '../../dev/simulators/truv/simulator';
import { eventually, sleep, WebhookReceiver } from '../kit';
import { truvSignature } from '../support/signatures';
import { useStateFile } from '../support/state-file';

const CLIENT_ID = 'client-123';
const SECRET = 'sandbox-0123456789abcdef';
const HEX32 = /^[0-9a-f]{32}$/;

interface Event {
  webhook_id: string;
  event_type: string;
  event_created_at: string;
  updated_at: string;
  user_id: string;
  order_id?: string;
  order_number?: string | null;
  employer_id?: string | null;
  status?: string;
  link_id?: string | null;
  task_id?: string;
  tracking_info?: string | null;
  product?: string;
  data_source?: string | null;
  object_id?: string;
  employment_id?: string;
  objects_count?: number;
  template_id?: string | null;
}

interface SuborderJson {
  id: string;
  status: string;
  product_type: string;
  suborder_number: string | null;
  link_id: string | null;
  data_source: string | null;
  company_name: string | null;
  company_address: Record<string, string | null> | null;
  employments: unknown[];
}

interface OrderJson {
  id: string;
  products: string[];
  order_number: string | null;
  external_user_id: string | null;
  user_id: string;
  bridge_token: string;
  share_url: string;
  short_share_url: string;
  created_at: string;
  canceled_at: string | null;
  completed_at: string | null;
  expired_at: string;
  is_expired: boolean;
  voie_report_id: string | null;
  employers: SuborderJson[];
}

interface ReportJson {
  report_id: string;
  links: {
    link_id: string;
    tracking_info: string;
    employments: {
      job_title: string;
      income?: string;
      pay_frequency?: string;
      profile: { first_name: string; last_name: string; ssn: string };
      company: { name: string; address: { street: string; city: string } };
      statements?: { gross_pay: string }[];
      annual_income_summary?: { year: number; gross_pay: string }[];
    }[];
  }[];
}

interface ErrorJson {
  error: { code: string; message: string; extra?: { 'invalid-params': { field: string; message: string }[] } };
}

const SUCCESS_TAIL = [
  'link-connected',
  'task-status-updated:parse',
  'employment-created',
  'profile-created',
  'statements-created',
  'shifts-created',
  'bank-accounts-created',
  'task-status-updated:full_parse',
  'task-status-updated:done',
  'order-status-updated:completed',
  'certification-completed',
  'order-finalized',
];

const SUCCESS_JOURNEY = [
  'order-created:pending',
  'order-status-updated:sent',
  'task-status-updated:new',
  'task-status-updated:login',
  ...SUCCESS_TAIL,
];

function orderBody(firstName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    products: ['income'],
    first_name: firstName,
    last_name: 'Doe',
    ssn: '512763948',
    social_security_number: '512763948',
    email: 'jane@example.test',
    phone: '4155550100',
    order_number: 'vo_0123456789abcdef01234567',
    external_user_id: 'vo_0123456789abcdef01234567',
    employers: [
      {
        company_name: 'Acme Inc',
        company_address: { street: '1 Main St', city: 'Austin', state: 'TX', zip: '78701' },
        suborder_number: 'vo_0123456789abcdef01234567',
      },
    ],
    ...extra,
  };
}

const sign = (raw: string, secret = SECRET): string => truvSignature(raw, secret);

describe('TruvSimulator', () => {
  let sim: TruvSimulator;
  let receiver: WebhookReceiver<Event>;

  /** `event` or `event:status` per delivery, e.g. `task-status-updated:login`. */
  const eventsDelivered = (): string[] =>
    receiver.delivered.map((d) => (d.body.status ? `${d.body.event_type}:${d.body.status}` : d.body.event_type));

  beforeEach(async () => {
    receiver = await WebhookReceiver.listenOn<Event>('/webhooks/truv');
    sim = await TruvSimulator.start({ clientId: CLIENT_ID, secret: SECRET, webhookUrl: receiver.url, stepDelayMs: 30 });
  });

  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sim.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'X-Access-Client-Id': CLIENT_ID,
        'X-Access-Secret': SECRET,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  const create = async (firstName: string, extra?: Record<string, unknown>): Promise<OrderJson> => {
    const res = await call('POST', '/v1/orders/', orderBody(firstName, extra));
    expect(res.status).toBe(201);
    return (await res.json()) as OrderJson;
  };

  const getOrder = async (id: string): Promise<OrderJson> => {
    const res = await call('GET', `/v1/orders/${id}/`);
    expect(res.status).toBe(200);
    return (await res.json()) as OrderJson;
  };

  /** Checks what every delivery of one order must satisfy, and returns the bodies. */
  const checkDeliveries = (order: OrderJson): Event[] => {
    const suborder = order.employers[0];
    const ids = new Set<string>();
    for (const { headers, rawBody: raw, body } of receiver.delivered) {
      expect(headers['x-webhook-sign']).toBe(sign(raw));
      expect(headers['user-agent']).toBe('Truv-Webhook-Service/2.0');
      expect(headers['content-type']).toBe('application/json');
      expect(body.webhook_id).toMatch(HEX32);
      ids.add(body.webhook_id);
      expect(body.user_id).toBe(order.user_id);
      expect(body.event_created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      expect(body.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
      if (body.event_type.startsWith('order-') || body.event_type === 'certification-completed') {
        expect(body.order_id).toBe(order.id);
        expect(body.order_number).toBe(order.order_number);
        expect(body).toHaveProperty('template_id', null);
      } else {
        expect(body.tracking_info).toBe(suborder?.id);
        expect(body.link_id).toMatch(HEX32);
        expect(body.data_source).toBe('payroll');
      }
      if (body.event_type === 'order-created' || body.event_type === 'order-status-updated') {
        expect(body.product).toBe('income');
        expect(body).toHaveProperty('employer_id');
        expect(body).toHaveProperty('link_id');
        expect(body).toHaveProperty('data_source');
      }
      if (body.event_type === 'task-status-updated') expect(body.task_id).toMatch(HEX32);
    }
    expect(ids.size).toBe(receiver.delivered.length);
    return receiver.delivered.map((d) => d.body);
  };

  it('documents one scenario per journey', () => {
    expect(TRUV_SCENARIOS.map((row) => row.scenario)).toEqual([
      'success',
      'mfa',
      'login-error',
      'no-data',
      'departed',
      'idle',
    ]);
  });

  it('creates an order with an employer suborder, a hosted page and no SSN anywhere', async () => {
    const order = await create('Idle');
    expect(order.id).toMatch(HEX32);
    expect(order.user_id).toMatch(HEX32);
    expect(order.bridge_token).toMatch(HEX32);
    expect(order.share_url).toBe(
      `https://cdn.truv.com/employment.html?bridge_token=${order.bridge_token}&order_group_id=${order.id}`,
    );
    expect(order.short_share_url).toMatch(/^https:\/\//);
    expect(order.products).toEqual(['income']);
    expect(order.order_number).toBe('vo_0123456789abcdef01234567');
    expect(order.external_user_id).toBe('vo_0123456789abcdef01234567');
    expect(order.is_expired).toBe(false);
    expect(Date.parse(order.expired_at) - Date.parse(order.created_at)).toBe(72 * 3_600_000);
    expect(order.canceled_at).toBeNull();
    expect(order.voie_report_id).toBeNull();
    expect(order.employers).toHaveLength(1);
    expect(order.employers[0]).toMatchObject({
      status: 'pending',
      product_type: 'income',
      suborder_number: 'vo_0123456789abcdef01234567',
      link_id: null,
      company_name: 'Acme Inc',
      company_address: { street: '1 Main St', city: 'Austin', state: 'TX', zip: '78701', country: 'US' },
    });
    expect(order.employers[0]?.id).toMatch(HEX32);
    expect(JSON.stringify(order)).not.toContain('512763948');
    // The journey's first step may already have moved the stored order on (30 ms steps): compare what it cannot change.
    expect(
      (sim.listOrders() as { id: string; order_number: string }[]).map(({ id, order_number }) => ({
        id,
        order_number,
      })),
    ).toEqual([{ id: order.id, order_number: order.order_number }]);
  });

  it('walks the Success journey with signed webhooks in order, then serves the report', async () => {
    const order = await create('Success');
    await sim.idle();
    expect(eventsDelivered()).toEqual(SUCCESS_JOURNEY);
    const events = checkDeliveries(order);
    const [created, sent] = events;
    expect(created).toMatchObject({ employer_id: null, link_id: null, data_source: null, status: 'pending' });
    expect(sent).toMatchObject({ employer_id: order.employers[0]?.id, status: 'sent' });
    const tasks = events.filter((e) => e.event_type === 'task-status-updated');
    expect(new Set(tasks.map((e) => e.task_id)).size).toBe(1);
    const completed = events.find((e) => e.status === 'completed');
    expect(completed).toMatchObject({ employer_id: order.employers[0]?.id, data_source: 'payroll' });
    expect(completed?.link_id).toBe(tasks[0]?.link_id);
    const statements = events.find((e) => e.event_type === 'statements-created');
    expect(statements?.objects_count).toBe(6);
    expect(statements?.employment_id).toBe(events.find((e) => e.event_type === 'employment-created')?.object_id);

    const done = await getOrder(order.id);
    expect(done.employers[0]).toMatchObject({
      status: 'completed',
      link_id: completed?.link_id,
      data_source: 'payroll',
    });
    expect(done.completed_at).not.toBeNull();
    expect(done.voie_report_id).toMatch(HEX32);

    const res = await call('GET', `/v1/users/${done.user_id}/reports/${done.voie_report_id}/`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as ReportJson;
    expect(report.report_id).toBe(done.voie_report_id);
    expect(report.links).toHaveLength(1);
    expect(report.links[0]?.tracking_info).toBe(done.employers[0]?.id);
    const employment = report.links[0]?.employments[0];
    expect(employment?.profile).toMatchObject({ first_name: 'Success', last_name: 'Doe', ssn: '***-**-3948' });
    expect(employment?.company).toMatchObject({ name: 'Acme Inc', address: { street: '1 Main St', city: 'Austin' } });
    expect(employment?.income).toBe('52000.00');
    expect(employment?.pay_frequency).toBe('BW');
    expect(employment?.statements).toHaveLength(6);
    expect(employment?.annual_income_summary?.[1]?.gross_pay).toMatch(/^\d+\.\d{2}$/);

    expect((await call('GET', `/v1/users/${'0'.repeat(32)}/reports/${done.voie_report_id}/`)).status).toBe(404);
    const link = await call('GET', `/v1/links/${completed?.link_id}/income/report/`);
    expect(link.status).toBe(200);
    expect(((await link.json()) as { status: string }).status).toBe('done');
  });

  it('creates user reports on demand, VOE ones without pay', async () => {
    const order = await create('Success');
    await sim.idle();
    const voie = await call('POST', `/v1/users/${order.user_id}/reports/`, { is_voe: false });
    expect(voie.status).toBe(201);
    const voieReport = (await voie.json()) as ReportJson;
    expect(voieReport.report_id).not.toBe((await getOrder(order.id)).voie_report_id);
    expect(voieReport.links[0]?.employments[0]?.income).toBe('52000.00');
    const voe = (await (
      await call('POST', `/v1/users/${order.user_id}/reports/`, { is_voe: true })
    ).json()) as ReportJson;
    expect(voe.links[0]?.employments[0]?.job_title).toBe('Sales Associate');
    expect(voe.links[0]?.employments[0]).not.toHaveProperty('income');
    expect(voe.links[0]?.employments[0]).not.toHaveProperty('statements');
    expect((await call('GET', `/v1/users/${order.user_id}/reports/${voe.report_id}/`)).status).toBe(200);

    const idle = await create('Idle');
    expect((await call('POST', `/v1/users/${idle.user_id}/reports/`, {})).status).toBe(400);
    expect((await call('POST', `/v1/users/${'f'.repeat(32)}/reports/`, {})).status).toBe(404);
  });

  it('succeeds on the sandbox SSN whatever the first name, and shows it in the report', async () => {
    const order = await create('Jane', { ssn: '991-91-9991', social_security_number: '991919991' });
    await sim.idle();
    expect(eventsDelivered().at(-3)).toBe('order-status-updated:completed');
    const done = await getOrder(order.id);
    const report = (await (
      await call('GET', `/v1/users/${done.user_id}/reports/${done.voie_report_id}/`)
    ).json()) as ReportJson;
    expect(report.links[0]?.employments[0]?.profile.ssn).toBe('991-91-9991');
  });

  it('walks the Mfa journey', async () => {
    const order = await create('mfa');
    await sim.idle();
    expect(eventsDelivered()).toEqual([
      'order-created:pending',
      'order-status-updated:sent',
      'task-status-updated:new',
      'task-status-updated:login',
      'task-status-updated:mfa',
      ...SUCCESS_TAIL,
    ]);
    checkDeliveries(order);
  });

  it('walks the LoginError journey: a failed task, then a second that succeeds', async () => {
    const order = await create('LoginError');
    await sim.idle();
    expect(eventsDelivered()).toEqual([
      'order-created:pending',
      'order-status-updated:sent',
      'task-status-updated:new',
      'task-status-updated:login',
      'task-status-updated:login_error',
      'task-status-updated:new',
      'task-status-updated:login',
      ...SUCCESS_TAIL,
    ]);
    const tasks = checkDeliveries(order).filter((e) => e.event_type === 'task-status-updated');
    expect(tasks[2]?.task_id).toBe(tasks[0]?.task_id);
    expect(tasks[3]?.task_id).not.toBe(tasks[0]?.task_id);
    expect(new Set(tasks.map((e) => e.link_id)).size).toBe(1);
    expect((await getOrder(order.id)).employers[0]?.status).toBe('completed');
  });

  it('walks the NoData journey: connected, but the suborder ends no_data with no report', async () => {
    const order = await create('NoData');
    await sim.idle();
    expect(eventsDelivered()).toEqual([
      'order-created:pending',
      'order-status-updated:sent',
      'task-status-updated:new',
      'task-status-updated:login',
      'link-connected',
      'task-status-updated:parse',
      'task-status-updated:no_data',
      'order-status-updated:no_data',
      'order-finalized',
    ]);
    checkDeliveries(order);
    const done = await getOrder(order.id);
    expect(done.employers[0]).toMatchObject({ status: 'no_data', data_source: 'payroll' });
    expect(done.employers[0]?.link_id).toMatch(HEX32);
    expect(done.voie_report_id).toBeNull();
    expect(done.completed_at).toBeNull();
  });

  it('leaves an Idle order sent until it is canceled; canceling again is refused', async () => {
    const order = await create('Idle');
    await sim.idle();
    expect(eventsDelivered()).toEqual(['order-created:pending', 'order-status-updated:sent']);
    expect((await getOrder(order.id)).employers[0]?.status).toBe('sent');

    const res = await call('POST', `/v1/orders/${order.id}/cancel/`);
    expect(res.status).toBe(200);
    const canceled = (await res.json()) as OrderJson;
    expect(canceled.canceled_at).not.toBeNull();
    expect(canceled.employers[0]?.status).toBe('canceled');
    await sim.idle();
    expect(eventsDelivered()).toEqual([
      'order-created:pending',
      'order-status-updated:sent',
      'order-status-updated:canceled',
      'order-finalized',
    ]);
    checkDeliveries(order);

    const again = await call('POST', `/v1/orders/${order.id}/cancel/`);
    expect(again.status).toBe(400);
    expect(((await again.json()) as ErrorJson).error.code).toBe('incorrect_parameters');
    expect((await call('POST', `/v1/orders/${'0'.repeat(32)}/cancel/`)).status).toBe(404);
  });

  it('stops a journey in progress when the order is canceled', async () => {
    const order = await create('Success');
    const res = await call('POST', `/v1/orders/${order.id}/cancel/`);
    expect(res.status).toBe(200);
    await sim.idle();
    await sleep(150);
    // On a loaded machine the journey's first 30 ms steps may run before the cancel lands; none runs after it.
    const events = eventsDelivered();
    const beforeCancel = events.slice(0, -2);
    expect(events.slice(-2)).toEqual(['order-status-updated:canceled', 'order-finalized']);
    expect(beforeCancel).toEqual(SUCCESS_JOURNEY.slice(0, beforeCancel.length));
    expect(beforeCancel.length).toBeLessThan(SUCCESS_JOURNEY.length);
    expect((await getOrder(order.id)).employers[0]?.status).toBe('canceled');
  });

  it('expires an idle order after expireAfterMs, and a completed one stays completed', async () => {
    const expiring = await TruvSimulator.start({
      secret: SECRET,
      webhookUrl: receiver.url,
      stepDelayMs: 10,
      expireAfterMs: 250,
    });
    try {
      const headers = {
        'X-Access-Client-Id': 'any-client',
        'X-Access-Secret': SECRET,
        'content-type': 'application/json',
      };
      const post = (firstName: string) =>
        fetch(`${expiring.baseUrl}/v1/orders/`, {
          method: 'POST',
          headers,
          body: JSON.stringify(orderBody(firstName)),
        }).then((res) => res.json() as Promise<OrderJson>);
      const idle = await post('Idle');
      const success = await post('Success');
      await expiring.idle();
      const read = (id: string) =>
        fetch(`${expiring.baseUrl}/v1/orders/${id}/`, { headers }).then((res) => res.json() as Promise<OrderJson>);
      const expired = await read(idle.id);
      expect(expired.is_expired).toBe(true);
      expect(expired.employers[0]?.status).toBe('expired');
      const completed = await read(success.id);
      expect(completed.is_expired).toBe(false);
      expect(completed.employers[0]?.status).toBe('completed');
      const idleEvents = receiver.delivered
        .filter((d) => d.body.order_id === idle.id)
        .map((d) => `${d.body.event_type}:${d.body.status ?? ''}`);
      expect(idleEvents).toEqual([
        'order-created:pending',
        'order-status-updated:sent',
        'order-status-updated:expired',
        'order-finalized:',
      ]);
    } finally {
      await expiring.close();
    }
  });

  it('names every missing required field with Truv’s 400 shape', async () => {
    const res = await call('POST', '/v1/orders/', { email: 'x@example.test' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('incorrect_parameters');
    expect(body.error.message).toBe('Incorrect request parameters');
    expect(body.error.extra?.['invalid-params']).toEqual([
      { field: 'products', message: 'This field is required.' },
      { field: 'first_name', message: 'This field is required.' },
      { field: 'last_name', message: 'This field is required.' },
    ]);
    expect(sim.listOrders()).toEqual([]);
  });

  it('rejects a malformed SSN without echoing it', async () => {
    const res = await call(
      'POST',
      '/v1/orders/',
      orderBody('Jane', { ssn: '12-3456-78901', social_security_number: null }),
    );
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/\d{4}/);
    expect((JSON.parse(text) as ErrorJson).error.extra?.['invalid-params'][0]?.field).toBe('ssn');
    const mismatch = await call('POST', '/v1/orders/', orderBody('Jane', { social_security_number: '987654321' }));
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).not.toContain('987654321');
  });

  it('answers malformed JSON, unknown routes and ids without a 500', async () => {
    const malformed = await call('POST', '/v1/orders/', '{"products": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorJson).error.message).toMatch(/JSON/);
    expect((await call('PATCH', `/v1/webhooks/${'0'.repeat(32)}/`, '[1,')).status).toBe(400);
    expect((await call('POST', '/v1/orders/', [])).status).toBe(400);
    expect((await call('POST', '/v1/orders/', orderBody('Jane', { products: 'income' }))).status).toBe(400);
    expect((await call('POST', '/v1/orders/', orderBody('Jane', { employers: [42] }))).status).toBe(400);
    const missing = await call('GET', `/v1/orders/${'0'.repeat(32)}/`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: 'Not found.' });
    expect((await call('GET', '/v1/nowhere/')).status).toBe(404);
    expect(sim.requests.every((r) => r.status < 500)).toBe(true);
  });

  it('lists orders, filtered by order_number', async () => {
    const first = await create('Idle', { order_number: 'n-1' });
    await create('Idle', { order_number: 'n-2' });
    const page = (await (await call('GET', '/v1/orders/?order_number=n-1')).json()) as {
      count: number;
      results: OrderJson[];
    };
    expect(page.count).toBe(1);
    expect(page.results.map((o) => o.id)).toEqual([first.id]);
    const all = (await (await call('GET', '/v1/orders/')).json()) as { results: OrderJson[] };
    expect(all.results).toHaveLength(2);
    expect(await (await call('GET', '/v1/orders/?order_number=none')).json()).toEqual({
      count: 0,
      next: null,
      previous: null,
      results: [],
    });
  });

  it('requires the client id and secret', async () => {
    const missing = await fetch(`${sim.baseUrl}/v1/orders/`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as ErrorJson).error.code).toBe('authentication_failed');
    expect((await call('GET', '/v1/orders/', undefined, { 'X-Access-Secret': 'sandbox-wrong' })).status).toBe(401);
    expect((await call('GET', '/v1/orders/', undefined, { 'X-Access-Client-Id': 'other' })).status).toBe(401);
    expect((await call('GET', '/v1/orders/')).status).toBe(200);
    expect(sim.requests.map((r) => r.status)).toEqual([401, 401, 401, 200]);
  });

  it('manages webhook subscriptions', async () => {
    const input = {
      name: 'voie',
      webhook_url: 'https://voie.example.test/webhooks/truv',
      env_type: 'sandbox',
      events: ['order-status-updated', 'task-status-updated'],
    };
    const res = await call('POST', '/v1/webhooks/', input);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; created_at: string };
    expect(created).toMatchObject(input);
    expect(created.id).toMatch(HEX32);
    expect((await call('POST', '/v1/webhooks/', input)).status).toBe(400);
    expect((await call('POST', '/v1/webhooks/', { ...input, env_type: 'prod' })).status).toBe(201);

    const invalid = await call('POST', '/v1/webhooks/', { webhook_url: 'nope', env_type: 'qa', events: ['x'] });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as ErrorJson).error.extra?.['invalid-params'].map((p) => p.field)).toEqual([
      'name',
      'webhook_url',
      'env_type',
      'events',
    ]);

    const patched = await call('PATCH', `/v1/webhooks/${created.id}/`, { events: ['order-created'] });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { events: string[] }).events).toEqual(['order-created']);
    expect((await call('PATCH', `/v1/webhooks/${created.id}/`, { events: ['order-finalized'] })).status).toBe(400);
    expect((await call('PATCH', `/v1/webhooks/${'0'.repeat(32)}/`, {})).status).toBe(404);

    const list = (await (await call('GET', '/v1/webhooks/')).json()) as { count: number; results: { id: string }[] };
    expect(list.count).toBe(2);
    expect((await call('GET', `/v1/webhooks/${created.id}/`)).status).toBe(200);
    expect((await call('DELETE', `/v1/webhooks/${created.id}/`)).status).toBe(204);
    expect((await call('GET', `/v1/webhooks/${created.id}/`)).status).toBe(404);
  });

  it('fails the next requests with 500, then 429 with Retry-After, without doing anything', async () => {
    sim.setFaults({ failNextRequests: { count: 2, status: 500 } });
    expect((await call('POST', '/v1/orders/', orderBody('Idle'))).status).toBe(500);
    expect((await call('GET', '/v1/orders/')).status).toBe(500);
    expect(sim.listOrders()).toEqual([]);

    sim.setFaults({ failNextRequests: { count: 1, status: 429, retryAfterSeconds: 7 } });
    const limited = await call('POST', '/v1/orders/', orderBody('Idle'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(((await limited.json()) as ErrorJson).error.code).toBe('throttled');
    expect(sim.listOrders()).toEqual([]);

    await create('Idle');
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /v1/orders/ 500',
      'GET /v1/orders/ 500',
      'POST /v1/orders/ 429',
      'POST /v1/orders/ 201',
    ]);
  });

  it('loses the next create response: the fetch fails but the order exists', async () => {
    sim.setFaults({ loseNextCreateResponse: true });
    await expect(call('POST', '/v1/orders/', orderBody('Idle'))).rejects.toThrow();
    expect(sim.listOrders()).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ method: 'POST', status: 0 });
    await create('Idle');
  });

  it('delays responses when asked', async () => {
    sim.setFaults({ responseDelayMs: 200 });
    const started = Date.now();
    expect((await call('GET', '/v1/orders/')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    sim.resetFaults();
  });

  it('drops webhooks when asked', async () => {
    sim.setFaults({ dropWebhooks: true });
    const order = await create('Success');
    await sim.idle();
    expect(receiver.delivered).toEqual([]);
    expect((await getOrder(order.id)).employers[0]?.status).toBe('completed');
  });

  it('duplicates webhooks when asked, with identical bodies and signatures', async () => {
    sim.setFaults({ duplicateWebhooks: true, webhookDelayMs: 5 });
    await create('Idle');
    await sim.idle();
    expect(eventsDelivered()).toEqual([
      'order-created:pending',
      'order-created:pending',
      'order-status-updated:sent',
      'order-status-updated:sent',
    ]);
    expect(receiver.delivered[0]?.rawBody).toBe(receiver.delivered[1]?.rawBody);
    expect(receiver.delivered[0]?.headers['x-webhook-sign']).toBe(receiver.delivered[1]?.headers['x-webhook-sign']);
  });

  it('retries a failed webhook delivery', async () => {
    receiver.answerWith(500, 500);
    await create('Idle');
    await sim.idle();
    expect(eventsDelivered()).toEqual(['order-created:pending', 'order-status-updated:sent']);
  });

  it('sends no webhooks once the webhook URL is unset', async () => {
    sim.setWebhookUrl(undefined);
    await create('Success');
    await sim.idle();
    expect(receiver.delivered).toEqual([]);
  });

  it('stops progressing and delivering after close()', async () => {
    receiver.answerWith(...Array<number>(100).fill(500));
    await create('Success');
    await sim.close();
    await sim.idle();
    receiver.answerWith();
    await sleep(200);
    expect(receiver.delivered).toEqual([]);
  });

  describe('with a stateFile', () => {
    const stateFile = useStateFile('truv.json', () => sim.close());
    let file: string;

    const startWithFile = (stepDelayMs: number, expireAfterMs?: number) =>
      TruvSimulator.start({
        clientId: CLIENT_ID,
        secret: SECRET,
        webhookUrl: receiver.url,
        stepDelayMs,
        stateFile: file,
        ...(expireAfterMs !== undefined ? { expireAfterMs } : {}),
      });

    const restart = async (stepDelayMs = 30, expireAfterMs?: number): Promise<void> => {
      await sim.close();
      sim = await startWithFile(stepDelayMs, expireAfterMs);
    };

    const eventsOf = (order: OrderJson): string[] =>
      receiver.delivered
        .filter((d) => d.body.user_id === order.user_id)
        .map((d) => (d.body.status ? `${d.body.event_type}:${d.body.status}` : d.body.event_type));

    const read = async <T>(path: string): Promise<T> => {
      const res = await call('GET', path);
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };

    beforeEach(async () => {
      file = stateFile();
      await sim.close();
      sim = await startWithFile(30);
    });

    afterEach(() => jest.restoreAllMocks());

    it('writes nothing until something changes, then the whole state, atomically', async () => {
      expect(existsSync(file)).toBe(false);
      const order = await create('Idle');
      expect(existsSync(file)).toBe(true);
      expect(existsSync(`${file}.tmp`)).toBe(false);
      await sim.idle();
      const saved = readFileSync(file, 'utf8');
      expect(saved).toContain(order.id);
      // Nothing depends on the port, which changes from run to run; the SSN is never kept.
      expect(saved).not.toContain(sim.baseUrl);
      expect(saved).not.toContain('512763948');
    });

    it('keeps orders, reports, links and subscriptions; a journey under way finishes after the restart', async () => {
      const success = await create('Success', { order_number: 'n-success' });
      const idle = await create('Idle', { order_number: 'n-idle' });
      await sim.idle();
      const onDemand = (await (
        await call('POST', `/v1/users/${success.user_id}/reports/`, { is_voe: true })
      ).json()) as ReportJson;
      const hook = (await (
        await call('POST', '/v1/webhooks/', {
          name: 'voie',
          webhook_url: 'https://voie.example.test/webhooks/truv',
          env_type: 'sandbox',
          events: ['order-status-updated'],
        })
      ).json()) as { id: string };
      expect((await call('PATCH', `/v1/webhooks/${hook.id}/`, { events: ['order-created'] })).status).toBe(200);

      // A slower run, so the second task can be caught before it starts, with every earlier webhook delivered.
      await restart(150);
      const moving = await create('LoginError', { order_number: 'n-moving' });
      await eventually(() => eventsOf(moving).at(-1) === 'task-status-updated:login_error');
      const done = await getOrder(success.id);
      const before = {
        orders: await Promise.all([success, idle, moving].map((o) => getOrder(o.id))),
        report: await read<ReportJson>(`/v1/users/${success.user_id}/reports/${done.voie_report_id}/`),
        onDemand: await read<ReportJson>(`/v1/users/${success.user_id}/reports/${onDemand.report_id}/`),
        hooks: await read<unknown>('/v1/webhooks/'),
      };
      const oldUrl = sim.baseUrl;

      await restart(10);
      expect(sim.baseUrl).not.toBe(oldUrl);
      expect(await Promise.all([success, idle, moving].map((o) => getOrder(o.id)))).toEqual(before.orders);
      expect((sim.listOrders() as OrderJson[]).map((o) => o.id)).toEqual([success.id, idle.id, moving.id]);
      const listed = await read<{ results: OrderJson[] }>('/v1/orders/?order_number=n-idle');
      expect(listed.results.map((o) => o.id)).toEqual([idle.id]);
      expect(await read(`/v1/users/${success.user_id}/reports/${done.voie_report_id}/`)).toEqual(before.report);
      expect(await read(`/v1/users/${success.user_id}/reports/${onDemand.report_id}/`)).toEqual(before.onDemand);
      expect(await read('/v1/webhooks/')).toEqual(before.hooks);
      const link = await read<{ link_id: string }>(`/v1/links/${done.employers[0]?.link_id}/income/report/`);
      expect(link.link_id).toBe(done.employers[0]?.link_id);
      // The user's connections came back too, so new reports can still be made.
      expect((await call('POST', `/v1/users/${success.user_id}/reports/`, {})).status).toBe(201);

      await sim.idle();
      const finished = await getOrder(moving.id);
      expect(finished.employers[0]?.status).toBe('completed');
      expect(finished.completed_at).not.toBeNull();
      expect(finished.voie_report_id).toMatch(HEX32);
      expect((await call('GET', `/v1/users/${moving.user_id}/reports/${finished.voie_report_id}/`)).status).toBe(200);
      expect(eventsOf(moving)).toEqual([
        'order-created:pending',
        'order-status-updated:sent',
        'task-status-updated:new',
        'task-status-updated:login',
        'task-status-updated:login_error',
        'task-status-updated:new',
        'task-status-updated:login',
        ...SUCCESS_TAIL,
      ]);
      const movingEvents = receiver.delivered.filter((d) => d.body.user_id === moving.user_id);
      for (const { headers, rawBody: raw } of movingEvents) expect(headers['x-webhook-sign']).toBe(sign(raw));
      // The second task, after the restart, reuses the link the first one opened.
      expect(new Set(movingEvents.filter((d) => d.body.link_id).map((d) => d.body.link_id)).size).toBe(1);
      expect(finished.employers[0]?.link_id).toBe(movingEvents[2]?.body.link_id);

      await sleep(100);
      expect((await getOrder(idle.id)).employers[0]?.status).toBe('sent');
      expect((await getOrder(success.id)).employers[0]?.status).toBe('completed');
      const cancel = await call('POST', `/v1/orders/${idle.id}/cancel/`);
      expect(cancel.status).toBe(200);
      await sim.idle();
      expect(eventsOf(idle)).toEqual([
        'order-created:pending',
        'order-status-updated:sent',
        'order-status-updated:canceled',
        'order-finalized',
      ]);

      // The cancel and the subscription's deletion are saved too.
      expect((await call('DELETE', `/v1/webhooks/${hook.id}/`)).status).toBe(204);
      await restart();
      expect((await getOrder(idle.id)).employers[0]?.status).toBe('canceled');
      expect((await call('POST', `/v1/orders/${idle.id}/cancel/`)).status).toBe(400);
      expect((await call('GET', `/v1/webhooks/${hook.id}/`)).status).toBe(404);
    });

    it('resumes an order that had not been sent, and keeps an expiry timer across a restart', async () => {
      await restart(60_000, 800);
      const pending = await create('NoData');
      const expiring = await create('Idle');
      // Webhooks in flight at shutdown are lost by design; these two must not be, for the comparison below.
      await eventually(() => eventsOf(pending).length === 1 && eventsOf(expiring).length === 1);
      await restart(10, 800);
      await sim.idle();
      expect((await getOrder(pending.id)).employers[0]?.status).toBe('no_data');
      expect(eventsOf(pending).at(-1)).toBe('order-finalized');
      const expired = await getOrder(expiring.id);
      expect(expired.is_expired).toBe(true);
      expect(expired.employers[0]?.status).toBe('expired');
      expect(eventsOf(expiring)).toEqual([
        'order-created:pending',
        'order-status-updated:sent',
        'order-status-updated:expired',
        'order-finalized',
      ]);
    });

    it.each([
      ['truncated JSON', '{"version":1,"orders":[{"json":'],
      ['another format', '{"version":99,"orders":[],"reports":[],"connections":[],"subscriptions":[]}'],
      [
        'a malformed order',
        '{"version":1,"orders":[{"json":{"id":"x"}}],"reports":[],"connections":[],"subscriptions":[]}',
      ],
    ])('starts fresh, with a warning, from %s', async (_name, content) => {
      await sim.close();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      sim = await startWithFile(10);
      expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/truv simulator: cannot restore state from/));
      expect(sim.listOrders()).toEqual([]);
      expect(await read('/v1/webhooks/')).toMatchObject({ count: 0 });

      const order = await create('Success');
      await sim.idle();
      await restart();
      expect((await getOrder(order.id)).employers[0]?.status).toBe('completed');
    });

    it('starts fresh when a saved journey has more steps left than the scenario has', async () => {
      const order = await create('Idle');
      await sim.idle();
      await sim.close();
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { orders: { stepsLeft: number }[] };
      for (const entry of saved.orders) entry.stepsLeft = 99;
      writeFileSync(file, JSON.stringify(saved));
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      sim = await startWithFile(10);
      expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/more steps left than its journey/));
      expect((await call('GET', `/v1/orders/${order.id}/`)).status).toBe(404);
    });
  });
});
