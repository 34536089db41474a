import type { Request } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../config';
import { checkCallbackUrl } from '../net/callback-policy';
import { callbackPolicy } from '../config';
import { ApiError, invalidFields } from './errors';
import { ordersPlaced } from '../metrics';
import type { Logger } from '../logger';
import type { ProviderConnection } from '../providers/provider';
import type { OrderService } from './order-service';
import { reportPdfHandler } from './report-pdf';
import { ORDER_ID_PATTERN, ORDER_STATUSES } from '../domain';
import type { ReverificationChangeResult } from './order-service';
import { fingerprintOf, InvalidCursorError } from './order-service';
import {
  externalIdSchema,
  fieldErrors,
  fingerprintedBody,
  loanIdSchema,
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

/** The optional body of `POST /v1/orders/{id}/cancel`. */
export const cancelSchema = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

/** The LOS routes of the contract: `/v1/orders…`. */
export function ordersRouter(deps: {
  config: Config;
  orders: OrderService;
  /** The configured providers, by name: orders go only to these, and report PDFs come from them. */
  providers: ReadonlyMap<string, ProviderConnection>;
  logger: Logger;
}): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    requireJson(req);
    const parsed = orderRequestSchema.safeParse(req.body);
    if (!parsed.success) throw invalidFields(fieldErrors(parsed.error));
    const body = parsed.data;
    const unconfigured = orderProviders(body).filter((name) => !deps.providers.has(name));
    if (unconfigured.length > 0) {
      const field = body.providers ? 'providers' : 'provider';
      throw invalidFields(unconfigured.map((name) => ({ field, message: `${name} is not configured on this voie` })));
    }
    const callbackRefusal = body.callback_url
      ? await checkCallbackUrl(body.callback_url, callbackPolicy(deps.config))
      : undefined;
    if (callbackRefusal) throw invalidFields([{ field: 'callback_url', message: callbackRefusal }]);
    const { request, policy } = resolveOrder(body, deps.config);

    const result = await deps.orders.place(request, policy, fingerprintOf(fingerprintedBody(body)), new Date());
    ordersPlaced.inc({ provider: request.provider, outcome: result.kind });
    if (result.kind === 'conflict') {
      throw new ApiError(409, 'Conflict', `an order with external_id ${body.external_id} exists with a different body`);
    }
    res
      .status(result.kind === 'created' ? 201 : 200)
      .location(`/v1/orders/${result.order.id}`)
      .json(result.order);
  });

  router.get('/', async (req, res) => {
    const parsed = listQuerySchema.safeParse(req.query);
    if (!parsed.success) throw invalidFields(fieldErrors(parsed.error));
    const { limit, cursor, ...filter } = parsed.data;
    const page = await deps.orders.list(filter, limit, cursor).catch((err: unknown) => {
      if (err instanceof InvalidCursorError)
        throw invalidFields([{ field: 'cursor', message: 'is not a cursor voie handed out' }]);
      throw err;
    });
    res.json({ data: page.orders, next_cursor: page.nextCursor });
  });

  router.get('/:id', async (req, res) => {
    const order = ORDER_ID_PATTERN.test(req.params.id) ? await deps.orders.get(req.params.id) : undefined;
    if (!order) throw notFound(req.params.id);
    res.json(order);
  });

  router.patch('/:id', async (req, res) => {
    requireJson(req);
    const parsed = patchOrderSchema.safeParse(req.body);
    if (!parsed.success) throw invalidFields(fieldErrors(parsed.error));
    if (!ORDER_ID_PATTERN.test(req.params.id)) throw notFound(req.params.id);
    const { reverifyBusinessDays: businessDays, timeZone } = deps.config;
    const result = await deps.orders.patch(req.params.id, parsed.data.closing_date, { businessDays, timeZone });
    res.status(200).json(changed(result, req.params.id));
  });

  router.post('/:id/reverify', async (req, res) => {
    if (!ORDER_ID_PATTERN.test(req.params.id)) throw notFound(req.params.id);
    res.status(202).json(changed(await deps.orders.reverify(req.params.id), req.params.id));
  });

  router.get('/:id/report', async (req, res) => {
    const report = ORDER_ID_PATTERN.test(req.params.id) ? await deps.orders.report(req.params.id) : undefined;
    if (report === undefined) throw notFound(req.params.id);
    if (report === null) throw new ApiError(404, 'Not Found', `order ${req.params.id} has no report yet`);
    res.json(report);
  });

  router.get('/:id/report.pdf', reportPdfHandler(deps));

  router.get('/:id/deliveries', async (req, res) => {
    const attempts = ORDER_ID_PATTERN.test(req.params.id) ? await deps.orders.deliveries(req.params.id) : undefined;
    if (!attempts) throw notFound(req.params.id);
    res.json({ data: attempts });
  });

  router.post('/:id/redeliver', async (req, res) => {
    if (!ORDER_ID_PATTERN.test(req.params.id)) throw notFound(req.params.id);
    const result = await deps.orders.redeliver(req.params.id);
    if (result.kind === 'not-found') throw notFound(req.params.id);
    if (result.kind === 'nothing-delivered') {
      throw new ApiError(409, 'Conflict', `order ${req.params.id} has no result event to deliver again`);
    }
    res.status(202).json({ webhook_id: result.webhookId, type: result.type });
  });

  router.post('/:id/cancel', async (req, res) => {
    if (!ORDER_ID_PATTERN.test(req.params.id)) throw notFound(req.params.id);
    const parsed = cancelSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidFields(fieldErrors(parsed.error));
    const result = await deps.orders.cancel(req.params.id, parsed.data.reason);
    if (result.kind === 'not-found') throw notFound(req.params.id);
    if (result.kind === 'terminal') throw new ApiError(409, 'Conflict', `order ${req.params.id} has already ended`);
    res.status(202).json(result.order);
  });

  return router;
}

function requireJson(req: Request): void {
  if (!req.is('application/json'))
    throw new ApiError(415, 'Unsupported Media Type', 'send Content-Type: application/json');
}

/** The order after a change of its re-verification, or the API's 404 / 409. */
function changed(result: ReverificationChangeResult, id: string) {
  if (result.kind === 'not-found') throw notFound(id);
  if (result.kind === 'accepted') return result.order;
  if (result.kind === 'invalid') throw invalidFields([{ field: 'closing_date', message: result.reason }]);
  throw new ApiError(409, 'Conflict', `order ${id}: ${result.reason}`);
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'Not Found', `no order ${id}`);
}
