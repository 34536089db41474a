import { employerScenario } from '../../dev/simulators/truv/sandbox-fixtures';
import { TruvSimulator } from '../../dev/simulators/truv/simulator';
import { WebhookReceiver } from '../kit';
import { truvSignature } from '../support/signatures';

const CLIENT_ID = 'client-123';
const SECRET = 'sandbox-0123456789abcdef';
const ORDER_NUMBER = 'vo_0123456789abcdef01234567';

interface Event {
  event_type: string;
  status?: string;
  employer_id?: string | null;
  tracking_info?: string | null;
  link_id?: string | null;
  product?: string;
}

interface OrderJson {
  id: string;
  user_id: string;
  completed_at: string | null;
  voie_report_id: string | null;
  employers: { id: string; status: string; suborder_number: string | null; product_type: string; link_id: string }[];
}

interface ReportJson {
  report_id: string;
  links: { tracking_info: string; employments: Record<string, unknown>[] }[];
}

function orderBody(products: string[], companies: string[]): Record<string, unknown> {
  return {
    products,
    first_name: 'Success',
    last_name: 'Doe',
    ssn: '512763948',
    order_number: ORDER_NUMBER,
    employers: companies.map((company_name, index) => ({
      company_name,
      suborder_number: `${ORDER_NUMBER}-${index}`,
    })),
  };
}

describe('TruvSimulator with several employers', () => {
  let sim: TruvSimulator;
  let receiver: WebhookReceiver<Event>;

  beforeEach(async () => {
    receiver = await WebhookReceiver.listenOn<Event>('/webhooks/truv');
    sim = await TruvSimulator.start({ clientId: CLIENT_ID, secret: SECRET, webhookUrl: receiver.url, stepDelayMs: 20 });
  });

  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${sim.baseUrl}${path}`, {
      method,
      headers: {
        'X-Access-Client-Id': CLIENT_ID,
        'X-Access-Secret': SECRET,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const create = async (products: string[], companies: string[]): Promise<OrderJson> => {
    const res = await call('POST', '/v1/orders/', orderBody(products, companies));
    expect(res.status).toBe(201);
    return (await res.json()) as OrderJson;
  };

  const read = async <T>(path: string): Promise<T> => {
    const res = await call('GET', path);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it('picks an employer’s scenario by the first word of its company name, else the applicant’s', () => {
    expect(employerScenario('NoData Corp', 'success')).toBe('no-data');
    expect(employerScenario('  mfa  Inc', 'idle')).toBe('mfa');
    expect(employerScenario('Acme Inc', 'login-error')).toBe('login-error');
    expect(employerScenario(null, 'success')).toBe('success');
  });

  it('plays one journey per employer: employer 0 completes, employer 1 ends no_data, each with its own events', async () => {
    const order = await create(['income'], ['Acme Inc', 'NoData Corp']);
    expect(order.employers.map((e) => e.suborder_number)).toEqual([`${ORDER_NUMBER}-0`, `${ORDER_NUMBER}-1`]);
    const [acme, nodata] = order.employers;
    expect(acme?.id).not.toBe(nodata?.id);
    await sim.idle();

    for (const { headers, rawBody } of receiver.delivered) {
      expect(headers['x-webhook-sign']).toBe(truvSignature(rawBody, SECRET));
    }
    const events = receiver.delivered.map((d) => d.body);
    const statusesOf = (employerId: string | undefined) =>
      events
        .filter((e) => e.event_type === 'order-status-updated' && e.employer_id === employerId)
        .map((e) => e.status);
    expect(statusesOf(acme?.id)).toEqual(['sent', 'completed']);
    expect(statusesOf(nodata?.id)).toEqual(['sent', 'no_data']);
    // Each employer's tasks track its own suborder on its own payroll link.
    const tasks = events.filter((e) => e.event_type === 'task-status-updated');
    expect(tasks.filter((e) => e.tracking_info === nodata?.id).map((e) => e.status)).toEqual([
      'new',
      'login',
      'parse',
      'no_data',
    ]);
    const links = new Set(tasks.map((e) => `${e.tracking_info} ${e.link_id}`));
    expect(links.size).toBe(2);
    // The order-wide events come once, at the end.
    expect(events.slice(-2).map((e) => e.event_type)).toEqual(['certification-completed', 'order-finalized']);

    const done = await read<OrderJson>(`/v1/orders/${order.id}/`);
    expect(done.employers.map((e) => e.status)).toEqual(['completed', 'no_data']);
    expect(done.completed_at).not.toBeNull();
    const report = await read<ReportJson>(`/v1/users/${done.user_id}/reports/${done.voie_report_id}/`);
    expect(report.links.map((link) => link.tracking_info)).toEqual([acme?.id]);
  });

  it('completes both employers of an order in turn, with a new report id covering both', async () => {
    const order = await create(['income'], ['Acme Inc', 'Mfa Corp']);
    await sim.idle();
    const done = await read<OrderJson>(`/v1/orders/${order.id}/`);
    expect(done.employers.map((e) => e.status)).toEqual(['completed', 'completed']);
    const report = await read<ReportJson>(`/v1/users/${done.user_id}/reports/${done.voie_report_id}/`);
    expect(report.links.map((link) => link.tracking_info)).toEqual(done.employers.map((e) => e.id));
    expect(report.links.map((link) => link.employments[0]?.['company'])).toMatchObject([
      { name: 'Acme Inc' },
      { name: 'Mfa Corp' },
    ]);
  });

  it('runs an employment-only order whose report has no income', async () => {
    const order = await create(['employment'], ['Acme Inc']);
    expect(order.employers[0]?.product_type).toBe('employment');
    await sim.idle();
    expect(receiver.delivered.find((d) => d.body.event_type === 'order-status-updated')?.body.product).toBe(
      'employment',
    );
    const done = await read<OrderJson>(`/v1/orders/${order.id}/`);
    const report = await read<ReportJson>(`/v1/users/${done.user_id}/reports/${done.voie_report_id}/`);
    const employment = report.links[0]?.employments[0];
    expect(employment).toMatchObject({ job_title: 'Sales Associate', start_date: '2021-03-01' });
    for (const key of ['income', 'pay_rate', 'statements', 'annual_income_summary', 'w2s']) {
      expect(employment).not.toHaveProperty(key);
    }
  });

  it('serves the report as a PDF with ?fmt=pdf, and refuses an unknown format', async () => {
    const order = await create(['income'], ['Acme Inc']);
    await sim.idle();
    const done = await read<OrderJson>(`/v1/orders/${order.id}/`);
    const path = `/v1/users/${done.user_id}/reports/${done.voie_report_id}/`;
    const pdf = await call('GET', `${path}?fmt=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = bytes.toString('latin1');
    expect(text).toContain('(Employer: Acme Inc) Tj');
    expect(text).toContain('(Employed from 2021-03-01 to present) Tj');
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect((await call('GET', `${path}?fmt=json`)).headers.get('content-type')).toMatch(/^application\/json/);
    expect((await call('GET', `${path}?fmt=docx`)).status).toBe(400);
    expect((await call('GET', `/v1/users/${done.user_id}/reports/${'0'.repeat(32)}/?fmt=pdf`)).status).toBe(404);
  });
});
