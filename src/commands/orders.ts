import { readFileSync } from 'node:fs';
import type { Config } from '../config';
import type { OrderView } from '../domain';
import { isTerminal } from '../domain';
import { ApiClient, closingDate, print, required } from './api-client';

/** `voie orders …`: the LOS API from a terminal, against a running voie (`VOIE_URL`, default localhost:PORT). */
export async function runOrders(
  config: Config,
  args: string[],
  options: {
    url?: string;
    file?: string;
    employer?: string[];
    providers?: string;
    type?: string;
    'closing-date'?: string;
  },
): Promise<void> {
  const api = ApiClient.of(config, options.url);
  const [action, id] = args;
  switch (action) {
    case 'create': {
      const body = options.file
        ? readFileSync(options.file === '-' ? 0 : options.file, 'utf8')
        : readFileSync(0, 'utf8');
      return print(await api.call('POST', '/v1/orders', withFlags(body, options)));
    }
    case 'get':
      return print(await api.call('GET', `/v1/orders/${required(id)}`));
    case 'list':
      return print(await api.call('GET', `/v1/orders${id ? `?${id}` : ''}`));
    case 'cancel':
      return print(await api.call('POST', `/v1/orders/${required(id)}/cancel`, '{}'));
    case 'watch':
      return watch(api, required(id));
    case 'patch':
      return print(
        await api.call(
          'PATCH',
          `/v1/orders/${required(id)}`,
          JSON.stringify({ closing_date: closingDate(options, 'voie orders patch') }),
        ),
      );
    case 'reverify':
      return print(await api.call('POST', `/v1/orders/${required(id)}/reverify`));
    case 'deliveries':
      return print(await api.call('GET', `/v1/orders/${required(id)}/deliveries`));
    case 'redeliver':
      return print(await api.call('POST', `/v1/orders/${required(id)}/redeliver`));
    default:
      throw new Error(
        'usage: voie orders create [--file F] [--employer NAME]... [--providers A,B] [--type TYPE] | get ID | list [QUERY] | cancel ID | watch ID | patch ID --closing-date YYYY-MM-DD|null | reverify ID | deliveries ID | redeliver ID',
      );
  }
}

/**
 * The order body with the command line's fields laid over it: `--employer` (repeatable) names the employers, in
 * place of the body's `employer` or `employers`; `--providers` (comma-separated, tried in that order) the providers,
 * in place of the body's `provider` or `providers`; `--type` sets the type. Without them the body goes as it was
 * written, so the API judges it untouched.
 */
function withFlags(body: string, flags: { employer?: string[]; providers?: string; type?: string }): string {
  if (!flags.employer?.length && flags.providers === undefined && flags.type === undefined) return body;
  let order: unknown;
  try {
    order = JSON.parse(body);
  } catch {
    throw new Error('the order body is not JSON, so --employer, --providers and --type cannot be applied to it');
  }
  if (!order || typeof order !== 'object' || Array.isArray(order)) throw new Error('the order body is not an object');
  const fields = { ...(order as Record<string, unknown>) };
  if (flags.employer?.length) {
    delete fields.employer;
    fields.employers = flags.employer.map((name) => ({ name }));
  }
  if (flags.providers !== undefined) {
    delete fields.provider;
    fields.providers = flags.providers.split(',').map((name) => name.trim());
  }
  if (flags.type !== undefined) fields.type = flags.type;
  return JSON.stringify(fields);
}

/** Follows one order, printing each new timeline event, until it ends. */
async function watch(api: ApiClient, id: string): Promise<void> {
  let shown = 0;
  for (;;) {
    const order = (await api.call('GET', `/v1/orders/${id}`)) as OrderView;
    for (const event of order.events.slice(shown)) {
      const status = event.status ? ` → ${event.status}` : '';
      process.stdout.write(
        `${event.at}  ${event.source.padEnd(7)} ${event.type}${status}${event.detail ? `  (${event.detail})` : ''}\n`,
      );
    }
    shown = order.events.length;
    if (isTerminal(order.status) && order.result?.delivery.state !== 'pending') {
      process.stdout.write(`order ${id} ended ${order.status}\n`);
      for (const [index, employment] of (order.employments ?? []).entries()) {
        process.stdout.write(
          `  employer ${index} ${employment.employer.name}: ${employment.outcome ?? employment.status}\n`,
        );
      }
      for (const [index, attempt] of (order.attempts ?? []).entries()) {
        const reason = attempt.reason ? `  (${attempt.reason})` : '';
        process.stdout.write(
          `  step ${index + 1} ${attempt.provider} ${attempt.provider_order_id ?? '-'}: ${attempt.outcome ?? attempt.status}${reason}\n`,
        );
      }
      return;
    }
    await new Promise((done) => setTimeout(done, 1000));
  }
}
