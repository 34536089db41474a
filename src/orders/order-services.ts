import type { Client } from '@temporalio/client';
import type { LoanDefaults } from '../../workflows/public';
import { OrderAccess } from './order-access';
import { OrderCommands } from './order-commands';
import { OrderDirectory } from './order-directory';
import { OrderReads } from './order-reads';
import { Redeliveries } from './redeliveries';
import { WorkflowCalls } from './workflow-calls';

/** The order services the API's routes use, over one Temporal client. */
export interface OrderServices {
  access: OrderAccess;
  commands: OrderCommands;
  reads: OrderReads;
  directory: OrderDirectory;
  redeliveries: Redeliveries;
}

/**
 * Builds the order services on a Temporal client; `answerTimeoutMs` bounds every call that needs a worker or the
 * visibility store to answer; `loanDefaults` are the configured business days and time zone the loans of orders
 * placed with a `loan_id` start with.
 */
export function orderServices(client: Client, answerTimeoutMs?: number, loanDefaults?: LoanDefaults): OrderServices {
  const workflows = new WorkflowCalls(client, answerTimeoutMs);
  const reads = new OrderReads(workflows);
  return {
    access: new OrderAccess(workflows),
    commands: new OrderCommands(workflows, reads, loanDefaults),
    reads,
    directory: new OrderDirectory(workflows),
    redeliveries: new Redeliveries(workflows, reads),
  };
}
