import { createDocument, type ZodOpenApiObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ORDER_ID_PATTERN } from '../domain';
import { deliveryPayloadSchema } from '../domain/contract/delivery';
import { PROVIDER_NAMES } from '../providers/registry';
import { payloadsSchema } from './codec';
import { REQUEST_ID_HEADER, SANE_REQUEST_ID } from './errors';
import { cancelSchema, orderRequestSchema, patchOrderSchema } from './order-schema';
import { documentOptions, json } from './openapi-json-schema';
import { loanRoutes } from './openapi-loans';
import { deliveryWebhooks } from './openapi-webhooks';
import { ORDER_EXAMPLE, ORDER_REQUEST_EXAMPLE } from './openapi-examples';
import { reportPdfQuerySchema } from './report-pdf';
import { listQuerySchema } from './orders';
import {
  codecPayloadsSchema,
  deliveryLogSchema,
  healthSchema,
  orderListSchema,
  orderViewSchema,
  problemSchema,
  readinessSchema,
  redeliveryAcceptedSchema,
  reportSchema,
  webhookReceiptSchema,
} from './response-schemas';

/** An OpenAPI document: its paths, each with its operations by lower-case method, and the rest. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** The operations of a path, as `createDocument` takes them (zod schemas where JSON Schemas go). */
export type Paths = ZodOpenApiPathsObject;

/** Where `npm start` serves the API. */
export const LOCAL_SERVER = 'http://127.0.0.1:3000';

/** The tags that group the operations, in the order a reader meets them. */
const TAGS = [
  { name: 'orders', description: 'Verification orders: place, read, list, cancel, re-verify, their reports' },
  { name: 'loans', description: "A loan's file: its orders, its closing date, whether it is ready to close" },
  { name: 'deliveries', description: "The result events voie sent to the LOS's callback_url, and their redelivery" },
  { name: 'webhooks', description: "Providers' webhooks to voie, and the result events voie delivers to the LOS" },
  { name: 'operations', description: 'Health, readiness, this document, and the codec of the Temporal Web UI' },
];

const RETRY_AFTER = {
  'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'string' as const } },
};

