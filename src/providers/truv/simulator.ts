import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { safeEqual } from '../constant-time';
import type { FixtureAddress, FixtureEmployment, TruvScenario } from './sandbox-fixtures';
import {
  buildEmployment,
  employmentOnly,
  FIXTURE_SHIFT_COUNT,
  isTruvScenario,
  SANDBOX_SSN,
  scenarioFor,
} from './sandbox-fixtures';

/** How to start a {@link TruvSimulator}. */
export interface TruvSimulatorOptions {
  /** Port to listen on (127.0.0.1); 0 or unset picks a free port. */
  port?: number;
  /** When set, `X-Access-Client-Id` must equal it; when unset any non-empty client id is accepted. */
  clientId?: string;
  /** The Access Secret every request must send as `X-Access-Secret`; it also signs the webhooks. */
  secret: string;
  /** Where webhooks are POSTed; unset means no webhooks are sent. */
  webhookUrl?: string;
  /** Delay between the steps of an applicant's journey; default 1000 ms. */
  stepDelayMs?: number;
  /** Orders still open this long after creation expire; unset means the 72-hour window, checked on each request. */
  expireAfterMs?: number;
  /**
   * A JSON file that keeps the orders, users' connections and reports, and webhook subscriptions across restarts.
   * Read on start when it exists (a missing file is a fresh start; an unreadable or malformed one is reported on
   * stderr and ignored, then overwritten by the next change), and rewritten whole, atomically, after every change.
   * Journeys that were under way carry on after a restart. Unset, everything lives in memory only.
   */
  stateFile?: string;
}

/** Misbehaviour the simulator can be told to show, for resilience tests. */
export interface TruvFaults {
  /** Never send webhooks (events that happen while set are lost for good). */
  dropWebhooks: boolean;
  /** Send every webhook twice, with an identical body. */
  duplicateWebhooks: boolean;
  /** Extra delay before each webhook delivery. */
  webhookDelayMs: number;
  /** The next `count` API requests answer `status` (with `Retry-After` when given) without doing anything. */
  failNextRequests: { count: number; status: number; retryAfterSeconds?: number } | null;
  /** The next successful `POST /v1/orders/` creates the order, then destroys the socket unanswered. */
  loseNextCreateResponse: boolean;
  /** Delay before every API response is written (the work is already done by then). */
  responseDelayMs: number;
}

/** One API request the simulator received. */
export interface SimulatedRequest {
  method: string;
  /** URL path without the query string. */
  path: string;
  /** Epoch ms when the request arrived. */
  at: number;
  /** Status answered; 0 while pending or when the connection was destroyed instead (lost create response). */
  status: number;
}

const WEBHOOK_RETRIES = 3;
const WEBHOOK_RETRY_DELAY_MS = 500;
const WEBHOOK_TIMEOUT_MS = 5_000;
/** Truv's default order expiry is 72 business hours; plain hours are close enough here. */
const DEFAULT_EXPIRY_MS = 72 * 3_600_000;
const PRODUCTS = ['income', 'employment', 'assets', 'deposit_switch', 'pll', 'insurance', 'transactions'];
const RESOLVED = new Set(['completed', 'error', 'canceled', 'expired', 'no_data', 'skipped']);
const ENV_TYPES = ['sandbox', 'dev', 'prod'];
/** The events `POST /v1/webhooks/` accepts (seed 004). */
const SUBSCRIBABLE_EVENTS = [
  'task-status-updated',
  'order-status-updated',
  'order-created',
  'link-connected',
  'link-disconnected',
  'order-refresh-failed',
  'link-deleted',
  'employment-created',
  'employment-updated',
  'profile-created',
  'profile-updated',
  'statements-created',
  'statements-updated',
  'shifts-created',
  'shifts-updated',
  'bank-accounts-created',
  'bank-accounts-updated',
];
const PAYROLL_PROVIDER = { id: 'truv_payroll', name: 'Truv Payroll Provider', logo_url: null };
/** Bumped when the state file's shape (or a scenario's journey) changes, so an old file is ignored, not misread. */
const STATE_FILE_VERSION = 1;

const NO_FAULTS: TruvFaults = {
  dropWebhooks: false,
  duplicateWebhooks: false,
  webhookDelayMs: 0,
  failNextRequests: null,
  loseNextCreateResponse: false,
  responseDelayMs: 0,
};

interface SuborderJson {
  id: string;
  status: string;
  product_type: string;
  suborder_number: string | null;
  created_at: string;
  updated_at: string;
  bridge_token: string;
  link_id: string | null;
  access_token: string | null;
  pdf_report: string | null;
  data_source: string | null;
  provider: typeof PAYROLL_PROVIDER | null;
  is_suspicious: boolean;
  start_date: string | null;
  end_date: string | null;
  company_name: string | null;
  company_address: FixtureAddress | null;
  company_domain: string | null;
  company_logo: string | null;
  employments: FixtureEmployment[];
}

interface OrderJson {
  id: string;
  products: string[];
  source: string;
  order_number: string | null;
  custom_field: string | null;
  client_name: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  external_user_id: string | null;
  user_id: string;
  bridge_token: string;
  share_url: string;
  short_share_url: string;
  template_id: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  canceled_at: string | null;
  completed_at: string | null;
  expired_at: string;
  is_expired: boolean;
  user_consent_at: string | null;
  initial_order: string | null;
  refresh_order: string | null;
  voie_report_id: string | null;
  voa_report_id: string | null;
  employers: SuborderJson[];
  financial_accounts: unknown[];
}

interface ReportLinkJson {
  id: string;
  link_id: string;
  tracking_info: string;
  data_source: string;
  provider: string;
  provider_name: string;
  is_suspicious: boolean;
  employments: FixtureEmployment[];
}

interface ReportJson {
  report_id: string;
  created_at: string;
  completed_at: string;
  last_task_at: string;
  links: ReportLinkJson[];
}

interface WebhookJson {
  id: string;
  name: string;
  webhook_url: string;
  events: string[];
  env_type: string;
  created_at: string;
  updated_at: string;
}

/** A completed connection: the link and the payroll data it yielded. */
interface Connection {
  linkId: string;
  suborderId: string;
  employment: FixtureEmployment;
  completedAt: string;
  isVoe: boolean;
}

