import { loanFileSchema } from '../../src/api/response-schemas';
import type { LoanFile, OrderView } from '../../src/domain';
import { addDays, reverificationDue, todayIn } from '../../src/domain';
import {
  loanClosingDateSignal,
  loanQuery,
  loanWorkflowId,
  setLoanClosingDateUpdate,
  type LoanWorkflow,
} from '../../workflows/public';
import { eventually, freshLoanId, SAMPLE_EMPLOYER } from '../kit';
import { useStack } from '../support/stack';
import { TEST_ENCRYPTION_KEY } from '../support/temporal';

/**
 * A loan's closing date against its orders' re-verifications, on the dev server in real time: when the loan file turns
 * ready to close (and back), a re-check that found changes, a date PUT again and again, a change of the loan that reaches
 * an order late, a PUT racing an order's placement and completion, and a worker restart between the loan's change and
 * its orders'. Each order has at most one re-verification per due day. The orders complete within seconds
 * (Truework's `000-00-0000`, Truv's `Success`); a closing date two days ahead has its due day behind it, so the
 * re-verification runs at once.
 */
const stack = useStack();

const TIME_ZONE = 'America/New_York';
/** Truework's sandbox borrower whose order waits for them (`action_required`) as long as the policy lets it. */
const WAITING = { ssn: '000-03-0400' };
const KEEP_OPEN = { options: { poll_interval: '1m', cancel_on_action_required: false } };
/** How long an order may take to hear its loan after the workers restarted. */
const AFTER_RESTART_MS = 60_000;

/** A closing date, its re-verification's due day (5 business days before) and the start of that day. */
interface Closing {
  date: string;
  dueDate: string;
  dueAt: string;
}

/** The closing date `days` from the lender's today (negative: in the past). */
function closing(days: number): Closing {
  const date = addDays(todayIn(new Date(), TIME_ZONE), days);
  const { dueDate, dueAt } = reverificationDue(date, 5, TIME_ZONE);
  return { date, dueDate, dueAt };
}

/** Two closing dates a day apart (a Saturday and its Sunday) with one due day, already begun. */
function twoDatesOneDueDay(): [Closing, Closing] {
  const pairs: [Closing, Closing][] = [];
  for (let days = -7; days <= 12; days += 1) {
    const [first, second] = [closing(days), closing(days + 1)];
    if (first.dueAt === second.dueAt && Date.parse(first.dueAt) <= Date.now()) pairs.push([first, second]);
  }
  // The latest such pair: the coming weekend's, or the last one's.
  return pairs.at(-1)!;
}

/** An order of the loan that completes within seconds: Truework's borrower `000-00-0000`. */
function placeCompleting(loanId: string, extra: Record<string, unknown> = {}, applicant: Record<string, unknown> = {}) {
  return stack.placeOrder({ loan_id: loanId, ...extra }, { ssn: '000-00-0000', ...applicant });
}

/** A second borrower's order of the loan that completes: Truv's `Success`. */
function placeTruv(loanId: string): Promise<OrderView> {
  return stack.los.placeOrder(stack.truvOrderBody('Success', { loan_id: loanId }));
}

/** Waits until every order is at rest (see `waitForWorkflow`), and returns them. */
function atRest(ids: string[]): Promise<OrderView[]> {
  return Promise.all(ids.map((id) => stack.waitForWorkflow(id)));
}

/**
 * Waits until every order has the closing date and then is at rest (its re-verification ran if due), and returns them.
 * After a restart an order's next task may wait out the sticky queue of the stopped worker first: `timeoutMs`.
 */
async function settledOn(ids: string[], date: Closing, timeoutMs?: number): Promise<OrderView[]> {
  await stack.los.waitForOrders(ids, (order) => order.closing_date === date.date, timeoutMs);
  return atRest(ids);
}

function put(loanId: string, closingDate: string | null) {
  return stack.api('PUT', `/v1/loans/${loanId}`, { closing_date: closingDate });
}

async function loanFile(loanId: string): Promise<LoanFile> {
  const got = await stack.api('GET', `/v1/loans/${loanId}`);
  expect(got.status).toBe(200);
  return loanFileSchema.parse(got.body);
}

