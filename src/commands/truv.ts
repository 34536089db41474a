import type { Config } from '../config';
import { truvConfiguration } from '../providers/truv';
import { TruvClient } from '../providers/truv/client';
import { registerWebhooks } from '../providers/truv/subscriptions';

/** `voie truv webhooks register --url URL`: one subscription for every Truv event voie consumes (idempotent). */
export async function runTruv(config: Config, args: string[], options: { url?: string }): Promise<void> {
  if (args[0] !== 'webhooks' || args[1] !== 'register' || !options.url) {
    throw new Error('usage: voie truv webhooks register --url https://your-voie/webhooks/truv');
  }
  const configuration = truvConfiguration(config);
  if (!configuration || !configuration.settings.clientId || !configuration.settings.secret) {
    throw new Error('TRUV_BASE_URL, TRUV_CLIENT_ID and TRUV_SECRET are required');
  }
  const result = await registerWebhooks(new TruvClient(configuration.settings), options.url);
  process.stdout.write(
    `${result.action} Truv webhook subscription ${result.id} (${result.envType}) for ${options.url}\n`,
  );
}
