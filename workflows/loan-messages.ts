/**
 * What an order workflow and its loan's workflow say to each other. The loan owns the closing date: it tells its orders
 * each change with a version (`ClosingDateChange.loanVersion`); an order tells its loan when it started (with the
 * version it started with) and where it stands.
 */
import { defineSignal } from '@temporalio/workflow';
import type { LoanOrderStanding } from '../src/domain';

/** The tenant of every loan until tenants exist: the one parameter loans are scoped by. */
export const DEFAULT_TENANT = 'default';

/** The loan workflow's id: one workflow per tenant and `loan_id`. */
export function loanWorkflowId(loanId: string, tenant: string = DEFAULT_TENANT): string {
  return `loan/${tenant}/${loanId}`;
}

/**
 * An order of the loan started, knowing the loan's closing date as of `version`: the loan re-sends its date when it is
 * newer (a change that raced the order's placement), and counts the order among those it tells.
 */
export const orderStartedSignal = defineSignal<[{ orderId: string; version: number }]>('orderStarted');

/**
 * An order of the loan changed what the loan closes on (its status, its re-verification), or its workflow closes
 * (`ended`: the loan tells it nothing more). The loan keeps the latest standing of each order.
 */
export const orderStandingSignal = defineSignal<[{ standing: LoanOrderStanding; ended: boolean }]>('orderStanding');
