import type { ProviderConnection, ProviderModule } from '../provider';
import type { TrueworkSettings } from './client';
import { TrueworkClient } from './client';
import { TrueworkWebhook } from './webhook';

function connect(settings: TrueworkSettings): ProviderConnection {
  return { client: new TrueworkClient(settings), webhook: new TrueworkWebhook(settings.webhookTokens) };
}

/** Truework target-employer orders: Truework contacts the employer; webhooks carry `X-Truework-Token`. */
export const truework: ProviderModule = {
  name: 'truework',
  reverificationKind: 'reverification',
  // Truework allows 10 requests/second per account.
  requestsPerSecond: 10,

  requiredOrderFields: ['permissible_purpose'],

  // A target-employer order names one company: voie places one Truework order per employer.
  employersPerOrder: 1,
  freeReverificationDays: 90,

  fromConfig(config) {
    const { baseUrl, apiKey, webhookToken } = config.truework;
    if (!baseUrl) return undefined;
    const webhookTokens = (webhookToken ?? '').split(',').map((token) => token.trim());
    return connect({ baseUrl, apiKey: apiKey ?? '', webhookTokens: webhookTokens.filter(Boolean) });
  },
};
