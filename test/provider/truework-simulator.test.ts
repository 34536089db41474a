import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TrueworkSimulator } from '../../dev/simulators/truework/simulator';
import { pdfText } from '../support/pdf-text';
import { eventually, sleep, WebhookReceiver } from '../kit';
import { useStateFile } from '../support/state-file';

const TOKEN = 'wh-token-123';
const API_KEY = 'tw_sk_test_unit';
const VERSION_ACCEPT = 'application/json; version=2023-10-30';

interface Delivery {
  body: {
    version: string;
    hook: { id: number; event: string; target: string; triggered_at: string };
    data: { order_id: string; verification_request_id?: string; state?: string; metadata: unknown };
  };
}

function orderBody(ssn: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'employment-income',
    permissible_purpose: 'credit-application',
    use_case: 'mortgage',
    target: {
      first_name: 'Jane',
      last_name: 'Doe',
      social_security_number: ssn,
      company: { name: 'Acme Inc', address: { address: '1 Main St', city: 'Austin', country_subdivision_code: 'TX' } },
    },
    loan_id: 'LN-42',
    search_key: 'applicant-7c1f',
    metadata: { workflow_id: 'voie-applicant-7c1f', tenant: 'acme' },
    ...extra,
  };
}

interface Wrapper {
  canonical_value: string;
  raw_value: string;
}
interface ReportJson {
  id: string;
  employer: { name: string; address: { city: string | null } };
  employee: {
    first_name: string;
    last_name: string;
    social_security_number: string;
    status: Wrapper;
    hired_date: string;
    termination_date: string | null;
    positions: { title: string; start_date: string; end_date: string | null }[];
    salary: { pay_rate: { amount: string; unit: Wrapper }; pay_frequency: Wrapper; hours_per_week: string };
    earnings: { year: string; base: string; bonus: string; total: string }[];
  };
  paystubs: { gross: string; pay_date: string }[];
}
interface OrderJson {
  id: string;
  loan_id: string | null;
  search_key: string | null;
  target_employer: { metadata: Record<string, string> | null; target: { social_security_number: string } };
  verification_requests: {
    id: string;
    state: Wrapper;
    cancellation_reason: Wrapper | null;
    cancellation_details: string | null;
    date_of_completion: string | null;
    metadata: Record<string, string> | null;
    loan_id: string | null;
    reports: ReportJson[];
  }[];
}
interface ErrorJson {
  error: { message: string; invalid_fields?: Record<string, unknown> };
}

