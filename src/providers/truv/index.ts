import type { Config } from '../../config';
import type { ProviderConnection, ProviderModule } from '../provider';
import type { TruvSettings } from './client';
import { TruvClient } from './client';
import { TruvWebhook } from './webhook';

/** Truv's settings as the configuration gives them, with every secret that may sign a webhook. */
export interface TruvConfiguration {
  settings: TruvSettings;
  webhookSecrets: string[];
}

/**
 * Reads `TRUV_*` from the configuration, or undefined without a base URL. During a key rotation `TRUV_SECRET` lists
 * both secrets, comma-separated: the first is sent to the API, any of them may sign webhooks.
 */
export function truvConfiguration(config: Config): TruvConfiguration | undefined {
  const { baseUrl, clientId, secret } = config.truv;
  if (!baseUrl) return undefined;
  const secrets = (secret ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  return { settings: { baseUrl, clientId: clientId ?? '', secret: secrets[0] ?? '' }, webhookSecrets: secrets };
}

function connect({ settings, webhookSecrets }: TruvConfiguration): ProviderConnection {
  return { client: new TruvClient(settings), webhook: new TruvWebhook(webhookSecrets) };
}

/** Truv Orders: the applicant connects their payroll on Truv's hosted page; webhooks carry `X-WEBHOOK-SIGN`. */
export const truv: ProviderModule = {
  name: 'truv',
  reverificationKind: 'refresh',
  // Truv publishes no numeric rate limit; 10/s is a guess, and a 429 with Retry-After slows the activity down.
  requestsPerSecond: 10,

  // The applicant acts on Truv's page (its URL reaches the LOS), so nothing beyond the common fields is needed.
  requiredOrderFields: [],

  // One order takes every employer, each a suborder; Truv's guides pre-fill up to five (whether the API refuses a
  // sixth is undocumented, and the order request allows no more than five).
  employersPerOrder: 5,
  freeReverificationDays: 90,

  fromConfig(config) {
    const configuration = truvConfiguration(config);
    return configuration ? connect(configuration) : undefined;
  },
};