interface OrderState {
  json: OrderJson;
  scenario: TruvScenario;
  /** The SSN as the report shows it: the sandbox SSN in full (it is public), any other only as its last four. */
  profileSsn: string;
  steps: (() => void)[];
  stepTimer: NodeJS.Timeout | undefined;
  expiryTimer: NodeJS.Timeout | undefined;
  /** The applicant's payroll link and current task, once the journey has started one. */
  linkId: string | null;
  taskId: string | null;
  /** Webhooks of one order go out one after another, so a receiver sees them in the order they happened. */
  webhookChain: Promise<void>;
}

/** What `stateFile` holds. Nothing in it depends on the port, which changes from run to run. */
interface SavedState {
  version: typeof STATE_FILE_VERSION;
  /** In creation order, which is the order lists show them in (reversed). */
  orders: SavedOrder[];
  reports: { userId: string; report: ReportJson }[];
  connections: { userId: string; connections: Connection[] }[];
  subscriptions: WebhookJson[];
}

/**
 * An order without its timers and webhook queue. The journey's steps are closures, so only how many remain is
 * saved: a scenario's journey is always the same list, and its last `stepsLeft` entries are what was still to come.
 */
type SavedOrder = Pick<OrderState, 'json' | 'scenario' | 'profileSsn' | 'linkId' | 'taskId'> & { stepsLeft: number };

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering (lost create response). */
  destroySocket?: boolean;
}

interface InvalidParam {
  field: string;
  message: string;
}

const REQUIRED = 'This field is required.';

/**
 * An HTTP server that behaves like Truv's Orders API in the sandbox: orders with one employer suborder each, an
 * applicant who follows the journey the order selects (see `TRUV_SCENARIOS`), user reports, webhook subscriptions,
 * and webhooks signed with the Access Secret as Truv signs them. Used by tests and by `voie dev`.
 *
 * Webhooks go to the URL given at start (or `setWebhookUrl`) for every event; subscriptions made through
 * `/v1/webhooks/` are stored and listed but do not route deliveries.
 */
export class TruvSimulator {
  /** Every API request received, in order. */
  readonly requests: SimulatedRequest[] = [];

  private readonly orders = new Map<string, OrderState>();
  private readonly reports = new Map<string, { userId: string; report: ReportJson }>();
  private readonly connections = new Map<string, Connection[]>();
  private readonly subscriptions = new Map<string, WebhookJson>();
  private readonly recordOf = new WeakMap<Request, SimulatedRequest>();
  private readonly sleeps = new Map<NodeJS.Timeout, () => void>();
  private readonly inflight = new Set<AbortController>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly stepDelayMs: number;
  private faults: TruvFaults = { ...NO_FAULTS };
  private webhookUrl: string | undefined;
  private pending = 0;
  private closed = false;
  /** Set after a failed state file write, so a full disk warns once rather than on every step. */
  private saveFailing = false;
  private server: http.Server | undefined;
  private url = '';

  private constructor(private readonly options: TruvSimulatorOptions) {
    this.stepDelayMs = options.stepDelayMs ?? 1_000;
    this.webhookUrl = options.webhookUrl;
  }

  /** Starts the simulator on 127.0.0.1 and resolves once it listens. */
  static async start(options: TruvSimulatorOptions): Promise<TruvSimulator> {
    const simulator = new TruvSimulator(options);
    simulator.load();
    await simulator.listen(options.port ?? 0);
    // Only once listening: a start that fails must not leave journey timers behind.
    simulator.resume();
    return simulator;
  }

  /** e.g. `http://127.0.0.1:PORT`, without a trailing slash and without `/v1`. */
  get baseUrl(): string {
    return this.url;
  }

  setFaults(faults: Partial<TruvFaults>): void {
    this.faults = { ...this.faults, ...faults };
  }

  resetFaults(): void {
    this.faults = { ...NO_FAULTS };
  }

  /** Affects events that happen from now on; deliveries already queued keep their URL. */
  setWebhookUrl(url: string | undefined): void {
    this.webhookUrl = url;
  }

  /** Orders as stored (the order JSON as GET returns it), for test assertions. */
  listOrders(): unknown[] {
    return [...this.orders.values()].map((order) => structuredClone(order.json));
  }

