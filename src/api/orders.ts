import type { Request } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../config';
import { checkCallbackUrl, resolveHost } from '../net/callback-policy';
import { cachedResolver } from '../net/cached-resolver';
import { callbackPolicy } from '../config';
import { requestTenant } from './auth';
import { ApiError, invalidFields } from './errors';
import { ordersPlaced } from '../metrics';
import type { Logger } from '../logger';
import type { ProviderConnection } from '../providers/provider';
import type { ProviderSlots } from '../orders/provider-slots';
import type { OrderServices } from '../orders/order-services';
import type { ReverificationChangeResult } from '../orders/order-commands';
import { IdempotencyKeys } from '../orders/idempotency';
import { OrderNotFoundError } from '../orders/order-not-found';
import type { CursorSealer } from './cursor';
import { reportPdfHandler } from './report-pdf';
import { annotateSpan } from '../telemetry/span-attributes';
import { ORDER_ID_PATTERN, ORDER_STATUSES, todayIn } from '../domain';
import {
  cancelSchema,
  closingDateErrors,
  externalIdSchema,
  fieldErrors,
  fingerprintedBody,
  loanIdSchema,
  orderBoundErrors,
  orderProviders,
  orderRequestSchema,
  patchOrderSchema,
  providerNameSchema,
  resolveOrder,
} from './order-schema';

/** The query of `GET /v1/orders`; `/openapi.json` declares its parameters from it. */
export const listQuerySchema = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  provider: providerNameSchema.optional(),
  external_id: externalIdSchema.optional(),
  loan_id: loanIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(4096).optional(),
});

