import type { SimulatorLifecycle } from '../kit';
import type { Connection, SuborderJson } from './order-json';
import { newId, PAYROLL_PROVIDER, timestamp } from './order-json';
import type { OrderState } from './order-state';
import type { TruvScenario } from './sandbox-fixtures';
import { buildEmployment, employerScenario } from './sandbox-fixtures';
import type { EventFields } from './webhook-events';
import { dataEvents, groupEvent, linkEvent, orderEvent, taskEvent } from './webhook-events';

/** Suborder statuses after which nothing more happens to the suborder. */
const RESOLVED = new Set(['completed', 'error', 'canceled', 'expired', 'no_data', 'skipped']);

/** What the applicant journeys need from the simulator that runs them. */
export interface JourneyHooks {
  /** Schedules the steps and expiries, so `idle` waits for them and `close` stops them. */
  lifecycle: SimulatorLifecycle;
  /** Delay between two steps of a journey. */
  stepDelayMs: number;
  /** Open orders expire this long after creation on a timer; unset, only `expireDue` expires them. */
  expireAfterMs: number | undefined;
  /** Queues the webhook of an event. */
  emit(order: OrderState, fields: EventFields): void;
  /** Persists the simulator's state after a change. */
  save(): void;
  /** Keeps a connection the applicant completed; answers the id of the user's new report. */
  addConnection(userId: string, connection: Connection): string;
}

/**
 * The applicants of a Truv simulator walking through their orders: each order's journey (the steps its scenario
 * selects, see `TRUV_SCENARIOS`), the timers that take the steps and expire open orders, and what each step does
 * to the order and announces by webhook. Cancelation and expiry stop a journey where it stands.
 */
export class ApplicantJourneys {
  constructor(private readonly hooks: JourneyHooks) {}

  /** Starts a new order's journey and, when `expireAfterMs` is set, its expiry timer. */
  start(order: OrderState): void {
    order.steps = this.journey(order);
    this.scheduleStep(order);
    if (this.hooks.expireAfterMs !== undefined) this.scheduleExpiry(order, this.hooks.expireAfterMs);
  }

  /** Gives a saved order the last `stepsLeft` steps of its journey; throws when its journey is shorter. */
  restore(order: OrderState, stepsLeft: number): void {
    const journey = this.journey(order);
    if (stepsLeft > journey.length) throw new Error(`order ${order.json.id} has more steps left than its journey`);
    order.steps = journey.slice(journey.length - stepsLeft);
  }

  /** Carries on a restored order's journey from where it stood, and its expiry timer if it is still open. */
  resume(order: OrderState, now: number): void {
    this.scheduleStep(order);
    // Without expireAfterMs the window is checked on each request instead (see expireDue).
    if (this.hooks.expireAfterMs !== undefined && isOpen(order)) {
      this.scheduleExpiry(order, Math.max(0, Date.parse(order.json.expired_at) - now));
    }
  }

  /** Cancels every open suborder and ends the journey; false when the order has already ended. */
  cancel(order: OrderState): boolean {
    const open = openSuborders(order);
    if (open.length === 0) return false;
    this.stopJourney(order);
    order.json.canceled_at = timestamp();
    for (const employer of open) this.setSuborderStatus(order, employer, 'canceled');
    this.hooks.emit(order, groupEvent(order.json, 'order-finalized'));
    return true;
  }

  /** Expires every order whose window has passed (the default window is too long for a timer). */
  expireDue(orders: Iterable<OrderState>): void {
    const now = Date.now();
    for (const order of orders) {
      if (!order.json.is_expired && Date.parse(order.json.expired_at) <= now) this.expire(order);
    }
  }

  /**
   * The applicant's journey, one entry per step: every suborder is sent, then each employer's scenario plays in turn
   * (see `TRUV_SCENARIOS` and `employerScenario`), then the order-wide events. The list is the same every time for
   * the same order, which is what lets a saved order resume from how many steps it had left.
   */
  private journey(order: OrderState): (() => void)[] {
    const employers = order.json.employers;
    const emit = (fields: EventFields) => this.hooks.emit(order, fields);
    if (isRefresh(order)) {
      // A refresh reuses the connections made: no invite, no certification, every employer's data read again.
      return [
        ...employers.flatMap((employer) => this.refreshSteps(order, employer)),
        () => emit(groupEvent(order.json, 'order-finalized')),
      ];
    }
    const scenarios = employers.map((employer) => employerScenario(employer.company_name, order.scenario));
    const sent = employers.map((employer) => () => this.setSuborderStatus(order, employer, 'sent'));
    const played = employers.flatMap((employer, index) => this.employerSteps(order, employer, scenarios[index]));
    const anyCompletes = scenarios.some((scenario) => scenario !== 'no-data' && scenario !== 'idle');
    const allEnd = scenarios.length > 0 && !scenarios.includes('idle');
    return [
      ...sent,
      ...played,
      ...(anyCompletes && allEnd ? [() => emit(groupEvent(order.json, 'certification-completed'))] : []),
      ...(allEnd ? [() => emit(groupEvent(order.json, 'order-finalized'))] : []),
    ];
  }

