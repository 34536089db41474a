import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { DEFAULT_REVERIFY_BUSINESS_DAYS } from '../domain';
import type {
  LoanClosingDateChange,
  LoanDefaults,
  LoanOrderRegistration,
  LoanSnapshot,
  LoanState,
  LoanWorkflow,
} from '../../workflows/public';
import {
  LOAN_WORKFLOW,
  loanQuery,
  loanStateOf,
  loanWorkflowId,
  ORDERS_TASK_QUEUE,
  registerOrderUpdate,
  setLoanClosingDateUpdate,
  VoieLoanId,
  VoieTenant,
} from '../../workflows/public';
import type { WorkflowCalls } from '../orders/workflow-calls';

/** The configuration's own defaults (`VOIE_REVERIFY_BUSINESS_DAYS`, `VOIE_TIMEZONE`), for callers given none. */
export const CONFIGURED_LOAN_DEFAULTS: LoanDefaults = {
  businessDays: DEFAULT_REVERIFY_BUSINESS_DAYS,
  timeZone: 'America/New_York',
};

/**
 * The loan workflows on Temporal: read one, start it when needed, send it updates. A loan's workflow runs while its
 * orders may change; one that ended is started again from what it returned (its date, version and orders), so a loan
 * placed on again resumes where it stood.
 */
export class LoanWorkflows {
  constructor(private readonly workflows: WorkflowCalls) {}

  /**
   * The loan as its workflow holds it (or held it when it ended); null when the tenant has no loan workflow of this
   * id. Read without a worker and without replay: a running loan from its memo, an ended one from its close event; a
   * loan that has neither (terminated by an operator) answers a query.
   */
  async current(loanId: string, tenant: string): Promise<LoanSnapshot | null> {
    const workflowId = loanWorkflowId(loanId, tenant);
    try {
      const outcome = await this.workflows.outcome<LoanWorkflow>(workflowId);
      if (!outcome.running && outcome.result) return outcome.result;
      if (outcome.running && outcome.memo.loan) return outcome.memo.loan as LoanSnapshot;
      return await this.workflows.answered(() => this.handle(workflowId).query(loanQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  /** Adds an order to its loan, starting the loan's workflow if it has none running. Returns the loan. */
  register(
    loanId: string,
    registration: LoanOrderRegistration,
    defaults: LoanDefaults,
    tenant: string,
  ): Promise<LoanSnapshot> {
    return this.execute(loanId, tenant, defaults, registerOrderUpdate, { ...registration, defaults });
  }

  /**
   * Sets the loan's closing date, unless `current` (the loan as read just before) already has it: a repeated date
   * adds nothing to the loan's history, so a flood of the same PUT or PATCH stays cheap. Returns the loan, and
   * whether this call changed it.
   */
  async setClosingDate(
    loanId: string,
    change: Omit<LoanClosingDateChange, 'defaults'>,
    current: LoanSnapshot | null,
    defaults: LoanDefaults,
    tenant: string,
  ): Promise<{ loan: LoanSnapshot; changed: boolean }> {
    const days = change.reverify_business_days_before_closing;
    if (
      current &&
      current.closingDate === change.closing_date &&
      (days === undefined || days === current.businessDays)
    ) {
      return { loan: current, changed: false };
    }
    const loan = await this.execute(loanId, tenant, defaults, setLoanClosingDateUpdate, { ...change, defaults });
    return { loan, changed: current === null || loan.version !== current.version };
  }

  /**
   * Runs an update on the loan's workflow, starting it first unless it runs. Start and update are two calls rather
   * than update-with-start, which Temporal's time-skipping test server does not serve; a start that finds the loan
   * running uses it (`USE_EXISTING`), so concurrent placements and PUTs never race a start. A loan that ends between
   * the two is started again once.
   */
  private async execute<Arg>(
    loanId: string,
    tenant: string,
    defaults: LoanDefaults,
    update: UpdateDefinition<LoanSnapshot, [Arg]>,
    arg: Arg,
  ): Promise<LoanSnapshot> {
    const workflowId = loanWorkflowId(loanId, tenant);
    for (let attempt = 1; ; attempt += 1) {
      await this.ensureRunning(loanId, tenant, defaults);
      try {
        return await this.workflows.answered(() => this.handle(workflowId).executeUpdate(update, { args: [arg] }));
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError) || attempt >= 2) throw err;
      }
    }
  }

  /** Starts the loan's workflow unless it runs; one that ended goes on from what it returned. */
  private async ensureRunning(loanId: string, tenant: string, defaults: LoanDefaults): Promise<void> {
    const workflowId = loanWorkflowId(loanId, tenant);
    let state: LoanState | undefined;
    try {
      const outcome = await this.workflows.outcome<LoanWorkflow>(workflowId);
      if (outcome.running) return;
      const last = outcome.result ?? (await this.lastState(workflowId));
      state = last ? loanStateOf(last) : undefined;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    await this.workflows.answered(() =>
      this.workflows.client.workflow.start<LoanWorkflow>(LOAN_WORKFLOW, {
        workflowId,
        taskQueue: ORDERS_TASK_QUEUE,
        args: [{ loanId, tenant, defaults, ...(state ? { state } : {}) }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // Ids only: a summary is shown in the clear (the loan's personal data is in its encrypted payloads).
        staticSummary: `loan ${loanId} · ${tenant}`,
        typedSearchAttributes: [
          { key: VoieLoanId, value: loanId },
          { key: VoieTenant, value: tenant },
        ],
      }),
    );
  }

  /** A loan whose workflow closed without returning (terminated by an operator): its last state, by a query. */
  private async lastState(workflowId: string): Promise<LoanSnapshot | undefined> {
    try {
      return await this.workflows.answered(() => this.handle(workflowId).query(loanQuery));
    } catch {
      // Not readable: the loan starts afresh; its orders hear it from their next change.
      return undefined;
    }
  }

  private handle(workflowId: string): WorkflowHandle<LoanWorkflow> {
    return this.workflows.client.workflow.getHandle<LoanWorkflow>(workflowId);
  }
}
