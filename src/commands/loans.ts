import type { Config } from '../config';
import { ApiClient, closingDate, print, required } from './api-client';

const USAGE = 'usage: voie loans get LOAN_ID | set LOAN_ID --closing-date YYYY-MM-DD|null [--business-days N]';

/** `voie loans …`: the loan routes from a terminal, against a running voie (`VOIE_URL`, default localhost:PORT). */
export async function runLoans(
  config: Config,
  args: string[],
  options: { url?: string; 'closing-date'?: string; 'business-days'?: string },
): Promise<void> {
  const api = ApiClient.of(config, options.url);
  const [action, id] = args;
  switch (action) {
    case 'get':
      return print(await api.call('GET', loanPath(id)));
    case 'set':
      return print(await api.call('PUT', loanPath(id), JSON.stringify(putBody(options))));
    default:
      throw new Error(USAGE);
  }
}

function loanPath(id: string | undefined): string {
  return `/v1/loans/${encodeURIComponent(required(id, 'a loan id'))}`;
}

/** The PUT's body; `--business-days` goes as a number when it is one, else as written (the API judges it). */
function putBody(options: { 'closing-date'?: string; 'business-days'?: string }): Record<string, unknown> {
  const days = options['business-days'];
  return {
    closing_date: closingDate(options, 'voie loans set'),
    ...(days === undefined ? {} : { reverify_business_days_before_closing: /^\d+$/.test(days) ? Number(days) : days }),
  };
}
