import { createHmac, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { safeEqual } from '../../providers/constant-time';
import type { Reply, SimulatorApi, SimulatorFaults } from '../kit';
import { firstString, isRecord, SimulatorBase } from '../kit';
import { isSubscribableEvent } from '../../providers/truv/events';
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

/**
 * Misbehaviour the simulator can be told to show, for resilience tests; the create whose response
 * `loseNextCreateResponse` loses is `POST /v1/orders/`.
 */
export type TruvFaults = SimulatorFaults;

export type { SimulatedRequest } from '../kit';

/** Truv's default order expiry is 72 business hours; plain hours are close enough here. */
const DEFAULT_EXPIRY_MS = 72 * 3_600_000;
const PRODUCTS = ['income', 'employment', 'assets', 'deposit_switch', 'pll', 'insurance', 'transactions'];
const RESOLVED = new Set(['completed', 'error', 'canceled', 'expired', 'no_data', 'skipped']);
const ENV_TYPES = ['sandbox', 'dev', 'prod'];
const PAYROLL_PROVIDER = { id: 'truv_payroll', name: 'Truv Payroll Provider', logo_url: null };
/** Bumped when the state file's shape (or a scenario's journey) changes, so an old file is ignored, not misread. */
const STATE_FILE_VERSION = 1;

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
 * An order without its timers. The journey's steps are closures, so only how many remain is saved: a scenario's
 * journey is always the same list, and its last `stepsLeft` entries are what was still to come.
 */
type SavedOrder = Pick<OrderState, 'json' | 'scenario' | 'profileSsn' | 'linkId' | 'taskId'> & { stepsLeft: number };

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
export class TruvSimulator extends SimulatorBase<SavedState, OrderState> {
  private readonly reports = new Map<string, { userId: string; report: ReportJson }>();
  private readonly connections = new Map<string, Connection[]>();
  private readonly subscriptions = new Map<string, WebhookJson>();

  private constructor(private readonly options: TruvSimulatorOptions) {
    super(options, {
      name: 'truv simulator',
      webhookUserAgent: 'Truv-Webhook-Service/2.0',
      unsaved: 'state is kept in memory only',
    });
  }

  /** Starts the simulator on 127.0.0.1 and resolves once it listens. */
  static async start(options: TruvSimulatorOptions): Promise<TruvSimulator> {
    const simulator = new TruvSimulator(options);
    await simulator.launch(options.port);
    return simulator;
  }

  /** Adopts what `stateFile` holds, once it passes the checks and each saved order fits its journey. */
  protected restore(value: unknown): void {
    const saved = parseSavedState(value);
    // Built aside and adopted whole, so a bad order half-way through the file leaves nothing behind.
    const orders = saved.orders.map(({ stepsLeft, ...fields }) => {
      const order: OrderState = { ...fields, steps: [], stepTimer: undefined, expiryTimer: undefined };
      const journey = this.journey(order);
      if (stepsLeft > journey.length) throw new Error(`order ${order.json.id} has more steps left than its journey`);
      order.steps = journey.slice(journey.length - stepsLeft);
      return order;
    });
    for (const order of orders) this.orders.set(order.json.id, order);
    for (const stored of saved.reports) this.reports.set(stored.report.report_id, stored);
    for (const { userId, connections } of saved.connections) this.connections.set(userId, connections);
    for (const subscription of saved.subscriptions) this.subscriptions.set(subscription.id, subscription);
  }

  /**
   * Carries on the journeys of restored orders from the step they stood at; `Idle` orders (no steps left) stay
   * parked until canceled or expired, ended ones stay as they are. Webhooks that were queued or being retried at
   * shutdown are not saved, so they are lost: the real Truv retries from its side and voie polls, so a missed event
   * only delays the outcome.
   */
  protected resume(): void {
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

  private save(): void {
    this.stateFile.save(() => ({
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
    }));
  }

  protected api(): SimulatorApi {
    return {
      guards: [
        (req) =>
          this.authorized(req)
            ? undefined
            : { status: 401, body: error('authentication_failed', 'Invalid client id or access secret') },
        () => {
          this.expireDue();
          return undefined;
        },
      ],
      routes: (app) => {
        const send = this.server.send.bind(this.server);
        app.get('/v1/orders/', (req, res) => send(req, res, this.listOrdersReply(req.query)));
        app.post('/v1/orders/', (req, res) => send(req, res, this.createOrder(req.body)));
        app.get('/v1/orders/:id/', (req, res) => send(req, res, this.getOrder(req.params.id)));
        app.post('/v1/orders/:id/cancel/', (req, res) => send(req, res, this.cancelOrder(req.params.id)));
        app.post('/v1/users/:userId/reports/', (req, res) =>
          send(req, res, this.createReport(req.params.userId, req.body)),
        );
        app.get('/v1/users/:userId/reports/:reportId/', (req, res) =>
          send(req, res, this.getReport(req.params.userId, req.params.reportId)),
        );
        app.get('/v1/links/:linkId/income/report/', (req, res) =>
          send(req, res, this.linkReport(req.params.linkId, false)),
        );
        app.get('/v1/links/:linkId/employment/report/', (req, res) =>
          send(req, res, this.linkReport(req.params.linkId, true)),
        );
        app.get('/v1/webhooks/', (req, res) => send(req, res, page([...this.subscriptions.values()])));
        app.post('/v1/webhooks/', (req, res) => send(req, res, this.createWebhook(req.body)));
        app.get('/v1/webhooks/:id/', (req, res) => {
          const subscription = this.subscriptions.get(req.params.id);
          send(req, res, subscription ? { status: 200, body: subscription } : notFound());
        });
        app.patch('/v1/webhooks/:id/', (req, res) => send(req, res, this.updateWebhook(req.params.id, req.body)));
        app.delete('/v1/webhooks/:id/', (req, res) => send(req, res, this.deleteWebhook(req.params.id)));
      },
      faultBody,
      notFound: notFound(),
      unreadableBody: (status) =>
        status === 400
          ? error('parse_error', 'JSON parse error')
          : error('incorrect_parameters', 'Request body could not be read'),
      internalErrorBody: error('server_error', 'Internal server error'),
    };
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
    };
    this.orders.set(id, state);
    this.emitOrderEvent(state, 'order-created', null, 'pending');
    state.steps = this.journey(state);
    this.scheduleStep(state);
    if (this.options.expireAfterMs !== undefined) this.scheduleExpiry(state, this.options.expireAfterMs);
    this.save();
    return this.faults.answerCreate({ status: 201, body: order });
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
    if (order.steps.length === 0) return;
    order.stepTimer = this.lifecycle.schedule(this.stepDelayMs, () => {
      order.stepTimer = undefined;
      order.steps.shift()?.();
      this.save();
      this.scheduleStep(order);
    });
  }

  private scheduleExpiry(order: OrderState, afterMs: number): void {
    order.expiryTimer = this.lifecycle.schedule(afterMs, () => {
      order.expiryTimer = undefined;
      this.expire(order);
    });
  }

  private stopJourney(order: OrderState): void {
    order.steps = [];
    this.lifecycle.cancel(order.stepTimer);
    this.lifecycle.cancel(order.expiryTimer);
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
    this.outbox.emit(order, () => {
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
      return { body, headers: { 'X-WEBHOOK-SIGN': signature } };
    });
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
      const bad = events.filter((event) => !isSubscribableEvent(event));
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
