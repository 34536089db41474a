import { pdfText } from '../support/pdf-text';
import { orderBody, TOKEN, useTrueworkSimulator, type OrderJson } from '../support/truework-simulator-setup';

/** The Truework simulator's sandbox scenarios: what each test SSN (or employer) ends in, its reports and webhooks. */
describe('TrueworkSimulator', () => {
  const tw = useTrueworkSimulator();
  const { call, create, getOrder, eventsDelivered } = tw;

  it('creates an order in pending-approval with masked SSN and echoed correlation fields', async () => {
    const order = await create('000-00-0000');
    expect(tw.sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
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
    expect(tw.sim.listOrders()).toEqual([order]);
  });

  it('completes 000-00-0000 with a report and sends both webhook kinds, in order, with the token', async () => {
    const order = await create('000-00-0000');
    await tw.sim.idle();

    expect(eventsDelivered()).toEqual(['state:processing', 'state:completed', 'order.completed']);
    for (const delivery of tw.receiver.delivered) {
      expect(delivery.headers['x-truework-token']).toBe(TOKEN);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.body.version).toBe('2023-10-30');
      expect(Number.isInteger(delivery.body.hook.id)).toBe(true);
      expect(delivery.body.hook.target).toBe(tw.receiver.url);
      expect(Number.isNaN(Date.parse(delivery.body.hook.triggered_at))).toBe(false);
      expect(delivery.body.data.order_id).toBe(order.id);
      expect(delivery.body.data.metadata).toEqual({ workflow_id: 'voie-applicant-7c1f', tenant: 'acme' });
    }
    const [processing, completed, orderCompleted] = tw.receiver.delivered;
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
    expect(JSON.stringify(tw.sim.listOrders())).not.toContain('000-00-0000');
  });

  it('accepts a 9-digit SSN and returns two reports for 000-00-0007', async () => {
    const order = await create('000000007');
    await tw.sim.idle();
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
    await tw.sim.idle();
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
    await tw.sim.idle();
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
    const noMatchEvents = tw.receiver.delivered.filter((d) => d.body.data.order_id === noMatch.id);
    expect(noMatchEvents.map((d) => d.body.data.metadata)).toEqual([metadata('1'), metadata('1'), metadata('1')]);
  });

  it('verifies employment only for a VOE: the report has no salary, earnings or paystubs', async () => {
    const order = await create('000-00-0000', { type: 'employment' });
    await tw.sim.idle();
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
    await tw.sim.idle();
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
    await tw.sim.idle();
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
});
