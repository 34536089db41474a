/**
 * The order's spending as the worker's metrics see it: each completed provider order, priced, goes out once through
 * the `orderMetrics` sink (see `order-end.ts`: never during replay, nothing in history).
 */
import { proxySinks } from '@temporalio/workflow';
import { orderSpending } from './bill';
import type { OrderMetricsSinks } from './order-end';
import type { OrderState } from './state';

const { orderMetrics } = proxySinks<OrderMetricsSinks>();

/**
 * Reports each completed provider order of the order once. A run starts counting what its state already holds as
 * reported: the first run's state holds nothing bought, and a run continued as new carries a state an earlier run
 * reported (it publishes, and so reports, before it continues as new).
 */
export class OrderSpend {
  /** How many completed provider orders of each price key were reported. */
  private readonly reported: Map<string, number>;

  constructor(private readonly state: OrderState) {
    this.reported = countByKey(orderSpending(state));
  }

  /** Reports the provider orders completed since the last report; those without a price count no dollars. */
  report(): void {
    const prices = this.state.policy.prices;
    for (const [provider, count] of countByKey(orderSpending(this.state))) {
      const added = count - (this.reported.get(provider) ?? 0);
      if (added <= 0) continue;
      this.reported.set(provider, count);
      const price = prices?.[provider];
      if (price !== undefined) orderMetrics.spent({ provider, count: added, usd: added * price });
    }
  }
}

function countByKey(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
