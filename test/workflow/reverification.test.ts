import { useStack } from '../support/stack';
import type { OrderView } from '../../src/domain';
import { addDays, businessDaysBefore, federalHolidays, isBusinessDay, startOfDayIn, todayIn } from '../../src/domain';
import { deliverySchema } from '../../src/api/response-schemas';

/**
 * The re-verification before closing, on Temporal's time-skipping server: weeks of waiting are skipped. Orders learn
 * by polling (webhooks race the time skip there, see `durable-timers.test.ts`); the simulators run in real time, so
 * a test skips time only up to the moment it wants, then lets the provider work. Webhooks, the search attribute, a
 * restart and the recorded histories are in `reverification-webhooks.test.ts` (the dev server).
 */
const stack = useStack({ timeSkipping: true, providerWebhooks: false });
const ZONE = 'America/New_York';
const DAY_MS = 86_400_000;

/** The lender's today on the server's (skipped) clock. */
async function today(): Promise<string> {
  return todayIn(new Date(await stack.env.currentTimeMs()), ZONE);
}

/** Skips the server's clock to just past `dueAt`, so that the re-check starts; then time runs at its real pace. */
async function skipPast(dueAt: string): Promise<void> {
  await stack.env.sleep(Date.parse(dueAt) - (await stack.env.currentTimeMs()) + 1_000);
}

async function placeWithClosing(closingDate: string, ssn = '000-00-0000', extra: Record<string, unknown> = {}) {
  const placed = await stack.placeOrder(
    { closing_date: closingDate, options: { poll_interval: '1s' }, ...extra },
    { ssn },
  );
  return stack.waitForOrder(placed.id, (order) => order.status === 'completed');
}

function reverifiedDeliveries(orderId: string) {
  return stack.receiver
    .accepted(orderId)
    .filter((delivery) => delivery.body.type === 'order.reverified')
    .map((delivery) => deliverySchema.parse(delivery.body));
}

describe('a closing date already inside the window', () => {
  it('re-verifies at once when the order completes, and reports the borrower who left as changed', async () => {
    const order = await placeWithClosing(await today(), '000-00-0009');
    const reverified = await stack.waitForOrder(order.id, (o) => o.reverification?.status === 'changed', 60_000);
    expect(reverified.status).toBe('completed');
    expect(reverified.reverification!.changes).toEqual([
      expect.stringMatching(/^Acme Inc: the borrower is no longer employed since \d{4}-\d{2}-\d{2}$/),
    ]);
    expect(reverified.reverification!.checked_at).not.toBeNull();
    await stack.waitForWorkflow(order.id);

    const [delivery, ...more] = reverifiedDeliveries(order.id);
    expect(more).toHaveLength(0);
    expect(delivery!.data.reverification).toMatchObject({
      status: 'changed',
      changes: reverified.reverification!.changes,
    });
    expect(delivery!.data.reverification!.report!.employments[0]!.status).toBe('inactive');
    // The original result stands: the order's own report still has the borrower active.
    const report = await stack.api('GET', `/v1/orders/${order.id}/report`);
    expect(report.body.normalized.employments[0].status).toBe('active');
    expect(stack.receiver.accepted(order.id).map((d) => d.body.type)).toEqual([
      'order.created',
      'order.completed',
      'order.reverified',
    ]);
  });
});

