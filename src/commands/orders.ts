import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { isTerminal, ORDER_STATUSES } from '../domain';
import type { OrderStatus } from '../domain';
import type { ApiClient } from './api-client';
import { API_ENVIRONMENT_HELP, EXIT_CODES_HELP, closingDate, type ApiCommandOptions } from './api-command';
import { deliveriesText, endingText, eventText, orderListText, orderText, redeliveryText } from './order-text';
import { outputOption, print } from './output';

/** What `voie orders watch` exits with when the order ends other than `completed`. */
export const WATCH_NOT_COMPLETED_EXIT_CODE = 3;

/** `voie orders …`: the LOS API's order routes from a terminal, against a running voie. */
export function ordersCommand(connect: (options: ApiCommandOptions) => ApiClient): Command {
  const orders = new Command('orders').description('the orders of a running voie (the LOS API from a terminal)');
  const leaf = (name: string, description: string): Command =>
    orders
      .command(name)
      .description(description)
      .option('--url <url>', 'the voie API to call (default: VOIE_URL, else http://127.0.0.1:$PORT)')
      .addOption(outputOption())
      .addHelpText('after', API_ENVIRONMENT_HELP);

  leaf('create', 'place an order: its JSON from --file or stdin, the flags laid over it')
    .alias('place')
    .option('--file <path>', 'the order JSON (- or absent: stdin)')
    .option('--employer <name>', "an employer, in place of the body's (repeat for several)", collect, [])
    .option(
      '--providers <list>',
      "comma-separated providers, tried in that order (a waterfall), in place of the body's",
    )
    .option('--waterfall <name>', "a named waterfall (VOIE_WATERFALLS), in place of the body's providers")
    .option('--type <type>', "the verification type, in place of the body's (employment, employment-income)")
    .action(async (options: ApiCommandOptions & OrderFlags & { file?: string }) => {
      const body = readFileSync(options.file === undefined || options.file === '-' ? 0 : options.file, 'utf8');
      print(options.output, await connect(options).createOrder(withFlags(body, options)), orderText);
    });

  leaf('get', 'read one order')
    .argument('<id>', 'the order id (vo_…)')
    .action(async (id: string, options: ApiCommandOptions) => {
      print(options.output, await connect(options).getOrder(id), orderText);
    });

  leaf('list', 'list orders, newest first, filtered by the flags')
    .addOption(new Option('--status <status>', 'only orders in this status').choices(ORDER_STATUSES))
    .option('--provider <name>', "only orders whose current step is this provider's")
    .option('--loan-id <id>', 'only the orders of this loan')
    .option('--external-id <id>', "only the order of this external id (the LOS's)")
    .option('--limit <n>', 'orders per page, 1–100 (default 25)', limit)
    .option('--cursor <cursor>', 'the next page: the cursor the previous one ended with')
    .action(async (options: ApiCommandOptions & ListFlags) => {
      const list = await connect(options).listOrders({
        status: options.status,
        provider: options.provider,
        loan_id: options.loanId,
        external_id: options.externalId,
        limit: options.limit,
        cursor: options.cursor,
      });
      print(options.output, list, orderListText);
    });

  leaf('cancel', 'cancel an order (or the re-verification a completed one has scheduled)')
    .argument('<id>', 'the order id (vo_…)')
    .action(async (id: string, options: ApiCommandOptions) => {
      print(options.output, await connect(options).cancelOrder(id), orderText);
    });

  leaf('watch', "follow an order's timeline until it ends; exit 0 if it completed, 3 if it ended otherwise")
    .argument('<id>', 'the order id (vo_…)')
    .option('--no-wait-delivery', "stop when the order ends, without waiting for its result's delivery to settle")
    .addHelpText(
      'after',
      `\nExit status: 0 the order completed, ${WATCH_NOT_COMPLETED_EXIT_CODE} it ended canceled, expired or failed ` +
        '(1 and 2 as every command).\nWith -o json it prints nothing until the order ends, then the order.',
    )
    .action(async (id: string, options: ApiCommandOptions & { waitDelivery: boolean }) => {
      const status = await watch(connect(options), id, options);
      if (status !== 'completed') process.exitCode = WATCH_NOT_COMPLETED_EXIT_CODE;
    });

  leaf('patch', 'set, move or clear the closing date the re-verification before closing counts from')
    .argument('<id>', 'the order id (vo_…)')
    .requiredOption('--closing-date <date>', 'YYYY-MM-DD, or null to clear it')
    .action(async (id: string, options: ApiCommandOptions & { closingDate: string }) => {
      print(
        options.output,
        await connect(options).setOrderClosingDate(id, closingDate(options.closingDate)),
        orderText,
      );
    });

  leaf('reverify', 'run the re-verification before closing now')
    .argument('<id>', 'the order id (vo_…)')
    .action(async (id: string, options: ApiCommandOptions) => {
      print(options.output, await connect(options).reverifyOrder(id), orderText);
    });

  leaf('deliveries', "every attempt at delivering the order's result events to the LOS")
    .argument('<id>', 'the order id (vo_…)')
    .action(async (id: string, options: ApiCommandOptions) => {
      print(options.output, await connect(options).orderDeliveries(id), deliveriesText);
    });

  leaf('redeliver', "deliver the order's last result event again")
    .argument('<id>', 'the order id (vo_…)')
    .action(async (id: string, options: ApiCommandOptions) => {
      print(options.output, await connect(options).redeliverOrder(id), redeliveryText);
    });

  return orders.addHelpText('after', `${API_ENVIRONMENT_HELP}${EXIT_CODES_HELP}`);
}

