import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config';

interface DevSecrets {
  apiKey: string;
  callbackSecret: string;
  encryptionKey: string;
}

/**
 * `voie dev` fills in the secrets the environment leaves unset and keeps them in the data folder, so a restart
 * keeps the same API key and can still decrypt the orders it encrypted before.
 */
export function withDevSecrets(config: Config): { config: Config; generated: (keyof DevSecrets)[] } {
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'dev-secrets.json');
  const stored: DevSecrets = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as DevSecrets)
    : {
        apiKey: `voie_dev_${randomBytes(18).toString('base64url')}`,
        callbackSecret: `whsec_${randomBytes(32).toString('base64')}`,
        encryptionKey: randomBytes(32).toString('base64'),
      };
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  const generated: (keyof DevSecrets)[] = [];
  if (config.apiKeys.length === 0) generated.push('apiKey');
  if (!config.callbackSecret) generated.push('callbackSecret');
  if (!config.encryptionKey) generated.push('encryptionKey');
  return {
    config: Object.freeze({
      ...config,
      apiKeys: config.apiKeys.length ? config.apiKeys : [stored.apiKey],
      callbackSecret: config.callbackSecret ?? stored.callbackSecret,
      encryptionKey: config.encryptionKey ?? stored.encryptionKey,
    }),
    generated,
  };
}