  /** A refresh of one employer: a new task on the link the original connection made, then the data read again. */
  private refreshSteps(order: OrderState, employer: SuborderJson): (() => void)[] {
    const refreshTask = () => {
      order.linkId = employer.link_id ?? newId();
      order.taskId = newId();
      this.hooks.emit(order, taskEvent(order, employer, 'new'));
    };
    return [refreshTask, ...this.connectionSteps(order, employer).slice(1)];
  }

  /** What the applicant does with one employer, after its invite was sent: a new payroll link, then the scenario. */
  private employerSteps(order: OrderState, employer: SuborderJson, scenario: TruvScenario | undefined): (() => void)[] {
    const [newLinkTask, login, ...success] = this.connectionSteps(order, employer);
    if (!newLinkTask || !login) return [];
    const task = (status: string) => () => this.hooks.emit(order, taskEvent(order, employer, status));
    const sameLinkTask = () => {
      order.linkId ??= newId();
      order.taskId = newId();
      this.hooks.emit(order, taskEvent(order, employer, 'new'));
    };
    const connected = success[0];
    switch (scenario) {
      case 'success':
      case 'departed':
        return [newLinkTask, login, ...success];
      case 'mfa':
        return [newLinkTask, login, task('mfa'), ...success];
      case 'login-error':
        return [newLinkTask, login, task('login_error'), sameLinkTask, login, ...success];
      case 'no-data':
        return [
          newLinkTask,
          login,
          ...(connected ? [connected] : []),
          task('parse'),
          task('no_data'),
          () => this.setSuborderStatus(order, employer, 'no_data'),
        ];
      case 'idle':
      case undefined:
        return [];
    }
  }

  /** A successful connection: task new on a new link, login, link-connected, parse, data, full_parse, done, completed. */
  private connectionSteps(order: OrderState, employer: SuborderJson): (() => void)[] {
    const emit = (fields: EventFields) => this.hooks.emit(order, fields);
    const task = (status: string) => () => emit(taskEvent(order, employer, status));
    const newLinkTask = () => {
      order.linkId = newId();
      order.taskId = newId();
      emit(taskEvent(order, employer, 'new'));
    };
    const connected = () => {
      employer.link_id = order.linkId;
      employer.data_source = 'payroll';
      employer.provider = { ...PAYROLL_PROVIDER };
      emit(linkEvent(order, employer, 'link-connected'));
    };
    return [
      newLinkTask,
      task('login'),
      connected,
      task('parse'),
      () => this.collectData(order, employer),
      task('full_parse'),
      task('done'),
      () => this.complete(order, employer),
    ];
  }

  private scheduleStep(order: OrderState): void {
    if (order.steps.length === 0) return;
    order.stepTimer = this.hooks.lifecycle.schedule(this.hooks.stepDelayMs, () => {
      order.stepTimer = undefined;
      order.steps.shift()?.();
      this.hooks.save();
      this.scheduleStep(order);
    });
  }

  private scheduleExpiry(order: OrderState, afterMs: number): void {
    order.expiryTimer = this.hooks.lifecycle.schedule(afterMs, () => {
      order.expiryTimer = undefined;
      this.expire(order);
    });
  }

  private stopJourney(order: OrderState): void {
    order.steps = [];
    this.hooks.lifecycle.cancel(order.stepTimer);
    this.hooks.lifecycle.cancel(order.expiryTimer);
    order.stepTimer = undefined;
    order.expiryTimer = undefined;
  }

  private expire(order: OrderState): void {
    const open = openSuborders(order);
    if (open.length === 0) return;
    this.stopJourney(order);
    order.json.is_expired = true;
    for (const employer of open) this.setSuborderStatus(order, employer, 'expired');
    this.hooks.emit(order, groupEvent(order.json, 'order-finalized'));
    this.hooks.save();
  }

  private setSuborderStatus(order: OrderState, employer: SuborderJson, status: string): void {
    const now = timestamp();
    employer.status = status;
    employer.updated_at = now;
    order.json.updated_at = now;
    // The order is complete once its last employer resolves with at least one completed, whichever resolves last.
    const employers = order.json.employers;
    if (employers.every((e) => RESOLVED.has(e.status)) && employers.some((e) => e.status === 'completed')) {
      order.json.completed_at ??= now;
    }
    this.hooks.emit(order, orderEvent(order.json, 'order-status-updated', employer, status));
  }

  /** The payroll data the connection yields, announced by one data event per kind. */
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
      ended: isRefresh(order) && employerScenario(employer.company_name, order.scenario) === 'departed',
    });
    employer.employments = [employment];
    for (const event of dataEvents(order, employer, employment)) this.hooks.emit(order, event);
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
    // A new report id after every completed connection, as Truv documents.
    order.json.voie_report_id = this.hooks.addConnection(order.json.user_id, {
      linkId,
      suborderId: employer.id,
      employment,
      completedAt,
      isVoe,
    });
    this.setSuborderStatus(order, employer, 'completed');
  }
}

/** The suborders still under way; none once the order was canceled or expired. */
function openSuborders(order: OrderState): SuborderJson[] {
  if (order.json.canceled_at || order.json.is_expired) return [];
  return order.json.employers.filter((employer) => !RESOLVED.has(employer.status));
}

/** A data refresh of another order, as Truv links them. */
function isRefresh(order: OrderState): boolean {
  return order.json.initial_order !== null;
}

function isOpen(order: OrderState): boolean {
  return openSuborders(order).length > 0;
}
