import type { AddressInfo } from 'node:net';
import express from 'express';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { loadConfig } from '../../src/config';
import { truework } from '../../src/providers/truework';
import { DELIVERY_EVENT_TYPES, ORDER_STATUSES, STEP_OUTCOMES } from '../../src/domain';
import { orderViewSchema } from '../../src/domain/contract/order-view';
import { errorHandler } from '../../src/api/errors';
import { methodNotAllowed } from '../../src/api/method-not-allowed';
import { openApiDocument } from '../../src/api/openapi';
import { MAX_WATERFALL_PROVIDERS, orderRequestSchema } from '../../src/api/order-schema';
import { createLogger } from '../../src/logger';
import { PROVIDER_NAMES } from '../../src/providers/registry';

const document = openApiDocument('0.0.0');
const operation = (path: string, method: string): any => (document.paths[path] as any)[method];
/** A schema of `doc`, its named component when it is a `$ref` to one. */
const deref = (schema: any, doc: any = document): any =>
  schema?.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;

describe('the OpenAPI document', () => {
  it('declares the list query with the constraints the API enforces, and its 400', () => {
    const parameters = Object.fromEntries(operation('/v1/orders', 'get').parameters.map((p: any) => [p.name, p]));
    expect(Object.keys(parameters).sort()).toEqual(['cursor', 'external_id', 'limit', 'loan_id', 'provider', 'status']);
    expect(parameters.status.schema.enum).toEqual([...ORDER_STATUSES]);
    expect(parameters.provider.schema.enum).toEqual([...PROVIDER_NAMES]);
    expect(parameters.limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(parameters.external_id.schema.pattern).toBe('^[A-Za-z0-9._:-]{1,128}$');
    expect(operation('/v1/orders', 'get').responses['400']).toBeDefined();
  });

  it('declares provider as the registered providers, and what each provider requires', () => {
    const body = deref(operation('/v1/orders', 'post').requestBody.content['application/json'].schema);
    expect(body.properties.provider.enum).toEqual([...PROVIDER_NAMES]);
    expect(body.allOf).toContainEqual({
      if: { properties: { provider: { const: 'truework' } }, required: ['provider'] },
      then: { required: ['permissible_purpose'] },
    });
  });

  it('declares waterfall, as one of the names VOIE_WATERFALLS defines when it defines any', () => {
    const body = deref(operation('/v1/orders', 'post').requestBody.content['application/json'].schema);
    expect(body.properties.waterfall).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(body.properties.waterfall.enum).toBeUndefined();
    const named = openApiDocument('0.0.0', { waterfalls: ['instant-first', 'payroll-only'] }) as any;
    const namedBody = deref(named.paths['/v1/orders'].post.requestBody.content['application/json'].schema, named);
    expect(namedBody.properties.waterfall.enum).toEqual(['instant-first', 'payroll-only']);
    // A voie that defines none refuses every waterfall: its document lets none be sent.
    const none = openApiDocument('0.0.0', { waterfalls: [] }) as any;
    const noneBody = deref(none.paths['/v1/orders'].post.requestBody.content['application/json'].schema, none);
    expect(noneBody.properties.waterfall).toMatchObject({ not: {} });
    const view = deref(operation('/v1/orders/{id}', 'get').responses['200'].content['application/json'].schema);
    expect(view.properties.waterfall).toBeDefined();
  });

  it('declares providers beside provider, one of the two, and what each provider of a waterfall requires', () => {
    const body = deref(operation('/v1/orders', 'post').requestBody.content['application/json'].schema);
    expect(body.required).not.toContain('provider');
    expect(body.allOf).toContainEqual({
      oneOf: [{ required: ['provider'] }, { required: ['providers'] }, { required: ['waterfall'] }],
    });
    expect(body.properties.providers).toEqual({
      type: 'array',
      items: body.properties.provider,
      minItems: 1,
      maxItems: MAX_WATERFALL_PROVIDERS,
      uniqueItems: true,
    });
    expect(body.allOf).toContainEqual({
      if: { properties: { providers: { contains: { const: 'truework' } } }, required: ['providers'] },
      then: { required: ['permissible_purpose'] },
    });
    expect(body.properties.options.properties.step_deadline.pattern).toBe(
      body.properties.options.properties.deadline.pattern,
    );
    // The bounds zod cannot state as JSON Schema are in the descriptions.
    const { poll_interval, deadline, step_deadline } = body.properties.options.properties;
    expect(poll_interval.description).toContain('1s to 24h');
    expect(deadline.description).toContain('1m to 90d');
    expect(step_deadline.description).toContain("10s to the order's deadline");
    expect(body.properties.closing_date.description).toContain('at most a year after today');
  });

  it('declares the attempts of the view with their step outcomes', () => {
    const view = deref(operation('/v1/orders/{id}', 'get').responses['200'].content['application/json'].schema);
    expect(view.required).toContain('attempts');
    const attempt = view.properties.attempts.items;
    expect(attempt.required.sort()).toEqual(
      [
        'ended_at',
        'estimated_cost',
        'outcome',
        'provider',
        'provider_order_id',
        'reason',
        'reused',
        'started_at',
        'status',
      ].sort(),
    );
    expect(attempt.properties.outcome.anyOf).toContainEqual({ type: 'string', enum: [...STEP_OUTCOMES] });
    expect(attempt.properties.reused.description).toContain('re-verified');
  });

  it('declares options.reuse, off unless VOIE_REUSE says otherwise', () => {
    const body = deref(operation('/v1/orders', 'post').requestBody.content['application/json'].schema);
    expect(body.properties.options.properties.reuse).toMatchObject({ type: 'boolean' });
    expect(body.properties.options.properties.reuse.description).toContain('default VOIE_REUSE (off)');
  });

  it('declares the estimated cost of the order, of each attempt and of the loan file, in dollars or null', () => {
    const view = deref(operation('/v1/orders/{id}', 'get').responses['200'].content['application/json'].schema);
    const file = deref(operation('/v1/loans/{loan_id}', 'get').responses['200'].content['application/json'].schema);
    for (const schema of [view, view.properties.attempts.items, file, file.properties.orders.items]) {
      expect(schema.required).toContain('estimated_cost');
      expect(schema.properties.estimated_cost.anyOf).toContainEqual({ type: 'number', minimum: 0 });
      expect(schema.properties.estimated_cost.anyOf).toContainEqual({ type: 'null' });
      expect(schema.properties.estimated_cost.description).toMatch(/US dollars.*Null without prices/);
    }
  });

  it('links a placed order to the routes of that order', () => {
    const links = operation('/v1/orders', 'post').responses['201'].links;
    const operationIds = Object.values(links).map((link: any) => link.operationId);
    expect(operationIds.sort()).toEqual([
      'cancelOrder',
      'getOrder',
      'getOrderDeliveries',
      'getOrderReport',
      'getOrderReportPdf',
      'patchOrder',
      'redeliverOrder',
      'reverifyOrder',
    ]);
    for (const link of Object.values<any>(links)) expect(link.parameters).toEqual({ id: '$response.body#/id' });
    expect(operation('/v1/orders/{id}/cancel', 'post').operationId).toBe('cancelOrder');
  });

  it('declares employers beside the employer shorthand, one of the two', () => {
    const body = deref(operation('/v1/orders', 'post').requestBody.content['application/json'].schema);
    expect(body.required).not.toContain('employer');
    expect(body.allOf).toContainEqual({ oneOf: [{ required: ['employer'] }, { required: ['employers'] }] });
    expect(body.properties.employers).toMatchObject({ type: 'array', minItems: 1, maxItems: 5 });
    expect(body.properties.employers.items).toEqual(body.properties.employer);
  });

  it('declares the employments of the view and the agency ids and nullable pay of the report', () => {
    const view = deref(operation('/v1/orders/{id}', 'get').responses['200'].content['application/json'].schema);
    expect(view.required).toContain('employments');
    expect(view.properties.employments.items.properties.outcome.anyOf).toContainEqual({
      type: 'string',
      enum: ['verified', 'not_found', 'canceled', 'failed'],
    });
    const report = deref(
      operation('/v1/orders/{id}/report', 'get').responses['200'].content['application/json'].schema,
    );
    const normalized = report.properties.normalized;
    expect(normalized.required).toContain('gse');
    expect(normalized.properties.gse.items.properties.agency.enum).toEqual(['fannie_mae', 'freddie_mac']);
    expect(normalized.properties.employments.items.properties.pay.anyOf).toContainEqual({ type: 'null' });
  });

  it('declares the report PDF: its employer index, its PDF body and its refusals', () => {
    const pdf = operation('/v1/orders/{id}/report.pdf', 'get');
    const employer = pdf.parameters.find((p: any) => p.name === 'employer');
    expect(employer).toMatchObject({ in: 'query', schema: { type: 'string', pattern: '^(0|[1-9][0-9]?)$' } });
    expect(employer.required ?? false).toBe(false);
    // The range is the order's own (a 400 naming it), so the document bounds only the index's form.
    expect(Object.keys(pdf.responses['200'].content)).toEqual(['application/pdf']);
    expect(Object.keys(pdf.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '502']));
  });
});

