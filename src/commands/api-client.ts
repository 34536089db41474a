import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';

/** voie's API from a terminal (`voie orders …`, `voie loans …`): one call, its JSON answer, or an error naming it. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  /** The API of a running voie: `--url`, else `VOIE_URL`, else localhost on the configured port. */
  static of(config: Config, url: string | undefined): ApiClient {
    return new ApiClient(url ?? process.env.VOIE_URL ?? `http://127.0.0.1:${config.port}`, apiKeyFor(config));
  }

  async call(method: string, path: string, body?: string): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    });
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(payload)}`);
    return payload;
  }
}

/** `VOIE_API_KEY`, else the first of `VOIE_API_KEYS`, else the key `voie dev` generated. */
function apiKeyFor(config: Config): string {
  const fromEnv = process.env.VOIE_API_KEY ?? config.apiKeys[0]?.key;
  if (fromEnv) return fromEnv;
  const devSecrets = join(config.dataDir, 'dev-secrets.json');
  if (existsSync(devSecrets)) return (JSON.parse(readFileSync(devSecrets, 'utf8')) as { apiKey: string }).apiKey;
  throw new Error('set VOIE_API_KEY (or VOIE_API_KEYS) to call the API');
}

/** `--closing-date`: a date, or `null` to clear it (the API judges the date). `usage` names the command that needs it. */
export function closingDate(options: { 'closing-date'?: string }, usage: string): string | null {
  const value = options['closing-date'];
  if (value === undefined) throw new Error(`${usage} needs --closing-date YYYY-MM-DD (or null to clear it)`);
  return value === 'null' ? null : value;
}

/** The id an action is about; `what` names it in the error. */
export function required(id: string | undefined, what = 'an order id'): string {
  if (!id) throw new Error(`${what} is required`);
  return id;
}

export function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