interface OrderFlags {
  employer: string[];
  providers?: string;
  waterfall?: string;
  type?: string;
}

interface ListFlags {
  status?: OrderStatus;
  provider?: string;
  loanId?: string;
  externalId?: string;
  limit?: string;
  cursor?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--limit`: a whole number of orders in the API's range, else a usage error before any call. */
function limit(value: string): string {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100) {
    throw new InvalidArgumentError('a whole number from 1 to 100');
  }
  return value;
}

/**
 * The order body with the command line's fields laid over it: `--employer` (repeatable) names the employers, in
 * place of the body's `employer` or `employers`; `--providers` (comma-separated, tried in that order) the providers,
 * in place of the body's `provider`, `providers` or `waterfall`; `--waterfall` names a waterfall in their place;
 * `--type` sets the type. Without them the body goes as it was
 * written, so the API judges it untouched.
 */
function withFlags(body: string, flags: OrderFlags): string {
  if (
    !flags.employer.length &&
    flags.providers === undefined &&
    flags.waterfall === undefined &&
    flags.type === undefined
  ) {
    return body;
  }
  let order: unknown;
  try {
    order = JSON.parse(body);
  } catch {
    throw new Error(
      'the order body is not JSON, so --employer, --providers, --waterfall and --type cannot be applied to it',
    );
  }
  if (!order || typeof order !== 'object' || Array.isArray(order)) throw new Error('the order body is not an object');
  const fields = { ...(order as Record<string, unknown>) };
  if (flags.employer.length) {
    delete fields.employer;
    fields.employers = flags.employer.map((name) => ({ name }));
  }
  if (flags.providers !== undefined || flags.waterfall !== undefined) {
    delete fields.provider;
    delete fields.providers;
    delete fields.waterfall;
  }
  if (flags.providers !== undefined) fields.providers = flags.providers.split(',').map((name) => name.trim());
  if (flags.waterfall !== undefined) fields.waterfall = flags.waterfall;
  if (flags.type !== undefined) fields.type = flags.type;
  return JSON.stringify(fields);
}

/**
 * Follows one order until it ends and (unless `waitDelivery` is false) its result's delivery is settled, printing
 * each new timeline event (text), or only the ended order (JSON). Returns the status it ended in.
 */
async function watch(
  api: ApiClient,
  id: string,
  options: ApiCommandOptions & { waitDelivery: boolean },
): Promise<OrderStatus> {
  const text = options.output === 'text';
  let shown = 0;
  for (;;) {
    const order = await api.getOrder(id);
    if (text) for (const event of order.events.slice(shown)) process.stdout.write(eventText(event));
    shown = order.events.length;
    if (isTerminal(order.status) && (!options.waitDelivery || order.result?.delivery.state !== 'pending')) {
      print(
        options.output,
        order,
        (ended) => `${[`order ${id} ended ${ended.status}`, ...endingText(ended)].join('\n')}\n`,
      );
      return order.status;
    }
    await new Promise((done) => setTimeout(done, 1000));
  }
}
