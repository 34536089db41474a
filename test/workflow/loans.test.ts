import { loanFileSchema, orderViewSchema } from '../../src/api/response-schemas';
import type { LoanFile, OrderView } from '../../src/domain';
import { addDays, reverificationDue, todayIn } from '../../src/domain';
import { loanWorkflowId, type LoanSnapshot } from '../../workflows/public';
import { freshLoanId } from '../kit';
import { useStack } from '../support/stack';

/**
 * The loan over the API: one closing date for all its orders, set by `PUT /v1/loans/{loan_id}` or by an order's own
 * date, and the loan file. The orders of these tests stay open (Truework waits for the borrower) so that each change
 * of the date reaches them.
 */
const stack = useStack();

const TIME_ZONE = 'America/New_York';
/** Truework's sandbox borrower whose order waits for them (`action_required`) as long as the policy lets it. */
const WAITING = { ssn: '000-03-0400' };
const KEEP_OPEN = { options: { poll_interval: '1m', cancel_on_action_required: false } };

/** A closing date `days` ahead of today, and the start of its re-verification's due day (5 business days before). */
function closing(days: number): { date: string; dueAt: string } {
  const date = addDays(todayIn(new Date(), TIME_ZONE), days);
  return { date, dueAt: reverificationDue(date, 5, TIME_ZONE).dueAt };
}

/** An order of the loan that stays open, for one of two borrowers. */
function placeOpenOrder(loanId: string, borrower: 'Jane' | 'John', extra: Record<string, unknown> = {}) {
  return stack.placeOrder({ loan_id: loanId, ...KEEP_OPEN, ...extra }, { ...WAITING, first_name: borrower });
}

function waitForDue(ids: string[], dueAt: string): Promise<OrderView[]> {
  return stack.los.waitForOrders(ids, (order) => order.reverification?.due_at === dueAt);
}

async function loanFile(loanId: string): Promise<LoanFile> {
  const got = await stack.api('GET', `/v1/loans/${loanId}`);
  expect(got.status).toBe(200);
  return loanFileSchema.parse(got.body);
}

/** The loan as its workflow holds it. */
function loanWorkflow(loanId: string): Promise<LoanSnapshot> {
  return stack.client.workflow.getHandle(loanWorkflowId(loanId)).query<LoanSnapshot>('loan');
}