  /** Resolves once no journey step or expiry is scheduled and no webhook is pending or in flight (for tests). */
  idle(): Promise<void> {
    if (this.pending === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops the server, cancels every timer and in-flight webhook, and closes keep-alive connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const order of this.orders.values()) {
      clearTimeout(order.stepTimer);
      clearTimeout(order.expiryTimer);
    }
    for (const [timer, resolve] of this.sleeps) {
      clearTimeout(timer);
      resolve();
    }
    this.sleeps.clear();
    for (const controller of this.inflight) controller.abort();
    this.pending = 0;
    this.resolveIdle();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Restores what `stateFile` holds, if anything; never throws (see the option). */
  private load(): void {
    const file = this.options.stateFile;
    if (file === undefined) return;
    try {
      const saved = parseSavedState(JSON.parse(readFileSync(file, 'utf8')));
      // Built aside and adopted whole, so a bad order half-way through the file leaves nothing behind.
      const orders = saved.orders.map(({ stepsLeft, ...fields }) => {
        const order: OrderState = {
          ...fields,
          steps: [],
          stepTimer: undefined,
          expiryTimer: undefined,
          webhookChain: Promise.resolve(),
        };
        const journey = this.journey(order);
        if (stepsLeft > journey.length) throw new Error(`order ${order.json.id} has more steps left than its journey`);
        order.steps = journey.slice(journey.length - stepsLeft);
        return order;
      });
      for (const order of orders) this.orders.set(order.json.id, order);
      for (const stored of saved.reports) this.reports.set(stored.report.report_id, stored);
      for (const { userId, connections } of saved.connections) this.connections.set(userId, connections);
      for (const subscription of saved.subscriptions) this.subscriptions.set(subscription.id, subscription);
    } catch (err) {
      if (isRecord(err) && err['code'] === 'ENOENT') return;
      warn(`cannot restore state from ${file} (${reasonOf(err)}); starting with no orders`);
    }
  }

  /**
   * Carries on the journeys of restored orders from the step they stood at; `Idle` orders (no steps left) stay
   * parked until canceled or expired, ended ones stay as they are. Webhooks that were queued or being retried at
   * shutdown are not saved, so they are lost: the real Truv retries from its side and voie polls, so a missed event
   * only delays the outcome.
   */
  private resume(): void {
    const expireAfterMs = this.options.expireAfterMs;
    const now = Date.now();
    for (const order of this.orders.values()) {
      this.scheduleStep(order);
      const open = order.json.employers.some((employer) => !RESOLVED.has(employer.status));
      // Without expireAfterMs the window is checked on each request instead (see expireDue).
      if (expireAfterMs !== undefined && open && !order.json.canceled_at && !order.json.is_expired) {
        this.scheduleExpiry(order, Math.max(0, Date.parse(order.json.expired_at) - now));
      }
    }
  }

  /** Writes the whole state to `stateFile`, through a temporary file and a rename so a crash never leaves half. */
  private save(): void {
    const file = this.options.stateFile;
    // A closed simulator may share its file with its successor; it must not overwrite what that one wrote.
    if (file === undefined || this.closed) return;
    const state: SavedState = {
      version: STATE_FILE_VERSION,
      orders: [...this.orders.values()].map((order) => ({
        json: order.json,
        scenario: order.scenario,
        profileSsn: order.profileSsn,
        linkId: order.linkId,
        taskId: order.taskId,
        stepsLeft: order.steps.length,
      })),
      reports: [...this.reports.values()],
      connections: [...this.connections].map(([userId, connections]) => ({ userId, connections })),
      subscriptions: [...this.subscriptions.values()],
    };
    const temporary = `${file}.tmp`;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(temporary, JSON.stringify(state));
      renameSync(temporary, file);
      this.saveFailing = false;
    } catch (err) {
      // The running simulator still has everything in memory; only a restart would lose the unsaved change.
      if (!this.saveFailing) warn(`cannot save state to ${file} (${reasonOf(err)}); state is kept in memory only`);
      this.saveFailing = true;
    }
  }