describe('TrueworkSimulator', () => {
  let sim: TrueworkSimulator;
  let receiver: WebhookReceiver<Delivery['body']>;

  /** `state:<state>` or the hook event, per delivery. */
  const eventsDelivered = (): string[] =>
    receiver.delivered.map((d) => (d.body.data.state ? `state:${d.body.data.state}` : d.body.hook.event));

  beforeEach(async () => {
    receiver = await WebhookReceiver.listenOn<Delivery['body']>('/webhooks/truework');
    sim = await TrueworkSimulator.start({ webhookUrl: receiver.url, webhookToken: TOKEN, stepDelayMs: 50 });
  });

  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sim.baseUrl}${path}`, {
      method,
      headers: {
        accept: VERSION_ACCEPT,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  const create = async (ssn: string, extra?: Record<string, unknown>): Promise<OrderJson> => {
    const res = await call('POST', '/orders/target-employer', orderBody(ssn, extra));
    expect(res.status).toBe(201);
    return (await res.json()) as OrderJson;
  };

  const getOrder = async (id: string): Promise<OrderJson> => {
    const res = await call('GET', `/orders/${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as OrderJson;
  };

  it('creates an order in pending-approval with masked SSN and echoed correlation fields', async () => {
    const order = await create('000-00-0000');
    expect(sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(order.id).toMatch(/^AAAAAAAA[A-Za-z0-9_-]{40,}$/);
    expect(order.loan_id).toBe('LN-42');
    expect(order.search_key).toBe('applicant-7c1f');
    expect(order.target_employer.target.social_security_number).toBe('***-**-0000');
    expect(order.target_employer.metadata).toEqual({ workflow_id: 'voie-applicant-7c1f', tenant: 'acme' });
    expect(order.verification_requests).toHaveLength(1);
    const [vr] = order.verification_requests;
    expect(vr?.state).toEqual({ canonical_value: 'pending-approval', raw_value: 'pending-approval' });
    expect(vr?.reports).toEqual([]);
    expect(vr?.metadata).toEqual({ workflow_id: 'voie-applicant-7c1f', tenant: 'acme' });
    expect(vr?.loan_id).toBe('LN-42');
    expect(vr?.id).not.toBe(order.id);
    expect(sim.listOrders()).toEqual([order]);
  });

  it('completes 000-00-0000 with a report and sends both webhook kinds, in order, with the token', async () => {
    const order = await create('000-00-0000');
    await sim.idle();

    expect(eventsDelivered()).toEqual(['state:processing', 'state:completed', 'order.completed']);
    for (const delivery of receiver.delivered) {
      expect(delivery.headers['x-truework-token']).toBe(TOKEN);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.body.version).toBe('2023-10-30');
      expect(Number.isInteger(delivery.body.hook.id)).toBe(true);
      expect(delivery.body.hook.target).toBe(receiver.url);
      expect(Number.isNaN(Date.parse(delivery.body.hook.triggered_at))).toBe(false);
      expect(delivery.body.data.order_id).toBe(order.id);
      expect(delivery.body.data.metadata).toEqual({ workflow_id: 'voie-applicant-7c1f', tenant: 'acme' });
    }
    const [processing, completed, orderCompleted] = receiver.delivered;
    expect(processing?.body.hook.event).toBe('verification_request.state.change');
    expect(completed?.body.data.verification_request_id).toBe(order.verification_requests[0]?.id);
    expect(orderCompleted?.body.data).toEqual({
      order_id: order.id,
      metadata: { workflow_id: 'voie-applicant-7c1f', tenant: 'acme' },
    });

    const done = await getOrder(order.id);
    const vr = done.verification_requests[0];
    expect(vr?.state.canonical_value).toBe('completed');
    expect(vr?.date_of_completion).not.toBeNull();
    expect(vr?.reports).toHaveLength(1);
    const report = vr?.reports[0];
    expect(report?.employee).toMatchObject({
      first_name: 'Taylor',
      last_name: 'Curtis',
      social_security_number: '***-**-0000',
      status: { canonical_value: 'active' },
      hired_date: '2019-01-01',
      termination_date: null,
    });
    expect(report?.employee.positions[0]).toMatchObject({ title: 'Software Engineer', start_date: '2019-01-01' });
    expect(report?.employee.salary.pay_rate).toEqual({
      amount: '120000.00',
      unit: { canonical_value: 'annually', raw_value: 'Annual' },
    });
    expect(report?.employee.salary.pay_frequency.canonical_value).toBe('biweekly');
    expect(report?.employee.salary.hours_per_week).toBe('40');
    expect(report?.employee.earnings).toHaveLength(3);
    for (const year of report?.employee.earnings ?? []) {
      expect(year.total).toMatch(/^\d+\.\d{2}$/);
    }
    expect(report?.employer.name).toBe('Acme Inc');
    expect(report?.employer.address.city).toBe('Austin');
    expect(report?.paystubs).toHaveLength(2);
    expect(report?.paystubs[0]?.gross).toBe('4615.38');

    const fetched = await call('GET', `/reports/${report?.id}`);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(report);
    expect((await call('GET', '/reports/AAAAAAAAnope')).status).toBe(404);
    // The raw SSN never leaves the simulator.
    expect(JSON.stringify(sim.listOrders())).not.toContain('000-00-0000');
  });

  it('accepts a 9-digit SSN and returns two reports for 000-00-0007', async () => {
    const order = await create('000000007');
    await sim.idle();
    const reports = (await getOrder(order.id)).verification_requests[0]?.reports ?? [];
    expect(reports).toHaveLength(2);
    expect(
      reports.map((r) => [r.employee.status.canonical_value, r.employee.hired_date, r.employee.termination_date]),
    ).toEqual([
      ['active', '2022-01-01', null],
      ['inactive', '2018-03-01', '2021-12-01'],
    ]);
    expect(reports[1]?.employee.earnings.map((e) => e.year)).toEqual(['2021', '2020', '2019']);
  });

  it('ends 000-01-XXXX in canceled with no-match and fires order.completed', async () => {
    const order = await create('000-01-1234');
    await sim.idle();
    const vr = (await getOrder(order.id)).verification_requests[0];
    expect(vr?.state.canonical_value).toBe('canceled');
    expect(vr?.cancellation_reason?.canonical_value).toBe('no-match');
    expect(vr?.reports).toEqual([]);
    expect(eventsDelivered()).toEqual(['state:processing', 'state:canceled', 'order.completed']);
  });

  it('ends an employer named like "No Match Corp" canceled with no-match, while the same loan verifies another', async () => {
    // One voie order, two employers: two Truework orders sharing the search_key, told apart by their metadata.
    const metadata = (index?: string) => ({ voie_order_id: 'vo_1', ...(index ? { employer_index: index } : {}) });
    const acme = await create('000-00-0000', { search_key: 'vo_1', metadata: metadata() });
    const noMatch = await create('000-00-0000', {
      search_key: 'vo_1',
      metadata: metadata('1'),
      target: { ...(orderBody('000-00-0000')['target'] as object), company: { name: 'No Match Corp' } },
    });
    await sim.idle();
    expect((await getOrder(acme.id)).verification_requests[0]?.state.canonical_value).toBe('completed');
    const vr = (await getOrder(noMatch.id)).verification_requests[0];
    expect(vr).toMatchObject({
      state: { canonical_value: 'canceled' },
      cancellation_reason: { canonical_value: 'no-match' },
      reports: [],
      metadata: metadata('1'),
    });

    const page = (await (await call('GET', '/orders?search_key=vo_1')).json()) as { results: OrderJson[] };
    expect(page.results.map((order) => [order.id, order.target_employer.metadata])).toEqual(
      expect.arrayContaining([
        [acme.id, metadata()],
        [noMatch.id, metadata('1')],
      ]),
    );
    // Each order's webhooks carry its own metadata, so voie knows which employer moved.
    const noMatchEvents = receiver.delivered.filter((d) => d.body.data.order_id === noMatch.id);
    expect(noMatchEvents.map((d) => d.body.data.metadata)).toEqual([metadata('1'), metadata('1'), metadata('1')]);
  });

  it('verifies employment only for a VOE: the report has no salary, earnings or paystubs', async () => {
    const order = await create('000-00-0000', { type: 'employment' });
    await sim.idle();
    const [report] = (await getOrder(order.id)).verification_requests[0]?.reports ?? [];
    expect(report).toMatchObject({
      verification_request: { type: 'employment' },
      employee: { hired_date: '2019-01-01', salary: null, earnings: null },
      paystubs: null,
    });
    expect(report?.employee.positions[0]?.title).toBe('Software Engineer');
  });

  it('gives 000-00-0008 reports an eligible D1C reference id, and other profiles none', async () => {
    const eligible = await create('000-00-0008');
    const plain = await create('000-00-0000');
    await sim.idle();
    const eligibilities = async (id: string) =>
      ((await getOrder(id)).verification_requests[0]?.reports ?? []).map(
        (report) => (report as unknown as { eligibilities: unknown[] }).eligibilities,
      );
    expect(await eligibilities(eligible.id)).toEqual([
      [
        {
          is_eligible: true,
          reference_id: expect.stringMatching(/^TW-D1C-\d{10}$/) as unknown,
          provider: { canonical_value: 'truework', raw_value: 'truework' },
          type: { canonical_value: 'd1c', raw_value: 'd1c' },
        },
      ],
    ]);
    expect(await eligibilities(plain.id)).toEqual([[]]);
  });

  it("serves a completed report's PDF for Accept: application/pdf, naming the employer and dates", async () => {
    const order = await create('000-00-0001', { type: 'employment' });
    await sim.idle();
    const reportId = (await getOrder(order.id)).verification_requests[0]?.reports[0]?.id ?? '';
    const res = await call('GET', `/reports/${reportId}`, undefined, { accept: 'application/pdf; version=2023-10-30' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { pages, text } = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(pages).toBe(1);
    expect(text).toContain('Employer: Acme Inc');
    expect(text).toContain('Employee: Sarah Cortez');
    expect(text).toContain('Dates of employment: 2015-05-01 to 2022-01-01');
    expect(text).toContain('Type: employment');
    expect(text).not.toContain('Pay rate');

    // Without a completed report there is no PDF: a JSON error, as for JSON.
    const missing = await call('GET', '/reports/AAAAAAAAnope', undefined, { accept: 'application/pdf' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { message: 'Report not found' } });
  });

  it('parks 000-03-XXXX in action-required until a PUT cancel, which fires webhooks', async () => {
    const order = await create('000-03-0000');
    await sim.idle();
    expect((await getOrder(order.id)).verification_requests[0]?.state.canonical_value).toBe('action-required');
    expect(eventsDelivered()).toEqual(['state:processing', 'state:action-required']);

    const bad = await call('PUT', `/orders/${order.id}/cancel`, { cancellation_reason: 'no-match' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorJson).error.invalid_fields).toHaveProperty('cancellation_reason');

    const res = await call('PUT', `/orders/${order.id}/cancel`, {
      cancellation_reason: 'other',
      cancellation_details: 'auto-cancel: action-required',
    });
    expect(res.status).toBe(200);
    const canceled = (await res.json()) as OrderJson;
    expect(canceled.id).toBe(order.id);
    expect(canceled.loan_id).toBe('LN-42');
    expect(canceled.verification_requests[0]).toMatchObject({
      state: { canonical_value: 'canceled' },
      cancellation_reason: { canonical_value: 'other' },
      cancellation_details: 'auto-cancel: action-required',
    });
    expect(canceled.verification_requests[0]?.date_of_completion).not.toBeNull();
    await sim.idle();
    expect(eventsDelivered()).toEqual([
      'state:processing',
      'state:action-required',
      'state:canceled',
      'order.completed',
    ]);

    // Canceling a finished order answers its current state and changes nothing.
    const again = await call('PUT', `/orders/${order.id}/cancel`, { cancellation_reason: 'immediate' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as OrderJson).verification_requests[0]?.cancellation_reason?.canonical_value).toBe(
      'other',
    );
    await sim.idle();
    expect(receiver.delivered).toHaveLength(4);
    expect((await call('PUT', '/orders/AAAAAAAAnope/cancel', { cancellation_reason: 'other' })).status).toBe(404);
  });

  it('cancels an order still in progress and stops its progression', async () => {
    const order = await create('000-00-0000');
    const res = await call('PUT', `/orders/${order.id}/cancel`, { cancellation_reason: 'immediate' });
    expect(res.status).toBe(200);
    await sim.idle();
    await sleep(150);
    expect((await getOrder(order.id)).verification_requests[0]?.state.canonical_value).toBe('canceled');
    expect(eventsDelivered()).toEqual(['state:canceled', 'order.completed']);
  });

  it('rejects a non-sandbox SSN with 400 without echoing it', async () => {
    const res = await call('POST', '/orders/target-employer', orderBody('123-45-6789'));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain('6789');
    expect(text).not.toContain('123456789');
    const body = JSON.parse(text) as ErrorJson;
    expect(body.error.message).toMatch(/not a sandbox test SSN/);
    expect(body.error.invalid_fields).toHaveProperty(['target', 'social_security_number']);
    expect((await call('POST', '/orders/target-employer', orderBody('000-00-0010'))).status).toBe(400);
    expect((await call('POST', '/orders/target-employer', orderBody('00-000-0000'))).status).toBe(400);
    expect(sim.listOrders()).toEqual([]);
  });

  it('names every missing required field', async () => {
    const res = await call('POST', '/orders/target-employer', { target: { first_name: 'Jane', company: {} } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.message).toBe('Invalid field values provided');
    expect(body.error.invalid_fields).toEqual({
      type: ['This field is required.'],
      permissible_purpose: ['This field is required.'],
      use_case: ['This field is required.'],
      target: {
        last_name: ['This field is required.'],
        social_security_number: ['This field is required.'],
        company: { name: ['This field is required.'] },
      },
    });
  });

  it('rejects non-string metadata values and malformed JSON with 400', async () => {
    const res = await call('POST', '/orders/target-employer', orderBody('000-00-0000', { metadata: { attempt: 2 } }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.invalid_fields).toHaveProperty(['metadata', 'attempt']);

    const malformed = await call('POST', '/orders/target-employer', '{"type": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorJson).error.message).toMatch(/JSON/);
    expect((await call('PUT', '/orders/x/cancel', '[1,')).status).toBe(400);
    expect((await call('POST', '/orders/target-employer', [])).status).toBe(400);
    expect((await call('GET', '/orders/unknown')).status).toBe(404);
    expect((await call('GET', '/nowhere')).status).toBe(404);
  });

  it('finds orders by search_key with limit and offset', async () => {
    const first = await create('000-00-0000', { search_key: 'key-a' });
    const second = await create('000-00-0001', { search_key: 'key-a' });
    await create('000-00-0002', { search_key: 'key-b' });

    const res = await call('GET', '/orders?search_key=key-a');
    expect(res.status).toBe(200);
    const page = (await res.json()) as {
      count: number;
      next: string | null;
      previous: string | null;
      results: OrderJson[];
    };
    expect(page.count).toBe(2);
    expect(page.next).toBeNull();
    expect(page.results.map((o) => o.id).sort()).toEqual([first.id, second.id].sort());

    const limited = (await (await call('GET', '/orders?search_key=key-a&limit=1')).json()) as typeof page;
    expect(limited.results).toHaveLength(1);
    expect(limited.next).toContain('offset=1');
    const none = (await (await call('GET', '/orders?search_key=key-z')).json()) as typeof page;
    expect(none).toEqual({ count: 0, next: null, previous: null, results: [] });
    expect((await call('GET', '/orders?limit=abc')).status).toBe(400);
  });

  it('fails the next requests with 500, then 429 with Retry-After, without doing anything', async () => {
    sim.setFaults({ failNextRequests: { count: 2, status: 500 } });
    expect((await call('POST', '/orders/target-employer', orderBody('000-00-0000'))).status).toBe(500);
    expect((await call('GET', '/orders')).status).toBe(500);
    expect(sim.listOrders()).toEqual([]);

    sim.setFaults({ failNextRequests: { count: 1, status: 429, retryAfterSeconds: 7 } });
    const limited = await call('POST', '/orders/target-employer', orderBody('000-00-0000'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(sim.listOrders()).toEqual([]);

    await create('000-00-0000');
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /orders/target-employer 500',
      'GET /orders 500',
      'POST /orders/target-employer 429',
      'POST /orders/target-employer 201',
    ]);
    expect(sim.requests.every((r) => r.at > 0)).toBe(true);
  });

  it('answers every request with the outage status while it lasts, then serves again', async () => {
    sim.setFaults({ failAllRequests: { status: 503 } });
    expect((await call('POST', '/orders/target-employer', orderBody('000-00-0000'))).status).toBe(503);
    expect((await call('GET', '/orders')).status).toBe(503);
    sim.setFaults({ failAllRequests: { status: 429, retryAfterSeconds: 3 } });
    const limited = await call('GET', '/orders');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(sim.listOrders()).toEqual([]);

    sim.setFaults({ failAllRequests: null });
    await create('000-00-0000');
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /orders/target-employer 503',
      'GET /orders 503',
      'GET /orders 429',
      'POST /orders/target-employer 201',
    ]);
  });

  it('loses the next create response: the fetch fails but the order exists', async () => {
    sim.setFaults({ loseNextCreateResponse: true });
    await expect(call('POST', '/orders/target-employer', orderBody('000-00-0000'))).rejects.toThrow();
    const found = (await (await call('GET', '/orders?search_key=applicant-7c1f')).json()) as { results: OrderJson[] };
    expect(found.results).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ method: 'POST', status: 0 });
    // The fault fires once.
    await create('000-00-0000');
  });

  it('delays responses when asked', async () => {
    sim.setFaults({ responseDelayMs: 200 });
    const started = Date.now();
    expect((await call('GET', '/orders')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    sim.resetFaults();
  });

  it('drops webhooks when asked', async () => {
    sim.setFaults({ dropWebhooks: true });
    const order = await create('000-00-0000');
    await sim.idle();
    expect(receiver.delivered).toEqual([]);
    expect((await getOrder(order.id)).verification_requests[0]?.state.canonical_value).toBe('completed');
  });

  it('duplicates webhooks when asked, with identical bodies', async () => {
    sim.setFaults({ duplicateWebhooks: true, webhookDelayMs: 10 });
    await create('000-00-0000');
    await sim.idle();
    expect(eventsDelivered()).toEqual([
      'state:processing',
      'state:processing',
      'state:completed',
      'state:completed',
      'order.completed',
      'order.completed',
    ]);
    expect(receiver.delivered[0]?.body).toEqual(receiver.delivered[1]?.body);
  });

  it('retries a failed webhook delivery', async () => {
    receiver.answerWith(500, 500);
    await create('000-01-0000');
    await sim.idle();
    expect(eventsDelivered()).toEqual(['state:processing', 'state:canceled', 'order.completed']);
  });

  it('sends no webhooks once the webhook URL is unset', async () => {
    sim.setWebhookUrl(undefined);
    await create('000-00-0000');
    await sim.idle();
    expect(receiver.delivered).toEqual([]);
  });

  it('answers 406 to an older API version and accepts the current one', async () => {
    const old = await call('GET', '/orders', undefined, { accept: 'application/json; version=2022-08-01' });
    expect(old.status).toBe(406);
    expect(((await old.json()) as ErrorJson).error.message).toMatch(/2022-08-01/);
    expect((await call('GET', '/orders', undefined, { accept: 'application/json; version=bogus' })).status).toBe(406);
    expect((await call('GET', '/orders', undefined, { accept: 'application/json' })).status).toBe(200);
    expect((await call('GET', '/orders')).status).toBe(200);
  });

  it('requires the bearer key when an apiKey is set', async () => {
    const secured = await TrueworkSimulator.start({ apiKey: API_KEY, webhookToken: TOKEN, stepDelayMs: 50 });
    try {
      const missing = await fetch(`${secured.baseUrl}/orders`);
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as ErrorJson).error.message).toEqual(expect.any(String));
      const wrong = await fetch(`${secured.baseUrl}/orders`, { headers: { authorization: 'Bearer tw_sk_test_other' } });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${secured.baseUrl}/orders`, { headers: { authorization: `Bearer ${API_KEY}` } });
      expect(ok.status).toBe(200);
      expect(secured.requests.map((r) => r.status)).toEqual([401, 401, 200]);
    } finally {
      await secured.close();
    }
  });

  it('stops progressing and delivering after close()', async () => {
    await create('000-00-0000');
    await sim.close();
    await sim.idle();
    await sleep(200);
    expect(receiver.delivered).toEqual([]);
  });

  describe('with a stateFile', () => {
    const stateFile = useStateFile('truework.json', () => sim.close());
    let file: string;

    const startWithFile = (stepDelayMs: number) =>
      TrueworkSimulator.start({ webhookUrl: receiver.url, webhookToken: TOKEN, stepDelayMs, stateFile: file });

    const restart = async (stepDelayMs = 50): Promise<void> => {
      await sim.close();
      sim = await startWithFile(stepDelayMs);
    };

    const stateOf = (order: OrderJson): string | undefined =>
      (sim.listOrders() as OrderJson[]).find((o) => o.id === order.id)?.verification_requests[0]?.state.canonical_value;

    const eventsOf = (order: OrderJson): string[] =>
      receiver.delivered
        .filter((d) => d.body.data.order_id === order.id)
        .map((d) => (d.body.data.state ? `state:${d.body.data.state}` : d.body.hook.event));

    beforeEach(async () => {
      file = stateFile();
      await sim.close();
      sim = await startWithFile(50);
    });

    afterEach(() => jest.restoreAllMocks());

    it('writes nothing until something changes, then the whole state, atomically', async () => {
      expect(existsSync(file)).toBe(false);
      const order = await create('000-03-0000');
      expect(existsSync(file)).toBe(true);
      expect(existsSync(`${file}.tmp`)).toBe(false);
      await sim.idle();
      const saved = readFileSync(file, 'utf8');
      expect(saved).toContain(order.id);
      expect(saved).toContain('action-required');
      // Nothing depends on the port, which changes from run to run; the SSN stays masked.
      expect(saved).not.toContain(sim.baseUrl);
      expect(saved).not.toContain('000-03-0000');
      expect(saved).not.toContain('000030000');
    });

    it('keeps every order across a restart; one processing at shutdown completes, a parked one stays parked', async () => {
      const completed = await create('000-00-0000');
      const canceled = await create('000-01-1234', { search_key: 'key-canceled' });
      const parked = await create('000-03-0000');
      await sim.idle();

      // A slower run, so the order can be caught between its two steps with its first webhook delivered.
      await restart(150);
      const moving = await create('000-00-0007');
      await eventually(() => stateOf(moving) === 'processing' && eventsOf(moving).length === 1);
      const before = await Promise.all([completed, canceled, parked, moving].map((o) => getOrder(o.id)));
      const hookId = receiver.delivered[0]?.body.hook.id;
      const oldUrl = sim.baseUrl;

      // Restarted with steps too slow to fire during the comparison, so nothing moves under a loaded machine.
      await restart(60_000);
      expect(sim.baseUrl).not.toBe(oldUrl);
      const after = await Promise.all([completed, canceled, parked, moving].map((o) => getOrder(o.id)));
      expect(after).toEqual(before);
      expect((sim.listOrders() as OrderJson[]).map((o) => o.id)).toEqual(
        [completed, canceled, parked, moving].map((o) => o.id),
      );
      const found = (await (await call('GET', '/orders?search_key=key-canceled')).json()) as { results: OrderJson[] };
      expect(found.results.map((o) => o.id)).toEqual([canceled.id]);
      const report = before[0]?.verification_requests[0]?.reports[0];
      const fetched = await call('GET', `/reports/${report?.id}`);
      expect(fetched.status).toBe(200);
      expect(await fetched.json()).toEqual(report);

      await restart(20);
      await sim.idle();
      const done = (await getOrder(moving.id)).verification_requests[0];
      expect(done?.state.canonical_value).toBe('completed');
      expect(done?.reports).toHaveLength(2);
      for (const r of done?.reports ?? []) expect((await call('GET', `/reports/${r.id}`)).status).toBe(200);
      expect(eventsOf(moving)).toEqual(['state:processing', 'state:completed', 'order.completed']);
      // Still the same webhook subscription as far as the receiver can tell.
      expect(new Set(receiver.delivered.map((d) => d.body.hook.id))).toEqual(new Set([hookId]));

      await sleep(100);
      expect(stateOf(parked)).toBe('action-required');
      expect(stateOf(completed)).toBe('completed');
      expect(stateOf(canceled)).toBe('canceled');
      const cancel = await call('PUT', `/orders/${parked.id}/cancel`, { cancellation_reason: 'other' });
      expect(cancel.status).toBe(200);
      await sim.idle();
      expect(eventsOf(parked)).toEqual([
        'state:processing',
        'state:action-required',
        'state:canceled',
        'order.completed',
      ]);

      // The cancel was saved too.
      await restart();
      expect((await getOrder(parked.id)).verification_requests[0]?.cancellation_reason?.canonical_value).toBe('other');
    });

    it('resumes an order that had not taken its first step', async () => {
      await restart(60_000);
      const order = await create('000-01-0000');
      await restart(20);
      await sim.idle();
      expect(stateOf(order)).toBe('canceled');
      expect(eventsOf(order)).toEqual(['state:processing', 'state:canceled', 'order.completed']);
    });

    it.each([
      ['truncated JSON', '{"version":1,"hookId":5,"orders":[{"json":'],
      ['another format', '{"version":99,"hookId":5,"orders":[]}'],
      ['a malformed order', '{"version":1,"hookId":5,"orders":[{"json":{"id":"x"}}]}'],
    ])('starts fresh, with a warning, from %s', async (_name, content) => {
      await sim.close();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      sim = await startWithFile(20);
      expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/truework simulator: cannot restore state from/));
      expect(sim.listOrders()).toEqual([]);
      expect((await call('GET', '/orders/x')).status).toBe(404);

      const order = await create('000-00-0001');
      await sim.idle();
      await restart();
      expect((await getOrder(order.id)).verification_requests[0]?.state.canonical_value).toBe('completed');
    });
  });
});
