/** The contract's order statuses, in order of progress; the last four are terminal. */
export const ORDER_STATUSES = [
  'creating',
  'pending',
  'processing',
  'action_required',
  'completed',
  'canceled',
  'expired',
  'failed',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TERMINAL_STATUSES = [
  'completed',
  'canceled',
  'expired',
  'failed',
] as const satisfies readonly OrderStatus[];

export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export function isTerminal(status: OrderStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly OrderStatus[]).includes(status);
}
