import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Reply, SimulatorApi, SimulatorFaults } from '../kit';
import { SimulatorBase } from '../kit';
import { renderReportPdf } from '../kit/report-pdf';
import type { VerificationRequestJson } from './order-json';
import {
  cancelAnswer,
  employerOf,
  metadataOf,
  newEmployerSearchOrderJson,
  newId,
  newOrderJson,
  newReverificationOrderJson,
} from './order-json';
import type { OrderState, SavedState } from './order-state';
import { savedState, savedStateSchema } from './order-state';
import { wrap } from './output-wrapper';
import { API_VERSION, error, faultMessage, versionProblem } from './replies';
import { parseCancel, parseCreate, parseEmployerSearch, parseReverification, parseSearch } from './requests';
import { reportDocumentLines } from './report-document';
import type { SandboxReport } from './sandbox-fixtures';
import { buildSandboxReports, employerScenario, INSTANT_EMPLOYER_NAME, instantScenario } from './sandbox-fixtures';
import { PROFILES } from './sandbox-profiles';

const TERMINAL_STATES = new Set(['completed', 'canceled', 'invalid']);
/** States a verification request leaves on its own, by `step`; any other waits for a cancel or is final. */
const MOVING_STATES = new Set(['pending-approval', 'processing']);
/** Truework re-verifies a report up to 90 days after its verification completed. */
const REVERIFICATION_WINDOW_MS = 90 * 24 * 3_600_000;

/** How to start a {@link TrueworkSimulator}. */
export interface TrueworkSimulatorOptions {
  /** Port to listen on (127.0.0.1); 0 or unset picks a free port. */
  port?: number;
  /** Address to listen on; 127.0.0.1 unless set. */
  host?: string;
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
 * Misbehaviour the simulator can be told to show, for resilience tests; the creates whose response
 * `loseNextCreateResponse` loses are `POST /orders/target-employer`, `POST /orders/employer-search` and
 * `POST /orders/reverification`.
 */
export type TrueworkFaults = SimulatorFaults;

export type { SimulatedRequest } from '../kit';

/**
 * An HTTP server that behaves like the Truework sandbox (API version 2023-10-30) for target-employer orders and their
 * reverifications: the
 * sandbox test SSNs pick the outcome (with two conventions of voie's own, a D1C-eligible profile and employers named
 * "No Match …": see sandbox-fixtures.ts), verification requests step through their states on timers, webhooks are
 * delivered with Truework's envelope and token header, and completed reports are also served as PDFs. Used by tests
 * and by `voie dev`.
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
      stateSchema: savedStateSchema,
    });
  }

  /** Starts the simulator on 127.0.0.1 and resolves once it listens. */
  static async start(options: TrueworkSimulatorOptions): Promise<TrueworkSimulator> {
    const simulator = new TrueworkSimulator(options);
    await simulator.launch(options.port, options.host);
    return simulator;
  }

  /** Adopts the orders (and hook id) saved in `stateFile`, once they pass the checks. */
  protected restore(saved: SavedState): void {
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
    this.stateFile.save(() => savedState(this.hookId, this.orders.values()));
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
        app.post('/orders/employer-search', (req, res) => send(req, res, this.searchEmployers(req.body)));
        app.post('/orders/reverification', (req, res) => send(req, res, this.reverify(req.body)));
        app.get('/orders', (req, res) => send(req, res, this.searchOrders(req.query)));
        app.get('/orders/:id', (req, res) => send(req, res, this.getOrder(req.params.id)));
        app.put('/orders/:id/cancel', (req, res) => send(req, res, this.cancelOrder(req.params.id, req.body)));
        app.get('/reports/:id', (req, res) =>
          send(req, res, this.getReport(req.params.id, /application\/pdf/i.test(req.headers.accept ?? ''))),
        );
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
    const { target } = parsed.value;
    const { digits, scenario } = target.social_security_number;
    return this.admit(newOrderJson(parsed.value), employerScenario(target.company.name) ?? scenario, digits.slice(-4));
  }

  /**
   * `POST /orders/employer-search` (Truework Instant): synchronous, so the order is answered at its end: completed with
   * the reports of the `000-10-000N` borrower's profile, or canceled (`no-match`) for any other SSN. It moves no more,
   * so no webhook follows; it is kept (and saved) like any order, and a fault can lose its answer like any create's.
   */
  private searchEmployers(body: unknown): Reply {
    const parsed = parseEmployerSearch(body);
    if ('reply' in parsed) return parsed.reply;
    const digits = parsed.value.target.social_security_number;
    const scenario = instantScenario(digits);
    const json = newEmployerSearchOrderJson(parsed.value, scenario.outcome === 'completed', INSTANT_EMPLOYER_NAME);
    const vr = json.verification_requests[0]!;
    if (scenario.outcome === 'completed') {
      vr.reports = buildSandboxReports(scenario.profileIndex, {
        ssnLast4: digits.slice(-4),
        employerName: INSTANT_EMPLOYER_NAME,
        employerAddress: null,
        verificationRequest: { id: vr.id, type: vr.type, created: vr.created },
        now: new Date(),
        newId,
      });
      for (const report of vr.reports) this.reports.set(report.id, report);
    }
    this.orders.set(json.id, {
      json,
      scenario,
      ssnLast4: digits.slice(-4),
      stepTimer: undefined,
      orderCompletedSent: true,
    });
    this.save();
    return this.faults.answerCreate({ status: 201, body: json });
  }

