import type { DeliveryStatus, LoanFile, OrderView, ReverificationView, TimelineEvent } from '../domain';
import type { DeliveryLog, OrderList, RedeliveryAccepted } from './api-client';
import { statusText, style, table } from './output';

/** One order for a person: what it is, how it stands, each employer and provider step, its closing. */
export function orderText(order: OrderView): string {
  const lines = [
    `${style('bold', order.id)}  ${statusText(order.status)}  ${order.type}`,
    field('external id', order.external_id),
    field('loan', order.loan_id ?? '-'),
    field('provider', `${order.provider} ${order.provider_order_id ?? '-'}`),
    ...(order.waterfall ? [field('waterfall', order.waterfall)] : []),
    ...(order.estimated_cost !== null ? [field('cost', dollars(order.estimated_cost))] : []),
    field('created', order.created_at),
    ...(order.completed_at ? [field('completed', order.completed_at)] : []),
    ...(order.applicant_action ? [field('applicant', order.applicant_action.share_url)] : []),
    ...(order.result?.error ? [field('error', order.result.error.reason)] : []),
    ...(order.result ? [field('delivery', deliveryText(order.result.delivery))] : []),
    ...(order.closing_date ? [field('closing', order.closing_date)] : []),
    ...(order.reverification ? [field('reverify', reverificationText(order.reverification))] : []),
  ];
  return `${[...lines, ...endingText(order)].join('\n')}\n`;
}

/** Each employer's and each provider step's outcome, indented: what `orders watch` prints when the order ends. */
export function endingText(order: OrderView): string[] {
  return [
    ...order.employments.map(
      (employment, index) =>
        `  employer ${index} ${employment.employer.name}: ${employment.outcome ?? employment.status}`,
    ),
    ...order.attempts.map((attempt, index) => {
      const reason = attempt.reason ? `  (${attempt.reason})` : '';
      const reused = attempt.reused ? ` reusing ${attempt.reused}` : '';
      return `  step ${index + 1} ${attempt.provider} ${attempt.provider_order_id ?? '-'}${reused}: ${attempt.outcome ?? attempt.status}${reason}`;
    }),
  ];
}

/** One line of the order's timeline, as `orders watch` follows it. */
export function eventText(event: TimelineEvent): string {
  const status = event.status ? ` → ${statusText(event.status)}` : '';
  return `${style('dim', event.at)}  ${event.source.padEnd(7)} ${event.type}${status}${event.detail ? `  (${event.detail})` : ''}\n`;
}

/** A page of orders as a table, and how to ask for the next one. */
export function orderListText(list: OrderList): string {
  if (list.data.length === 0) return 'no orders\n';
  const rows = list.data.map((order) => [
    order.id,
    statusText(order.status),
    order.provider ?? '-',
    order.external_id ?? '-',
    order.loan_id ?? '-',
    order.created_at ?? '-',
  ]);
  const next = list.next_cursor ? `more: --cursor ${list.next_cursor}\n` : '';
  return table([['ID', 'STATUS', 'PROVIDER', 'EXTERNAL ID', 'LOAN', 'CREATED'], ...rows]) + next;
}

/** The delivery log: one row per attempt. */
export function deliveriesText(log: DeliveryLog): string {
  if (log.data.length === 0) return 'no deliveries yet\n';
  const rows = log.data.map((attempt) => [
    attempt.at,
    attempt.type,
    String(attempt.attempt),
    attempt.status === null ? '-' : String(attempt.status),
    attempt.outcome === 'delivered' ? style('green', attempt.outcome) : style('red', attempt.outcome),
    `${attempt.redelivery ? 'redelivery ' : ''}${attempt.error ?? ''}`.trim(),
  ]);
  return table([['AT', 'EVENT', 'ATTEMPT', 'HTTP', 'OUTCOME', 'NOTE'], ...rows]);
}

export function redeliveryText(accepted: RedeliveryAccepted): string {
  return `delivering ${accepted.type} again (webhook-id ${accepted.webhook_id})\n`;
}

/** The loan file: its closing, whether it is ready to close and why not, and each order. */
export function loanText(loan: LoanFile): string {
  const ready = loan.ready_to_close ? style('green', 'ready to close') : style('yellow', 'not ready to close');
  const lines = [
    `${style('bold', `loan ${loan.loan_id}`)}  ${ready}`,
    field('closing', loan.closing_date ?? '-'),
    field('reverify', loan.reverification_due_at ? `due ${loan.reverification_due_at}` : '-'),
    ...(loan.estimated_cost !== null ? [field('cost', dollars(loan.estimated_cost))] : []),
    ...loan.blocking.map((reason) => `  ${style('yellow', '!')} ${reason}`),
    ...loan.gse.map((reference) => field(`${reference.agency} ${reference.program}`, reference.reference_id)),
  ];
  const rows = loan.orders.map((order) => [
    order.id,
    statusText(order.status),
    order.type,
    order.external_id,
    order.reverification ? reverificationText(order.reverification) : '-',
  ]);
  const orders = rows.length
    ? `\n${table([['ORDER', 'STATUS', 'TYPE', 'EXTERNAL ID', 'RE-VERIFICATION'], ...rows])}`
    : '';
  return `${lines.join('\n')}\n${orders}`;
}

function deliveryText(delivery: DeliveryStatus): string {
  return delivery.last_event ? `${delivery.state} (${delivery.last_event})` : delivery.state;
}

function reverificationText(reverification: ReverificationView): string {
  const checked = reverification.checked_at ? `, checked ${reverification.checked_at}` : '';
  return `${reverification.status} (due ${reverification.due_at}${checked})`;
}

/** An estimated cost in US dollars, to the cent. */
function dollars(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

function field(name: string, value: string): string {
  return `  ${style('dim', name.padEnd(12))}${value}`;
}
