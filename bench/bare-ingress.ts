/**
 * The floor of a webhook ingress: an Express app that does what any endpoint in front of Temporal must do for a
 * provider's webhook, and nothing else. It checks the provider's credential in constant time (Truework's
 * `X-Truework-Token`, Truv's `X-WEBHOOK-SIGN` HMAC of the raw body), parses the JSON body, signals the bare workflow
 * the body names and answers `200` once Temporal has the signal. No voie code: no request id, helmet, metrics, rate
 * limit, bounds, provider parsing, hint or order lookup. Its client is what `voie api`'s is (a native connection and
 * voie's client data converter), so both pay the same for the signal and its encrypted payload; it runs as a process
 * of its own (`bare-ingress-main.ts`), as `voie api` does.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import express, { type RequestHandler } from 'express';
import { bareWebhook } from './bare-workflows';

/** voie's bound on a webhook's body, so both read the same bodies the same way. */
const BODY_LIMIT_BYTES = 256 * 1024;

/** The line the process (`bare-ingress-main.ts`) writes once it listens, which the bench waits for. */
export const BARE_INGRESS_LISTENING = 'bare ingress listening';

/** The same answer bytes as voie's, written as cheaply: the floor is not raised by its answer. */
const RECEIVED = Buffer.from(JSON.stringify({ received: true }));

/** The credentials the bare ingress accepts, as `voie api` is configured with them. */
export interface BareIngressSecrets {
  /** Truework's `X-Truework-Token`. */
  trueworkToken: string;
  /** Truv's Access Secret, which signs `X-WEBHOOK-SIGN`. */
  truvSecret: string;
}

function sameDigest(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The bare workflow a webhook names: Truework's `metadata.voie_order_id`, Truv's `order_number`. */
type Route = {
  verify: (rawBody: Buffer, header: string) => boolean;
  header: string;
  target: (body: Record<string, unknown>) => unknown;
};

function routes(secrets: BareIngressSecrets): Record<string, Route> {
  const tokenDigest = createHash('sha256').update(secrets.trueworkToken).digest();
  return {
    truework: {
      header: 'x-truework-token',
      // Hashed to one length first, as voie compares secrets, so the time taken tells nothing of the token's length.
      verify: (_raw, token) => sameDigest(createHash('sha256').update(token).digest(), tokenDigest),
      target: (body) => {
        const data = body.data as { metadata?: { voie_order_id?: unknown } } | undefined;
        return data?.metadata?.voie_order_id;
      },
    },
    truv: {
      header: 'x-webhook-sign',
      verify: (raw, signature) =>
        sameDigest(
          Buffer.from(signature.trim().toLowerCase()),
          Buffer.from(`v1=${createHmac('sha256', secrets.truvSecret).update(raw).digest('hex')}`),
        ),
      target: (body) => body.order_number,
    },
  };
}

/** The bare ingress's app: `POST /webhooks/truework` and `POST /webhooks/truv`. */
export function bareIngressApp(client: Client, secrets: BareIngressSecrets): express.Express {
  const app = express();
  const byProvider = routes(secrets);
  const handle: RequestHandler<{ provider: string }> = async (req, res) => {
    const route = byProvider[req.params.provider];
    if (!route) {
      res.sendStatus(404);
      return;
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const credential = req.headers[route.header];
    if (typeof credential !== 'string' || !route.verify(raw, credential)) {
      res.sendStatus(401);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      res.sendStatus(400);
      return;
    }
    // As voie's ingress: a body that is not an object is refused, not a 500.
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      res.sendStatus(400);
      return;
    }
    const workflowId = route.target(body as Record<string, unknown>);
    if (typeof workflowId === 'string') {
      try {
        await client.workflow.getHandle(workflowId).signal(bareWebhook, body);
      } catch (err) {
        // Acknowledged, as voie acknowledges a webhook for an order that has ended; anything else is retried.
        if (!(err instanceof WorkflowNotFoundError)) {
          res.sendStatus(503);
          return;
        }
      }
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': RECEIVED.length });
    res.end(RECEIVED);
  };
  app.disable('x-powered-by');
  app.post('/webhooks/:provider', express.raw({ type: () => true, limit: BODY_LIMIT_BYTES }), handle as RequestHandler);
  return app;
}

/** Listens on `port` (0 picks a free one), as `voie api` listens; resolves with the server and its loopback URL. */
export async function listenBareIngress(
  client: Client,
  secrets: BareIngressSecrets,
  port = 0,
): Promise<{ server: Server; url: string }> {
  const app = bareIngressApp(client, secrets);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, (err?: Error) => (err ? reject(err) : resolve(listening)));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}