describe('the named parts of the document', () => {
  const doc = document as any;

  it("names the contract's shapes as components, and refers to them", () => {
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Order', 'OrderRequest', 'OrderList', 'LoanFile', 'Report', 'Problem', 'DeliveryEvent']),
    );
    expect(operation('/v1/orders/{id}', 'get').responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Order',
    });
    expect(doc.components.schemas.DeliveryEvent.properties.data.properties.order).toEqual({
      $ref: '#/components/schemas/Order',
    });
  });

  it('tags every operation with a declared tag, and names the local server', () => {
    const tags = doc.tags.map((tag: any) => tag.name);
    for (const methods of Object.values<any>(doc.paths)) {
      for (const declared of Object.values<any>(methods)) expect(tags).toEqual(expect.arrayContaining(declared.tags));
    }
    expect(doc.servers).toEqual([{ url: 'http://127.0.0.1:3000', description: 'npm start' }]);
  });

  it("gives examples of the order request and the order that the API's own schemas accept", () => {
    const placed = operation('/v1/orders', 'post');
    expect(orderRequestSchema.safeParse(placed.requestBody.content['application/json'].example).success).toBe(true);
    expect(orderViewSchema.safeParse(placed.responses['201'].content['application/json'].example).success).toBe(true);
  });

  it('describes every result event voie delivers, with the Standard Webhooks headers', () => {
    expect(Object.keys(doc.webhooks)).toEqual([...DELIVERY_EVENT_TYPES]);
    for (const type of DELIVERY_EVENT_TYPES) {
      const delivery = doc.webhooks[type].post;
      const headers = delivery.parameters.filter((p: any) => p.in === 'header' && p.required);
      expect(headers.map((p: any) => p.name)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
      expect(delivery.requestBody.content['application/json'].schema.allOf).toEqual([
        { $ref: '#/components/schemas/DeliveryEvent' },
        { type: 'object', properties: { type: { const: type } }, required: ['type'] },
      ]);
    }
    expect(doc.components.schemas.DeliveryEvent.properties.type.enum).toEqual([...DELIVERY_EVENT_TYPES]);
  });
});

