import { ProviderResponseInvalidError } from '../../src/providers/errors';
import { TruvClient } from '../../src/providers/truv/client';
import { stubServer } from '../support/stub-server';
import { CLIENT_ID, ORDER_ID, SECRET, ref, request } from '../support/truv-order';

describe('TruvClient wire format', () => {
  it('refuses an order it cannot read, naming the field, and reads unknown and null fields', async () => {
    const stub = await stubServer((req) =>
      req.url === '/v1/orders/bad/'
        ? { status: 200, body: { id: 'bad', employers: [{ id: 'suborder-1', status: 3 }] } }
        : { status: 200, body: { id: 'ok', employers: null, share_url: null, field_truv_added: { x: 1 } } },
    );
    try {
      const client = new TruvClient({ baseUrl: stub.baseUrl, clientId: CLIENT_ID, secret: SECRET });
      const refused: unknown = await client.readOrder('bad').catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(ProviderResponseInvalidError);
      expect(refused).toMatchObject({
        path: 'employers.0.status',
        message:
          'GET /v1/orders/bad/ answered a body voie cannot read at employers.0.status: ' +
          'Invalid input: expected string, received number',
      });
      expect(await client.readOrder('ok')).toMatchObject({ providerOrderId: 'ok', status: 'pending' });
    } finally {
      await stub.close();
    }
  });

  it('sends the documented headers, both SSN spellings, and reads a bare-list lookup', async () => {
    const stub = await stubServer((req) =>
      req.method === 'GET'
        ? { status: 200, body: [{ id: 'a'.repeat(32), order_number: 'vo_someoneelse0000000000000' }] }
        : { status: 201, body: { id: 'b'.repeat(32) } },
    );
    try {
      const client = new TruvClient({ baseUrl: stub.baseUrl, clientId: CLIENT_ID, secret: SECRET });
      expect(await client.findOrder(ref())).toBeUndefined();
      expect((await client.createOrder(request('Jane'), ref())).providerOrderId).toBe('b'.repeat(32));
      const [lookup, create] = stub.captured;
      expect(lookup?.url).toBe(`/v1/orders/?order_number=${ORDER_ID}`);
      expect(create?.url).toBe('/v1/orders/');
      expect(create?.headers).toMatchObject({
        'x-access-client-id': CLIENT_ID,
        'x-access-secret': SECRET,
        accept: 'application/json',
        'content-type': 'application/json',
      });
      expect(create?.body).toEqual({
        products: ['income'],
        first_name: 'Jane',
        last_name: 'Doe',
        ssn: '991919991',
        social_security_number: '991919991',
        email: 'jane@example.test',
        phone: '4155550100',
        order_number: ORDER_ID,
        external_user_id: ORDER_ID,
        employers: [
          {
            company_name: 'Acme Inc',
            company_address: { street: '1234 Rainbow Road, Suite 5', city: 'San Francisco', state: 'CA', zip: '98265' },
            suborder_number: `${ORDER_ID}-0`,
          },
        ],
      });
    } finally {
      await stub.close();
    }
  });

  it('follows the lookup’s next page, and reads a lookup the provider refuses as no order', async () => {
    let pages = 0;
    const paged = await stubServer((req) => {
      if (req.method !== 'GET') return { status: 500 };
      pages += 1;
      return req.url.includes('page=2')
        ? { status: 200, body: { results: [{ id: 'c'.repeat(32), order_number: ORDER_ID }], next: null } }
        : {
            status: 200,
            body: { results: [], next: `https://elsewhere.test/v1/orders/?order_number=${ORDER_ID}&page=2` },
          };
    });
    try {
      const client = new TruvClient({ baseUrl: paged.baseUrl, clientId: CLIENT_ID, secret: SECRET });
      expect((await client.findOrder(ref()))?.providerOrderId).toBe('c'.repeat(32));
      expect(pages).toBe(2);
    } finally {
      await paged.close();
    }

    const refusing = await stubServer((req) =>
      req.method === 'GET'
        ? { status: 405, body: { detail: 'Method "GET" not allowed.' } }
        : { status: 201, body: { id: 'd'.repeat(32) } },
    );
    try {
      const client = new TruvClient({ baseUrl: refusing.baseUrl, clientId: CLIENT_ID, secret: SECRET });
      expect(await client.findOrder(ref())).toBeUndefined();
    } finally {
      await refusing.close();
    }
  });

  it('creates a VOE report when the order has no report id, and fetches it when only the id comes back', async () => {
    const userId = 'e'.repeat(32);
    const reportId = 'f'.repeat(32);
    const stub = await stubServer((req) => {
      if (req.url === `/v1/orders/${'a'.repeat(32)}/`) {
        return {
          status: 200,
          body: { id: 'a'.repeat(32), user_id: userId, products: ['employment'], voie_report_id: null },
        };
      }
      if (req.method === 'POST') return { status: 201, body: { report_id: reportId } };
      return {
        status: 200,
        body: {
          report_id: reportId,
          completed_at: '2026-01-05T16:12:30Z',
          links: [
            {
              link_id: '1'.repeat(32),
              access_token: 'secret-token',
              employments: [
                {
                  is_active: false,
                  job_title: 'Associate',
                  job_type: 'S',
                  start_date: '2019-01-01',
                  end_date: '2021-03-01',
                  profile: { first_name: 'Jane', last_name: 'Doe', ssn: '991919991' },
                  company: { name: 'Home Depot' },
                },
              ],
            },
          ],
        },
      };
    });
    try {
      const client = new TruvClient({ baseUrl: stub.baseUrl, clientId: CLIENT_ID, secret: SECRET });
      const report = await client.readReport({
        providerOrderId: 'a'.repeat(32),
        status: 'completed',
        rawStatus: 'completed',
        reportIds: [],
        correlationIds: [],
      });
      expect(stub.captured.map((c) => `${c.method} ${c.url}`)).toEqual([
        `GET /v1/orders/${'a'.repeat(32)}/`,
        `POST /v1/users/${userId}/reports/`,
        `GET /v1/users/${userId}/reports/${reportId}/`,
      ]);
      expect(stub.captured[1]?.body).toEqual({ is_voe: true });
      expect(report.normalized).toEqual({
        provider: 'truv',
        report_ids: [reportId],
        gse: [
          { agency: 'fannie_mae', program: 'd1c', reference_id: reportId },
          { agency: 'freddie_mac', program: 'aim', reference_id: reportId },
        ],
        as_of: '2026-01-05T16:12:30Z',
        employee: { first_name: 'Jane', last_name: 'Doe' },
        employments: [
          {
            employer: { name: 'Home Depot' },
            status: 'inactive',
            start_date: '2019-01-01',
            end_date: '2021-03-01',
            position: { title: 'Associate', employment_type: 'other' },
            pay: null,
            income: [],
          },
        ],
      });
      const text = JSON.stringify(report.provider_report);
      expect(text).not.toContain('secret-token');
      expect(text).not.toContain('991919991');
    } finally {
      await stub.close();
    }
  });
});
