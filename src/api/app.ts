import express from 'express';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ProviderConnection } from '../providers/provider';
import { requireApiKey } from './auth';
import { ApiError, errorHandler } from './errors';
import { OrderService } from './order-service';
import { ordersRouter } from './orders';
import { webhooksRouter } from './webhooks';

export interface AppDependencies {
  config: Config;
  client: Client;
  /** Providers with credentials (or a simulator), by name. */
  providers: ReadonlyMap<string, ProviderConnection>;
  logger: Logger;
}

/** Builds the HTTP API and webhook ingress; listening is the caller's job, so tests use the app in-process. */
export function createApp(deps: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const orders = new OrderService(deps.client);

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

  app.use('/webhooks', webhooksRouter({ providers: deps.providers, orders, logger: deps.logger }));
  app.use(
    '/v1/orders',
    requireApiKey(deps.config.apiKeys),
    express.json({ limit: '1mb' }),
    ordersRouter({ config: deps.config, orders, enabledProviders: [...deps.providers.keys()] }),
  );

  app.use((req, _res, next) => next(new ApiError(404, 'Not Found', `no route ${req.method} ${req.path}`)));
  app.use(errorHandler(deps.logger));
  return app;
}
