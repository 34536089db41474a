import { safeEqual } from '../../../src/providers/constant-time';
import type { Request } from 'express';
import type { Reply, SimulatorApi, SimulatorFaults } from '../kit';
import { SimulatorBase } from '../kit';
import { ApplicantJourneys } from './journey';
import type { Connection, ReportJson, WebhookJson } from './order-json';
import { linkReportJson, newId, newOrderJson, newRefreshOrderJson, newReportJson, timestamp } from './order-json';
import type { OrderState, SavedState } from './order-state';
import { savedState, savedStateSchema } from './order-state';
import { error, faultBody, invalid, notFound, page } from './replies';
import { renderReportPdf } from '../kit/report-pdf';
import { reportPdfLines } from './report-pdf-lines';
import {
  parseCreate,
  parseListQuery,
  parseNewWebhook,
  parseRefresh,
  parseReportQuery,
  parseReportRequest,
  parseWebhookChanges,
} from './requests';
import { SANDBOX_SSN, scenarioFor } from './sandbox-fixtures';
import type { EventFields } from './webhook-events';
import { orderEvent, signedWebhook } from './webhook-events';

/** Truv's default order expiry is 72 business hours; plain hours are close enough here. */
const DEFAULT_EXPIRY_MS = 72 * 3_600_000;

/** How to start a {@link TruvSimulator}. */
export interface TruvSimulatorOptions {
  /** Port to listen on (127.0.0.1); 0 or unset picks a free port. */
  port?: number;
  /** Address to listen on; 127.0.0.1 unless set. */
  host?: string;
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
 * Misbehaviour the simulator can be told to show, for resilience tests; the creates whose response
 * `loseNextCreateResponse` loses are `POST /v1/orders/` and a refresh's `POST /v1/orders/{id}/`.
 */
export type TruvFaults = SimulatorFaults;

export type { SimulatedRequest } from '../kit';

/**
 * An HTTP server that behaves like Truv's Orders API in the sandbox: orders with their employer suborders and data
 * refreshes of them, an
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
  private readonly journeys: ApplicantJourneys;

  private constructor(private readonly options: TruvSimulatorOptions) {
    super(options, {
      name: 'truv simulator',
      webhookUserAgent: 'Truv-Webhook-Service/2.0',
      unsaved: 'state is kept in memory only',
      stateSchema: savedStateSchema,
    });
    this.journeys = new ApplicantJourneys({
      lifecycle: this.lifecycle,
      stepDelayMs: this.stepDelayMs,
      expireAfterMs: this.options.expireAfterMs,
      emit: (order, fields) => this.emit(order, fields),
      save: () => this.save(),
      addConnection: (userId, connection) => this.addConnection(userId, connection),
    });
  }

  /** Starts the simulator on 127.0.0.1 and resolves once it listens. */
  static async start(options: TruvSimulatorOptions): Promise<TruvSimulator> {
    const simulator = new TruvSimulator(options);
    await simulator.launch(options.port, options.host);
    return simulator;
  }

