import { useStack } from '../support/stack';
import type { OrderView } from '../../src/domain';
import { addDays, businessDaysBefore, startOfDayIn, todayIn } from '../../src/domain';
import { deliverySchema } from '../../src/api/response-schemas';

/**
 * Any completed order stays re-verifiable for `VOIE_REVERIFY_WINDOW` (120 days) after it completed, with or without a
 * closing date, and its re-verification re-plans when the closing date moves. On the time-skipping server: months of
 * waiting are skipped; orders learn by polling (see `reverification.test.ts`).
 */
const stack = useStack({ timeSkipping: true, providerWebhooks: false });
const ZONE = 'America/New_York';
const DAY_MS = 86_400_000;

async function today(): Promise<string> {
  return todayIn(new Date(await stack.env.currentTimeMs()), ZONE);
}

/** Skips the server's clock to just past `instant`; then time runs at its real pace. */
async function skipPast(instant: string): Promise<void> {
  await stack.env.sleep(Date.parse(instant) - (await stack.env.currentTimeMs()) + 1_000);
}

async function completedOrder(extra: Record<string, unknown> = {}): Promise<OrderView> {
  const placed = await stack.placeOrder({ options: { poll_interval: '1s' }, ...extra });
  return stack.waitForWorkflow(placed.id);
}

function dueAt(closingDate: string): string {
  return startOfDayIn(businessDaysBefore(closingDate, 5), ZONE);
}

function patch(id: string, closingDate: string | null) {
  return stack.api<OrderView>('PATCH', `/v1/orders/${id}`, { closing_date: closingDate });
}

function reverifiedDeliveries(orderId: string) {
  return stack.receiver
    .accepted(orderId)
    .filter((delivery) => delivery.body.type === 'order.reverified')
    .map((delivery) => deliverySchema.parse(delivery.body).data.reverification!);
}

describe('an order completed without a closing date', () => {
  it('is re-verified on the due day of a closing date set by PATCH after it completed', async () => {
    const order = await completedOrder();
    expect(order).toMatchObject({ status: 'completed', closing_date: null, reverification: null, reverifications: [] });
    expect(Date.parse(order.reverifiable_until!) - Date.parse(order.completed_at!)).toBe(120 * DAY_MS);

    const closing = addDays(await today(), 30);
    const scheduled = await patch(order.id, closing);
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.closing_date).toBe(closing);
    expect(scheduled.body.reverification).toMatchObject({ status: 'scheduled', due_at: dueAt(closing) });

    await skipPast(dueAt(closing));
    const done = await stack.waitForOrder(order.id, (o) => o.reverification?.status === 'verified', 60_000);
    expect(done.reverification!.checked_at! >= dueAt(closing)).toBe(true);
    expect(todayIn(new Date(done.reverification!.checked_at!), ZONE)).toBe(businessDaysBefore(closing, 5));
    await stack.waitForWorkflow(order.id);
    expect(reverifiedDeliveries(order.id).map((block) => [block.closing_date, block.status])).toEqual([
      [closing, 'verified'],
    ]);
    await stack.recordHistory(order.id, 'reverification-of-completed-order');
  });

  it('is re-verified at once by POST /reverify, with no closing date to plan for', async () => {
    const order = await completedOrder();
    const asked = await stack.api<OrderView>('POST', `/v1/orders/${order.id}/reverify`);
    expect(asked.status).toBe(202);
    const done = await stack.waitForOrder(order.id, (o) => o.reverification?.status === 'verified', 60_000);
    expect(done.reverifications).toHaveLength(1);
    expect(done.reverification!.closing_date).toBeNull();
    await stack.waitForWorkflow(order.id);
    expect(reverifiedDeliveries(order.id)).toHaveLength(1);
  });
});