  private async listen(port: number): Promise<void> {
    const server = http.createServer(this.buildApp());
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${address.port}`;
  }

  private buildApp(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);

    app.use((req, res, next) => {
      const record: SimulatedRequest = { method: req.method, path: req.path, at: Date.now(), status: 0 };
      this.requests.push(record);
      this.recordOf.set(req, record);
      next();
    });

    app.use((req, res, next) => {
      const fail = this.faults.failNextRequests;
      if (!fail || fail.count <= 0) return next();
      this.faults.failNextRequests = fail.count > 1 ? { ...fail, count: fail.count - 1 } : null;
      const headers: Record<string, string> = {};
      if (fail.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fail.retryAfterSeconds);
      this.send(req, res, { status: fail.status, body: faultBody(fail.status, fail.retryAfterSeconds), headers });
    });

    app.use((req, res, next) => {
      if (this.authorized(req)) return next();
      this.send(req, res, { status: 401, body: error('authentication_failed', 'Invalid client id or access secret') });
    });

    app.use((req, res, next) => {
      this.expireDue();
      next();
    });

    app.use(express.json({ limit: '10mb' }));

    app.get('/v1/orders/', (req, res) => this.send(req, res, this.listOrdersReply(req.query)));
    app.post('/v1/orders/', (req, res) => this.send(req, res, this.createOrder(req.body)));
    app.get('/v1/orders/:id/', (req, res) => this.send(req, res, this.getOrder(req.params.id)));
    app.post('/v1/orders/:id/cancel/', (req, res) => this.send(req, res, this.cancelOrder(req.params.id)));
    app.post('/v1/users/:userId/reports/', (req, res) =>
      this.send(req, res, this.createReport(req.params.userId, req.body)),
    );
    app.get('/v1/users/:userId/reports/:reportId/', (req, res) =>
      this.send(req, res, this.getReport(req.params.userId, req.params.reportId)),
    );
    app.get('/v1/links/:linkId/income/report/', (req, res) =>
      this.send(req, res, this.linkReport(req.params.linkId, false)),
    );
    app.get('/v1/links/:linkId/employment/report/', (req, res) =>
      this.send(req, res, this.linkReport(req.params.linkId, true)),
    );
    app.get('/v1/webhooks/', (req, res) => this.send(req, res, page([...this.subscriptions.values()])));
    app.post('/v1/webhooks/', (req, res) => this.send(req, res, this.createWebhook(req.body)));
    app.get('/v1/webhooks/:id/', (req, res) => {
      const subscription = this.subscriptions.get(req.params.id);
      this.send(req, res, subscription ? { status: 200, body: subscription } : notFound());
    });
    app.patch('/v1/webhooks/:id/', (req, res) => this.send(req, res, this.updateWebhook(req.params.id, req.body)));
    app.delete('/v1/webhooks/:id/', (req, res) => this.send(req, res, this.deleteWebhook(req.params.id)));

    app.use((req, res) => this.send(req, res, notFound()));

    // Express hands body-parser failures (bad JSON, too large, bad charset) and any handler bug to this.
    app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
      const status = httpStatusOf(err);
      if (status !== undefined && status >= 400 && status < 500) {
        const body =
          status === 400
            ? error('parse_error', 'JSON parse error')
            : error('incorrect_parameters', 'Request body could not be read');
        this.send(req, res, { status, body });
        return;
      }
      this.send(req, res, { status: 500, body: error('server_error', 'Internal server error') });
    });
    return app;
  }

  private authorized(req: Request): boolean {
    const clientId = req.headers['x-access-client-id'];
    const secret = req.headers['x-access-secret'];
    if (typeof clientId !== 'string' || clientId === '' || typeof secret !== 'string') return false;
    const idOk = this.options.clientId === undefined || safeEqual(clientId, this.options.clientId);
    // Both comparisons always run, so the time taken does not tell which one failed.
    const secretOk = safeEqual(secret, this.options.secret);
    return idOk && secretOk;
  }

  private send(req: Request, res: Response, reply: Reply): void {
    void this.sendLater(req, res, reply);
  }

  private async sendLater(req: Request, res: Response, reply: Reply): Promise<void> {
    try {
      if (this.faults.responseDelayMs > 0) await this.sleep(this.faults.responseDelayMs);
      const record = this.recordOf.get(req);
      if (reply.destroySocket || this.closed) {
        req.socket.destroy();
        return;
      }
      if (record) record.status = reply.status;
      if (res.headersSent || res.destroyed) return;
      res.status(reply.status);
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      if (reply.body === undefined) res.end();
      else res.json(reply.body);
    } catch {
      // The client went away mid-response; there is nobody left to tell.
      req.socket.destroy();
    }
  }

  private createOrder(body: unknown): Reply {
    const parsed = parseCreate(body);
    if ('reply' in parsed) return parsed.reply;
    const input = parsed.value;
    const created = new Date();
    const now = timestamp(created);
    const id = newId();
    const bridgeToken = newId();
    const product = input.products[0] ?? 'income';
    const employers =
      input.employers.length > 0 ? input.employers : [{ companyName: null, address: null, number: null }];
    const order: OrderJson = {
      id,
      products: input.products,
      source: 'api',
      order_number: input.orderNumber,
      custom_field: null,
      client_name: 'voie simulator',
      first_name: input.firstName,
      last_name: input.lastName,
      email: input.email,
      phone: input.phone,
      external_user_id: input.externalUserId ?? input.orderNumber,
      user_id: newId(),
      bridge_token: bridgeToken,
      share_url: `https://cdn.truv.com/employment.html?bridge_token=${bridgeToken}&order_group_id=${id}`,
      // The real short-link host is not documented; this one is made up.
      short_share_url: `https://truv.link/${randomBytes(5).toString('hex')}`,
      template_id: null,
      notes: null,
      created_at: now,
      updated_at: now,
      canceled_at: null,
      completed_at: null,
      expired_at: timestamp(new Date(created.getTime() + (this.options.expireAfterMs ?? DEFAULT_EXPIRY_MS))),
      is_expired: false,
      user_consent_at: null,
      initial_order: null,
      refresh_order: null,
      voie_report_id: null,
      voa_report_id: null,
      employers: employers.map((employer) => ({
        id: newId(),
        status: 'pending',
        product_type: product,
        suborder_number: employer.number,
        created_at: now,
        updated_at: now,
        bridge_token: newId(),
        link_id: null,
        access_token: null,
        pdf_report: null,
        data_source: null,
        provider: null,
        is_suspicious: false,
        start_date: null,
        end_date: null,
        company_name: employer.companyName,
        company_address: employer.address,
        company_domain: null,
        company_logo: null,
        employments: [],
      })),
      financial_accounts: [],
    };
    const state: OrderState = {
      json: order,
      scenario: scenarioFor(input.firstName, input.ssnDigits),
      profileSsn: profileSsnOf(input.ssnDigits),
      steps: [],
      stepTimer: undefined,
      expiryTimer: undefined,
      linkId: null,
      taskId: null,
      webhookChain: Promise.resolve(),
    };
    this.orders.set(id, state);
    this.emitOrderEvent(state, 'order-created', null, 'pending');
    state.steps = this.journey(state);
    this.scheduleStep(state);
    if (this.options.expireAfterMs !== undefined) this.scheduleExpiry(state, this.options.expireAfterMs);
    this.save();
    const reply: Reply = { status: 201, body: order };
    if (this.faults.loseNextCreateResponse) {
      this.faults.loseNextCreateResponse = false;
      reply.destroySocket = true;
    }
    return reply;
  }

  private listOrdersReply(query: Request['query']): Reply {
    const orderNumber = firstString(query['order_number']);
    const matching = [...this.orders.values()]
      .map((order) => order.json)
      .filter((order) => orderNumber === undefined || order.order_number === orderNumber)
      // Newest first, as list endpoints usually are; the real ordering is undocumented.
      .reverse();
    return page(matching);
  }

  private getOrder(id: string): Reply {
    const order = this.orders.get(id);
    return order ? { status: 200, body: order.json } : notFound();
  }

  /**
   * Cancels every open suborder. What Truv answers for an order that already ended is undocumented; this answers
   * 400 so a client's "refused, but already terminal" path is exercised.
   */
  private cancelOrder(id: string): Reply {
    const order = this.orders.get(id);
    if (!order) return notFound();
    const open = order.json.employers.filter((employer) => !RESOLVED.has(employer.status));
    if (order.json.canceled_at || order.json.is_expired || open.length === 0) {
      return invalid([{ field: 'non_field_errors', message: 'Order can not be canceled in its current status.' }]);
    }
    this.stopJourney(order);
    const now = timestamp();
    order.json.canceled_at = now;
    for (const employer of open) this.setSuborderStatus(order, employer, 'canceled');
    this.emitGroupEvent(order, 'order-finalized');
    this.save();
    return { status: 200, body: order.json };
  }

  private createReport(userId: string, body: unknown): Reply {
    if (![...this.orders.values()].some((order) => order.json.user_id === userId)) return notFound();
    const isVoe = isRecord(body) && body['is_voe'] === true;
    if (isRecord(body) && body['is_voe'] !== undefined && typeof body['is_voe'] !== 'boolean') {
      return invalid([{ field: 'is_voe', message: 'Must be a valid boolean.' }]);
    }
    const connections = this.connections.get(userId) ?? [];
    if (connections.length === 0) {
      return invalid([{ field: 'non_field_errors', message: 'The user has no completed connections.' }]);
    }
    const report = this.buildReport(userId, connections, isVoe);
    this.save();
    return { status: 201, body: report };
  }

  private getReport(userId: string, reportId: string): Reply {
    const stored = this.reports.get(reportId);
    return stored && stored.userId === userId ? { status: 200, body: stored.report } : notFound();
  }

  private linkReport(linkId: string, employmentOnlyReport: boolean): Reply {
    const connection = [...this.connections.values()].flat().find((c) => c.linkId === linkId);
    if (!connection) return notFound();
    const employment = employmentOnlyReport ? employmentOnly(connection.employment) : connection.employment;
    return {
      status: 200,
      body: {
        id: newId(),
        link_id: linkId,
        status: 'done',
        completed_at: connection.completedAt,
        tracking_info: connection.suborderId,
        refresh_status: null,
        data_source: 'payroll',
        provider: PAYROLL_PROVIDER.id,
        provider_name: PAYROLL_PROVIDER.name,
        pdf_report: `https://cdn.truv.com/reports/${linkId}.pdf`,
        employments: [employment],
      },
    };
  }

  private buildReport(userId: string, connections: Connection[], isVoe: boolean): ReportJson {
    const now = timestamp();
    const report: ReportJson = {
      report_id: newId(),
      created_at: now,
      completed_at: now,
      last_task_at:
        connections
          .map((c) => c.completedAt)
          .sort()
          .at(-1) ?? now,
      links: connections.map((connection) => ({
        id: newId(),
        link_id: connection.linkId,
        tracking_info: connection.suborderId,
        data_source: 'payroll',
        provider: PAYROLL_PROVIDER.id,
        provider_name: PAYROLL_PROVIDER.name,
        is_suspicious: false,
        employments: [isVoe ? employmentOnly(connection.employment) : structuredClone(connection.employment)],
      })),
    };
    this.reports.set(report.report_id, { userId, report });
    return report;
  }

  private createWebhook(body: unknown): Reply {
    const parsed = parseWebhook(body, false);
    if ('reply' in parsed) return parsed.reply;
    const { name, webhook_url: url, env_type: envType, events } = parsed.value;
    if (!name || !url || !envType) throw new Error('unreachable: a valid create names name, url and env_type');
    const duplicate = [...this.subscriptions.values()].find((s) => s.webhook_url === url && s.env_type === envType);
    if (duplicate) {
      return invalid([{ field: 'webhook_url', message: 'This URL is already registered for this environment.' }]);
    }
    const now = timestamp();
    const subscription: WebhookJson = {
      id: newId(),
      name,
      webhook_url: url,
      events: events ?? [],
      env_type: envType,
      created_at: now,
      updated_at: now,
    };
    this.subscriptions.set(subscription.id, subscription);
    this.save();
    return { status: 201, body: subscription };
  }

  private updateWebhook(id: string, body: unknown): Reply {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return notFound();
    const parsed = parseWebhook(body, true);
    if ('reply' in parsed) return parsed.reply;
    const changes = parsed.value;
    if (changes.name !== undefined) subscription.name = changes.name;
    if (changes.webhook_url !== undefined) subscription.webhook_url = changes.webhook_url;
    if (changes.env_type !== undefined) subscription.env_type = changes.env_type;
    if (changes.events !== undefined) subscription.events = changes.events;
    subscription.updated_at = timestamp();
    this.save();
    return { status: 200, body: subscription };
  }

  private deleteWebhook(id: string): Reply {
    if (!this.subscriptions.delete(id)) return notFound();
    this.save();
    return { status: 204 };
  }

  /** The applicant's journey for the order's scenario, one entry per step (see `TRUV_SCENARIOS`). */
  private journey(order: OrderState): (() => void)[] {
    const employer = order.json.employers[0];
    if (!employer) return [];
    const sent = () => this.setSuborderStatus(order, employer, 'sent');
    const task = (status: string) => () => this.taskStatus(order, employer, status);
    const newTask = () => {
      order.linkId ??= newId();
      order.taskId = newId();
      this.taskStatus(order, employer, 'new');
    };
    const connected = () => {
      employer.link_id = order.linkId;
      employer.data_source = 'payroll';
      employer.provider = { ...PAYROLL_PROVIDER };
      this.emitLinkEvent(order, employer, 'link-connected');
    };
    const data = () => this.collectData(order, employer);
    const completed = () => this.complete(order, employer);
    const certified = () => this.emitGroupEvent(order, 'certification-completed');
    const finalized = () => this.emitGroupEvent(order, 'order-finalized');
    const success = [connected, task('parse'), data, task('full_parse'), task('done'), completed, certified, finalized];
    switch (order.scenario) {
      case 'success':
        return [sent, newTask, task('login'), ...success];
      case 'mfa':
        return [sent, newTask, task('login'), task('mfa'), ...success];
      case 'login-error':
        return [sent, newTask, task('login'), task('login_error'), newTask, task('login'), ...success];
      case 'no-data':
        return [
          sent,
          newTask,
          task('login'),
          connected,
          task('parse'),
          task('no_data'),
          () => this.setSuborderStatus(order, employer, 'no_data'),
          finalized,
        ];
      case 'idle':
        return [sent];
    }
  }

  private scheduleStep(order: OrderState): void {
    if (this.closed || order.steps.length === 0) return;
    this.pending += 1;
    order.stepTimer = setTimeout(() => {
      order.stepTimer = undefined;
      try {
        order.steps.shift()?.();
        this.save();
        this.scheduleStep(order);
      } finally {
        this.settle();
      }
    }, this.stepDelayMs);
  }

  private scheduleExpiry(order: OrderState, afterMs: number): void {
    if (this.closed) return;
    this.pending += 1;
    order.expiryTimer = setTimeout(() => {
      order.expiryTimer = undefined;
      try {
        this.expire(order);
      } finally {
        this.settle();
      }
    }, afterMs);
  }

  private stopJourney(order: OrderState): void {
    order.steps = [];
    for (const timer of [order.stepTimer, order.expiryTimer]) {
      if (timer === undefined) continue;
      clearTimeout(timer);
      this.settle();
    }
    order.stepTimer = undefined;
    order.expiryTimer = undefined;
  }

  /** Expires every order whose window has passed (the default window is too long for a timer). */
  private expireDue(): void {
    const now = Date.now();
    for (const order of this.orders.values()) {
      if (!order.json.is_expired && Date.parse(order.json.expired_at) <= now) this.expire(order);
    }
  }

  private expire(order: OrderState): void {
    const open = order.json.employers.filter((employer) => !RESOLVED.has(employer.status));
    if (order.json.canceled_at || order.json.is_expired || open.length === 0) return;
    this.stopJourney(order);
    order.json.is_expired = true;
    for (const employer of open) this.setSuborderStatus(order, employer, 'expired');
    this.emitGroupEvent(order, 'order-finalized');
    this.save();
  }

  private setSuborderStatus(order: OrderState, employer: SuborderJson, status: string): void {
    const now = timestamp();
    employer.status = status;
    employer.updated_at = now;
    order.json.updated_at = now;
    this.emitOrderEvent(order, 'order-status-updated', employer, status);
  }

  private taskStatus(order: OrderState, employer: SuborderJson, status: string): void {
    this.emit(order, {
      event_type: 'task-status-updated',
      product: employer.product_type,
      link_id: order.linkId,
      user_id: order.json.user_id,
      data_source: 'payroll',
      task_id: order.taskId,
      tracking_info: employer.id,
      status,
      template_id: order.json.template_id,
    });
  }

  /** The data events of a first (non-refresh) task, one per kind, as Truv sends them after a parse. */
  private collectData(order: OrderState, employer: SuborderJson): void {
    const employment = buildEmployment({
      firstName: order.json.first_name,
      lastName: order.json.last_name,
      email: order.json.email,
      profileSsn: order.profileSsn,
      companyName: employer.company_name,
      companyAddress: employer.company_address,
      now: new Date(),
      newId,
    });
    employer.employments = [employment];
    const common = {
      link_id: order.linkId,
      user_id: order.json.user_id,
      product: employer.product_type,
      data_source: 'payroll',
      task_id: order.taskId,
    };
    this.emit(order, {
      event_type: 'employment-created',
      ...common,
      tracking_info: employer.id,
      object_id: employment.id,
    });
    this.emit(order, {
      event_type: 'profile-created',
      ...common,
      tracking_info: employer.id,
      object_id: employment.profile.id,
    });
    const counted: [string, number][] = [
      ['statements-created', employment.statements?.length ?? 0],
      ['shifts-created', FIXTURE_SHIFT_COUNT],
      ['bank-accounts-created', employment.bank_accounts?.length ?? 0],
    ];
    for (const [event, objects] of counted) {
      this.emit(order, {
        event_type: event,
        ...common,
        employment_id: employment.id,
        tracking_info: employer.id,
        objects_count: objects,
      });
    }
  }

  private complete(order: OrderState, employer: SuborderJson): void {
    const linkId = order.linkId ?? newId();
    const employment = employer.employments[0];
    if (!employment) return;
    const completedAt = timestamp();
    employer.link_id = linkId;
    employer.data_source = 'payroll';
    employer.provider = { ...PAYROLL_PROVIDER };
    employer.access_token = newId();
    employer.pdf_report = `https://cdn.truv.com/reports/${linkId}.pdf`;
    employer.start_date = employment.start_date;
    const isVoe = !order.json.products.includes('income');
    const userId = order.json.user_id;
    const connections = this.connections.get(userId) ?? [];
    connections.push({ linkId, suborderId: employer.id, employment, completedAt, isVoe });
    this.connections.set(userId, connections);
    // A new report id after every completed connection, as Truv documents.
    order.json.voie_report_id = this.buildReport(userId, connections, isVoe).report_id;
    if (order.json.employers.every((e) => e === employer || RESOLVED.has(e.status))) {
      order.json.completed_at = completedAt;
    }
    this.setSuborderStatus(order, employer, 'completed');
  }

  private emitOrderEvent(order: OrderState, event: string, employer: SuborderJson | null, status: string): void {
    this.emit(order, {
      event_type: event,
      product: employer?.product_type ?? order.json.products[0] ?? 'income',
      link_id: employer?.link_id ?? null,
      user_id: order.json.user_id,
      data_source: employer?.data_source ?? null,
      order_id: order.json.id,
      order_number: order.json.order_number,
      employer_id: employer?.id ?? null,
      status,
      template_id: order.json.template_id,
    });
  }

  private emitLinkEvent(order: OrderState, employer: SuborderJson, event: string): void {
    this.emit(order, {
      event_type: event,
      product: employer.product_type,
      link_id: order.linkId,
      user_id: order.json.user_id,
      data_source: 'payroll',
      tracking_info: employer.id,
    });
  }

  private emitGroupEvent(order: OrderState, event: string): void {
    this.emit(order, {
      event_type: event,
      user_id: order.json.user_id,
      order_id: order.json.id,
      order_number: order.json.order_number,
      template_id: order.json.template_id,
    });
  }

  /** Queues a webhook; the faults and URL in force now decide whether and how it is delivered. */
  private emit(order: OrderState, fields: Record<string, unknown> & { event_type: string }): void {
    const url = this.webhookUrl;
    if (url === undefined || this.closed || this.faults.dropWebhooks) return;
    const now = new Date();
    const { event_type: eventType, ...rest } = fields;
    const body = JSON.stringify({
      webhook_id: newId(),
      event_type: eventType,
      event_created_at: timestamp(now),
      ...rest,
      updated_at: timestamp(now).replace(/Z$/, '+00:00'),
    });
    const signature = `v1=${createHmac('sha256', this.options.secret).update(body).digest('hex')}`;
    const copies = this.faults.duplicateWebhooks ? 2 : 1;
    const delayMs = this.faults.webhookDelayMs;
    for (let copy = 0; copy < copies; copy++) {
      this.pending += 1;
      order.webhookChain = order.webhookChain
        .then(() => this.deliver(url, body, signature, delayMs))
        .catch(() => undefined)
        .finally(() => this.settle());
    }
  }

  private async deliver(url: string, body: string, signature: string, delayMs: number): Promise<void> {
    if (delayMs > 0) await this.sleep(delayMs);
    for (let attempt = 0; attempt <= WEBHOOK_RETRIES; attempt++) {
      if (attempt > 0) await this.sleep(WEBHOOK_RETRY_DELAY_MS);
      if (this.closed) return;
      try {
        const status = await this.post(url, body, signature);
        if (status >= 200 && status < 300) return;
      } catch {
        // Network failure: retried like a non-2xx answer.
      }
    }
  }

  private post(url: string, body: string, signature: string): Promise<number> {
    const controller = new AbortController();
    this.inflight.add(controller);
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise<number>((resolve, reject) => {
      const request = transport.request(
        target,
        {
          method: 'POST',
          // No keep-alive: a pooled socket would outlive close().
          agent: false,
          signal: controller.signal,
          timeout: WEBHOOK_TIMEOUT_MS,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            'X-WEBHOOK-SIGN': signature,
            'User-Agent': 'Truv-Webhook-Service/2.0',
            Connection: 'close',
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error('Webhook delivery timed out')));
      request.on('error', reject);
      request.end(body);
    }).finally(() => this.inflight.delete(controller));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      const timer = setTimeout(() => {
        this.sleeps.delete(timer);
        resolve();
      }, ms);
      this.sleeps.set(timer, resolve);
    });
  }

  private settle(): void {
    if (this.pending > 0) this.pending -= 1;
    if (this.pending === 0) this.resolveIdle();
  }

  private resolveIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

