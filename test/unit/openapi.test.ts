import type { AddressInfo } from 'node:net';
import express from 'express';
import { ORDER_STATUSES } from '../../src/domain';
import { errorHandler } from '../../src/api/errors';
import { methodNotAllowed } from '../../src/api/method-not-allowed';
import { openApiDocument } from '../../src/api/openapi';
import { createLogger } from '../../src/logger';
import { PROVIDER_NAMES } from '../../src/providers/registry';

const document = openApiDocument('0.0.0');
const operation = (path: string, method: string): any => (document.paths[path] as any)[method];

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
    const body = operation('/v1/orders', 'post').requestBody.content['application/json'].schema;
    expect(body.properties.provider.enum).toEqual([...PROVIDER_NAMES]);
    expect(body.allOf).toContainEqual({
      if: { properties: { provider: { const: 'truework' } }, required: ['provider'] },
      then: { required: ['permissible_purpose'] },
    });
  });

  it('links a placed order to the routes of that order', () => {
    const links = operation('/v1/orders', 'post').responses['201'].links;
    const operationIds = Object.values(links).map((link: any) => link.operationId);
    expect(operationIds.sort()).toEqual(['cancelOrder', 'getOrder', 'getOrderReport', 'getOrderReportPdf']);
    for (const link of Object.values<any>(links)) expect(link.parameters).toEqual({ id: '$response.body#/id' });
    expect(operation('/v1/orders/{id}/cancel', 'post').operationId).toBe('cancelOrder');
  });

  it('declares employers beside the employer shorthand, one of the two', () => {
    const body = operation('/v1/orders', 'post').requestBody.content['application/json'].schema;
    expect(body.required).not.toContain('employer');
    expect(body.allOf).toContainEqual({ oneOf: [{ required: ['employer'] }, { required: ['employers'] }] });
    expect(body.properties.employers).toMatchObject({ type: 'array', minItems: 1, maxItems: 5 });
    expect(body.properties.employers.items).toEqual(body.properties.employer);
  });

  it('declares the employments of the view and the agency ids and nullable pay of the report', () => {
    const view = operation('/v1/orders/{id}', 'get').responses['200'].content['application/json'].schema;
    expect(view.required).toContain('employments');
    expect(view.properties.employments.items.properties.outcome.anyOf).toContainEqual({
      type: 'string',
      enum: ['verified', 'not_found', 'canceled', 'failed'],
    });
    const report = operation('/v1/orders/{id}/report', 'get').responses['200'].content['application/json'].schema;
    const normalized = report.properties.normalized;
    expect(normalized.required).toContain('gse');
    expect(normalized.properties.gse.items.properties.agency.enum).toEqual(['fannie_mae', 'freddie_mac']);
    expect(normalized.properties.employments.items.properties.pay.anyOf).toContainEqual({ type: 'null' });
  });

  it('declares the report PDF: its employer index, its PDF body and its refusals', () => {
    const pdf = operation('/v1/orders/{id}/report.pdf', 'get');
    const employer = pdf.parameters.find((p: any) => p.name === 'employer');
    expect(employer).toMatchObject({ in: 'query', required: false, schema: { type: 'string', pattern: '^[0-4]$' } });
    expect(Object.keys(pdf.responses['200'].content)).toEqual(['application/pdf']);
    expect(Object.keys(pdf.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '502']));
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
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as { detail: string }).detail).toBe(
      'DELETE is not served on /v1/orders/{id}; use GET, HEAD',
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