const problem = (description: string, options: { retryAfter?: boolean } = {}) => ({
  description,
  ...(options.retryAfter ? { headers: RETRY_AFTER } : {}),
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** A bug in voie: logged with the correlation id the body gives, so an operator can find it. */
const internalError = {
  description: 'a bug in voie, logged with the correlation id the body and X-Request-Id give',
  content: {
    'application/problem+json': {
      schema: problemSchema.required({ correlation_id: true }).meta({ id: 'InternalProblem' }),
    },
  },
};

/** Routes anyone may call: no API key. */
const PUBLIC: Record<string, string[]>[] = [];

const orderId = {
  name: 'id',
  in: 'path' as const,
  required: true,
  schema: { type: 'string' as const, pattern: ORDER_ID_PATTERN.source },
};

/** From a placed order to the routes of that order, so a client (or a stateful fuzzer) can follow it. */
const orderLinks = {
  GetOrder: { operationId: 'getOrder', parameters: { id: '$response.body#/id' } },
  GetOrderReport: { operationId: 'getOrderReport', parameters: { id: '$response.body#/id' } },
  GetOrderReportPdf: { operationId: 'getOrderReportPdf', parameters: { id: '$response.body#/id' } },
  CancelOrder: { operationId: 'cancelOrder', parameters: { id: '$response.body#/id' } },
  GetOrderDeliveries: { operationId: 'getOrderDeliveries', parameters: { id: '$response.body#/id' } },
  RedeliverOrder: { operationId: 'redeliverOrder', parameters: { id: '$response.body#/id' } },
  PatchOrder: { operationId: 'patchOrder', parameters: { id: '$response.body#/id' } },
  ReverifyOrder: { operationId: 'reverifyOrder', parameters: { id: '$response.body#/id' } },
};

/**
 * The OpenAPI 3.1 description of voie's HTTP API, built from the schemas the API itself validates with. With
 * `waterfalls` (the names `VOIE_WATERFALLS` defines), an order's `waterfall` is declared as one of them.
 */
export function openApiDocument(
  version: string,
  options: { codec?: boolean; waterfalls?: readonly string[] } = {},
): OpenApiDocument {
  const order = {
    description: 'the order',
    content: { 'application/json': { schema: orderViewSchema, example: ORDER_EXAMPLE } },
  };
  const unreachable = problem('Temporal is unreachable; see Retry-After', { retryAfter: true });
  const common = {
    '401': problem('missing or wrong API key'),
    '429': problem('rate limited; see Retry-After', { retryAfter: true }),
    '503': unreachable,
  };
  const document: ZodOpenApiObject = {
    openapi: '3.1.0',
    info: {
      title: 'voie',
      version,
      description: 'Verifications of income and employment through Truework and Truv, orchestrated on Temporal.',
    },
    servers: [{ url: LOCAL_SERVER, description: 'npm start' }],
    tags: TAGS,
    components: {
      // The result events voie delivers are no route's body: registered here, they are named in the webhooks.
      schemas: { DeliveryEvent: deliveryPayloadSchema },
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            "one of VOIE_API_KEYS; every route acts on that key's tenant's orders and loans only (another's are 404)",
        },
        codecKey: { type: 'http', scheme: 'bearer', description: 'a codec key (VOIE_CODEC_KEYS)' },
      },
      headers: {
        [REQUEST_ID_HEADER]: {
          description: "The request's correlation id: the caller's own when sane, else a new UUID; in voie's logs too",
          required: true,
          schema: { type: 'string' as const, pattern: SANE_REQUEST_ID.source },
        },
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/orders': {
        post: {
          operationId: 'placeOrder',
          tags: ['orders'],
          summary: 'Place a verification order (idempotent by external_id)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: orderRequestSchema, example: ORDER_REQUEST_EXAMPLE } },
          },
          responses: {
            '201': { ...order, description: 'a new order', links: orderLinks },
            '200': { ...order, description: 'the same order again (same external_id and body)', links: orderLinks },
            '400': problem('invalid fields, each named in errors'),
            '409': problem('an order with this external_id exists with a different body'),
            '413': problem('body over 1 MiB'),
            '415': problem('body is not JSON'),
            ...common,
          },
        },
        get: {
          operationId: 'listOrders',
          tags: ['orders'],
          summary: 'List orders, newest first',
          requestParams: { query: listQuerySchema },
          responses: {
            '200': { description: 'a page of orders', content: json(orderListSchema) },
            '400': problem('invalid parameters, each named in errors, or a cursor voie did not hand out'),
            ...common,
          },
        },
      },
      '/v1/orders/{id}': {
        get: {
          operationId: 'getOrder',
          tags: ['orders'],
          summary: 'Read an order',
          parameters: [orderId],
          responses: { '200': order, '404': problem('no such order'), ...common },
        },
        patch: {
          operationId: 'patchOrder',
          tags: ['orders'],
          summary: 'Set, move or clear (null) the closing date, which the re-verification before closing counts from',
          parameters: [orderId],
          requestBody: { required: true, content: json(patchOrderSchema) },
          responses: {
            '200': order,
            '400': problem('invalid fields, each named in errors'),
            '404': problem('no such order'),
            '409': problem('the re-verification already ran, or the order ended otherwise than completed'),
            '413': problem('body over 1 MiB'),
            '415': problem('body is not JSON'),
            ...common,
          },
        },
      },
      '/v1/orders/{id}/reverify': {
        post: {
          operationId: 'reverifyOrder',
          tags: ['orders'],
          summary: 'Run the re-verification before closing now',
          parameters: [orderId],
          responses: {
            '202': { ...order, description: 'the re-verification starts now' },
            '404': problem('no such order'),
            '409': problem('the order is not completed, or no re-verification is scheduled'),
            ...common,
          },
        },
      },
      '/v1/orders/{id}/report': {
        get: {
          operationId: 'getOrderReport',
          tags: ['orders'],
          summary: 'The report of a completed order',
          parameters: [orderId],
          responses: {
            '200': { description: 'normalized and provider report', content: json(reportSchema) },
            '404': problem('no such order, or no report yet'),
            ...common,
          },
        },
      },
      '/v1/orders/{id}/report.pdf': {
        get: {
          operationId: 'getOrderReportPdf',
          tags: ['orders'],
          summary: "The provider's PDF of a completed order's report, read on demand and streamed",
          parameters: [orderId],
          requestParams: { query: reportPdfQuerySchema },
          responses: {
            '200': {
              description: "the provider's PDF (with one report for every employer, as Truv, each index answers it)",
              headers: {
                'Content-Length': { description: 'when the provider gave it', schema: { type: 'integer' as const } },
              },
              content: { 'application/pdf': { schema: { type: 'string' as const, format: 'binary' } } },
            },
            '400': problem('employer is not an index of the order, each named in errors'),
            '404': problem('no such order, the order is not completed, or the chosen employer was not verified'),
            '502': problem('the provider did not give the PDF'),
            ...common,
            '503': problem(
              "Temporal is unreachable, or the provider's rate limit gave no slot within a few seconds; see Retry-After",
              { retryAfter: true },
            ),
          },
        },
      },
      '/v1/orders/{id}/cancel': {
        post: {
          operationId: 'cancelOrder',
          tags: ['orders'],
          summary: 'Cancel an order at the provider',
          parameters: [orderId],
          requestBody: { required: false, content: json(cancelSchema) },
          responses: {
            '202': { ...order, description: 'cancel accepted (repeating it is harmless)' },
            '400': problem('invalid fields, each named in errors'),
            '404': problem('no such order'),
            '409': problem('the order already ended (and no re-verification is scheduled)'),
            '413': problem('body over 1 MiB'),
            ...common,
          },
        },
      },
      ...deliveryRoutes(common),
      ...serviceRoutes(),
      '/webhooks/{provider}': {
        post: {
          operationId: 'receiveWebhook',
          tags: ['webhooks'],
          summary: "A provider's webhook, verified by the provider's own signature or token",
          security: PUBLIC,
          parameters: [
            {
              name: 'provider',
              in: 'path',
              required: true,
              schema: { type: 'string' as const, enum: [...PROVIDER_NAMES] },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: {} } } },
          responses: {
            '200': {
              description: 'received (handed to its order, or concerning none)',
              content: json(webhookReceiptSchema),
            },
            '400': problem('body is not JSON, or an id, event or status in it is over 256 characters'),
            '401': problem('missing or wrong webhook credentials'),
            '404': problem('no webhook ingress for this provider'),
            '413': problem('body over 256 KiB'),
            '415': problem('unsupported body encoding'),
            '429': problem('over VOIE_WEBHOOK_RATE_LIMIT from this address; see Retry-After', { retryAfter: true }),
            '503': unreachable,
          },
        },
      },
      ...loanRoutes(common, problem),
      ...(options.codec ? codecRoutes() : {}),
    },
  };
  const created = createDocument(withEveryAnswer({ ...document, webhooks: deliveryWebhooks() }), documentOptions);
  return withWaterfalls(created as unknown as OpenApiDocument, options.waterfalls);
}

