import { z } from 'zod';
import { ORDER_ID_PATTERN } from '../domain';
import { orderRequestSchema } from './order-schema';
import { orderListSchema, orderViewSchema, problemSchema, reportSchema } from './response-schemas';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any' }) },
});

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: z.toJSONSchema(problemSchema) } },
});

const orderId = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: ORDER_ID_PATTERN.source },
};

/** The OpenAPI 3.1 description of voie's HTTP API, built from the schemas the API itself validates with. */
export function openApiDocument(version: string): Record<string, unknown> {
  const order = { description: 'the order', content: json(orderViewSchema) };
  const common = { '401': problem('missing or wrong API key'), '429': problem('rate limited; see Retry-After') };
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
          summary: 'Place a verification order (idempotent by external_id)',
          requestBody: { required: true, content: json(orderRequestSchema, 'input') },
          responses: {
            '201': { ...order, description: 'a new order' },
            '200': { ...order, description: 'the same order again (same external_id and body)' },
            '400': problem('invalid fields, each named in errors'),
            '409': problem('an order with this external_id exists with a different body'),
            '413': problem('body over 1 MiB'),
            '415': problem('body is not JSON'),
            ...common,
          },
        },
        get: {
          summary: 'List orders',
          parameters: ['status', 'provider', 'external_id', 'loan_id', 'limit', 'cursor'].map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: { type: name === 'limit' ? 'integer' : 'string' },
          })),
          responses: { '200': { description: 'a page of orders', content: json(orderListSchema) }, ...common },
        },
      },
      '/v1/orders/{id}': {
        get: {
          summary: 'Read an order',
          parameters: [orderId],
          responses: { '200': order, '404': problem('no such order'), ...common },
        },
      },
      '/v1/orders/{id}/report': {
        get: {
          summary: 'The report of a completed order',
          parameters: [orderId],
          responses: {
            '200': { description: 'normalized and provider report', content: json(reportSchema) },
            '404': problem('no such order, or no report yet'),
            ...common,
          },
        },
      },
      '/v1/orders/{id}/cancel': {
        post: {
          summary: 'Cancel an order at the provider',
          parameters: [orderId],
          responses: {
            '202': { ...order, description: 'cancel accepted (repeating it is harmless)' },
            '404': problem('no such order'),
            '409': problem('the order already ended'),
            ...common,
          },
        },
      },
    },
  };
}
