import type { Client } from '@temporalio/client';
import type { OrderServices } from '../orders/order-services';
import { WorkflowCalls } from '../orders/workflow-calls';
import { LoanCommands } from './loan-commands';
import { LoanReads } from './loan-reads';
import { LoanWorkflows } from './loan-workflows';

/** The loan services the API's routes use, beside the order services they build on. */
export interface LoanServices {
  commands: LoanCommands;
  reads: LoanReads;
}

/** Builds the loan services on a Temporal client, under the same answer deadline as the order services. */
export function loanServices(client: Client, orders: OrderServices, answerTimeoutMs?: number): LoanServices {
  const loans = new LoanWorkflows(new WorkflowCalls(client, answerTimeoutMs));
  return {
    commands: new LoanCommands(loans, orders.commands, orders.directory),
    reads: new LoanReads(loans, orders.reads, orders.directory),
  };
}
