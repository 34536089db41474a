import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Reply, SimulatorApi, SimulatorFaults } from '../kit';
import { firstString, isRecord, SimulatorBase } from '../kit';
import { buildSandboxReports, isSandboxScenario, maskSsn, normalizeSsn, sandboxScenario } from './sandbox-fixtures';
import type { OutputWrapper, SandboxAddress, SandboxReport, SandboxScenario } from './sandbox-fixtures';

/** How to start a {@link TrueworkSimulator}. */
export interface TrueworkSimulatorOptions {
  /** Port to listen on (127.0.0.1); 0 or unset picks a free port. */
  port?: number;
  /** When set, every request needs `Authorization: Bearer <apiKey>`, else 401. */
  apiKey?: string;
  /** Where webhooks are POSTed; unset means no webhooks are sent. */
  webhookUrl?: string;
  /** Sent as `X-Truework-Token` on every webhook. */
  webhookToken: string;
  /** Delay between verification state steps; default 1000 ms. */
  stepDelayMs?: number;
  /**
   * A JSON file that keeps the orders across restarts. Read on start when it exists (a missing file is a fresh
   * start; an unreadable or malformed one is reported on stderr and ignored, then overwritten by the next change),
   * and rewritten whole, atomically, after every change. Orders that were still moving carry on after a restart.
   * Unset, the orders live in memory only.
   */
  stateFile?: string;
}

/**
 * Misbehaviour the simulator can be told to show, for resilience tests; the create whose response
 * `loseNextCreateResponse` loses is `POST /orders/target-employer`.
 */
export type TrueworkFaults = SimulatorFaults;

export type { SimulatedRequest } from '../kit';

const API_VERSION = '2023-10-30';
const TERMINAL_STATES = new Set(['completed', 'canceled', 'invalid']);
/** States a verification request leaves on its own, by `step`; any other waits for a cancel or is final. */
const MOVING_STATES = new Set(['pending-approval', 'processing']);
/** Bumped when the state file's shape changes, so an old file is ignored rather than misread. */
const STATE_FILE_VERSION = 1;
const CANCEL_REASONS = ['immediate', 'high-turnaround-time', 'competitor', 'wrong-info', 'other'];
const ORDER_TYPES = ['employment-income', 'employment', 'tenant-screening'];
const PERMISSIBLE_PURPOSES = [
  'child-support',
  'credit-application',
  'employee-eligibility',
  'employee-request',
  'employee-review-or-collection',
  'employment',
  'insurance-underwriting-application',
  'legitimate-reason-initiated',
  'legitimate-reason-review',
  'risk-assessment',
  'subpoena',
];
const USE_CASES = [
  'mortgage',
  'home-equity',
  'background',
  'tenant',
  'government',
  'auto',
  'lending',
  'credit',
  'identity',
  'insurance',
  'health',
  'offers',
  'account-management',
  'preapproval',
];
const VERIFICATION_METHODS = ['instant', 'credentials', 'smart-outreach', 'documents'];
const ADDRESS_FIELDS = [
  'address',
  'extended_address',
  'city',
  'country_subdivision_code',
  'country_code',
  'postal_code',
] as const;

type Metadata = Record<string, string>;

interface TargetCompanyEcho {
  id: number;
  name: string;
  address: string | null;
  city: string | null;
  state: string | null;
  zip_code: string | null;
  phone_number: string | null;
}

interface VerificationRequestJson {
  id: string;
  created: string;
  type: string;
  state: OutputWrapper;
  permissible_purpose: OutputWrapper;
  use_case: OutputWrapper;
  target: {
    first_name: string;
    last_name: string;
    social_security_number: string;
    date_of_birth: string | null;
    contact_email: string | null;
    phone_number: string | null;
    company: TargetCompanyEcho;
  };
  turnaround_time: { best_estimate: string; lower_bound: string; upper_bound: string };
  date_of_completion: string | null;
  cancellation_reason: OutputWrapper | null;
  cancellation_details: string | null;
  reports: SandboxReport[];
  loan_id: string | null;
  metadata: Metadata | null;
  additional_information: string | null;
  reseller_originating_party: unknown;
  documents: { filename: string }[];
  applicant_documents: unknown[];
  unverified_information: null;
}