describe('an undeclared method on a documented path', () => {
  const app = express();
  app.get('/v1/orders/:id', (_req, res) => void res.json({}));
  app.use(methodNotAllowed(document));
  app.use((_req, res) => void res.status(404).end());
  app.use(errorHandler(createLogger('silent')));
  let url: string;
  let close: () => void;
  beforeAll(async () => {
    const server = app.listen(0);
    await new Promise((ready) => server.once('listening', ready));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('is 405 with the allowed methods, as a problem', async () => {
    const response = await fetch(`${url}/v1/orders/vo_0123456789abcdef01234567`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PATCH, HEAD');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as { detail: string }).detail).toBe(
      'DELETE is not served on /v1/orders/{id}; use GET, PATCH, HEAD',
    );
    const list = await fetch(`${url}/v1/orders`, { method: 'PUT' });
    expect([list.status, list.headers.get('allow')]).toEqual([405, 'POST, GET, HEAD']);
    const pdf = await fetch(`${url}/v1/orders/vo_0123456789abcdef01234567/report.pdf`, { method: 'DELETE' });
    expect([pdf.status, pdf.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('leaves unknown paths to the 404', async () => {
    expect((await fetch(`${url}/v2/elsewhere`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('every operation of the document', () => {
  const withCodec = openApiDocument('0.0.0', { codec: true });
  const operations = Object.entries(withCodec.paths).flatMap(([path, methods]) =>
    Object.entries<any>(methods).map(([method, declared]) => ({ name: `${method.toUpperCase()} ${path}`, declared })),
  );

  it('lists every route voie serves, the codec routes only when the codec is mounted', () => {
    expect(Object.keys(withCodec.paths).sort()).toEqual([
      '/codec/decode',
      '/codec/encode',
      '/codec/{key}/decode',
      '/codec/{key}/encode',
      '/healthz',
      '/openapi.json',
      '/readyz',
      '/v1/loans/{loan_id}',
      '/v1/orders',
      '/v1/orders/{id}',
      '/v1/orders/{id}/cancel',
      '/v1/orders/{id}/deliveries',
      '/v1/orders/{id}/redeliver',
      '/v1/orders/{id}/report',
      '/v1/orders/{id}/report.pdf',
      '/v1/orders/{id}/reverify',
      '/webhooks/{provider}',
    ]);
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/codec'))).toEqual([]);
  });

  it('declares a 500 whose problem carries the correlation id', () => {
    for (const { name, declared } of operations) {
      const schema = deref(declared.responses['500']?.content['application/problem+json'].schema, withCodec);
      expect([name, schema?.required]).toEqual([name, expect.arrayContaining(['correlation_id'])]);
    }
  });

  it('declares the X-Request-Id header on every answer', () => {
    const header = { $ref: '#/components/headers/X-Request-Id' };
    for (const { name, declared } of operations) {
      for (const [status, response] of Object.entries<any>(declared.responses)) {
        expect([name, status, response.headers['X-Request-Id']]).toEqual([name, status, header]);
      }
    }
    expect((withCodec.components as any).headers['X-Request-Id'].schema.pattern).toBe('^[A-Za-z0-9._:-]{1,128}$');
  });
});

describe('the API on routes outside /v1', () => {
  let url: string;
  let app: express.Express;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const config = loadConfig({
      VOIE_API_KEYS: 'openapi-test-key',
      VOIE_CODEC_KEYS: 'openapi-codec-key',
      TRUEWORK_BASE_URL: 'http://127.0.0.1:1',
      TRUEWORK_API_KEY: 'key',
      TRUEWORK_WEBHOOK_TOKEN: 'token',
    });
    // These routes never reach Temporal; the client points nowhere.
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    app = createApp({
      config,
      client: new Client({ connection }),
      providers: new Map([['truework', truework.fromConfig(config)!]]),
      logger: createLogger('silent'),
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((ready) => server.once('listening', ready));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await connection.close();
    };
  });
  afterAll(() => close());

  it('answers 405 with Allow for a method the document does not declare on them, and 404 on /metrics', async () => {
    const answers = await Promise.all(
      [
        ['DELETE', '/healthz'],
        ['POST', '/readyz'],
        ['GET', '/metrics'],
        ['POST', '/openapi.json'],
        ['GET', '/webhooks/truework'],
        ['GET', '/codec/decode'],
        ['PUT', '/codec/some-key/encode'],
      ].map(async ([method, path]) => {
        const response = await fetch(`${url}${path}`, { method });
        return [method, path, response.status, response.headers.get('allow')];
      }),
    );
    expect(answers).toEqual([
      ['DELETE', '/healthz', 405, 'GET, HEAD'],
      ['POST', '/readyz', 405, 'GET, HEAD'],
      // Not the API's: /metrics is served on VOIE_METRICS_PORT, never where the LOS and the providers reach voie.
      ['GET', '/metrics', 404, null],
      ['POST', '/openapi.json', 405, 'GET, HEAD'],
      ['GET', '/webhooks/truework', 405, 'POST'],
      ['GET', '/codec/decode', 405, 'POST, OPTIONS'],
      ['PUT', '/codec/some-key/encode', 405, 'POST, OPTIONS'],
    ]);
  });

  it('documents every route the app serves, and serves every route it documents', () => {
    const served = expressRoutes(app).sort();
    const documented = Object.entries(openApiDocument('0.0.0', { codec: true }).paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(served).toEqual(documented);
    expect(served).toEqual(expect.arrayContaining(['POST /v1/orders', 'PUT /v1/loans/{loan_id}', 'GET /healthz']));
  });

  it('serves the document it describes, with the codec routes it mounted', async () => {
    const response = await fetch(`${url}/openapi.json`);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const served = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(served.paths)).toContain('/codec/{key}/decode');
  });
});

/**
 * Every `METHOD /path` an Express app routes, its routers' mount paths joined and `:name` written `{name}`. A router
 * with a `cors` middleware (the codec's) answers the browser's preflight, `OPTIONS`, on each of its routes too.
 */
function expressRoutes(app: express.Express): string[] {
  const walk = (stack: any[], prefix: string): string[] => {
    const preflight = stack.some((layer: any) => !layer.route && layer.name === 'cors');
    return stack.flatMap((layer: any) => {
      if (layer.route) {
        const methods = Object.keys(layer.route.methods).filter((method) => method !== '_all');
        return [...methods, ...(preflight ? ['options'] : [])].map(
          (method) => `${method.toUpperCase()} ${openApiPath(prefix + layer.route.path)}`,
        );
      }
      if (Array.isArray(layer.handle?.stack)) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        return walk(layer.handle.stack, prefix + mount);
      }
      return [];
    });
  };
  return walk((app as any).router.stack, '');
}

const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/(.)\/$/, '$1');
