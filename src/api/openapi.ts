import { z } from 'zod';
import { ORDER_ID_PATTERN } from '../domain';
import { orderRequestSchema } from './order-schema';
import { reportPdfQuerySchema } from './report-pdf';
import { cancelSchema, listQuerySchema } from './orders';
import { orderListSchema, orderViewSchema, problemSchema, reportSchema } from './response-schemas';

type JsonSchema = Record<string, unknown>;

/** An OpenAPI document: its paths, each with its operations by lower-case method, and the rest. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema => {
  // One schema inside another document: the dialect is the document's (OpenAPI 3.1), not repeated per schema.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
};

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: jsonSchema(schema, io) },
});

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: jsonSchema(problemSchema) } },
});

const orderId = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: ORDER_ID_PATTERN.source },
};

/** A zod object schema of a query string as OpenAPI query parameters, constraints and all. */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const { properties = {}, required = [] } = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    schema: property,
  }));
}

/** From a placed order to the routes of that order, so a client (or a stateful fuzzer) can follow it. */
const orderLinks = {
  GetOrder: { operationId: 'getOrder', parameters: { id: '$response.body#/id' } },
  GetOrderReport: { operationId: 'getOrderReport', parameters: { id: '$response.body#/id' } },
  GetOrderReportPdf: { operationId: 'getOrderReportPdf', parameters: { id: '$response.body#/id' } },
  CancelOrder: { operationId: 'cancelOrder', parameters: { id: '$response.body#/id' } },
};

/** The OpenAPI 3.1 description of voie's HTTP API, built from the schemas the API itself validates with. */
export function openApiDocument(version: string): OpenApiDocument {
  const order = { description: 'the order', content: json(orderViewSchema) };
  const common = {
    '401': problem('missing or wrong API key'),
    '429': problem('rate limited; see Retry-After'),
    '503': problem('Temporal is unreachable; see Retry-After'),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'voie',
      version,
      description: 'Verifications of income and employment through Truework and Truv, orchestrated on Temporal.',
    },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/orders': {
        post: {
          operationId: 'placeOrder',
          summary: 'Place a verification order (idempotent by external_id)',
          requestBody: { required: true, content: json(orderRequestSchema, 'input') },
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
          summary: 'List orders, newest first',
          parameters: queryParameters(listQuerySchema),
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
          summary: 'Read an order',
          parameters: [orderId],
          responses: { '200': order, '404': problem('no such order'), ...common },
        },
      },
      '/v1/orders/{id}/report': {
        get: {
          operationId: 'getOrderReport',
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
          summary: "The provider's PDF of a completed order's report, fetched on demand and streamed",
          parameters: [orderId, ...queryParameters(reportPdfQuerySchema)],
          responses: {
            '200': {
              description: "the provider's PDF (with one report for every employer, as Truv, each index answers it)",
              headers: { 'Content-Length': { description: 'when the provider gave it', schema: { type: 'integer' } } },
              content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
            },
            '400': problem('employer is not an index of the order, each named in errors'),
            '404': problem('no such order, the order is not completed, or the chosen employer was not verified'),
            '502': problem('the provider did not give the PDF'),
            ...common,
          },
        },
      },
      '/v1/orders/{id}/cancel': {
        post: {
          operationId: 'cancelOrder',
          summary: 'Cancel an order at the provider',
          parameters: [orderId],
          requestBody: { required: false, content: json(cancelSchema, 'input') },
          responses: {
            '202': { ...order, description: 'cancel accepted (repeating it is harmless)' },
            '400': problem('invalid fields, each named in errors'),
            '404': problem('no such order'),
            '409': problem('the order already ended'),
            '413': problem('body over 1 MiB'),
            ...common,
          },
        },
      },
    },
  };
}