interface OrderJson {
  id: string;
  loan_id: string | null;
  search_key: string | null;
  branch_id: null;
  target_employer: {
    type: string;
    permissible_purpose: OutputWrapper;
    use_case: OutputWrapper;
    request_config: { allowed_verification_methods: string[] };
    metadata: Metadata | null;
    loan_id: string | null;
    search_key: string | null;
    additional_information: string | null;
    authorization_forms: { filename: string }[] | null;
    reseller_originating_party: unknown;
    tenant_property_id: string | null;
    target: {
      first_name: string;
      last_name: string;
      social_security_number: string;
      date_of_birth: string | null;
      contact_email: string | null;
      phone_number: string | null;
      company: { name: string; address: SandboxAddress | null };
    };
  };
  employer_search: null;
  truework_direct: null;
  reverification: null;
  truework_direct_session_link: null;
  verification_requests: VerificationRequestJson[];
}

interface OrderState {
  json: OrderJson;
  scenario: SandboxScenario;
  ssnLast4: string;
  stepTimer: NodeJS.Timeout | undefined;
  orderCompletedSent: boolean;
}

/** What `stateFile` holds. Nothing in it depends on the port, which changes from run to run. */
interface SavedState {
  version: typeof STATE_FILE_VERSION;
  hookId: number;
  /** In creation order, which is the order searches list them in (reversed). */
  orders: SavedOrder[];
}

/** An order without its timer; reports are saved inside the order JSON only. */
type SavedOrder = Pick<OrderState, 'json' | 'scenario' | 'ssnLast4' | 'orderCompletedSent'>;

type InvalidFields = { [field: string]: string[] | InvalidFields };

/**
 * An HTTP server that behaves like the Truework sandbox (API version 2023-10-30) for target-employer orders: the
 * sandbox test SSNs pick the outcome, verification requests step through their states on timers and webhooks are
 * delivered with Truework's envelope and token header. Used by tests and by `voie dev`.
 */
export class TrueworkSimulator extends SimulatorBase<SavedState, OrderState> {
  private readonly reports = new Map<string, SandboxReport>();
  // One subscription, so one hook id for every delivery, as Truework does per configured webhook; kept in the
  // state file so it survives a restart as the subscription would.
  private hookId = randomInt(1_000, 100_000);

  private constructor(private readonly options: TrueworkSimulatorOptions) {
    super(options, {
      name: 'truework simulator',
      webhookUserAgent: 'truework-simulator',
      unsaved: 'orders are kept in memory only',
    });
  }

  /** Starts the simulator on 127.0.0.1 and resolves once it listens. */
  static async start(options: TrueworkSimulatorOptions): Promise<TrueworkSimulator> {
    const simulator = new TrueworkSimulator(options);
    await simulator.launch(options.port);
    return simulator;
  }

  /** Adopts the orders (and hook id) saved in `stateFile`, once they pass the checks. */
  protected restore(value: unknown): void {
    const saved = parseSavedState(value);
    this.hookId = saved.hookId;
    for (const { json, scenario, ssnLast4, orderCompletedSent } of saved.orders) {
      this.orders.set(json.id, { json, scenario, ssnLast4, orderCompletedSent, stepTimer: undefined });
      for (const vr of json.verification_requests) {
        for (const report of vr.reports) this.reports.set(report.id, report);
      }
    }
  }