/** The delivery log of an order and its redelivery. */
function deliveryRoutes(common: Record<string, unknown>): Paths {
  return {
    '/v1/orders/{id}/deliveries': {
      get: {
        operationId: 'getOrderDeliveries',
        tags: ['deliveries'],
        summary: "Every attempt at delivering the order's result events to the LOS, redeliveries included",
        parameters: [orderId],
        responses: {
          '200': { description: 'the attempts, oldest first', content: json(deliveryLogSchema) },
          '404': problem('no such order'),
          ...common,
        },
      },
    },
    '/v1/orders/{id}/redeliver': {
      post: {
        operationId: 'redeliverOrder',
        tags: ['deliveries'],
        summary: "Send the order's latest result event again, with its original webhook-id, on the retry schedule",
        parameters: [orderId],
        responses: {
          '202': { description: 'redelivery under way', content: json(redeliveryAcceptedSchema) },
          '404': problem('no such order'),
          '409': problem('the order never had a result event to deliver'),
          ...common,
        },
      },
    },
  };
}

/**
 * Health, readiness and this document: for operators and probes, without an API key. `/metrics` is not the API's: it
 * is served on `VOIE_METRICS_PORT`.
 */
function serviceRoutes(): Paths {
  return {
    '/healthz': {
      get: {
        operationId: 'health',
        tags: ['operations'],
        summary: 'The process serves HTTP',
        security: PUBLIC,
        responses: { '200': { description: 'alive', content: json(healthSchema) } },
      },
    },
    '/readyz': {
      get: {
        operationId: 'readiness',
        tags: ['operations'],
        summary: 'The API reaches Temporal',
        security: PUBLIC,
        responses: {
          '200': { description: 'ready', content: json(readinessSchema) },
          '503': { description: 'Temporal is not reachable', content: json(readinessSchema) },
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        tags: ['operations'],
        summary: 'This document',
        security: PUBLIC,
        responses: {
          '200': {
            description: 'OpenAPI 3.1',
            content: { 'application/json': { schema: { type: 'object' as const } } },
          },
        },
      },
    },
  };
}

/**
 * Temporal's remote codec protocol, for the Web UI (mounted only when codec keys are configured). The key comes as a
 * bearer token, or in the path for a UI that cannot send headers; browsers ask first with a CORS preflight.
 */
function codecRoutes(): Paths {
  const key = { name: 'key', in: 'path' as const, required: true, schema: { type: 'string' as const } };
  const codec = (operation: 'encode' | 'decode', inPath: boolean) => ({
    post: {
      operationId: `${operation}Payloads${inPath ? 'WithPathKey' : ''}`,
      tags: ['operations'],
      summary: `${operation === 'encode' ? 'Encode' : 'Decode'} payloads with voie's codecs`,
      security: inPath ? PUBLIC : [{ codecKey: [] }],
      ...(inPath ? { parameters: [key] } : {}),
      requestBody: { required: true, content: json(payloadsSchema) },
      responses: {
        '200': { description: 'the payloads, in the same order', content: json(codecPayloadsSchema) },
        '400': problem('the body is not {"payloads": [...]}'),
        '401': problem('missing or wrong codec key'),
        '413': problem('body over 4 MiB'),
        '415': problem('unsupported body encoding'),
        '422': problem('a codec failed on the payloads'),
        '429': problem('over VOIE_CODEC_RATE_LIMIT from this address; see Retry-After', { retryAfter: true }),
      },
    },
    options: {
      operationId: `${operation}PayloadsPreflight${inPath ? 'WithPathKey' : ''}`,
      tags: ['operations'],
      summary: 'CORS preflight of the Web UI',
      security: PUBLIC,
      ...(inPath ? { parameters: [key] } : {}),
      responses: { '204': { description: 'CORS headers for an allowed origin, none for another' } },
    },
  });
  return {
    '/codec/encode': codec('encode', false),
    '/codec/decode': codec('decode', false),
    '/codec/{key}/encode': codec('encode', true),
    '/codec/{key}/decode': codec('decode', true),
  };
}

/** The document with the order request's `waterfall` as one of `names`, when this voie defines any. */
function withWaterfalls(document: OpenApiDocument, names: readonly string[] | undefined): OpenApiDocument {
  if (!names?.length) return document;
  const schemas = (document.components as { schemas: Record<string, { properties: Record<string, object> }> }).schemas;
  const { properties } = schemas['OrderRequest']!;
  properties['waterfall'] = { ...properties['waterfall'], enum: [...names] };
  return document;
}

/** Every operation can fail on a bug (`500`), and every answer carries the request's correlation id. */
function withEveryAnswer(document: ZodOpenApiObject): ZodOpenApiObject {
  const requestIdHeader = { [REQUEST_ID_HEADER]: { $ref: `#/components/headers/${REQUEST_ID_HEADER}` } };
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations) as { responses: Record<string, Record<string, unknown>> }[]) {
      operation.responses['500'] ??= internalError;
      for (const [status, response] of Object.entries(operation.responses)) {
        operation.responses[status] = {
          ...response,
          headers: { ...requestIdHeader, ...(response.headers as object | undefined) },
        };
      }
    }
  }
  return document;
}
