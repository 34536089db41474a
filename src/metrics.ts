import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** voie's Prometheus metrics. Labels are bounded sets (routes, providers, outcomes): never ids or personal data. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'voie_' });

export const httpRequests = new Histogram({
  name: 'voie_http_request_duration_seconds',
  help: 'HTTP requests by route, method and status',
  labelNames: ['route', 'method', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const ordersPlaced = new Counter({
  name: 'voie_orders_placed_total',
  help: 'POST /v1/orders outcomes by tenant and provider: created, existing (same body again), conflict',
  // Tenants come from VOIE_API_KEYS only, so the label's values are as few as the configured tenants.
  labelNames: ['tenant', 'provider', 'outcome'],
  registers: [metricsRegistry],
});

export const webhooksReceived = new Counter({
  name: 'voie_webhooks_received_total',
  help: 'Provider webhooks by provider and outcome: forwarded, unknown_order, ignored, refused, invalid',
  labelNames: ['provider', 'outcome'],
  registers: [metricsRegistry],
});

export const webhookOrderLookups = new Counter({
  name: 'voie_webhook_order_lookups_total',
  help: "How webhooks without voie's order id found their order: remembered from an earlier lookup, or searched",
  labelNames: ['provider', 'source'],
  registers: [metricsRegistry],
});

export const deliveryAttempts = new Counter({
  name: 'voie_delivery_attempts_total',
  help: 'Result delivery attempts to the LOS by outcome: delivered, failed, gone, refused',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});

export const ordersEnded = new Counter({
  name: 'voie_orders_ended_total',
  help: "Orders that reached a terminal status (completed, failed, canceled, expired), by their last step's provider",
  labelNames: ['provider', 'status'],
  registers: [metricsRegistry],
});

/** Estimated dollars spent at providers, by price key: counted by the order workflows' sink. */
export const providerSpend = new Counter({
  name: 'voie_provider_spend_usd_total',
  help:
    'Estimated US dollars spent at providers, by price key (truework, truv, truework-reverification, truv-refresh, …): ' +
    'each completed provider order at its VOIE_PROVIDER_PRICES price when the order was placed',
  labelNames: ['provider'],
  registers: [metricsRegistry],
});

/** Minutes to weeks: an instant verification ends in minutes, one waiting on an employer or applicant in days. */
const ORDER_DURATION_BUCKETS = [
  60,
  300,
  900,
  1800,
  3600,
  4 * 3600,
  12 * 3600,
  86_400,
  2 * 86_400,
  4 * 86_400,
  7 * 86_400,
  14 * 86_400,
  30 * 86_400,
];

export const orderDuration = new Histogram({
  name: 'voie_order_duration_seconds',
  help: 'Time from placement to the terminal status, by provider and status',
  labelNames: ['provider', 'status'],
  buckets: ORDER_DURATION_BUCKETS,
  registers: [metricsRegistry],
});