  /** Adopts what `stateFile` holds, once it passes the checks and each saved order fits its journey. */
  protected restore(saved: SavedState): void {
    // Built aside and adopted whole, so a bad order half-way through the file leaves nothing behind.
    const orders = saved.orders.map(({ stepsLeft, ...fields }) => {
      const order: OrderState = { ...fields, steps: [], stepTimer: undefined, expiryTimer: undefined };
      this.journeys.restore(order, stepsLeft);
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
    const now = Date.now();
    for (const order of this.orders.values()) this.journeys.resume(order, now);
  }

  private save(): void {
    this.stateFile.save(() =>
      savedState(this.orders.values(), this.reports.values(), this.connections, this.subscriptions.values()),
    );
  }

  protected api(): SimulatorApi {
    return {
      guards: [
        (req) =>
          this.authorized(req)
            ? undefined
            : { status: 401, body: error('authentication_failed', 'Invalid client id or access secret') },
        () => {
          this.journeys.expireDue(this.orders.values());
          return undefined;
        },
      ],
      routes: (app) => {
        const send = this.server.send.bind(this.server);
        app.get('/v1/orders/', (req, res) => send(req, res, this.listOrdersReply(req.query)));
        app.post('/v1/orders/', (req, res) => send(req, res, this.createOrder(req.body)));
        app.get('/v1/orders/:id/', (req, res) => send(req, res, this.getOrder(req.params.id)));
        app.post('/v1/orders/:id/', (req, res) => send(req, res, this.refreshOrder(req.params.id, req.body)));
        app.post('/v1/orders/:id/cancel/', (req, res) => send(req, res, this.cancelOrder(req.params.id)));
        app.post('/v1/users/:userId/reports/', (req, res) =>
          send(req, res, this.createReport(req.params.userId, req.body)),
        );
        app.get('/v1/users/:userId/reports/:reportId/', (req, res) =>
          send(req, res, this.getReport(req.params.userId, req.params.reportId, req.query)),
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
    const ssnDigits = input.ssn ?? input.social_security_number;
    const order = newOrderJson(input, this.options.expireAfterMs ?? DEFAULT_EXPIRY_MS);
    const state: OrderState = {
      json: order,
      scenario: scenarioFor(input.first_name, ssnDigits),
      profileSsn: profileSsnOf(ssnDigits),
      steps: [],
      stepTimer: undefined,
      expiryTimer: undefined,
      linkId: null,
      taskId: null,
    };
    this.orders.set(order.id, state);
    this.emit(state, orderEvent(state.json, 'order-created', null, 'pending'));
    this.journeys.start(state);
    this.save();
    return this.faults.answerCreate({ status: 201, body: order });
  }

  /**
   * A data refresh (`POST /v1/orders/{id}/`): a new order of the one product asked, for the employers named (all
   * completed ones when none is), whose journey reads each connection again (see `TRUV_SCENARIOS`). Truv's rules: an
   * income order refreshes as income or employment, any other only as its own product; only a completed employer,
   * whose connection is still there, can be refreshed. The refreshed order names the new one in `refresh_order`.
   */
  private refreshOrder(id: string, body: unknown): Reply {
    const parent = this.orders.get(id);
    if (!parent) return notFound();
    const parsed = parseRefresh(body);
    if ('reply' in parsed) return parsed.reply;
    const { products, employers: named } = parsed.value;
    const product = products[0] ?? 'employment';
    const allowed = parent.json.products.includes('income') ? ['income', 'employment'] : parent.json.products;
    if (!allowed.includes(product)) {
      return invalid([{ field: 'products', message: `This order can not be refreshed as ${product}.` }]);
    }
    const completed = parent.json.employers.filter((employer) => employer.status === 'completed');
    const chosen = named
      ? named.map((ref) =>
          completed.find((e) => ('id' in ref ? e.id === ref.id : e.suborder_number === ref.suborder_number)),
        )
      : completed;
    const suborders = chosen.filter((employer) => employer !== undefined);
    if (suborders.length === 0 || suborders.length < chosen.length) {
      return invalid([{ field: 'employers', message: 'Only employers with a completed connection can be refreshed.' }]);
    }
    const state: OrderState = {
      json: newRefreshOrderJson(parent.json, suborders, product, this.options.expireAfterMs ?? DEFAULT_EXPIRY_MS),
      scenario: parent.scenario,
      profileSsn: parent.profileSsn,
      steps: [],
      stepTimer: undefined,
      expiryTimer: undefined,
      linkId: null,
      taskId: null,
    };
    parent.json.refresh_order = state.json.id;
    parent.json.updated_at = state.json.created_at;
    this.orders.set(state.json.id, state);
    this.emit(state, orderEvent(state.json, 'order-created', null, 'pending'));
    this.journeys.start(state);
    this.save();
    return this.faults.answerCreate({ status: 201, body: state.json });
  }

  private listOrdersReply(query: unknown): Reply {
    const parsed = parseListQuery(query);
    if ('reply' in parsed) return parsed.reply;
    const { orderNumber } = parsed.value;
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
    if (!this.journeys.cancel(order)) {
      return invalid([{ field: 'non_field_errors', message: 'Order can not be canceled in its current status.' }]);
    }
    this.save();
    return { status: 200, body: order.json };
  }

  private createReport(userId: string, body: unknown): Reply {
    if (![...this.orders.values()].some((order) => order.json.user_id === userId)) return notFound();
    const parsed = parseReportRequest(body);
    if ('reply' in parsed) return parsed.reply;
    const { isVoe } = parsed.value;
    const connections = this.connections.get(userId) ?? [];
    if (connections.length === 0) {
      return invalid([{ field: 'non_field_errors', message: 'The user has no completed connections.' }]);
    }
    const report = this.buildReport(userId, connections, isVoe);
    this.save();
    return { status: 201, body: report };
  }

  /** A user report, as JSON or (`?fmt=pdf`) as the PDF a lender files. */
  private getReport(userId: string, reportId: string, query: unknown): Reply {
    const parsed = parseReportQuery(query);
    if ('reply' in parsed) return parsed.reply;
    const stored = this.reports.get(reportId);
    if (!stored || stored.userId !== userId) return notFound();
    if (!parsed.value.pdf) return { status: 200, body: stored.report };
    return {
      status: 200,
      body: renderReportPdf(reportPdfLines(stored.report)),
      headers: { 'content-type': 'application/pdf' },
    };
  }

  private linkReport(linkId: string, employmentOnlyReport: boolean): Reply {
    const connection = [...this.connections.values()].flat().find((c) => c.linkId === linkId);
    return connection ? { status: 200, body: linkReportJson(connection, employmentOnlyReport) } : notFound();
  }

  private buildReport(userId: string, connections: Connection[], isVoe: boolean): ReportJson {
    const report = newReportJson(connections, isVoe);
    this.reports.set(report.report_id, { userId, report });
    return report;
  }

  /**
   * Keeps a connection the applicant completed (a refresh's replaces the one it read again, on the same link) and makes
   * the user's new report of all their connections.
   */
  private addConnection(userId: string, connection: Connection): string {
    const connections = (this.connections.get(userId) ?? []).filter((kept) => kept.linkId !== connection.linkId);
    connections.push(connection);
    this.connections.set(userId, connections);
    return this.buildReport(userId, connections, connection.isVoe).report_id;
  }

  private createWebhook(body: unknown): Reply {
    const parsed = parseNewWebhook(body);
    if ('reply' in parsed) return parsed.reply;
    const { name, webhook_url: url, env_type: envType, events } = parsed.value;
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
    const parsed = parseWebhookChanges(body);
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

  /** Queues a webhook; the faults and URL in force now decide whether and how it is delivered. */
  private emit(order: OrderState, fields: EventFields): void {
    this.outbox.emit(order, () => signedWebhook(this.options.secret, fields));
  }
}

/** The SSN a report shows: Truv's public sandbox SSN as it is, any other reduced to its last four digits. */
function profileSsnOf(digits: string | null): string {
  if (digits === SANDBOX_SSN) return '991-91-9991';
  return digits ? `***-**-${digits.slice(-4)}` : '***-**-****';
}
