import { TrueworkSimulator } from '../../dev/simulators/truework/simulator';
import { WebhookReceiver } from '../kit';

/** What the Truework simulator tests share: its webhook token, the API version, a create body and the wire shapes. */
export const TOKEN = 'wh-token-123';
export const API_KEY = 'tw_sk_test_unit';
const VERSION_ACCEPT = 'application/json; version=2023-10-30';

export interface Delivery {
  body: {
    version: string;
    hook: { id: number; event: string; target: string; triggered_at: string };
    data: { order_id: string; verification_request_id?: string; state?: string; metadata: unknown };
  };
}

export function orderBody(ssn: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
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
export interface ReportJson {
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
export interface OrderJson {
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
export interface ErrorJson {
  error: { message: string; invalid_fields?: Record<string, unknown> };
}

/** A Truework simulator and the receiver of its webhooks, fresh for each test, with the calls tests make of it. */
export interface TrueworkSimulatorHarness {
  /** The running simulator. A test that restarts it assigns the new one here, so that one is closed after it. */
  sim: TrueworkSimulator;
  readonly receiver: WebhookReceiver<Delivery['body']>;
  /** `state:<state>` or the hook event, per delivery. */
  eventsDelivered: () => string[];
  /** A request to the simulator with the current API version's Accept header, `body` as JSON unless a string. */
  call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;
  /** Creates an order for the sandbox SSN `ssn`, expecting a 201. */
  create: (ssn: string, extra?: Record<string, unknown>) => Promise<OrderJson>;
  /** Reads an order, expecting a 200. */
  getOrder: (id: string) => Promise<OrderJson>;
}

/** Starts a simulator (50 ms steps) and its webhook receiver before each test of the enclosing `describe`. */
export function useTrueworkSimulator(): TrueworkSimulatorHarness {
  let sim: TrueworkSimulator | undefined;
  let receiver: WebhookReceiver<Delivery['body']> | undefined;

  beforeEach(async () => {
    receiver = await WebhookReceiver.listenOn<Delivery['body']>('/webhooks/truework');
    sim = await TrueworkSimulator.start({ webhookUrl: receiver.url, webhookToken: TOKEN, stepDelayMs: 50 });
  });

  afterEach(async () => {
    await sim?.close();
    await receiver?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the Truework simulator is used outside a test');
    return value;
  };

  const call: TrueworkSimulatorHarness['call'] = (method, path, body, headers = {}) =>
    fetch(`${started(sim).baseUrl}${path}`, {
      method,
      headers: {
        accept: VERSION_ACCEPT,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  return {
    get sim() {
      return started(sim);
    },
    set sim(next: TrueworkSimulator) {
      sim = next;
    },
    get receiver() {
      return started(receiver);
    },
    eventsDelivered: () =>
      started(receiver).delivered.map((d) => (d.body.data.state ? `state:${d.body.data.state}` : d.body.hook.event)),
    call,
    create: async (ssn, extra) => {
      const res = await call('POST', '/orders/target-employer', orderBody(ssn, extra));
      expect(res.status).toBe(201);
      return (await res.json()) as OrderJson;
    },
    getOrder: async (id) => {
      const res = await call('GET', `/orders/${id}`);
      expect(res.status).toBe(200);
      return (await res.json()) as OrderJson;
    },
  };
}
