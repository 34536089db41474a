import { orderListSchema, orderViewSchema, problemSchema } from '../../src/api/response-schemas';
import { useStack } from '../support/stack';
import { eventually } from '../kit';
import { addDays, todayIn } from '../../src/domain';

const stack = useStack();

describe('the orders API', () => {
  it('refuses requests without a valid API key', async () => {
    for (const authorization of ['', 'Bearer wrong-key', 'Basic dGVzdA==', 'Bearer']) {
      const response = await stack.api('GET', '/v1/orders', undefined, { authorization });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('names every invalid field', async () => {
    const response = await stack.api('POST', '/v1/orders', {
      external_id: 'bad id with spaces',
      provider: 'truework',
      applicant: { first_name: '', ssn: '12-345', date_of_birth: '1990-13-45', favourite_colour: 'blue' },
      employer: {},
      callback_url: 'ftp://example.com',
      options: { poll_interval: 'soon' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    problemSchema.parse(response.body);
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(
      [
        'applicant.date_of_birth',
        'applicant.favourite_colour',
        'applicant.first_name',
        'applicant.last_name',
        'applicant.ssn',
        'callback_url',
        'employer.name',
        'external_id',
        'options.poll_interval',
      ].sort(),
    );
    expect(JSON.stringify(response.body)).not.toContain('12-345');
  });

  it('requires permissible_purpose for Truework and a known provider', async () => {
    const noPurpose = stack.orderBody();
    delete noPurpose.permissible_purpose;
    const response = await stack.api('POST', '/v1/orders', noPurpose);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'permissible_purpose', message: 'required for truework orders' }]);

    const unknown = await stack.api('POST', '/v1/orders', stack.orderBody({ provider: 'acme-verify' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('provider');
  });

  it('takes one to five employers as employers, or one as employer, never both nor neither', async () => {
    const post = async (overrides: Record<string, unknown>) => {
      const response = await stack.api('POST', '/v1/orders', stack.orderBody({ employer: undefined, ...overrides }));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      problemSchema.parse(response.body);
      return response.body.errors as { field: string; message: string }[];
    };
    const employer = { name: 'Acme Inc' };

    expect(await post({ employer, employers: [employer] })).toEqual([
      { field: 'employer', message: 'must not be sent with employers: send one of them' },
      { field: 'employers', message: 'must not be sent with employer: send one of them' },
    ]);
    expect(await post({})).toEqual([{ field: 'employers', message: 'required (or employer, for one employer)' }]);
    expect(await post({ employers: [] })).toEqual([{ field: 'employers', message: 'must name at least one employer' }]);
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `Employer ${i}` }));
    expect(await post({ employers: six })).toEqual([{ field: 'employers', message: 'must name at most 5 employers' }]);
    // Each employer is checked as `employer` is, and named by its index.
    const fields = (await post({ employers: [employer, { name: ' ', address: { country: 'usa' } }, { title: 'x' }] }))
      .map((error) => error.field)
      .sort();
    expect(fields).toEqual([
      'employers.1.address.country',
      'employers.1.name',
      'employers.2.name',
      'employers.2.title',
    ]);
    expect(await post({ employers: [employer], type: 'employment-only' })).toEqual([
      expect.objectContaining({ field: 'type' }),
    ]);
  });

  it('places one employer as the same order whether sent as employer or employers', async () => {
    const body = stack.orderBody({}, { ssn: '000-03-0102' });
    const first = await stack.api('POST', '/v1/orders', body);
    expect(first.status).toBe(201);
    expect(first.body.employments).toEqual([
      { employer: { name: 'Acme Inc' }, provider_order_id: null, status: 'creating', outcome: null },
    ]);
    const { employer, ...rest } = body;
    const again = await stack.api('POST', '/v1/orders', { ...rest, employers: [employer] });
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
    const second = await stack.api('POST', '/v1/orders', { ...rest, employers: [employer, { name: 'Beta LLC' }] });
    expect(second.status).toBe(409);
    await stack.waitForWorkflow(first.body.id);
  });

  it('takes one or two providers as providers, or one as provider, never both nor neither', async () => {
    const post = async (overrides: Record<string, unknown>) => {
      const response = await stack.api('POST', '/v1/orders', stack.orderBody({ provider: undefined, ...overrides }));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      problemSchema.parse(response.body);
      return response.body.errors as { field: string; message: string }[];
    };

    expect(await post({ provider: 'truework', providers: ['truv', 'truework'] })).toEqual([
      { field: 'provider', message: 'must not be sent with providers: send one of them' },
      { field: 'providers', message: 'must not be sent with provider: send one of them' },
    ]);
    expect(await post({})).toEqual([
      { field: 'provider', message: 'required (or providers, for a waterfall, or waterfall, for a named one)' },
    ]);
    expect(await post({ providers: [] })).toEqual([{ field: 'providers', message: 'must name at least one provider' }]);
    expect(await post({ providers: ['truv', 'truework', 'truework-instant', 'truv', 'truework'] })).toEqual([
      { field: 'providers', message: 'must name at most 4 providers' },
    ]);
    expect(await post({ providers: ['truv', 'truv'] })).toEqual([
      { field: 'providers', message: 'must not name a provider twice' },
    ]);
    expect(await post({ providers: ['truv', 'acme-verify'] })).toEqual([
      { field: 'providers.1', message: 'must be one of truework, truv, truework-instant' },
    ]);
    // Every provider of the waterfall gets what it needs: Truework a permissible purpose, wherever it stands.
    expect(await post({ providers: ['truv', 'truework'], permissible_purpose: undefined })).toEqual([
      { field: 'permissible_purpose', message: 'required for truework orders' },
    ]);
    expect(await post({ providers: ['truv', 'truework'], options: { step_deadline: 'soon' } })).toEqual([
      expect.objectContaining({ field: 'options.step_deadline' }),
    ]);
  });

  it('refuses options and closing dates out of bounds: 0.001s polls, a closing date two years ahead by PATCH', async () => {
    const tooOften = await stack.api('POST', '/v1/orders', stack.orderBody({ options: { poll_interval: '0.001s' } }));
    expect(tooOften.status).toBe(400);
    expect(tooOften.headers.get('content-type')).toContain('application/problem+json');
    problemSchema.parse(tooOften.body);
    expect(tooOften.body.errors).toEqual([{ field: 'options.poll_interval', message: 'must be between 1s and 24h' }]);

    const placed = await stack.placeOrder({ options: { poll_interval: '1h' } });
    const twoYearsAhead = addDays(todayIn(new Date(), 'America/New_York'), 730);
    const patched = await stack.api('PATCH', `/v1/orders/${placed.id}`, { closing_date: twoYearsAhead });
    expect(patched.status).toBe(400);
    problemSchema.parse(patched.body);
    expect(patched.body.errors).toEqual([
      { field: 'closing_date', message: expect.stringMatching(/^must be at most a year ahead/) },
    ]);
    expect(patched.body.detail).toMatch(/^closing_date must be at most a year ahead/);

    // Found by fuzzing: year 1 has no business days before it to count back, and was a 500.
    const yearOne = await stack.api('POST', '/v1/orders', stack.orderBody({ closing_date: '0001-01-01' }));
    expect(yearOne.status).toBe(400);
    expect(yearOne.body.errors).toEqual([
      { field: 'closing_date', message: 'must be a date from 2000 on, YYYY-MM-DD' },
    ]);
  });

  it('refuses a blank cancel reason as the document says (a vertical tab is blank)', async () => {
    const placed = await stack.placeOrder({ options: { poll_interval: '1h' } });
    const blank = await stack.api('POST', `/v1/orders/${placed.id}/cancel`, { reason: '\u000b' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([{ field: 'reason', message: 'must not be blank' }]);
    const document = (await stack.api('GET', '/openapi.json')).body;
    const cancel = document.paths['/v1/orders/{id}/cancel'].post.requestBody.content['application/json'].schema;
    const reasonSchema = named(document, cancel).properties.reason;
    expect(new RegExp(reasonSchema.pattern).test('\u000b')).toBe(false);
    expect((await stack.api('GET', `/v1/orders/${placed.id}`)).body.status).not.toBe('canceled');
  });

  it('places one provider as the same order whether sent as provider or providers', async () => {
    const body = stack.orderBody({}, { ssn: '000-03-0104' });
    const first = await stack.api('POST', '/v1/orders', body);
    expect(first.status).toBe(201);
    expect(first.body.provider).toBe('truework');
    const { provider, ...rest } = body;
    const again = await stack.api('POST', '/v1/orders', { ...rest, providers: [provider] });
    expect([again.status, again.body.id, again.body.provider]).toEqual([200, first.body.id, 'truework']);
    const waterfall = await stack.api('POST', '/v1/orders', { ...rest, providers: [provider, 'truv'] });
    expect(waterfall.status).toBe(409);
    await stack.api('POST', `/v1/orders/${first.body.id}/cancel`);
    await stack.waitForWorkflow(first.body.id);
  });

  it('places a VOE order with several employers, one employment each', async () => {
    const employers = [{ name: 'Acme Inc' }, { name: 'Beta LLC' }];
    const body = stack.orderBody({ employer: undefined, employers, type: 'employment' }, { ssn: '000-03-0103' });
    const placed = await stack.api('POST', '/v1/orders', body);
    expect(placed.status).toBe(201);
    orderViewSchema.parse(placed.body);
    expect(placed.body).toMatchObject({ type: 'employment', employer: { name: 'Acme Inc' } });
    expect(placed.body.employments.map((e: { employer: { name: string } }) => e.employer.name)).toEqual([
      'Acme Inc',
      'Beta LLC',
    ]);
    await stack.api('POST', `/v1/orders/${placed.body.id}/cancel`);
    await stack.waitForWorkflow(placed.body.id);
  });

  it('answers 415 for a body that is not JSON, 400 for broken JSON and 413 over 1 MiB', async () => {
    const text = await stack.api('POST', '/v1/orders', 'external_id=1', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const broken = await stack.api('POST', '/v1/orders', '{"external_id": ', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    const huge = await stack.api('POST', '/v1/orders', JSON.stringify({ pad: 'x'.repeat(1_100_000) }));
    expect(huge.status).toBe(413);
  });

  it('never answers 500 to odd bodies', async () => {
    const bodies = [
      'null',
      '[]',
      '"text"',
      '42',
      'true',
      '{"applicant": []}',
      '{"external_id": {"$gt": ""}}',
      '{"options": null}',
    ];
    for (const body of bodies) {
      const response = await stack.api('POST', '/v1/orders', body, { 'content-type': 'application/json' });
      expect(response.status).toBe(400);
    }
  });

  it('places an order once per external_id: 201, then 200 with the same order, 409 for a different body', async () => {
    const body = stack.orderBody({}, { ssn: '000-03-0100' });
    const first = await stack.api('POST', '/v1/orders', body);
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/v1/orders/${first.body.id}`);
    expect(first.body.applicant).toEqual({ first_name: 'Jane', last_name: 'Doe', ssn_last4: '0100' });
    // The documented shape (openapi.json) is the shape sent.
    orderViewSchema.parse(first.body);

    const again = await stack.api('POST', '/v1/orders', body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const different = await stack.api('POST', '/v1/orders', { ...body, loan_id: 'another-loan' });
    expect(different.status).toBe(409);

    const all = await stack.api('GET', `/v1/orders?external_id=${String(body.external_id)}`);
    expect(all.body.data).toHaveLength(1);
    await stack.waitForWorkflow(first.body.id);
  });

  it('answers 404 for unknown orders and for a report that does not exist yet', async () => {
    expect((await stack.api('GET', '/v1/orders/vo_000000000000000000000000')).status).toBe(404);
    expect((await stack.api('GET', '/v1/orders/not-an-id')).status).toBe(404);
    expect((await stack.api('POST', '/v1/orders/vo_000000000000000000000000/cancel')).status).toBe(404);
    expect((await stack.api('GET', '/v1/orders/vo_000000000000000000000000/report')).status).toBe(404);

    stack.simulator.setFaults({ dropWebhooks: true });
    const placed = await stack.placeOrder({}, { ssn: '000-03-0101' });
    expect((await stack.api('GET', `/v1/orders/${placed.id}/report`)).status).toBe(404);
    await stack.api('POST', `/v1/orders/${placed.id}/cancel`);
    await stack.waitForWorkflow(placed.id);
  });

  it('lists orders, most recent first, filtered and paged', async () => {
    const loanId = `list-${Date.now()}`;
    const placed = [];
    for (let i = 0; i < 3; i += 1) placed.push(await stack.placeOrder({ loan_id: loanId }));
    for (const order of placed) await stack.waitForWorkflow(order.id);

    const listed = await pollList(`/v1/orders?loan_id=${loanId}&limit=10`, 3);
    expect([...listed.map((order) => order.id)].sort()).toEqual(placed.map((order) => order.id).sort());
    // Ended orders come by when they ended, most recent first (Temporal's visibility order).
    const closedAt = listed.map((order) => order.closed_at);
    expect(closedAt).toEqual([...closedAt].sort().reverse());
    const ids = listed.map((order) => order.id);

    const firstPage = await stack.api('GET', `/v1/orders?loan_id=${loanId}&limit=2`);
    expect(firstPage.body.data.map((order: { id: string }) => order.id)).toEqual(ids.slice(0, 2));
    const secondPage = await stack.api(
      'GET',
      `/v1/orders?loan_id=${loanId}&limit=2&cursor=${String(firstPage.body.next_cursor)}`,
    );
    expect(secondPage.body.data.map((order: { id: string }) => order.id)).toEqual(ids.slice(2));

    orderListSchema.parse(firstPage.body);
    const completed = await stack.api('GET', `/v1/orders?loan_id=${loanId}&status=completed&provider=truework`);
    expect(completed.body.data).toHaveLength(3);
    expect(completed.body.data[0]).toMatchObject({ status: 'completed', provider: 'truework', loan_id: loanId });
    expect((await stack.api('GET', '/v1/orders?status=sideways')).status).toBe(400);
    const forged = await stack.api('GET', '/v1/orders?cursor=bm90LWEtdG9rZW4');
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].field).toBe('cursor');
    expect((await stack.api('GET', "/v1/orders?loan_id=x'%20OR%20'1'='1")).status).toBe(400);
  });

  it('exposes Prometheus metrics on the metrics port, not the API port, without ids or personal data', async () => {
    expect((await fetch(`${stack.apiUrl}/metrics`)).status).toBe(404);
    const text = await stack.metricsText();
    expect(text).toMatch(/voie_orders_placed_total\{tenant="default",provider="truework",outcome="created"\} [1-9]/);
    expect(text).toMatch(/voie_orders_placed_total\{tenant="default",provider="truework",outcome="conflict"\} [1-9]/);
    expect(text).toContain('route="/v1/orders/:id"');
    expect(text).toMatch(/voie_delivery_attempts_total\{outcome="delivered"\} [1-9]/);
    expect(text).not.toMatch(/vo_[0-9a-f]{24}/);
    expect(text).not.toContain('000-03-');
  });

  it('counts each ended order once, by provider and status, with its time from placement', async () => {
    const sample = (text: string, name: string, status: string): number =>
      Number(new RegExp(`^${name}\\{provider="truework",status="${status}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    const read = async () => {
      const text = await stack.metricsText();
      return {
        completed: sample(text, 'voie_orders_ended_total', 'completed'),
        canceled: sample(text, 'voie_orders_ended_total', 'canceled'),
        completedDurations: sample(text, 'voie_order_duration_seconds_count', 'completed'),
      };
    };
    const before = await read();

    const completes = (await stack.api('POST', '/v1/orders', stack.orderBody())).body;
    const waits = (
      await stack.api(
        'POST',
        '/v1/orders',
        stack.orderBody({ options: { cancel_on_action_required: false } }, { ssn: '000-03-0000' }),
      )
    ).body;
    await stack.waitForOrder(completes.id, (order) => order.status === 'completed');
    await stack.waitForOrder(waits.id, (order) => order.status === 'action_required');
    expect((await stack.api('POST', `/v1/orders/${waits.id}/cancel`)).status).toBe(202);
    await stack.waitForOrder(waits.id, (order) => order.status === 'canceled');

    const after = await eventually(
      async () => {
        const now = await read();
        return now.completed > before.completed && now.canceled > before.canceled ? now : undefined;
      },
      { timeoutMs: 10_000, what: 'both ends counted' },
    );
    // A moment more: a second count of either would show here.
    await new Promise((done) => setTimeout(done, 1_000));
    expect(await read()).toEqual(after);
    expect(after).toEqual({
      completed: before.completed + 1,
      canceled: before.canceled + 1,
      completedDurations: before.completedDurations + 1,
    });
    const text = await stack.metricsText();
    // Placement to completion on the simulator takes seconds: in the first bucket (a minute), and not at zero.
    expect(text).toMatch(
      /^voie_order_duration_seconds_bucket\{(?=[^}]*le="60")(?=[^}]*provider="truework")(?=[^}]*status="completed")[^}]*\} [1-9]/m,
    );
    expect(text).toMatch(/^voie_order_duration_seconds_sum\{provider="truework",status="completed"\} [0-9.]*[1-9]/m);
  });

  it('describes itself in OpenAPI 3.1, without authentication', async () => {
    const response = await stack.api('GET', '/openapi.json', undefined, { authorization: '' });
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/v1/orders', '/v1/orders/{id}', '/v1/orders/{id}/report', '/v1/orders/{id}/cancel']),
    );
    const request = named(
      response.body,
      response.body.paths['/v1/orders'].post.requestBody.content['application/json'].schema,
    );
    expect(request.required).toEqual(expect.arrayContaining(['external_id', 'applicant']));
    // One of employer and employers, one of provider and providers, never both.
    expect(request.allOf).toContainEqual({ oneOf: [{ required: ['employer'] }, { required: ['employers'] }] });
    expect(request.allOf).toContainEqual({
      oneOf: [{ required: ['provider'] }, { required: ['providers'] }, { required: ['waterfall'] }],
    });
    expect(request.properties.employers).toMatchObject({ type: 'array', minItems: 1, maxItems: 5 });
    expect(Object.keys(response.body.paths)).toContain('/v1/orders/{id}/report.pdf');
    // The documented SSN pattern takes what the API takes, and refuses what it refuses.
    const ssn = new RegExp(request.properties.applicant.properties.ssn.pattern as string);
    for (const accepted of ['000-00-0000', '000000000']) expect(accepted).toMatch(ssn);
    for (const refused of ['12-345', '000-00-000', '0000000000', '000 00 0000', 'x000-00-0000', '000-00-0000x']) {
      expect(refused).not.toMatch(ssn);
    }
  });

  it('reports health and readiness', async () => {
    expect((await stack.api('GET', '/healthz', undefined, { authorization: '' })).body).toEqual({ status: 'ok' });
    expect((await stack.api('GET', '/readyz', undefined, { authorization: '' })).status).toBe(200);
  });
});

/** A schema of the OpenAPI `document`: the component it names when it is a `$ref`, else itself. */
function named(document: any, schema: any): any {
  return schema.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
}

/** Visibility is eventually consistent: poll until the list has the expected length. */
function pollList(path: string, length: number): Promise<{ id: string; closed_at: string }[]> {
  return eventually(
    async () => {
      const response = await stack.api('GET', path);
      const orders = (response.body.data as { id: string; status: string; closed_at: string }[]).filter(
        (o) => o.status === 'completed',
      );
      return orders.length === length ? orders : undefined;
    },
    { timeoutMs: 5_000, intervalMs: 100, what: `the list reaching ${length} entries` },
  );
}
