import { TRUV_SCENARIOS } from '../../dev/simulators/truv/sandbox-fixtures';
import {
  HEX32,
  SUCCESS_JOURNEY,
  SUCCESS_TAIL,
  useTruvSimulator,
  type ReportJson,
} from '../support/truv-simulator-setup';

/** The Truv simulator's sandbox journeys: what each first name (or the sandbox SSN) makes of an order, its report. */
describe('TruvSimulator', () => {
  const truv = useTruvSimulator();
  const { call, create, getOrder, eventsDelivered, checkDeliveries } = truv;

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
      (truv.sim.listOrders() as { id: string; order_number: string }[]).map(({ id, order_number }) => ({
        id,
        order_number,
      })),
    ).toEqual([{ id: order.id, order_number: order.order_number }]);
  });

  it('walks the Success journey with signed webhooks in order, then serves the report', async () => {
    const order = await create('Success');
    await truv.sim.idle();
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
    await truv.sim.idle();
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
    await truv.sim.idle();
    expect(eventsDelivered().at(-3)).toBe('order-status-updated:completed');
    const done = await getOrder(order.id);
    const report = (await (
      await call('GET', `/v1/users/${done.user_id}/reports/${done.voie_report_id}/`)
    ).json()) as ReportJson;
    expect(report.links[0]?.employments[0]?.profile.ssn).toBe('991-91-9991');
  });

  it('walks the Mfa journey', async () => {
    const order = await create('mfa');
    await truv.sim.idle();
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
    await truv.sim.idle();
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
    await truv.sim.idle();
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
});