  /**
   * Restarts the state steps of restored orders that were still moving. Parked (`action-required`) and terminal
   * orders need nothing. Webhooks that were queued or being retried at shutdown are not saved, so they are lost:
   * the real Truework retries from its side and voie polls, so a missed event only delays the outcome.
   */
  protected resume(): void {
    for (const order of this.orders.values()) {
      if (order.json.verification_requests.some((vr) => MOVING_STATES.has(vr.state.canonical_value))) {
        this.scheduleStep(order);
      }
    }
  }

  private save(): void {
    this.stateFile.save(() => ({
      version: STATE_FILE_VERSION,
      hookId: this.hookId,
      orders: [...this.orders.values()].map(({ json, scenario, ssnLast4, orderCompletedSent }) => ({
        json,
        scenario,
        ssnLast4,
        orderCompletedSent,
      })),
    }));
  }

  protected api(): SimulatorApi {
    return {
      guards: [
        (req) =>
          this.authorized(req.headers.authorization)
            ? undefined
            : { status: 401, body: error('Authorization missing, invalid or expired') },
        (req) => {
          const problem = versionProblem(req.headers.accept);
          return problem ? { status: 406, body: error(problem) } : undefined;
        },
      ],
      routes: (app) => {
        const send = this.server.send.bind(this.server);
        app.post('/orders/target-employer', (req, res) => send(req, res, this.createOrder(req.body)));
        app.get('/orders', (req, res) => send(req, res, this.searchOrders(req.query)));
        app.get('/orders/:id', (req, res) => send(req, res, this.getOrder(req.params.id)));
        app.put('/orders/:id/cancel', (req, res) => send(req, res, this.cancelOrder(req.params.id, req.body)));
        app.get('/reports/:id', (req, res) => send(req, res, this.getReport(req.params.id)));
      },
      faultBody: (status) => error(faultMessage(status)),
      notFound: { status: 404, body: error('Not found') },
      unreadableBody: (status) => error(status === 400 ? 'Malformed JSON body' : 'Request body could not be read'),
      internalErrorBody: error('Internal server error'),
    };
  }