/** Each re-verification of the order, oldest first: the closing date it is for, its due day's start, its status. */
function blocksOf(order: OrderView): [string | null, string, string][] {
  return order.reverifications.map((block) => [block.closing_date, block.due_at, block.status]);
}

/** The order completed, with the closing date and one verified re-verification that counts for it. */
function expectReverifiedFor(order: OrderView, date: Closing): void {
  expect(order).toMatchObject({ status: 'completed', closing_date: date.date });
  expect(blocksOf(order)).toEqual([[date.date, date.dueAt, 'verified']]);
  expect(Date.parse(order.reverification!.checked_at!)).toBeGreaterThanOrEqual(Date.parse(date.dueAt));
}

/** Waits until the order's workflow handled the signals it was sent: a workflow task completed after the last one. */
async function signalsHandled(orderId: string): Promise<void> {
  await eventually(
    async () => {
      const events = (await stack.client.workflow.getHandle(orderId).fetchHistory()).events ?? [];
      const lastSignal = events.map((event) => !!event.workflowExecutionSignaledEventAttributes).lastIndexOf(true);
      return events.slice(lastSignal + 1).some((event) => event.workflowTaskCompletedEventAttributes);
    },
    { what: `order ${orderId} handling its signals` },
  );
}

/** Stops the API and the workers and starts them again with the same key. */
function restart(): Promise<void> {
  return stack.redeploy([TEST_ENCRYPTION_KEY]);
}

/** Sends the loan its update as the API does, but without the API's direct patches of the orders. */
async function updateLoanOnly(loanId: string, date: Closing): Promise<void> {
  const handle = stack.client.workflow.getHandle<LoanWorkflow>(loanWorkflowId(loanId));
  const loan = await handle.executeUpdate(setLoanClosingDateUpdate, { args: [{ closing_date: date.date }] });
  expect(loan.closingDate).toBe(date.date);
}

