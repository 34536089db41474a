import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../src/config';
import { DEFAULT_TENANT } from '../src/domain';

interface DevSecrets {
  apiKey: string;
  callbackSecret: string;
  encryptionKey: string;
  fieldKey: string;
  codecKey: string;
}

/**
 * `voie dev` fills in the secrets the environment leaves unset and keeps them in the data folder, so a restart
 * keeps the same API key and can still decrypt the orders it encrypted before.
 */
export function withDevSecrets(config: Config): { config: Config; generated: (keyof DevSecrets)[] } {
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'dev-secrets.json');
  const fresh: DevSecrets = {
    apiKey: `voie_dev_${randomBytes(18).toString('base64url')}`,
    callbackSecret: `whsec_${randomBytes(32).toString('base64')}`,
    encryptionKey: randomBytes(32).toString('base64'),
    fieldKey: randomBytes(32).toString('base64'),
    codecKey: `voie_codec_${randomBytes(18).toString('base64url')}`,
  };
  // Secrets from an earlier start win, so orders encrypted then still decrypt; new kinds of secret are added.
  const stored: DevSecrets = {
    ...fresh,
    ...(existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {}),
  };
  writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  const generated: (keyof DevSecrets)[] = [];
  if (config.apiKeys.length === 0) generated.push('apiKey');
  if (!config.callbackSecret) generated.push('callbackSecret');
  if (!config.encryptionKey) generated.push('encryptionKey');
  if (!config.fieldKey) generated.push('fieldKey');
  if (config.codecKeys.length === 0) generated.push('codecKey');
  return {
    config: Object.freeze({
      ...config,
      apiKeys: config.apiKeys.length ? config.apiKeys : [{ tenant: DEFAULT_TENANT, key: stored.apiKey }],
      callbackSecret: config.callbackSecret ?? stored.callbackSecret,
      encryptionKey: config.encryptionKey ?? stored.encryptionKey,
      fieldKey: config.fieldKey ?? stored.fieldKey,
      codecKeys: config.codecKeys.length ? config.codecKeys : [stored.codecKey],
    }),
    generated,
  };
}