describe('moving the closing date after the re-verification ran', () => {
  it('keeps it when it still counts, and schedules a new one when it no longer does', async () => {
    const closing = addDays(await today(), 20);
    const order = await completedOrder({ closing_date: closing });
    await skipPast(dueAt(closing));
    const first = await stack.waitForOrder(order.id, (o) => o.reverification?.status === 'verified', 60_000);
    await stack.waitForWorkflow(order.id);

    // Two days earlier: its due day is earlier still, and the re-check was on or after it.
    const earlier = await patch(order.id, addDays(closing, -2));
    expect(earlier.status).toBe(200);
    expect(earlier.body.closing_date).toBe(addDays(closing, -2));
    expect(earlier.body.reverifications).toEqual([first.reverification]);
    expect(earlier.body.events.at(-1)).toMatchObject({ type: 'reverification.kept' });

    // A month later: the re-check is before the new due day, so a new one is scheduled for it.
    const later = addDays(closing, 30);
    const moved = await patch(order.id, later);
    expect(moved.body.reverifications.map((block) => [block.closing_date, block.status])).toEqual([
      [closing, 'verified'],
      [later, 'scheduled'],
    ]);
    await skipPast(dueAt(later));
    const second = await stack.waitForOrder(order.id, (o) => o.reverification?.status === 'verified', 60_000);
    expect(second.reverifications).toHaveLength(2);
    expect(second.reverification!.checked_at! >= dueAt(later)).toBe(true);
    await stack.waitForWorkflow(order.id);
    expect(reverifiedDeliveries(order.id).map((block) => block.closing_date)).toEqual([closing, later]);
    // The second re-check of the same original is a provider order of its own.
    const rechecks = second.events.filter((event) => event.type === 'reverification.provider_order.created');
    expect(new Set(rechecks.map((event) => event.detail!.split(' ')[1])).size).toBe(2);
    await stack.recordHistory(order.id, 'reverification-replanned');
  });

  it('schedules a new one after the LOS canceled the scheduled one', async () => {
    const order = await completedOrder({ closing_date: addDays(await today(), 40) });
    expect((await stack.api('POST', `/v1/orders/${order.id}/cancel`)).status).toBe(202);
    const moved = await patch(order.id, addDays(await today(), 50));
    expect(moved.body.reverifications.map((block) => block.status)).toEqual(['canceled', 'scheduled']);
  });
});

describe('the re-verification window', () => {
  it('keeps a completed order readable and re-verifiable for 120 days, then refuses naming its age', async () => {
    const order = await completedOrder();
    // 100 days: far past what a namespace's retention keeps a closed workflow (the dev server's is a day), but the
    // order's workflow is open, waiting in its window.
    await stack.env.sleep(100 * DAY_MS);
    expect((await stack.api('GET', `/v1/orders/${order.id}`)).status).toBe(200);
    expect((await stack.api('POST', `/v1/orders/${order.id}/reverify`)).status).toBe(202);
    await stack.waitForOrder(order.id, (o) => o.reverification?.status === 'verified', 60_000);
    await stack.waitForWorkflow(order.id);

    await skipPast(new Date(Date.parse(order.completed_at!) + 121 * DAY_MS).toISOString());
    const refusals = [
      await patch(order.id, addDays(await today(), 10)),
      await stack.api('POST', `/v1/orders/${order.id}/reverify`),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(409);
      // The age on the server's clock, which runs on by itself once no workflow has a timer due.
      const [, age] =
        /the order completed (\d+) days ago, past its 120-day re-verification window: place a new order$/.exec(
          refused.body.detail,
        )!;
      expect(Number(age)).toBeGreaterThanOrEqual(121);
    }
    const ended = await stack.api<OrderView>('GET', `/v1/orders/${order.id}`);
    expect(ended.body.reverification!.status).toBe('verified');
    expect(ended.body.events.at(-1)).toMatchObject({ type: 'reverification.window_ended' });
    await stack.recordHistory(order.id, 'reverification-window-ended');
  });

  it('cancels a re-verification whose due day falls after the window, saying why', async () => {
    const order = await completedOrder();
    const closing = addDays(await today(), 200);
    expect((await patch(order.id, closing)).body.reverification!.status).toBe('scheduled');
    await skipPast(new Date(Date.parse(order.reverifiable_until!) + DAY_MS).toISOString());
    const ended = await stack.api<OrderView>('GET', `/v1/orders/${order.id}`);
    expect(ended.body.reverification).toMatchObject({
      status: 'canceled',
      reason: expect.stringMatching(/past its 120-day re-verification window: place a new order$/),
    });
  });
});