describe('a closing date weeks ahead', () => {
  it('is due N business days before, across a holiday weekend, and a PATCH after completion reschedules it', async () => {
    // The first federal holiday on a Monday at least three weeks ahead: the closing is the day after it.
    const now = await today();
    const holiday = [0, 1]
      .flatMap((years) => federalHolidays(Number(now.slice(0, 4)) + years))
      .find((h) => h.observed > addDays(now, 21) && new Date(`${h.observed}T00:00:00Z`).getUTCDay() === 1)!;
    const closing = addDays(holiday.observed, 1);
    const order = await placeWithClosing(closing);

    // Five business days before a Tuesday after a holiday Monday: Fri, Thu, Wed, Tue, Mon of the week before.
    expect(businessDaysBefore(closing, 5)).toBe(addDays(holiday.observed, -7));
    const scheduled = await stack.api<OrderView>('GET', `/v1/orders/${order.id}`);
    expect(scheduled.body.reverification).toEqual({
      closing_date: closing,
      due_at: startOfDayIn(businessDaysBefore(closing, 5), ZONE),
      status: 'scheduled',
      checked_at: null,
      changes: [],
      reason: null,
    });
    // The due date skips the holiday and the weekend: five business days, seven or more calendar days.
    const due = businessDaysBefore(closing, 5);
    let businessDays = 0;
    for (let day = addDays(due, 1); day < closing; day = addDays(day, 1)) if (isBusinessDay(day)) businessDays++;
    expect(businessDays).toBe(4);

    const moved = await stack.api<OrderView>('PATCH', `/v1/orders/${order.id}`, { closing_date: addDays(closing, 14) });
    expect(moved.status).toBe(200);
    const newDue = startOfDayIn(businessDaysBefore(addDays(closing, 14), 5), ZONE);
    expect(moved.body.reverification).toMatchObject({ due_at: newDue, status: 'scheduled' });

    // Past the first due date nothing happens: the timer was rescheduled.
    await skipPast(scheduled.body.reverification!.due_at);
    expect((await stack.api<OrderView>('GET', `/v1/orders/${order.id}`)).body.reverification!.status).toBe('scheduled');
    await skipPast(newDue);
    const done = await stack.waitForOrder(order.id, (o) => o.reverification?.status === 'verified', 60_000);
    expect(Date.parse(done.reverification!.checked_at!)).toBeGreaterThanOrEqual(Date.parse(newDue));
    await stack.waitForWorkflow(order.id);
    expect(reverifiedDeliveries(order.id).map((d) => d.data.reverification!.status)).toEqual(['verified']);
    await stack.recordHistory(order.id, 'reverification-rescheduled-timer-fired');
  });

  it('is cleared by a PATCH of null: the order ends with no re-verification', async () => {
    const order = await placeWithClosing(addDays(await today(), 60));
    const cleared = await stack.api<OrderView>('PATCH', `/v1/orders/${order.id}`, { closing_date: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.reverification).toBeNull();
    const ended = await stack.waitForWorkflow(order.id);
    expect(ended.reverification).toBeNull();
    expect(reverifiedDeliveries(order.id)).toHaveLength(0);
  });

  it('runs at once on POST /reverify; checked before the due day, it leaves one scheduled for that day', async () => {
    const order = await placeWithClosing(addDays(await today(), 60));
    const asked = await stack.api<OrderView>('POST', `/v1/orders/${order.id}/reverify`);
    expect(asked.status).toBe(202);
    const done = await stack.waitForOrder(order.id, (o) => o.reverifications[0]?.status === 'verified', 60_000);
    expect(done.reverifications[0]!.changes).toEqual([]);
    expect(done.reverification).toMatchObject({ status: 'scheduled', due_at: order.reverification!.due_at });
    await stack.waitForWorkflow(order.id);
    expect(reverifiedDeliveries(order.id)).toHaveLength(1);
    // The date still moves (clearing it drops the one scheduled), and the LOS may ask again.
    const cleared = await stack.api<OrderView>('PATCH', `/v1/orders/${order.id}`, { closing_date: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.reverification).toMatchObject({ status: 'verified' });
    expect(cleared.body.reverifications).toHaveLength(1);
    expect((await stack.api('POST', `/v1/orders/${order.id}/reverify`)).status).toBe(202);
    await stack.waitForOrder(order.id, (o) => o.reverifications[1]?.status === 'verified', 60_000);
    await stack.waitForWorkflow(order.id);
    expect(reverifiedDeliveries(order.id)).toHaveLength(2);
  });

  it('is canceled by POST /cancel on the completed order, which stays completed', async () => {
    const order = await placeWithClosing(addDays(await today(), 60));
    const canceled = await stack.api<OrderView>('POST', `/v1/orders/${order.id}/cancel`, { reason: 'loan withdrawn' });
    expect(canceled.status).toBe(202);
    expect(canceled.body.status).toBe('completed');
    expect(canceled.body.reverification).toMatchObject({ status: 'canceled', reason: 'loan withdrawn' });
    const ended = await stack.waitForWorkflow(order.id);
    expect(ended.status).toBe('completed');
    expect(ended.reverification!.status).toBe('canceled');
    expect((await stack.api('POST', `/v1/orders/${order.id}/cancel`)).status).toBe(409);
    expect(reverifiedDeliveries(order.id)).toHaveLength(0);
  });
});

describe('the re-check at the provider', () => {
  it('falls back to a new Truework employment order past the 90-day reverification window', async () => {
    // Due about 93 days after the order completed: past Truework's 90 days, within voie's 120-day window.
    const order = await placeWithClosing(addDays(await today(), 100));
    await skipPast(order.reverification!.due_at);
    const done = await stack.waitForOrder(order.id, (o) => o.reverification?.status === 'verified', 60_000);
    expect(Date.parse(done.reverification!.checked_at!) - Date.parse(order.updated_at)).toBeGreaterThan(90 * DAY_MS);
    const placedEvent = done.events.find((e) => e.type === 'reverification.provider_order.created')!;
    expect(placedEvent.detail).toMatch(/^new-order /);
    const recheckId = placedEvent.detail!.split(' ')[1];
    const recheck = stack.simulator.listOrders().find((o: any) => o.id === recheckId) as any;
    expect(recheck.reverification).toBeNull();
    expect(recheck.target_employer.metadata.voie_reverification_of).toBe(order.provider_order_id);
    await stack.waitForWorkflow(order.id);
    await stack.recordHistory(order.id, 'reverification-truework-past-window-new-order');
  });

  it('within the window re-verifies the Truework report, for every verified employer of the order', async () => {
    // Employers no earlier test verified: the sandbox borrower leaves each once verified there.
    const employers = [{ name: 'Initech' }, { name: 'Globex LLC' }, { name: 'No Match Corp' }];
    const placed = await stack.placeOrder(
      { employer: undefined, employers, closing_date: addDays(await today(), 60), options: { poll_interval: '1s' } },
      { ssn: '000-00-0009' },
    );
    const order = await stack.waitForOrder(placed.id, (o) => o.status === 'completed', 60_000);
    expect(order.employments.map((e) => e.outcome === 'verified')).toEqual([true, true, false]);
    expect((await stack.api('POST', `/v1/orders/${order.id}/reverify`)).status).toBe(202);
    const done = await stack.waitForOrder(order.id, (o) => o.reverifications[0]?.status === 'changed', 60_000);
    const placedEvents = done.events.filter((e) => e.type === 'reverification.provider_order.created');
    expect(placedEvents.map((e) => e.detail!.split(' ')[0])).toEqual(['reverification', 'reverification']);
    expect(done.reverifications[0]!.changes).toHaveLength(2);
    await stack.waitForWorkflow(order.id);
    const [delivery] = reverifiedDeliveries(order.id);
    expect(delivery!.data.reverification!.report!.employments).toHaveLength(2);
  });
});

describe('the API of the re-verification', () => {
  it('answers 400 for a bad date, 404 for an unknown order, 409 for a reverify before completion', async () => {
    const order = await stack.placeOrder(
      { closing_date: addDays(await today(), 60), options: { cancel_on_action_required: false, poll_interval: '1s' } },
      { ssn: '000-03-0300' },
    );
    for (const closing_date of ['2026-02-30', '2026-1-5', 'tomorrow', 20260105]) {
      const response = await stack.api('PATCH', `/v1/orders/${order.id}`, { closing_date });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('closing_date');
    }
    expect((await stack.api('PATCH', '/v1/orders/vo_000000000000000000000000', { closing_date: null })).status).toBe(
      404,
    );
    expect((await stack.api('POST', '/v1/orders/vo_000000000000000000000000/reverify')).status).toBe(404);
    expect((await stack.api('POST', `/v1/orders/${order.id}/reverify`)).status).toBe(409);
    // While the order is open the date moves freely.
    const moved = await stack.api<OrderView>('PATCH', `/v1/orders/${order.id}`, {
      closing_date: addDays(await today(), 90),
    });
    expect(moved.status).toBe(200);
    expect(moved.body.reverification!.status).toBe('scheduled');
    // An order that ends otherwise than completed takes no re-verification and no more dates.
    expect((await stack.api('POST', `/v1/orders/${order.id}/cancel`)).status).toBe(202);
    const ended = await stack.waitForWorkflow(order.id);
    expect(ended.status).toBe('canceled');
    expect(ended.reverification!.status).toBe('canceled');
    expect((await stack.api('PATCH', `/v1/orders/${order.id}`, { closing_date: null })).status).toBe(409);
  });

  it('refuses a closing_date that is not a date, and out-of-range business days, when placing', async () => {
    const bad = stack.orderBody({ closing_date: '2027-02-29', options: { reverify_business_days_before_closing: 0 } });
    const response = await stack.api('POST', '/v1/orders', bad);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'closing_date',
      'options.reverify_business_days_before_closing',
    ]);
  });
});
