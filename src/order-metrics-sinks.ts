import type { InjectedSinks } from '@temporalio/worker';
import type { OrderMetricsSinks } from '../workflows/public';
import { orderDuration, ordersEnded } from './metrics';

/**
 * The worker's side of the order workflow's `orderMetrics` sink: each order's end, counted in the worker that ran
 * the workflow task where the order ended. Not during replay (`callDuringReplay: false`), so a workflow taken up
 * again from its history (after a cache eviction, by another worker, or in a run continued as new) counts nothing
 * twice; Prometheus sums the workers.
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
    },
  };
}
