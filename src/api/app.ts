import express from 'express';
import helmet from 'helmet';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ProviderConnection } from '../providers/provider';
import { ApiKeys, identifyApiKey, requireApiKey } from './auth';
import { ApiError, errorHandler, requestId } from './errors';
import { apiLimitKey, clientAddressKey, perMinuteLimit } from './rate-limits';
import { codecRouter } from './codec';
import { CursorSealer } from './cursor';
import { methodNotAllowed } from './method-not-allowed';
import { openApiDocument } from './openapi';
import packageJson from '../../package.json';
import { orderServices } from '../orders/order-services';
import type { ProviderSlots } from '../orders/provider-slots';
import { providerSlots } from '../orders/provider-slots';
import { loanServices } from '../loans/loan-services';
import { loansRouter } from './loans';
import { ordersRouter } from './orders';
import { WEBHOOK_ROUTE, webhookHandlers } from './webhooks';
import { httpRequests } from '../metrics';
import { accessLog } from './access-log';
import { requestSpan } from './request-span';
import { routeOf } from './route-pattern';
import type { WorkflowTraces } from '../telemetry/workflow-traces';

export interface AppDependencies {
  config: Config;
  client: Client;
  /** Providers with credentials (or a simulator), by name. */
  providers: ReadonlyMap<string, ProviderConnection>;
  logger: Logger;
  /** How long a request waits for Temporal, or a worker, before the API answers 503; 10 s unless given. */
  temporalAnswerTimeoutMs?: number;
  /**
   * The API's clock (epoch ms): when an order is placed, and the lender's today a closing date is judged against.
   * `Date.now` unless given; tests on Temporal's time-skipping server give the server's skipped clock.
   */
  clock?: () => Promise<number>;
  /**
   * Slots of a provider's rate limit for the provider requests the API makes itself (the report PDF's); by default
   * taken from the provider's task queue through Temporal (see `providerSlots`).
   */
  providerSlots?: ProviderSlots;
  /**
   * The trace each order was placed in, which a webhook's request span links to; the client's interceptors record
   * it (`tracingClientInterceptors`). Only with tracing on: without it a webhook makes no call for a trace.
   */
  workflowTraces?: WorkflowTraces;
}

/** Builds the HTTP API and webhook ingress; listening is the caller's job, so tests use the app in-process. */
export function createApp(deps: AppDependencies): express.Express {
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestSpan());
  app.use(requestId());
  app.use(accessLog(deps.logger));
  // A JSON API: no scripts, no framing, no sniffing; HSTS for deployments behind TLS.
  app.use(helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } }));
  // Cursors are sealed with a key every API instance shares, so any instance can continue a listing.
  const cursors = new CursorSealer(config.encryptionKey ?? config.apiKeys.map((entry) => entry.key).join(','));
  const orders = orderServices(deps.client, deps.temporalAnswerTimeoutMs, {
    businessDays: config.reverifyBusinessDays,
    timeZone: config.timeZone,
  });
  const loans = loanServices(deps.client, orders, deps.temporalAnswerTimeoutMs);
  const clock = deps.clock ?? (() => Promise.resolve(Date.now()));
  // The key is verified before the limit counts: a verified key spends its own budget, anything else its address's.
  const apiKeys = new ApiKeys(config.apiKeys);
  const v1 = [
    identifyApiKey(apiKeys),
    perMinuteLimit({ perMinute: config.rateLimitPerMinute, key: apiLimitKey, per: 'per API key (or address)' }),
    requireApiKey(),
    express.json({ limit: '1mb' }),
  ];

  app.use((req, res, next) => {
    const stop = httpRequests.startTimer({ method: req.method });
    // The matched route pattern, not the path: ids never become label values.
    res.on('finish', () => stop({ route: routeOf(req), status: String(res.statusCode) }));
    next();
  });

  // The busiest route first: a provider's webhooks pass no other route on their way.
  app.post(
    WEBHOOK_ROUTE,
    perMinuteLimit({ perMinute: config.webhookRateLimitPerMinute, key: clientAddressKey, per: 'per address' }),
    ...webhookHandlers({ providers: deps.providers, orders, logger: deps.logger, traces: deps.workflowTraces }),
  );
  const document = openApiDocument(packageJson.version, {
    codec: config.codecKeys.length > 0,
    waterfalls: Object.keys(config.waterfalls),
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.client.workflowService.getSystemInfo({});
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable', detail: 'Temporal is not reachable' });
    }
  });

  app.use(
    '/v1/orders',
    ...v1,
    ordersRouter({
      config,
      orders,
      cursors,
      providers: deps.providers,
      slots: deps.providerSlots ?? providerSlots(deps.client),
      logger: deps.logger,
      clock,
    }),
  );
  app.use('/v1/loans', ...v1, loansRouter({ config, loans, clock }));
  if (config.codecKeys.length) {
    // The same codecs as the client's data converter: what the workers encrypt, the UI can read back.
    const codecs = deps.client.options.loadedDataConverter.payloadCodecs;
    app.use(
      '/codec',
      perMinuteLimit({
        perMinute: config.codecRateLimitPerMinute,
        key: clientAddressKey,
        per: 'per address',
        closeConnection: true,
      }),
      codecRouter({ codecs, keys: config.codecKeys, corsOrigins: config.codecCorsOrigins }),
    );
  }

  app.use(methodNotAllowed(document));
  app.use((req, _res, next) => next(new ApiError(404, 'Not Found', `no route ${req.method} ${req.path}`)));
  app.use(errorHandler(deps.logger));
  return app;
}