describe('a loan of completed orders', () => {
  it('turns ready to close once a closing date whose due day passed re-verified every order, and not after a move', async () => {
    const loanId = freshLoanId();
    const ids = [(await placeCompleting(loanId, {}, { first_name: 'Jane' })).id, (await placeTruv(loanId)).id];
    for (const order of await atRest(ids)) expect(order).toMatchObject({ status: 'completed', reverifications: [] });
    expect(await loanFile(loanId)).toMatchObject({
      closing_date: null,
      ready_to_close: false,
      blocking: ['the loan has no closing date'],
    });

    const soon = closing(2);
    expect(Date.parse(soon.dueAt)).toBeLessThanOrEqual(Date.now());
    const answer = await put(loanId, soon.date);
    expect(answer.status).toBe(200);
    const answered = loanFileSchema.parse(answer.body);
    expect(answered).toMatchObject({
      closing_date: soon.date,
      reverification_due_at: soon.dueAt,
      ready_to_close: false,
    });
    expect(answered.orders.map((order) => order.reverification?.due_at)).toEqual([soon.dueAt, soon.dueAt]);

    for (const order of await settledOn(ids, soon)) expectReverifiedFor(order, soon);
    expect(await loanFile(loanId)).toMatchObject({ closing_date: soon.date, ready_to_close: true, blocking: [] });

    const later = closing(32);
    const moved = loanFileSchema.parse((await put(loanId, later.date)).body);
    expect(moved).toMatchObject({
      closing_date: later.date,
      reverification_due_at: later.dueAt,
      ready_to_close: false,
    });
    expect(moved.blocking).toEqual(ids.map((id) => `${id}: re-verification scheduled for ${later.dueDate}`));
    for (const order of await settledOn(ids, later)) {
      expect(blocksOf(order)).toEqual([
        [soon.date, soon.dueAt, 'verified'],
        [later.date, later.dueAt, 'scheduled'],
      ]);
    }
    expect((await loanFile(loanId)).blocking).toEqual(moved.blocking);
  });

  it('stays not ready when a re-verification found the borrower gone, saying so for that order', async () => {
    const loanId = freshLoanId();
    const stays = await placeCompleting(loanId, {}, { first_name: 'Jane' });
    // The borrower who leaves once verified, at an employer of their own in this file: its re-check finds them gone.
    const leaves = await placeCompleting(
      loanId,
      { employer: { ...SAMPLE_EMPLOYER, name: 'Initech' } },
      { first_name: 'John', ssn: '000-00-0009' },
    );
    await atRest([stays.id, leaves.id]);

    const soon = closing(2);
    expect((await put(loanId, soon.date)).status).toBe(200);
    const [stayed, left] = await settledOn([stays.id, leaves.id], soon);
    expectReverifiedFor(stayed!, soon);
    expect(blocksOf(left!)).toEqual([[soon.date, soon.dueAt, 'changed']]);
    expect(left!.reverification!.changes).toEqual([
      expect.stringMatching(/^Initech: the borrower is no longer employed/),
    ]);

    const file = await loanFile(loanId);
    expect(file.ready_to_close).toBe(false);
    expect(file.blocking).toEqual([`${leaves.id}: re-verification found changes: ${left!.reverification!.changes[0]}`]);
  });

  it('re-verifies each order once per due day, however often its date is PUT', async () => {
    const loanId = freshLoanId();
    const ids = [
      (await placeCompleting(loanId, {}, { first_name: 'Jane' })).id,
      (await placeCompleting(loanId, {}, { first_name: 'John', ssn: '000-00-0003' })).id,
    ];
    await atRest(ids);

    const [saturday, sunday] = twoDatesOneDueDay();
    // The same date twice at once, then once more.
    const twice = await Promise.all([put(loanId, saturday.date), put(loanId, saturday.date)]);
    expect(twice.map((answer) => answer.status)).toEqual([200, 200]);
    expect((await put(loanId, saturday.date)).status).toBe(200);
    for (const order of await settledOn(ids, saturday)) expectReverifiedFor(order, saturday);

    // The next day has the same due day: the re-verification done counts for it, and the loan is ready at once.
    const moved = loanFileSchema.parse((await put(loanId, sunday.date)).body);
    expect(moved).toMatchObject({ closing_date: sunday.date, ready_to_close: true, blocking: [] });
    for (const order of await settledOn(ids, sunday)) {
      expect(blocksOf(order)).toEqual([[saturday.date, saturday.dueAt, 'verified']]);
    }

    // Dates whose due days passed, PUT at once, round after round: the re-verification done counts for each, so each
    // order keeps its one block, and ends on the date the loan ended on, whatever order the changes reached it in.
    const passed = [saturday, sunday, closing(0), closing(2)].filter(
      (date, i, all) => all.findIndex((other) => other.date === date.date) === i,
    );
    for (let round = 0; round < 4; round += 1) {
      const answers = await Promise.all(passed.map((_, i) => put(loanId, passed[(i + round) % passed.length]!.date)));
      for (const answer of answers) expect([200, 503]).toContain(answer.status);
    }
    const loan = await loanFile(loanId);
    const final = passed.find((date) => date.date === loan.closing_date)!;
    expect(final).toBeDefined();
    for (const order of await settledOn(ids, final)) {
      expect(blocksOf(order)).toEqual([[saturday.date, saturday.dueAt, 'verified']]);
    }
    expect(await loanFile(loanId)).toMatchObject({ closing_date: final.date, ready_to_close: true, blocking: [] });
  });
});