interface EmployerInput {
  companyName: string | null;
  address: FixtureAddress | null;
  number: string | null;
}

interface CreateInput {
  products: string[];
  firstName: string;
  lastName: string;
  ssnDigits: string | null;
  email: string | null;
  phone: string | null;
  orderNumber: string | null;
  externalUserId: string | null;
  employers: EmployerInput[];
}

/** Validates a create body the way Truv reports it: every bad field at once, in `extra.invalid-params`. */
function parseCreate(body: unknown): { value: CreateInput } | { reply: Reply } {
  const problems: InvalidParam[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  if (body !== undefined && !isRecord(body)) fail('non_field_errors', 'Expected a JSON object.');
  const root = isRecord(body) ? body : {};

  const name = (field: string): string => {
    const value = root[field];
    if (value === undefined || value === null || value === '') fail(field, REQUIRED);
    else if (typeof value !== 'string') fail(field, 'Not a valid string.');
    else if (value.length > 50) fail(field, 'Ensure this field has no more than 50 characters.');
    else return value;
    return '';
  };
  const optional = (record: Record<string, unknown>, key: string, field: string = key): string | null => {
    const value = record[key];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value;
    fail(field, 'Not a valid string.');
    return null;
  };

  const products: string[] = [];
  const rawProducts = root['products'];
  if (rawProducts === undefined || rawProducts === null) fail('products', REQUIRED);
  else if (!Array.isArray(rawProducts) || rawProducts.length === 0) fail('products', 'Expected a non-empty list.');
  else {
    for (const product of rawProducts) {
      if (typeof product === 'string' && PRODUCTS.includes(product)) products.push(product);
      else fail('products', 'Not a valid choice.');
    }
  }
  const firstName = name('first_name');
  const lastName = name('last_name');

  // Both spellings are read (see the client); a value is never echoed back, since error bodies end up in logs.
  let ssnDigits: string | null = null;
  for (const field of ['ssn', 'social_security_number']) {
    const value = root[field];
    if (value === undefined || value === null || value === '') continue;
    const digits =
      typeof value === 'string' && /^(\d{3}-?\d{2}-?\d{4}|\d{4})$/.test(value) ? value.replace(/-/g, '') : null;
    if (digits === null) fail(field, 'Enter the last 4 or all 9 digits of the social security number.');
    else if (ssnDigits !== null && ssnDigits !== digits) fail(field, 'Does not match the other SSN field.');
    else ssnDigits = digits;
  }

  const email = optional(root, 'email');
  const phone = optional(root, 'phone');
  const orderNumber = optional(root, 'order_number');
  const externalUserId = optional(root, 'external_user_id');

  const employers: EmployerInput[] = [];
  const rawEmployers = root['employers'];
  if (Array.isArray(rawEmployers)) {
    rawEmployers.forEach((employer, index) => {
      const at = `employers[${index}]`;
      if (!isRecord(employer)) {
        fail(at, 'Expected an object.');
        return;
      }
      const rawAddress = employer['company_address'];
      let address: FixtureAddress | null = null;
      if (isRecord(rawAddress)) {
        address = {
          street: optional(rawAddress, 'street', `${at}.company_address.street`),
          city: optional(rawAddress, 'city', `${at}.company_address.city`),
          state: optional(rawAddress, 'state', `${at}.company_address.state`),
          zip: optional(rawAddress, 'zip', `${at}.company_address.zip`),
          country: optional(rawAddress, 'country', `${at}.company_address.country`) ?? 'US',
        };
      } else if (rawAddress !== undefined && rawAddress !== null) {
        fail(`${at}.company_address`, 'Expected an object.');
      }
      employers.push({
        companyName: optional(employer, 'company_name', `${at}.company_name`),
        address,
        number: optional(employer, 'suborder_number', `${at}.suborder_number`),
      });
    });
  } else if (rawEmployers !== undefined && rawEmployers !== null) {
    fail('employers', 'Expected a list.');
  }

  if (problems.length > 0) return { reply: invalid(problems) };
  return {
    value: { products, firstName, lastName, ssnDigits, email, phone, orderNumber, externalUserId, employers },
  };
}

interface WebhookFields {
  name?: string;
  webhook_url?: string;
  env_type?: string;
  events?: string[];
}

/** Validates a webhook subscription body; `partial` for PATCH, where nothing is required. */
function parseWebhook(body: unknown, partial: boolean): { value: WebhookFields } | { reply: Reply } {
  const problems: InvalidParam[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  if (!isRecord(body)) return { reply: invalid([{ field: 'non_field_errors', message: 'Expected a JSON object.' }]) };
  const value: WebhookFields = {};
  const text = (field: 'name' | 'webhook_url' | 'env_type', max: number): string | undefined => {
    const raw = body[field];
    if (raw === undefined || raw === null) {
      if (!partial) fail(field, REQUIRED);
      return undefined;
    }
    if (typeof raw !== 'string' || raw === '') fail(field, 'Not a valid string.');
    else if (raw.length > max) fail(field, `Ensure this field has no more than ${max} characters.`);
    else return raw;
    return undefined;
  };
  value.name = text('name', 128);
  value.webhook_url = text('webhook_url', 2048);
  if (value.webhook_url !== undefined && !/^https?:\/\/[^\s/]+/.test(value.webhook_url)) {
    fail('webhook_url', 'Enter a valid URL.');
  }
  value.env_type = text('env_type', 16);
  if (value.env_type !== undefined && !ENV_TYPES.includes(value.env_type)) {
    fail('env_type', 'Not a valid choice.');
  }
  const events = body['events'];
  if (events !== undefined && events !== null) {
    if (!Array.isArray(events)) fail('events', 'Expected a list of items.');
    else {
      const bad = events.filter((event) => typeof event !== 'string' || !SUBSCRIBABLE_EVENTS.includes(event));
      if (bad.length > 0) fail('events', 'Not a valid choice.');
      else value.events = [...new Set(events as string[])];
    }
  }
  if (problems.length > 0) return { reply: invalid(problems) };
  for (const key of Object.keys(value) as (keyof WebhookFields)[]) if (value[key] === undefined) delete value[key];
  return { value };
}

/** Checks a parsed state file as far as the simulator's code relies on it; throws on the first problem. */
function parseSavedState(value: unknown): SavedState {
  const check = (ok: boolean, problem: string): void => {
    if (!ok) throw new Error(problem);
  };
  const list = (record: Record<string, unknown>, key: string): unknown[] => {
    const items = record[key];
    check(Array.isArray(items), `no ${key} list`);
    return items as unknown[];
  };
  const isStringOrNull = (item: unknown): boolean => item === null || typeof item === 'string';
  check(isRecord(value) && value['version'] === STATE_FILE_VERSION, 'not a version 1 state file');
  const root = value as Record<string, unknown>;
  for (const order of list(root, 'orders')) {
    check(isRecord(order), 'an order is not an object');
    const saved = order as Record<string, unknown>;
    const json = saved['json'];
    check(isRecord(json), 'an order has no JSON');
    const fields = json as Record<string, unknown>;
    for (const key of ['id', 'user_id', 'first_name', 'last_name', 'expired_at', 'updated_at']) {
      check(typeof fields[key] === 'string', `an order has no ${key}`);
    }
    check(typeof fields['is_expired'] === 'boolean', 'an order has no is_expired');
    check(isStringOrNull(fields['canceled_at']), 'an order has a bad canceled_at');
    check(
      list(fields, 'products').every((product) => typeof product === 'string'),
      'an order has bad products',
    );
    for (const employer of list(fields, 'employers')) {
      check(
        isRecord(employer) &&
          typeof employer['id'] === 'string' &&
          typeof employer['status'] === 'string' &&
          typeof employer['product_type'] === 'string' &&
          Array.isArray(employer['employments']),
        'an order has a malformed employer',
      );
    }
    check(isTruvScenario(saved['scenario']), 'an order has an unknown scenario');
    check(typeof saved['profileSsn'] === 'string', 'an order has no profile SSN');
    check(isStringOrNull(saved['linkId']) && isStringOrNull(saved['taskId']), 'an order has bad link or task ids');
    const stepsLeft = saved['stepsLeft'];
    check(typeof stepsLeft === 'number' && Number.isInteger(stepsLeft) && stepsLeft >= 0, 'an order has bad stepsLeft');
  }
  for (const stored of list(root, 'reports')) {
    const report = isRecord(stored) ? stored['report'] : undefined;
    check(
      isRecord(stored) &&
        typeof stored['userId'] === 'string' &&
        isRecord(report) &&
        typeof report['report_id'] === 'string' &&
        Array.isArray(report['links']),
      'a report is malformed',
    );
  }
  for (const user of list(root, 'connections')) {
    check(isRecord(user) && typeof user['userId'] === 'string', 'a user has no id');
    for (const connection of list(user as Record<string, unknown>, 'connections')) {
      check(
        isRecord(connection) &&
          typeof connection['linkId'] === 'string' &&
          typeof connection['suborderId'] === 'string' &&
          typeof connection['completedAt'] === 'string' &&
          typeof connection['isVoe'] === 'boolean' &&
          isRecord(connection['employment']),
        'a connection is malformed',
      );
    }
  }
  for (const subscription of list(root, 'subscriptions')) {
    check(
      isRecord(subscription) &&
        typeof subscription['id'] === 'string' &&
        typeof subscription['webhook_url'] === 'string' &&
        typeof subscription['env_type'] === 'string' &&
        Array.isArray(subscription['events']),
      'a webhook subscription is malformed',
    );
  }
  return value as SavedState;
}

function warn(message: string): void {
  process.stderr.write(`truv simulator: ${message}\n`);
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The SSN a report shows: Truv's public sandbox SSN as it is, any other reduced to its last four digits. */
function profileSsnOf(digits: string | null): string {
  if (digits === SANDBOX_SSN) return '991-91-9991';
  return digits ? `***-**-${digits.slice(-4)}` : '***-**-****';
}

function page<T>(results: T[]): Reply {
  return { status: 200, body: { count: results.length, next: null, previous: null, results } };
}

function invalid(params: InvalidParam[]): Reply {
  return {
    status: 400,
    body: error('incorrect_parameters', 'Incorrect request parameters', { 'invalid-params': params }),
  };
}

function error(code: string, message: string, extra?: unknown): { error: Record<string, unknown> } {
  return { error: { code, message, ...(extra !== undefined ? { extra } : {}) } };
}

/** DRF answers an unknown id with `detail`, not Truv's `error` object. */
function notFound(): Reply {
  return { status: 404, body: { detail: 'Not found.' } };
}

function faultBody(status: number, retryAfterSeconds: number | undefined): unknown {
  if (status === 429) {
    return error('throttled', `Request was throttled. Expected available in ${retryAfterSeconds ?? 1} seconds.`);
  }
  if (status >= 500) return error('server_error', 'Internal server error');
  return error('incorrect_parameters', 'Request failed');
}

/** Truv ids are 32 lowercase hex characters. */
function newId(): string {
  return randomBytes(16).toString('hex');
}

/** Truv's timestamps carry microseconds: `2024-07-11T21:40:48.424610Z`. */
function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** The HTTP status body-parser attaches to its errors (`status`, or `statusCode` on older versions). */
function httpStatusOf(err: unknown): number | undefined {
  if (!isRecord(err)) return undefined;
  const candidate = err['status'] ?? err['statusCode'];
  return typeof candidate === 'number' ? candidate : undefined;
}
