import type { InjectedSinks } from '@temporalio/worker';
import type { OrderMetricsSinks } from '../workflows/public';
import { orderDuration, ordersEnded, providerSpend } from './metrics';

/**
 * The worker's side of the order workflow's `orderMetrics` sink: each order's end, and each provider order it bought
 * at its price, counted in the worker that ran the workflow task where it happened. Not during replay
 * (`callDuringReplay: false`), so a workflow taken up again from its history (after a cache eviction, by another
 * worker, or in a run continued as new) counts nothing twice; Prometheus sums the workers.
 */
export function orderMetricsSinks(): InjectedSinks<OrderMetricsSinks> {
  return {
    orderMetrics: {
      ended: {
        fn: (_info, { provider, status, durationSeconds }) => {
          ordersEnded.inc({ provider, status });
          orderDuration.observe({ provider, status }, durationSeconds);
        },
        callDuringReplay: false,
      },
      spent: {
        fn: (_info, { provider, usd }) => providerSpend.inc({ provider }, usd),
        callDuringReplay: false,
      },
    },
  };
}