describe('a change of the loan that reaches an order after a newer one', () => {
  it('changes nothing: the order keeps the latest date and one block per due day', async () => {
    const loanId = freshLoanId();
    const placed = await placeCompleting(loanId);
    await atRest([placed.id]);
    const soon = closing(2);
    const later = closing(40);
    expect((await put(loanId, soon.date)).status).toBe(200);
    await settledOn([placed.id], soon);
    expect((await put(loanId, later.date)).status).toBe(200);
    const { version } = await stack.client.workflow.getHandle<LoanWorkflow>(loanWorkflowId(loanId)).query(loanQuery);

    // The loan's signal of the earlier date, delivered after the later one (as a signal retried after an outage is).
    await stack.client.workflow
      .getHandle(placed.id)
      .signal(loanClosingDateSignal, { closing_date: soon.date, loanVersion: version - 1 });
    await signalsHandled(placed.id);
    const [order] = await atRest([placed.id]);
    expect(order!.closing_date).toBe(later.date);
    expect(blocksOf(order!)).toEqual([
      [soon.date, soon.dueAt, 'verified'],
      [later.date, later.dueAt, 'scheduled'],
    ]);
    expect((await loanFile(loanId)).blocking).toEqual([`${placed.id}: re-verification scheduled for ${later.dueDate}`]);
  });
});

describe("a PUT racing an order's placement and completion", () => {
  it.each([
    ['sent with the POST', false],
    ['sent once the POST answered', true],
  ])('gives the order the date, and one re-verification for it, %s', async (_when, afterPost) => {
    const loanId = freshLoanId();
    const soon = closing(2);
    // The loan answers 404 until the order joined it; the PUT is sent again until it is found (and after a 503, as an
    // LOS retries one).
    const putOnceFound = () =>
      eventually(
        async () => {
          const answer = await put(loanId, soon.date);
          return answer.status === 404 || answer.status === 503 ? undefined : answer;
        },
        { intervalMs: 5, what: `loan ${loanId} found` },
      );
    let order: OrderView;
    let answer: Awaited<ReturnType<typeof put>>;
    if (afterPost) {
      order = await placeCompleting(loanId);
      answer = await put(loanId, soon.date);
    } else {
      [order, answer] = await Promise.all([placeCompleting(loanId), putOnceFound()]);
    }
    expect(answer.status).toBe(200);

    const [ended] = await settledOn([order.id], soon);
    expectReverifiedFor(ended!, soon);
    const file = await loanFile(loanId);
    expect(file.orders.map((listed) => listed.id)).toEqual([order.id]);
    expect(file).toMatchObject({ closing_date: soon.date, ready_to_close: true, blocking: [] });
  });
});

describe("a worker restart between the loan's change and its orders'", () => {
  it('leaves every order, open or completed, with the latest date and one re-verification per due day', async () => {
    const loanId = freshLoanId();
    const done = await placeCompleting(loanId, {}, { first_name: 'Jane' });
    const open = await stack.placeOrder({ loan_id: loanId, ...KEEP_OPEN }, { ...WAITING, first_name: 'John' });
    await atRest([done.id]);
    await stack.waitForOrder(open.id, (order) => order.status === 'action_required');

    // Only the loan's own signals can bring the date to the orders: the workers restart right after its update.
    const soon = closing(2);
    await updateLoanOnly(loanId, soon);
    await restart();
    const [verified] = await settledOn([done.id], soon, AFTER_RESTART_MS);
    expectReverifiedFor(verified!, soon);
    const waiting = await stack.waitForOrder(open.id, (order) => order.closing_date === soon.date, AFTER_RESTART_MS);
    expect(waiting.status).toBe('action_required');
    expect(blocksOf(waiting)).toEqual([[soon.date, soon.dueAt, 'scheduled']]);

    const later = closing(40);
    await updateLoanOnly(loanId, later);
    await restart();
    const [completed, stillOpen] = await stack.los.waitForOrders(
      [done.id, open.id],
      (order) => order.closing_date === later.date,
      AFTER_RESTART_MS,
    );
    expect(blocksOf(completed!)).toEqual([
      [soon.date, soon.dueAt, 'verified'],
      [later.date, later.dueAt, 'scheduled'],
    ]);
    expect(blocksOf(stillOpen!)).toEqual([[later.date, later.dueAt, 'scheduled']]);
    const file = await loanFile(loanId);
    expect(file).toMatchObject({ closing_date: later.date, ready_to_close: false });
    expect(file.blocking.sort()).toEqual(
      [`${done.id}: re-verification scheduled for ${later.dueDate}`, `${open.id}: the order is action_required`].sort(),
    );
  });
});
