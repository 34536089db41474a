/**
 * The order's end as the worker's metrics and log see it. Workflows cannot reach prom-client (the sandbox has no
 * Node modules, and a metric is no decision), so the end goes out through a sink: the SDK calls the worker's
 * function once the activation completes, and never while the workflow replays history, so it adds nothing to the
 * history and a replay (a cache eviction, a restarted worker, a continued run) does not count it again.
 */
import { log, proxySinks, type Sinks } from '@temporalio/workflow';
import type { TerminalStatus } from '../src/domain';
import { isTerminal } from '../src/domain';
import type { OrderState } from './state';
import { currentProvider } from './state';

/** How an order ended: its last step's provider, its terminal status, and placement to that status. */
export interface OrderEnded {
  provider: string;
  status: TerminalStatus;
  durationSeconds: number;
}

/** What the order just bought at a provider: completed provider orders of one price key, and their price. */
export interface ProviderSpend {
  /** The price key (`truework`, `truv-refresh`, …). */
  provider: string;
  /** How many provider orders of that key completed since the last report. */
  count: number;
  /** Their price in US dollars, together. */
  usd: number;
}

/**
 * The sink the order workflow reports its end and its spending to (the worker injects it:
 * `src/order-metrics-sinks.ts`).
 */
export interface OrderMetricsSinks extends Sinks {
  orderMetrics: {
    ended(ended: OrderEnded): void;
    spent(spend: ProviderSpend): void;
  };
}

const { orderMetrics } = proxySinks<OrderMetricsSinks>();

/**
 * Reports the order's end once per order. A run starts knowing whether its order had already ended: a run continued
 * as new carries a state that an earlier run reported (it publishes, and so reports, before it continues as new).
 */
export class OrderEnd {
  private reported: boolean;

  constructor(private readonly state: OrderState) {
    this.reported = isTerminal(state.status);
  }

  /** Reports the end if the order has just reached a terminal status. */
  report(): void {
    const { state } = this;
    if (this.reported || !isTerminal(state.status)) return;
    this.reported = true;
    const ended: OrderEnded = {
      provider: currentProvider(state),
      status: state.status,
      durationSeconds: Math.max(0, (Date.parse(endedAt(state)) - Date.parse(state.createdAt)) / 1000),
    };
    orderMetrics.ended(ended);
    // Ids and statuses only: the SDK's logger adds the workflow id (the order's), never the applicant.
    log.info('order ended', { ...ended });
  }
}

/** When the order took its terminal status: its timeline's change to it, else now (workflow time). */
function endedAt(state: OrderState): string {
  for (let index = state.events.length - 1; index >= 0; index -= 1) {
    const event = state.events[index]!;
    if (event.type === 'status.changed' && event.status === state.status) return event.at;
  }
  return new Date().toISOString();
}
