/**
 * voie's API for an LOS, typed from voie's OpenAPI document: `createVoieClient` calls the routes (openapi-fetch), and
 * `verifyDelivery` checks a result event voie delivered (Standard Webhooks) and returns it typed.
 */
import createClient, { type Client } from 'openapi-fetch';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { components, paths } from './schema';

export type { components, operations, paths, webhooks } from './schema';
export { WebhookVerificationError };

type Schemas = components['schemas'];

/** An order as voie answers it (`GET /v1/orders/{id}`), and as a delivery carries it. */
export type Order = Schemas['Order'];
/** The body of `POST /v1/orders`. */
export type OrderRequest = Schemas['OrderRequest'];
/** A page of `GET /v1/orders`. */
export type OrderList = Schemas['OrderList'];
/** The file of a loan: its orders, their re-verifications, whether it is ready to close. */
export type LoanFile = Schemas['LoanFile'];
/** A completed order's report: the normalized one beside the provider's own. */
export type Report = Schemas['Report'];
/** An `application/problem+json` answer (RFC 9457), as voie answers every error. */
export type Problem = Schemas['Problem'];
/** A result event voie delivers to the order's `callback_url`. */
export type DeliveryEvent = Schemas['DeliveryEvent'];
/** The type of a result event: `order.completed`, `order.failed`, … */
export type DeliveryEventType = DeliveryEvent['type'];
/** Every attempt at delivering an order's result events (`GET /v1/orders/{id}/deliveries`). */
export type DeliveryLog = Schemas['DeliveryLog'];

/** A client of voie's API: `client.GET('/v1/orders/{id}', { params: { path: { id } } })` and so on, all typed. */
export type VoieClient = Client<paths>;

/** Where voie is and the API key to call it with. */
export interface VoieClientOptions {
  /** voie's base URL, such as `http://127.0.0.1:3000` for `npm start`. */
  baseUrl: string;
  /** One of voie's `VOIE_API_KEYS`; the client acts on that key's tenant's orders and loans. */
  apiKey: string;
  /** Headers sent with every request besides the API key's, such as an `X-Request-Id`. */
  headers?: Record<string, string>;
  /** The `fetch` to call with; the global one by default. */
  fetch?: (request: Request) => Promise<Response>;
}

/** A typed client of voie's API. */
export function createVoieClient(options: VoieClientOptions): VoieClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...options.headers, authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** Request headers as Node's `IncomingHttpHeaders`, a fetch `Headers`, or a plain record. */
export type DeliveryHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * The result event of a delivery, once its Standard Webhooks signature checks against `secret` (the `whsec_…`
 * `VOIE_CALLBACK_SECRET`) and its timestamp is recent (within 5 minutes). `body` is the raw body as received, before
 * any JSON parsing: the signature covers its exact bytes. Throws `WebhookVerificationError` otherwise. Drop an event
 * whose `webhook-id` you have seen: retries and redeliveries repeat it.
 */
export function verifyDelivery(headers: DeliveryHeaders, body: string | Buffer, secret: string): DeliveryEvent {
  const read = (name: string): string => {
    const value =
      headers instanceof Headers
        ? headers.get(name)
        : Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  return new Webhook(secret).verify(body, {
    'webhook-id': read('webhook-id'),
    'webhook-timestamp': read('webhook-timestamp'),
    'webhook-signature': read('webhook-signature'),
  }) as DeliveryEvent;
}
