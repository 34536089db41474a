import { trace } from '@opentelemetry/api';
import express, { type RequestHandler, type Response } from 'express';
import type { Logger } from '../logger';
import type { ParsedWebhook, ProviderConnection } from '../providers/provider';
import { isOverlong, MAX_WEBHOOK_BODY_BYTES, MAX_WEBHOOK_FIELD_LENGTH } from '../providers/webhook-bounds';
import { ApiError } from './errors';
import { webhookOrderLookups, webhooksReceived } from '../metrics';
import type { OrderServices } from '../orders/order-services';
import { HintBatcher } from './hint-batcher';
import { WebhookRoutes } from './webhook-routes';
import { ORDER_ID_PATTERN } from '../domain';
import { annotateSpan } from '../telemetry/span-attributes';
import type { WorkflowTraces } from '../telemetry/workflow-traces';

/**
 * The acknowledgement every accepted webhook gets, serialized once: a provider reads only the status, and building
 * it per request (`res.json`: stringify, charset, ETag hash) was a measurable share of the ingress's CPU.
 */
const RECEIVED = Buffer.from(JSON.stringify({ received: true }));

function acknowledge(res: Response): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': RECEIVED.length });
  res.end(RECEIVED);
}

/** The path of the webhook ingress, one route for every provider. */
export const WEBHOOK_ROUTE = '/webhooks/:provider';

/**
 * Provider webhooks (`POST` on `WEBHOOK_ROUTE`): verified on the raw body, reduced to a hint and signaled to the
 * order's workflow. The `200` goes out only once Temporal has the signal; if Temporal is unreachable the provider
 * gets a 5xx and retries. The handlers are mounted on the app itself, ahead of the API's routes: no nested router
 * to pass through on the busiest path.
 */
export function webhookHandlers(deps: {
  providers: ReadonlyMap<string, ProviderConnection>;
  orders: OrderServices;
  logger: Logger;
  /** With tracing on: the orders' traces, which a webhook's request span links to. */
  traces?: WorkflowTraces;
}): RequestHandler[] {
  const hints = new HintBatcher((orderId, held) => deps.orders.commands.signalHints(orderId, held));
  const routes = new WebhookRoutes((provider, target) => deps.orders.directory.findOrderId(provider, target));
  // The request's span links to the trace its order was placed in: remembered by this process, else from the order's
  // memo, read once. With tracing off there are no traces to ask; a request not sampled has no recording span.
  const linkToOrder = async (traces: WorkflowTraces, orderId: string): Promise<void> => {
    const span = trace.getActiveSpan();
    if (!span?.isRecording()) return;
    const placement = await traces.find(orderId, () => deps.orders.reads.memo(orderId));
    if (placement) span.addLink({ context: placement });
  };
  const handle: RequestHandler<{ provider: string }> = async (req, res) => {
    const providerName = req.params.provider;
    const provider = deps.providers.get(providerName);
    if (!provider) throw new ApiError(404, 'Not Found', `no webhook ingress for ${providerName}`);
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const count = (outcome: string): void => void webhooksReceived.inc({ provider: providerName, outcome });
    if (!provider.webhook.verify(rawBody, req.headers)) {
      count('refused');
      deps.logger.warn({ provider: providerName }, 'webhook refused: bad credentials');
      throw new ApiError(401, 'Unauthorized', 'webhook credentials are missing or wrong');
    }
    try {
      JSON.parse(rawBody.toString('utf8'));
    } catch {
      count('invalid');
      throw new ApiError(400, 'Bad Request', 'the body is not valid JSON');
    }
    const parsed = provider.webhook.parse(rawBody);
    // Over the bounds: refused before anything reaches an order (or a search).
    const refuse: (refused: string) => never = (refused) => {
      count('invalid');
      deps.logger.warn({ provider: providerName, refused }, 'webhook refused: over the bounds');
      throw new ApiError(400, 'Bad Request', refused);
    };
    if (parsed && 'refused' in parsed) refuse(parsed.refused);
    if (!parsed) {
      count('ignored');
      deps.logger.info({ provider: providerName }, 'webhook acknowledged: not an event voie acts on');
      acknowledge(res);
      return;
    }
    const overlong = overlongText(parsed);
    if (overlong) refuse(overlong);
    const { target } = parsed;
    const hint = { ...parsed.hint, ...(target.providerOrderId ? { providerOrderId: target.providerOrderId } : {}) };
    const forward = (id: string): Promise<boolean> =>
      hints.forward(id, { ...hint, receivedAt: new Date().toISOString() });
    let orderId = target.orderId && ORDER_ID_PATTERN.test(target.orderId) ? target.orderId : undefined;
    let delivered = orderId !== undefined && (await forward(orderId));
    if (delivered) routes.remember(providerName, target, orderId!);
    if (orderId === undefined) {
      orderId = routes.remembered(providerName, target);
      if (orderId !== undefined) webhookOrderLookups.inc({ provider: providerName, source: 'remembered' });
      delivered = orderId !== undefined && (await forward(orderId));
      // Not remembered, or its order has ended: the search attributes say which order it is now.
      if (!delivered) {
        routes.forget(providerName, target);
        webhookOrderLookups.inc({ provider: providerName, source: 'search' });
        orderId = await routes.find(providerName, target);
        delivered = orderId !== undefined && (await forward(orderId));
      }
    }
    if (delivered && deps.traces) await linkToOrder(deps.traces, orderId!);
    count(delivered ? 'forwarded' : 'unknown_order');
    annotateSpan({
      'voie.provider': providerName,
      'voie.webhook.outcome': delivered ? 'forwarded' : 'unknown_order',
      ...(delivered && orderId ? { 'voie.order_id': orderId } : {}),
    });
    const event = { provider: providerName, event: hint.type, orderId };
    // A forwarded webhook is the common case and the order's timeline (and the metrics) already show it: `debug`,
    // so the busiest path writes no log line. What needs an operator's eye stays at `info` or above.
    if (delivered) deps.logger.debug({ ...event, hintId: hint.id }, 'webhook forwarded to the order');
    else
      deps.logger.info(
        { ...event, providerOrderId: target.providerOrderId },
        'webhook acknowledged: unknown or ended order',
      );
    acknowledge(res);
  };
  return [express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY_BYTES }), handle as RequestHandler];
}

/**
 * Whether what a provider module read from a webhook is over the bounds its reader should have refused (the ids that
 * route it, its event and status): a check of every provider's result, whatever its module checked.
 */
function overlongText({ target, hint }: ParsedWebhook): string | undefined {
  const fields: [string, unknown][] = [
    ['order id', target.orderId],
    ['provider order id', target.providerOrderId],
    ...(target.correlationIds ?? []).map((id): [string, unknown] => ['provider id', id]),
    ['event', hint.type],
    ['status', hint.statedStatus],
    ['detail', hint.detail],
  ];
  const overlong = fields.find(([, value]) => isOverlong(value));
  return overlong && `the ${overlong[0]} is longer than ${MAX_WEBHOOK_FIELD_LENGTH} characters`;
}
