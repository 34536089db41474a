import type { Config } from '../config';
import { truvConfiguration } from '../providers/truv';
import { TruvClient } from '../providers/truv/client';
import { registerWebhooks } from '../providers/truv/subscriptions';

/** `voie truv webhooks register --url URL`: one subscription for every Truv event voie consumes (idempotent). */
export async function registerTruvWebhooks(config: Config, url: string): Promise<void> {
  const configuration = truvConfiguration(config);
  if (!configuration || !configuration.settings.clientId || !configuration.settings.secret) {
    throw new Error('TRUV_BASE_URL, TRUV_CLIENT_ID and TRUV_SECRET are required');
  }
  const result = await registerWebhooks(new TruvClient(configuration.settings), url);
  process.stdout.write(`${result.action} Truv webhook subscription ${result.id} (${result.envType}) for ${url}\n`);
}