  /** Keeps a new order, starts its journey and answers it (unless a fault loses the answer). */
  private admit(json: OrderState['json'], scenario: OrderState['scenario'], ssnLast4: string): Reply {
    const order: OrderState = { json, scenario, ssnLast4, stepTimer: undefined, orderCompletedSent: false };
    this.orders.set(order.json.id, order);
    this.scheduleStep(order);
    this.save();
    return this.faults.answerCreate({ status: 201, body: order.json });
  }

  /**
   * `POST /orders/reverification`: a new order re-verifying a completed report, within 90 days of its completion, that
   * walks the same journey as its parent (same sandbox scenario) and completes with a fresh report. Truework's errors
   * for an unknown report (404) and a lapsed window (undocumented; 400 here) are as close as the notes allow.
   */
  private reverify(body: unknown): Reply {
    const parsed = parseReverification(body);
    if ('reply' in parsed) return parsed.reply;
    const reportId = parsed.value.report_id;
    const parent = [...this.orders.values()].find((order) =>
      order.json.verification_requests.some((vr) => vr.reports.some((report) => report.id === reportId)),
    );
    const vr = parent?.json.verification_requests.find((request) => request.reports.some((r) => r.id === reportId));
    if (!parent || !vr?.date_of_completion) return { status: 404, body: error('Report not found') };
    if (Date.now() - Date.parse(vr.date_of_completion) > REVERIFICATION_WINDOW_MS) {
      return { status: 400, body: error('Reports can only be reverified within 90 days of completion') };
    }
    return this.admit(newReverificationOrderJson(parent.json, vr), parent.scenario, parent.ssnLast4);
  }

  private searchOrders(query: unknown): Reply {
    const parsed = parseSearch(query);
    if ('reply' in parsed) return parsed.reply;
    const { search_key: searchKey, limit, offset } = parsed.value;
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

  /**
   * A report as JSON, or as its PDF when the Accept header asks for `application/pdf` (with or without the version
   * parameter, as Truework's spec allows). Reports exist only once their verification completed, so any other id is a
   * 404 with a JSON error, as Truework answers for a report that is not completed.
   */
  private getReport(id: string, asPdf: boolean): Reply {
    const report = this.reports.get(id);
    if (!report) return { status: 404, body: error('Report not found') };
    if (!asPdf) return { status: 200, body: report };
    return {
      status: 200,
      body: renderReportPdf(reportDocumentLines(report)),
      headers: { 'content-type': 'application/pdf' },
    };
  }

  private cancelOrder(id: string, body: unknown): Reply {
    const order = this.orders.get(id);
    if (!order) return { status: 404, body: error('Order not found') };
    const parsed = parseCancel(body);
    if ('reply' in parsed) return parsed.reply;
    const { cancellation_reason: reason, cancellation_details: details } = parsed.value;

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
        vr.cancellation_details = details;
        vr.date_of_completion = now;
        this.changeState(order, vr, 'canceled');
      }
      this.maybeOrderCompleted(order);
      this.save();
    }
    return { status: 200, body: cancelAnswer(order.json) };
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
      const employer = employerOf(order.json);
      vr.reports = buildSandboxReports(scenario.profileIndex, {
        ssnLast4: order.ssnLast4,
        employerName: employer.name,
        employerAddress: employer.address ? { ...employer.address } : null,
        verificationRequest: { id: vr.id, type: vr.type, created: vr.created },
        now,
        newId,
        departed: PROFILES[scenario.profileIndex]?.departsOnceVerified === true && this.verifiedBefore(order),
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

  /** Whether another order of the same sandbox profile at the same employer has already completed with a report. */
  private verifiedBefore(order: OrderState): boolean {
    const { scenario } = order;
    const employer = employerOf(order.json).name.toLowerCase();
    return [...this.orders.values()].some(
      (other) =>
        other !== order &&
        other.scenario.outcome === 'completed' &&
        scenario.outcome === 'completed' &&
        other.scenario.profileIndex === scenario.profileIndex &&
        employerOf(other.json).name.toLowerCase() === employer &&
        other.json.verification_requests.some((vr) => vr.reports.length > 0),
    );
  }

  private changeState(order: OrderState, vr: VerificationRequestJson, state: string): void {
    vr.state = wrap(state);
    this.emit(order, 'verification_request.state.change', {
      order_id: order.json.id,
      verification_request_id: vr.id,
      state,
      metadata: metadataOf(order.json),
    });
  }

  private maybeOrderCompleted(order: OrderState): void {
    if (order.orderCompletedSent) return;
    const done = order.json.verification_requests.every((vr) => TERMINAL_STATES.has(vr.state.canonical_value));
    if (!done) return;
    order.orderCompletedSent = true;
    this.emit(order, 'order.completed', { order_id: order.json.id, metadata: metadataOf(order.json) });
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