/** The LOS routes of the contract: `/v1/orders…`. */
export function ordersRouter(deps: {
  config: Config;
  orders: OrderServices;
  /** Seals Temporal's page tokens into the cursors of `GET /v1/orders`. */
  cursors: CursorSealer;
  /** The configured providers, by name: orders go only to these, and report PDFs come from them. */
  providers: ReadonlyMap<string, ProviderConnection>;
  /** Slots of each provider's rate limit for the report PDF's provider requests. */
  slots: ProviderSlots;
  logger: Logger;
  /** The API's clock (epoch ms; see `AppDependencies.clock`). */
  clock: () => Promise<number>;
}): Router {
  const router = Router();
  const { access, commands, reads, directory, redeliveries } = deps.orders;
  const callbacks = callbackPolicy(deps.config);
  // A LOS names the same callback host order after order: its addresses are kept a short while, and judged each time.
  const resolveCallbackHost = cachedResolver(resolveHost);
  const idempotency = new IdempotencyKeys(
    deps.config.fieldKey ? [deps.config.fieldKey, ...deps.config.retiredFieldKeys] : [],
  );

  // Every route on one order passes here first: another tenant's order is not found, as one that does not exist.
  router.param('id', async (_req, res, next, id: string) => {
    if (!ORDER_ID_PATTERN.test(id)) throw new OrderNotFoundError(id);
    await access.ensureOwnedBy(id, requestTenant(res));
    next();
  });

  router.post('/', async (req, res) => {
    requireJson(req);
    const parsed = orderRequestSchema.safeParse(req.body);
    if (!parsed.success) throw invalidFields(fieldErrors(parsed.error));
    const body = parsed.data;
    const now = new Date(await deps.clock());
    const outOfBounds = orderBoundErrors(body, deps.config, todayIn(now, deps.config.timeZone));
    if (outOfBounds.length > 0) throw invalidFields(outOfBounds);
    const unconfigured = orderProviders(body, deps.config).filter((name) => !deps.providers.has(name));
    if (unconfigured.length > 0) {
      const field = body.waterfall !== undefined ? 'waterfall' : body.providers ? 'providers' : 'provider';
      throw invalidFields(unconfigured.map((name) => ({ field, message: `${name} is not configured on this voie` })));
    }
    const callbackRefusal = body.callback_url
      ? await checkCallbackUrl(body.callback_url, callbacks, resolveCallbackHost)
      : undefined;
    if (callbackRefusal) throw invalidFields([{ field: 'callback_url', message: callbackRefusal }]);
    const { request, policy } = resolveOrder(body, deps.config);

    const fingerprint = idempotency.fingerprint(fingerprintedBody(body));
    const tenant = requestTenant(res);
    const orderIds = idempotency.orderIds(tenant, request.external_id);
    const result = await commands.place(request, policy, fingerprint, now, { tenant, orderIds });
    ordersPlaced.inc({ tenant, provider: request.provider, outcome: result.kind });
    if (result.kind === 'conflict') {
      throw new ApiError(409, 'Conflict', `an order with external_id ${body.external_id} exists with a different body`);
    }
    annotateSpan({ 'voie.tenant': tenant, 'voie.provider': request.provider, 'voie.order_id': result.order.id });
    res
      .status(result.kind === 'created' ? 201 : 200)
      .location(`/v1/orders/${result.order.id}`)
      .json(result.order);
  });

  router.get('/', async (req, res) => {
    const parsed = listQuerySchema.safeParse(req.query);
    if (!parsed.success) throw invalidFields(fieldErrors(parsed.error));
    const { limit, cursor, ...filter } = parsed.data;
    const pageToken = cursor === undefined ? undefined : deps.cursors.open(cursor);
    if (cursor !== undefined && !pageToken) {
      throw invalidFields([{ field: 'cursor', message: 'is not a cursor voie handed out' }]);
    }
    const page = await directory.list(requestTenant(res), filter, limit, pageToken);
    res.json({ data: page.orders, next_cursor: page.nextPageToken ? deps.cursors.seal(page.nextPageToken) : null });
  });

  router.get('/:id', async (req, res) => {
    res.json(await reads.order(orderIdOf(req)));
  });

  router.patch('/:id', async (req, res) => {
    requireJson(req);
    const parsed = patchOrderSchema.safeParse(req.body);
    if (!parsed.success) throw invalidFields(fieldErrors(parsed.error));
    const now = await deps.clock();
    const today = todayIn(new Date(now), deps.config.timeZone);
    const tooFar = closingDateErrors(parsed.data.closing_date, today);
    if (tooFar.length > 0) throw invalidFields(tooFar);
    const id = orderIdOf(req);
    const result = await commands.patch(id, { closing_date: parsed.data.closing_date }, now, requestTenant(res));
    res.status(200).json(changed(result, id));
  });

  router.post('/:id/reverify', async (req, res) => {
    const id = orderIdOf(req);
    res.status(202).json(changed(await commands.reverify(id, await deps.clock()), id));
  });

  router.get('/:id/report', async (req, res) => {
    const id = orderIdOf(req);
    const report = await reads.report(id);
    if (report === null) throw new ApiError(404, 'Not Found', `order ${id} has no report yet`);
    res.json(report);
  });

  router.get('/:id/report.pdf', reportPdfHandler(deps));

  router.get('/:id/deliveries', async (req, res) => {
    res.json({ data: await redeliveries.attempts(orderIdOf(req)) });
  });

  router.post('/:id/redeliver', async (req, res) => {
    const id = orderIdOf(req);
    const result = await redeliveries.redeliver(id);
    if (result.kind === 'nothing-delivered') {
      throw new ApiError(409, 'Conflict', `order ${id} has no result event to deliver again`);
    }
    res.status(202).json({ webhook_id: result.webhookId, type: result.type });
  });

  router.post('/:id/cancel', async (req, res) => {
    const id = orderIdOf(req);
    const parsed = cancelSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidFields(fieldErrors(parsed.error));
    const result = await commands.cancel(id, parsed.data.reason);
    if (result.kind === 'terminal') throw new ApiError(409, 'Conflict', `order ${id} has already ended`);
    res.status(202).json(result.order);
  });

  return router;
}

function requireJson(req: Request): void {
  if (!req.is('application/json'))
    throw new ApiError(415, 'Unsupported Media Type', 'send Content-Type: application/json');
}

/** The order after a change of its re-verification, or the API's 400 / 409. */
function changed(result: ReverificationChangeResult, id: string) {
  if (result.kind === 'accepted') return result.order;
  if (result.kind === 'invalid') throw invalidFields([{ field: 'closing_date', message: result.reason }]);
  throw new ApiError(409, 'Conflict', `order ${id}: ${result.reason}`);
}

/** The route's order id, which the `id` parameter's handler found to be the tenant's. */
function orderIdOf(req: Request<{ id: string }>): string {
  return req.params.id;
}
