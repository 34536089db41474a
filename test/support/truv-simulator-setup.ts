import { TruvSimulator } from '../../dev/simulators/truv/simulator';
import { WebhookReceiver } from '../kit';
import { truvSignature } from './signatures';
import { CLIENT_ID, SECRET } from './truv-order';

/** What the Truv simulator tests share: its credentials, a create body, the journeys' webhooks and the wire shapes. */
export { CLIENT_ID, SECRET };
export const HEX32 = /^[0-9a-f]{32}$/;

export interface Event {
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

export interface OrderJson {
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

export interface ReportJson {
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

export interface ErrorJson {
  error: { code: string; message: string; extra?: { 'invalid-params': { field: string; message: string }[] } };
}

/** The webhooks of a successful journey from the connected link on. */
export const SUCCESS_TAIL = [
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

/** The webhooks of the Success journey, `event` or `event:status` each. */
export const SUCCESS_JOURNEY = [
  'order-created:pending',
  'order-status-updated:sent',
  'task-status-updated:new',
  'task-status-updated:login',
  ...SUCCESS_TAIL,
];

export function orderBody(firstName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
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

export const sign = (raw: string, secret = SECRET): string => truvSignature(raw, secret);

/** A Truv simulator and the receiver of its webhooks, fresh for each test, with the calls tests make of it. */
export interface TruvSimulatorHarness {
  /** The running simulator. A test that restarts it assigns the new one here, so that one is closed after it. */
  sim: TruvSimulator;
  readonly receiver: WebhookReceiver<Event>;
  /** `event` or `event:status` per delivery, e.g. `task-status-updated:login`. */
  eventsDelivered: () => string[];
  /** A request to the simulator with the client id and secret, `body` as JSON unless a string. */
  call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;
  /** Creates an order whose applicant's first name picks the scenario, expecting a 201. */
  create: (firstName: string, extra?: Record<string, unknown>) => Promise<OrderJson>;
  /** Reads an order, expecting a 200. */
  getOrder: (id: string) => Promise<OrderJson>;
  /** Checks what every delivery of one order must satisfy, and returns the bodies. */
  checkDeliveries: (order: OrderJson) => Event[];
}

/** Starts a simulator (30 ms steps) and its webhook receiver before each test of the enclosing `describe`. */
export function useTruvSimulator(): TruvSimulatorHarness {
  let sim: TruvSimulator | undefined;
  let receiver: WebhookReceiver<Event> | undefined;

  beforeEach(async () => {
    receiver = await WebhookReceiver.listenOn<Event>('/webhooks/truv');
    sim = await TruvSimulator.start({ clientId: CLIENT_ID, secret: SECRET, webhookUrl: receiver.url, stepDelayMs: 30 });
  });

  afterEach(async () => {
    await sim?.close();
    await receiver?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the Truv simulator is used outside a test');
    return value;
  };

  const call: TruvSimulatorHarness['call'] = (method, path, body, headers = {}) =>
    fetch(`${started(sim).baseUrl}${path}`, {
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

  const checkDeliveries = (order: OrderJson): Event[] => {
    const delivered = started(receiver).delivered;
    const suborder = order.employers[0];
    const ids = new Set<string>();
    for (const { headers, rawBody: raw, body } of delivered) {
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
    expect(ids.size).toBe(delivered.length);
    return delivered.map((d) => d.body);
  };

  return {
    get sim() {
      return started(sim);
    },
    set sim(next: TruvSimulator) {
      sim = next;
    },
    get receiver() {
      return started(receiver);
    },
    eventsDelivered: () =>
      started(receiver).delivered.map((d) =>
        d.body.status ? `${d.body.event_type}:${d.body.status}` : d.body.event_type,
      ),
    call,
    create: async (firstName, extra) => {
      const res = await call('POST', '/v1/orders/', orderBody(firstName, extra));
      expect(res.status).toBe(201);
      return (await res.json()) as OrderJson;
    },
    getOrder: async (id) => {
      const res = await call('GET', `/v1/orders/${id}/`);
      expect(res.status).toBe(200);
      return (await res.json()) as OrderJson;
    },
    checkDeliveries,
  };
}
