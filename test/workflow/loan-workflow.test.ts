import type { LoanOrderStanding } from '../../src/domain';
import { addDays, startOfDayIn, todayIn } from '../../src/domain';
import { LoanWorkflows } from '../../src/loans/loan-workflows';
import { WorkflowCalls } from '../../src/orders/workflow-calls';
import type { LoanSnapshot, LoanWorkflow } from '../../workflows/public';
import {
  DEFAULT_TENANT,
  LOAN_WORKFLOW,
  loanQuery,
  loanWorkflowId,
  orderStandingSignal,
  orderStartedSignal,
  ORDERS_TASK_QUEUE,
  registerOrderUpdate,
  setLoanClosingDateUpdate,
} from '../../workflows/public';
import { eventually, freshLoanId } from '../kit';
import { useStack } from '../support/stack';
import { loanFileEntry } from '../support/loan-file-entry';

/**
 * The loan workflow alone, its orders played by the test's signals, on Temporal's time-skipping server: a loan waits
 * for days (until the day after its closing date) before it ends.
 */
const stack = useStack({ timeSkipping: true, providerWebhooks: false });

const DEFAULTS = { businessDays: 5, timeZone: 'America/New_York' };

function startLoan(loanId: string) {
  return stack.client.workflow.start<LoanWorkflow>(LOAN_WORKFLOW, {
    workflowId: loanWorkflowId(loanId),
    taskQueue: ORDERS_TASK_QUEUE,
    args: [{ loanId, tenant: DEFAULT_TENANT, defaults: DEFAULTS }],
  });
}

async function today(): Promise<string> {
  return todayIn(new Date(await stack.env.currentTimeMs()), DEFAULTS.timeZone);
}

function failed(id: string): LoanOrderStanding {
  return {
    id,
    status: 'failed',
    reason: 'no employer verified',
    verified: false,
    canceledByLos: false,
    reverification: null,
  };
}

describe('the loan workflow', () => {
  it('ends once its orders ended and the day after its closing date began, keeping the date until then', async () => {
    const loanId = freshLoanId();
    const handle = await startLoan(loanId);
    const closingDate = addDays(await today(), 20);
    const registered = await handle.executeUpdate(registerOrderUpdate, {
      args: [{ orderId: 'vo_only', closing_date: closingDate }],
    });
    expect(registered).toMatchObject({ closingDate, version: 1, businessDays: null, effectiveBusinessDays: 5 });
    await handle.signal(orderStartedSignal, { orderId: 'vo_only', version: 1 });
    await handle.signal(orderStandingSignal, {
      standing: failed('vo_only'),
      entry: loanFileEntry('vo_only', 'failed'),
      version: 1,
      ended: true,
    });

    const ended: LoanSnapshot = await handle.result();
    expect(ended).toMatchObject({ loanId, closingDate, version: 1, owed: [] });
    expect(ended.orders).toEqual([expect.objectContaining({ id: 'vo_only', started: true, ended: true })]);
    expect(ended.readiness).toEqual({ ready_to_close: false, blocking: ['vo_only: the order ended failed'] });
    const dayAfter = Date.parse(startOfDayIn(addDays(closingDate, 1), DEFAULTS.timeZone));
    expect(await stack.env.currentTimeMs()).toBeGreaterThanOrEqual(dayAfter);

    // Placed on again, the loan resumes from what it returned: its date, its version, its orders.
    const loans = new LoanWorkflows(new WorkflowCalls(stack.client));
    expect(await loans.current(loanId, DEFAULT_TENANT)).toMatchObject({ closingDate, version: 1 });
    const resumed = await loans.register(loanId, { orderId: 'vo_next' }, DEFAULTS, DEFAULT_TENANT);
    expect(resumed).toMatchObject({ closingDate, version: 1 });
    expect(resumed.orders.map((order) => order.id)).toEqual(['vo_only', 'vo_next']);
    const moved = await loans.setClosingDate(
      loanId,
      { closing_date: addDays(closingDate, 30) },
      resumed,
      DEFAULTS,
      DEFAULT_TENANT,
    );
    expect(moved).toMatchObject({ changed: true, loan: { version: 2 } });
  });

  it('tells its orders each change, and takes an order whose workflow is gone for ended', async () => {
    const loanId = freshLoanId();
    const handle = await startLoan(loanId);
    await handle.executeUpdate(registerOrderUpdate, { args: [{ orderId: 'vo_gone' }] });
    await handle.signal(orderStartedSignal, { orderId: 'vo_gone', version: 0 });
    const closingDate = addDays(await today(), 30);
    const set = await handle.executeUpdate(setLoanClosingDateUpdate, {
      args: [{ closing_date: closingDate, reverify_business_days_before_closing: 7 }],
    });
    expect(set).toMatchObject({ closingDate, businessDays: 7, version: 1 });

    const loan = await eventually(async () => {
      const snapshot = await handle.query(loanQuery);
      return snapshot.orders[0]?.ended ? snapshot : undefined;
    });
    expect(loan.owed).toEqual([]);
    const history = await handle.fetchHistory();
    const told = history.events!.filter((event) => event.signalExternalWorkflowExecutionInitiatedEventAttributes);
    expect(
      told.map((event) => event.signalExternalWorkflowExecutionInitiatedEventAttributes!.workflowExecution!.workflowId),
    ).toEqual(['vo_gone']);
    expect(told[0]!.signalExternalWorkflowExecutionInitiatedEventAttributes!.signalName).toBe('loanClosingDate');
  });

  it('refuses a date that is not one of the calendar', async () => {
    const handle = await startLoan(freshLoanId());
    await expect(
      handle.executeUpdate(setLoanClosingDateUpdate, { args: [{ closing_date: '2027-02-30' }] }),
    ).rejects.toThrow();
    expect((await handle.query(loanQuery)).version).toBe(0);
  });

  it('placed through the API, ends once its only order failed and its closing date is behind it', async () => {
    const loanId = freshLoanId();
    // Truework refuses this borrower: the order ends failed at once.
    const placed = await stack.placeOrder({ loan_id: loanId }, { ssn: '000-99-0001' });
    const closingDate = addDays(await today(), 10);
    const put = await stack.api('PUT', `/v1/loans/${loanId}`, { closing_date: closingDate });
    expect(put.status).toBe(200);
    const failedOrder = await stack.waitForWorkflow(placed.id);
    expect(failedOrder.status).toBe('failed');

    const ended: LoanSnapshot = await stack.client.workflow.getHandle(loanWorkflowId(loanId)).result();
    expect(ended).toMatchObject({ closingDate, orders: [{ id: placed.id, started: true, ended: true }] });
    const dayAfter = Date.parse(startOfDayIn(addDays(closingDate, 1), DEFAULTS.timeZone));
    expect(await stack.env.currentTimeMs()).toBeGreaterThanOrEqual(dayAfter);
    // An ended loan still answers, from what its workflow returned.
    const file = await stack.api('GET', `/v1/loans/${loanId}`);
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({ closing_date: closingDate, orders: [{ id: placed.id, status: 'failed' }] });
    expect(file.body.blocking).toEqual([
      `${placed.id}: the order ended failed: ${String(failedOrder.result?.error?.reason)}`,
    ]);
  });
});