describe('a loan', () => {
  it('moves the closing date of its three orders of two borrowers with one PUT, and tells why it cannot close', async () => {
    const loanId = freshLoanId();
    const placed = [
      await placeOpenOrder(loanId, 'Jane'),
      await placeOpenOrder(loanId, 'Jane', { employer: { name: 'Globex Corp' } }),
      await placeOpenOrder(loanId, 'John'),
    ];
    const ids = placed.map((order) => order.id);
    await stack.los.waitForOrders(ids, (order) => order.status === 'action_required');

    const first = closing(60);
    const put = await stack.api('PUT', `/v1/loans/${loanId}`, { closing_date: first.date });
    expect(put.status).toBe(200);
    const file = loanFileSchema.parse(put.body);
    // Without VOIE_PROVIDER_PRICES nothing is priced.
    expect(file.estimated_cost).toBeNull();
    expect(file.orders.map((order) => order.estimated_cost)).toEqual([null, null, null]);
    expect(file).toMatchObject({ loan_id: loanId, closing_date: first.date, reverification_due_at: first.dueAt });
    expect(file.orders.map((order) => order.id).sort()).toEqual([...ids].sort());
    expect(file.orders.map((order) => order.applicant.first_name).sort()).toEqual(['Jane', 'Jane', 'John']);
    expect(file.orders.map((order) => order.applicant.ssn_last4)).toEqual(['0400', '0400', '0400']);
    expect(file.gse).toEqual([]);
    expect(file.ready_to_close).toBe(false);
    expect(file.blocking.sort()).toEqual(ids.map((id) => `${id}: the order is action_required`).sort());
    await waitForDue(ids, first.dueAt);

    const moved = closing(90);
    expect((await stack.api('PUT', `/v1/loans/${loanId}`, { closing_date: moved.date })).status).toBe(200);
    await waitForDue(ids, moved.dueAt);
    expect(await loanFile(loanId)).toMatchObject({ closing_date: moved.date, reverification_due_at: moved.dueAt });

    // The same date again is no change: the loan's version stays.
    const { version } = await loanWorkflow(loanId);
    expect((await stack.api('PUT', `/v1/loans/${loanId}`, { closing_date: moved.date })).status).toBe(200);
    expect((await loanWorkflow(loanId)).version).toBe(version);
    await stack.recordHistory(loanWorkflowId(loanId), 'loan-three-orders-moved');
  });

  it('gives an order placed after the PUT its closing date', async () => {
    const loanId = freshLoanId();
    await placeOpenOrder(loanId, 'Jane');
    const date = closing(45);
    expect((await stack.api('PUT', `/v1/loans/${loanId}`, { closing_date: date.date })).status).toBe(200);

    const later = await placeOpenOrder(loanId, 'John');
    const file = await loanFile(loanId);
    expect(file.orders.map((order) => order.id)).toContain(later.id);
    expect(file.closing_date).toBe(date.date);
    expect(later.reverification?.due_at).toBe(date.dueAt);
  });

  it("takes an order's own closing date, on placement and by PATCH, for every order of the loan", async () => {
    const loanId = freshLoanId();
    const undated = await placeOpenOrder(loanId, 'Jane');
    const own = closing(50);
    const dated = await placeOpenOrder(loanId, 'John', { closing_date: own.date });
    expect((await loanFile(loanId)).closing_date).toBe(own.date);
    await waitForDue([undated.id, dated.id], own.dueAt);

    const patched = closing(70);
    const patch = await stack.api('PATCH', `/v1/orders/${undated.id}`, { closing_date: patched.date });
    expect(patch.status).toBe(200);
    expect((await loanFile(loanId)).closing_date).toBe(patched.date);
    expect(orderViewSchema.parse(patch.body).reverification?.due_at).toBe(patched.dueAt);
    await waitForDue([undated.id, dated.id], patched.dueAt);
  });

  it('keeps one order for a repeated POST of the same body, whose own date it took once', async () => {
    const loanId = freshLoanId();
    const own = closing(40);
    const body = stack.orderBody({ loan_id: loanId, ...KEEP_OPEN, closing_date: own.date }, WAITING);
    const first = await stack.api('POST', '/v1/orders', body);
    expect(first.status).toBe(201);
    const later = closing(55);
    expect((await stack.api('PUT', `/v1/loans/${loanId}`, { closing_date: later.date })).status).toBe(200);

    const again = await stack.api('POST', '/v1/orders', body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const file = await loanFile(loanId);
    expect(file.orders.map((order) => order.id)).toEqual([first.body.id]);
    // The repeat is the same order: its date does not undo the later PUT.
    expect(file.closing_date).toBe(later.date);
    // A different body under the same external_id conflicts, and joins no loan.
    const other = freshLoanId();
    expect((await stack.api('POST', '/v1/orders', { ...body, loan_id: other })).status).toBe(409);
    expect((await stack.api('GET', `/v1/loans/${other}`)).status).toBe(404);
  });

  it('ends two PUTs in flight with the latest on every order', async () => {
    const loanId = freshLoanId();
    const ids = [(await placeOpenOrder(loanId, 'Jane')).id, (await placeOpenOrder(loanId, 'John')).id];
    const dates = [closing(40), closing(80)];
    const answers = await Promise.all(
      dates.map((date) => stack.api('PUT', `/v1/loans/${loanId}`, { closing_date: date.date })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);

    const loan = await loanWorkflow(loanId);
    expect(loan.version).toBe(2);
    const winner = dates.find((date) => date.date === loan.closingDate)!;
    expect(winner).toBeDefined();
    expect((await loanFile(loanId)).closing_date).toBe(winner.date);
    await waitForDue(ids, winner.dueAt);
  });

  it('answers a flood of PATCHes of its orders with 200, or 503 and Retry-After, never 500', async () => {
    const loanId = freshLoanId();
    const order = await placeOpenOrder(loanId, 'Jane');
    const dates = [closing(30), closing(31)];
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        stack.api('PATCH', `/v1/orders/${order.id}`, { closing_date: dates[i % 2]!.date }),
      ),
    );
    for (const answer of answers) {
      expect([200, 503]).toContain(answer.status);
      if (answer.status === 503) expect(answer.headers.get('retry-after')).toBeTruthy();
    }
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThan(0);
    const final = await stack.api('PATCH', `/v1/orders/${order.id}`, { closing_date: dates[0]!.date });
    expect(final.status).toBe(200);
    expect((await loanFile(loanId)).closing_date).toBe(dates[0]!.date);
  });

  it('answers 404 for a loan without orders and 400 for a bad body', async () => {
    const unknown = freshLoanId();
    expect((await stack.api('GET', `/v1/loans/${unknown}`)).status).toBe(404);
    expect((await stack.api('PUT', `/v1/loans/${unknown}`, { closing_date: closing(30).date })).status).toBe(404);

    const loanId = freshLoanId();
    await placeOpenOrder(loanId, 'Jane');
    for (const body of [
      {},
      { closing_date: '2027-02-30' },
      { closing_date: '01/19/2027' },
      { closing_date: closing(400).date },
      { closing_date: closing(30).date, reverify_business_days_before_closing: 0 },
      { closing_date: closing(30).date, surprise: true },
    ]) {
      const answer = await stack.api('PUT', `/v1/loans/${loanId}`, body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
    }
    expect((await stack.api('PUT', `/v1/loans/${loanId}`, 'not json')).status).toBe(400);
    const cleared = await stack.api('PUT', `/v1/loans/${loanId}`, { closing_date: null });
    expect(cleared.status).toBe(200);
    expect(loanFileSchema.parse(cleared.body)).toMatchObject({
      closing_date: null,
      reverification_due_at: null,
      ready_to_close: false,
    });
    expect(loanFileSchema.parse(cleared.body).blocking).toContain('the loan has no closing date');
  });
});