  private authorized(header: string | undefined): boolean {
    const key = this.options.apiKey;
    if (key === undefined) return true;
    const expected = Buffer.from(`Bearer ${key}`);
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private createOrder(body: unknown): Reply {
    const parsed = parseCreate(body);
    if ('reply' in parsed) return parsed.reply;
    const input = parsed.value;
    const now = new Date().toISOString();
    const permissiblePurpose = wrap(input.permissiblePurpose);
    const useCase = wrap(input.useCase);
    const target = {
      first_name: input.firstName,
      last_name: input.lastName,
      social_security_number: maskSsn(input.ssnDigits),
      date_of_birth: input.dateOfBirth,
      contact_email: input.contactEmail,
      phone_number: input.phoneNumber,
    };
    const address = input.companyAddress;
    const order: OrderJson = {
      id: newId(),
      loan_id: input.loanId,
      search_key: input.searchKey,
      branch_id: null,
      target_employer: {
        type: input.type,
        permissible_purpose: permissiblePurpose,
        use_case: useCase,
        request_config: { allowed_verification_methods: input.allowedMethods },
        metadata: input.metadata,
        loan_id: input.loanId,
        search_key: input.searchKey,
        additional_information: input.additionalInformation,
        authorization_forms: input.authorizationForms?.map((filename) => ({ filename })) ?? null,
        reseller_originating_party: input.resellerOriginatingParty,
        tenant_property_id: input.tenantPropertyId,
        target: { ...target, company: { name: input.companyName, address } },
      },
      employer_search: null,
      truework_direct: null,
      reverification: null,
      truework_direct_session_link: null,
      verification_requests: [
        {
          id: newId(),
          created: now,
          type: input.type,
          state: wrap('pending-approval'),
          permissible_purpose: { ...permissiblePurpose },
          use_case: { ...useCase },
          target: {
            ...target,
            company: {
              id: randomInt(10_000, 10_000_000),
              name: input.companyName,
              address: address?.address ?? null,
              city: address?.city ?? null,
              state: address?.country_subdivision_code ?? null,
              zip_code: address?.postal_code ?? null,
              phone_number: null,
            },
          },
          turnaround_time: { best_estimate: '1', lower_bound: '0', upper_bound: '4' },
          date_of_completion: null,
          cancellation_reason: null,
          cancellation_details: null,
          reports: [],
          loan_id: input.loanId,
          metadata: input.metadata === null ? null : { ...input.metadata },
          additional_information: input.additionalInformation,
          reseller_originating_party: input.resellerOriginatingParty,
          documents: input.authorizationForms?.map((filename) => ({ filename })) ?? [],
          applicant_documents: [],
          unverified_information: null,
        },
      ],
    };
    const state: OrderState = {
      json: order,
      scenario: input.scenario,
      ssnLast4: input.ssnDigits.slice(-4),
      stepTimer: undefined,
      orderCompletedSent: false,
    };
    this.orders.set(order.id, state);
    this.scheduleStep(state);
    this.save();
    return this.faults.answerCreate({ status: 201, body: order });
  }

  private searchOrders(query: Request['query']): Reply {
    const searchKey = firstString(query['search_key']);
    const limit = parseCount(firstString(query['limit']), 25);
    const offset = parseCount(firstString(query['offset']), 0);
    const invalid: InvalidFields = {};
    if (limit === null || limit === 0) invalid['limit'] = ['Enter a positive whole number.'];
    if (offset === null) invalid['offset'] = ['Enter a whole number that is zero or more.'];
    if (limit === null || limit === 0 || offset === null) return invalidFields(invalid);
    const matching = [...this.orders.values()]
      .map((order) => order.json)
      .filter((order) => searchKey === undefined || order.search_key === searchKey)
      // The real ordering is undocumented; newest first is what list endpoints usually do.
      .reverse();
    const page = (at: number): string => {
      const params = new URLSearchParams({ limit: String(limit), offset: String(at) });
      if (searchKey !== undefined) params.set('search_key', searchKey);
      return `${this.baseUrl}/orders?${params.toString()}`;
    };
    return {
      status: 200,
      body: {
        count: matching.length,
        next: offset + limit < matching.length ? page(offset + limit) : null,
        previous: offset > 0 ? page(Math.max(0, offset - limit)) : null,
        results: matching.slice(offset, offset + limit),
      },
    };
  }

  private getOrder(id: string): Reply {
    const order = this.orders.get(id);
    if (!order) return { status: 404, body: error('Order not found') };
    return { status: 200, body: order.json };
  }

  private getReport(id: string): Reply {
    const report = this.reports.get(id);
    if (!report) return { status: 404, body: error('Report not found') };
    return { status: 200, body: report };
  }

  private cancelOrder(id: string, body: unknown): Reply {
    const order = this.orders.get(id);
    if (!order) return { status: 404, body: error('Order not found') };
    if (!isRecord(body)) return invalidFields({ cancellation_reason: ['This field is required.'] });
    const reason = body['cancellation_reason'];
    const details = body['cancellation_details'];
    const invalid: InvalidFields = {};
    if (reason === undefined || reason === null) invalid['cancellation_reason'] = ['This field is required.'];
    else if (typeof reason !== 'string' || !CANCEL_REASONS.includes(reason)) {
      invalid['cancellation_reason'] = [`Must be one of: ${CANCEL_REASONS.join(', ')}.`];
    }
    if (details !== undefined && details !== null && typeof details !== 'string') {
      invalid['cancellation_details'] = ['Must be a string.'];
    }
    if (Object.keys(invalid).length > 0 || typeof reason !== 'string') return invalidFields(invalid);

    // Truework does not document what canceling a fully terminal order answers (400 and 404 are both listed).
    // We answer 200 with the unchanged order so a client's "cancel is idempotent" path is exercised; the client
    // must not rely on an error to learn the order already finished.
    const open = order.json.verification_requests.filter((vr) => !TERMINAL_STATES.has(vr.state.canonical_value));
    if (open.length > 0) {
      this.lifecycle.cancel(order.stepTimer);
      order.stepTimer = undefined;
      const now = new Date().toISOString();
      for (const vr of open) {
        vr.cancellation_reason = wrap(reason);
        vr.cancellation_details = typeof details === 'string' ? details : null;
        vr.date_of_completion = now;
        this.changeState(order, vr, 'canceled');
      }
      this.maybeOrderCompleted(order);
      this.save();
    }
    return {
      status: 200,
      body: {
        id: order.json.id,
        loan_id: order.json.loan_id,
        verification_requests: order.json.verification_requests.map((vr) => ({
          id: vr.id,
          created: vr.created,
          state: vr.state,
          cancellation_reason: vr.cancellation_reason,
          cancellation_details: vr.cancellation_details,
          date_of_completion: vr.date_of_completion,
          loan_id: vr.loan_id,
          turnaround_time: vr.turnaround_time,
        })),
      },
    };
  }

  private scheduleStep(order: OrderState): void {
    order.stepTimer = this.lifecycle.schedule(this.stepDelayMs, () => {
      order.stepTimer = undefined;
      this.step(order);
      this.save();
    });
  }

  /** Moves every open verification request one state along its sandbox path. */
  private step(order: OrderState): void {
    let more = false;
    for (const vr of order.json.verification_requests) {
      const state = vr.state.canonical_value;
      if (state === 'pending-approval') {
        this.changeState(order, vr, 'processing');
        more = true;
      } else if (state === 'processing') {
        this.finish(order, vr);
      }
    }
    this.maybeOrderCompleted(order);
    if (more) this.scheduleStep(order);
  }

  private finish(order: OrderState, vr: VerificationRequestJson): void {
    const scenario = order.scenario;
    const now = new Date();
    if (scenario.outcome === 'completed') {
      const employer = order.json.target_employer.target.company;
      vr.reports = buildSandboxReports(scenario.profileIndex, {
        ssnLast4: order.ssnLast4,
        employerName: employer.name,
        employerAddress: employer.address ? { ...employer.address } : null,
        verificationRequest: { id: vr.id, type: vr.type, created: vr.created },
        now,
        newId,
      });
      for (const report of vr.reports) this.reports.set(report.id, report);
      vr.date_of_completion = now.toISOString();
      this.changeState(order, vr, 'completed');
    } else if (scenario.outcome === 'canceled') {
      vr.cancellation_reason = wrap('no-match');
      vr.cancellation_details = 'No record found for the target';
      vr.date_of_completion = now.toISOString();
      this.changeState(order, vr, 'canceled');
    } else {
      // The sandbox parks 000-03 orders here for good; only a cancel moves them on.
      this.changeState(order, vr, 'action-required');
    }
  }

  private changeState(order: OrderState, vr: VerificationRequestJson, state: string): void {
    vr.state = wrap(state);
    this.emit(order, 'verification_request.state.change', {
      order_id: order.json.id,
      verification_request_id: vr.id,
      state,
      metadata: order.json.target_employer.metadata,
    });
  }

  private maybeOrderCompleted(order: OrderState): void {
    if (order.orderCompletedSent) return;
    const done = order.json.verification_requests.every((vr) => TERMINAL_STATES.has(vr.state.canonical_value));
    if (!done) return;
    order.orderCompletedSent = true;
    this.emit(order, 'order.completed', { order_id: order.json.id, metadata: order.json.target_employer.metadata });
  }

  /** Queues a webhook; the faults and URL in force now decide whether and how it is delivered. */
  private emit(order: OrderState, event: string, data: Record<string, unknown>): void {
    this.outbox.emit(order, (url) => ({
      body: JSON.stringify({
        version: API_VERSION,
        hook: { id: this.hookId, event, target: url, triggered_at: new Date().toISOString() },
        data: structuredClone(data),
      }),
      headers: { 'X-Truework-Token': this.options.webhookToken },
    }));
  }
}

interface CreateInput {
  type: string;
  permissiblePurpose: string;
  useCase: string;
  firstName: string;
  lastName: string;
  ssnDigits: string;
  scenario: SandboxScenario;
  dateOfBirth: string | null;
  contactEmail: string | null;
  phoneNumber: string | null;
  companyName: string;
  companyAddress: SandboxAddress | null;
  loanId: string | null;
  searchKey: string | null;
  metadata: Metadata | null;
  additionalInformation: string | null;
  allowedMethods: string[];
  authorizationForms: string[] | null;
  resellerOriginatingParty: unknown;
  tenantPropertyId: string | null;
}

const REQUIRED = 'This field is required.';

/** Validates a create body the way Truework reports it: every bad field at once, nested like the body. */
function parseCreate(body: unknown): { value: CreateInput } | { reply: Reply } {
  const invalid: InvalidFields = {};
  const fail = (path: string[], message: string): void => addInvalid(invalid, path, message);
  const root = isRecord(body) ? body : {};
  if (body !== undefined && !isRecord(body)) fail(['non_field_errors'], 'Expected a JSON object.');

  const requiredString = (record: Record<string, unknown>, path: string[]): string => {
    const key = path[path.length - 1] ?? '';
    const value = record[key];
    if (value === undefined || value === null || value === '') fail(path, REQUIRED);
    else if (typeof value !== 'string') fail(path, 'Must be a string.');
    else return value;
    return '';
  };
  const optionalString = (record: Record<string, unknown>, path: string[]): string | null => {
    const value = record[path[path.length - 1] ?? ''];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value;
    fail(path, 'Must be a string or null.');
    return null;
  };
  const choice = (record: Record<string, unknown>, key: string, allowed: string[]): string => {
    const value = requiredString(record, [key]);
    if (value && !allowed.includes(value)) fail([key], 'Not a valid choice.');
    return value;
  };

  const type = choice(root, 'type', ORDER_TYPES);
  const permissiblePurpose = choice(root, 'permissible_purpose', PERMISSIBLE_PURPOSES);
  const useCase = choice(root, 'use_case', USE_CASES);

  const rawTarget = root['target'];
  if (rawTarget !== undefined && rawTarget !== null && !isRecord(rawTarget)) fail(['target'], 'Must be an object.');
  const target = isRecord(rawTarget) ? rawTarget : {};
  const firstName = requiredString(target, ['target', 'first_name']);
  const lastName = requiredString(target, ['target', 'last_name']);
  const ssn = requiredString(target, ['target', 'social_security_number']);
  const dateOfBirth = optionalString(target, ['target', 'date_of_birth']);
  if (dateOfBirth !== null && !/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) {
    fail(['target', 'date_of_birth'], 'Date has wrong format. Use YYYY-MM-DD.');
  }
  const contactEmail = optionalString(target, ['target', 'contact_email']);
  const phoneNumber = optionalString(target, ['target', 'phone_number']);

  const rawCompany = target['company'];
  if (rawCompany !== undefined && rawCompany !== null && !isRecord(rawCompany)) {
    fail(['target', 'company'], 'Must be an object.');
  }
  const company = isRecord(rawCompany) ? rawCompany : {};
  const companyName = requiredString(company, ['target', 'company', 'name']);
  let companyAddress: SandboxAddress | null = null;
  const rawAddress = company['address'];
  if (isRecord(rawAddress)) {
    const address = {} as SandboxAddress;
    for (const field of ADDRESS_FIELDS) {
      address[field] = optionalString(rawAddress, ['target', 'company', 'address', field]);
    }
    companyAddress = address;
  } else if (rawAddress !== undefined && rawAddress !== null) {
    fail(['target', 'company', 'address'], 'Must be an object or null.');
  }

  let ssnDigits = '';
  let scenario: SandboxScenario | null = null;
  if (ssn) {
    const digits = normalizeSsn(ssn);
    if (digits === null) {
      fail(['target', 'social_security_number'], 'Enter a valid social security number (NNN-NN-NNNN or 9 digits).');
    } else {
      ssnDigits = digits;
      scenario = sandboxScenario(digits);
      // Never echo the SSN: error bodies end up in logs.
      if (!scenario) fail(['target', 'social_security_number'], 'Not a sandbox test SSN.');
    }
  }

  const loanId = optionalString(root, ['loan_id']);
  const searchKey = optionalString(root, ['search_key']);
  const additionalInformation = optionalString(root, ['additional_information']);
  const tenantPropertyId = optionalString(root, ['tenant_property_id']);

  let metadata: Metadata | null = null;
  const rawMetadata = root['metadata'];
  if (isRecord(rawMetadata)) {
    metadata = {};
    for (const [key, value] of Object.entries(rawMetadata)) {
      if (typeof value === 'string') metadata[key] = value;
      else fail(['metadata', key], 'Metadata values must be strings.');
    }
  } else if (rawMetadata !== undefined && rawMetadata !== null) {
    fail(['metadata'], 'Must be a flat object of strings.');
  }

  let allowedMethods = ['instant', 'smart-outreach', 'credentials'];
  const rawConfig = root['request_config'];
  if (isRecord(rawConfig) && rawConfig['allowed_verification_methods'] !== undefined) {
    const methods = rawConfig['allowed_verification_methods'];
    if (
      Array.isArray(methods) &&
      methods.length > 0 &&
      methods.every((m): m is string => typeof m === 'string' && VERIFICATION_METHODS.includes(m))
    ) {
      allowedMethods = [...methods];
    } else {
      fail(
        ['request_config', 'allowed_verification_methods'],
        `Must be a non-empty list of: ${VERIFICATION_METHODS.join(', ')}.`,
      );
    }
  } else if (rawConfig !== undefined && rawConfig !== null && !isRecord(rawConfig)) {
    fail(['request_config'], 'Must be an object.');
  }

  let authorizationForms: string[] | null = null;
  const rawForms = root['authorization_forms'];
  if (Array.isArray(rawForms)) {
    authorizationForms = [];
    rawForms.forEach((form, index) => {
      if (isRecord(form) && typeof form['filename'] === 'string' && typeof form['content'] === 'string') {
        authorizationForms?.push(form['filename']);
      } else {
        fail(['authorization_forms', String(index)], 'Each form needs a filename and base64 content.');
      }
    });
  } else if (rawForms !== undefined && rawForms !== null) {
    fail(['authorization_forms'], 'Must be a list.');
  }

  if (Object.keys(invalid).length > 0) {
    const onlySsn =
      Object.keys(invalid).length === 1 &&
      isRecord(invalid['target']) &&
      Object.keys(invalid['target']).length === 1 &&
      scenario === null &&
      ssnDigits !== '';
    const message = onlySsn
      ? 'target.social_security_number is not a sandbox test SSN: use 000-00-000X (X 0-7), 000-01-XXXX or 000-03-XXXX'
      : 'Invalid field values provided';
    return { reply: { status: 400, body: { error: { message, invalid_fields: invalid } } } };
  }
  if (!scenario) throw new Error('unreachable: a valid body has a sandbox scenario');
  return {
    value: {
      type,
      permissiblePurpose,
      useCase,
      firstName,
      lastName,
      ssnDigits,
      scenario,
      dateOfBirth,
      contactEmail,
      phoneNumber,
      companyName,
      companyAddress,
      loanId,
      searchKey,
      metadata,
      additionalInformation,
      allowedMethods,
      authorizationForms,
      resellerOriginatingParty: root['reseller_originating_party'] ?? null,
      tenantPropertyId,
    },
  };
}

/** Checks a parsed state file as far as the simulator's code relies on it; throws on the first problem. */
function parseSavedState(value: unknown): SavedState {
  const check = (ok: boolean, problem: string): void => {
    if (!ok) throw new Error(problem);
  };
  check(isRecord(value) && value['version'] === STATE_FILE_VERSION, 'not a version 1 state file');
  const root = value as Record<string, unknown>;
  check(Number.isInteger(root['hookId']), 'bad hookId');
  check(Array.isArray(root['orders']), 'no orders list');
  for (const order of root['orders'] as unknown[]) {
    check(isRecord(order), 'an order is not an object');
    const saved = order as Record<string, unknown>;
    const json = saved['json'];
    check(isRecord(json) && typeof json['id'] === 'string', 'an order has no id');
    const { target_employer: employer, verification_requests: requests } = json as Record<string, unknown>;
    const target = isRecord(employer) ? employer['target'] : undefined;
    const company = isRecord(target) ? target['company'] : undefined;
    check(isRecord(company) && typeof company['name'] === 'string', 'an order has no target company');
    check(isSandboxScenario(saved['scenario']), 'an order has an unknown scenario');
    check(typeof saved['ssnLast4'] === 'string', 'an order has no SSN digits');
    check(typeof saved['orderCompletedSent'] === 'boolean', 'an order has no completion flag');
    check(Array.isArray(requests) && requests.length > 0, 'an order has no verification requests');
    for (const vr of requests as unknown[]) {
      const state = isRecord(vr) ? vr['state'] : undefined;
      const reports = isRecord(vr) ? vr['reports'] : undefined;
      check(isRecord(vr) && typeof vr['id'] === 'string', 'a verification request has no id');
      check(isRecord(state) && typeof state['canonical_value'] === 'string', 'a verification request has no state');
      check(
        Array.isArray(reports) && reports.every((report) => isRecord(report) && typeof report['id'] === 'string'),
        'a verification request has malformed reports',
      );
    }
  }
  return value as SavedState;
}

function addInvalid(invalid: InvalidFields, path: string[], message: string): void {
  let node = invalid;
  for (const [index, key] of path.entries()) {
    if (index === path.length - 1) {
      const existing = node[key];
      if (Array.isArray(existing)) existing.push(message);
      else node[key] = [message];
      return;
    }
    const child = node[key];
    if (child === undefined || Array.isArray(child)) {
      const fresh: InvalidFields = {};
      node[key] = fresh;
      node = fresh;
    } else {
      node = child;
    }
  }
}

function invalidFields(invalid: InvalidFields): Reply {
  return { status: 400, body: { error: { message: 'Invalid field values provided', invalid_fields: invalid } } };
}

function error(message: string): { error: { message: string } } {
  return { error: { message } };
}

function wrap(value: string): OutputWrapper {
  return { canonical_value: value, raw_value: value };
}

/** Truework ids are long opaque URL-safe strings that start with a run of `A`s. */
function newId(): string {
  return `AAAAAAAA${randomBytes(36).toString('base64url')}`;
}

/** A non-negative integer query parameter; null when present but malformed. */
function parseCount(value: string | undefined, fallback: number): number | null {
  if (value === undefined || value === '') return fallback;
  return /^\d+$/.test(value) ? Number(value) : null;
}

/** Why the Accept header's version cannot be served, or undefined when it can (or names none). */
function versionProblem(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  const match = /(?:^|;)\s*version\s*=\s*"?([^";,\s]*)"?/i.exec(accept);
  if (!match) return undefined;
  const version = match[1] ?? '';
  if (version === API_VERSION) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(version) && version < API_VERSION) {
    return `API version ${version} is older than this key's pinned version ${API_VERSION}; downgrading is not allowed`;
  }
  return 'Invalid API version requested';
}

function faultMessage(status: number): string {
  if (status === 429) return 'Rate limit exceeded';
  if (status >= 500) return 'Internal server error';
  return 'Request failed';
}
