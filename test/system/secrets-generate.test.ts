import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { loadConfig } from '../../src/config';

const ROOT = join(__dirname, '..', '..');

/** Runs `bin/voie secrets generate` as a user would, in an empty environment (no .env is read for it). */
function generate(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      join(ROOT, 'bin', 'voie'),
      ['secrets', 'generate'],
      { cwd: ROOT, env: { PATH: process.env.PATH } },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

describe('voie secrets generate', () => {
  it('prints a .env that voie loads as a complete production configuration, fresh on every run', async () => {
    const [first, second] = await Promise.all([generate(), generate()]);
    const env = parseEnv(first);
    expect(Object.keys(env).sort()).toEqual([
      'POSTGRES_PASSWORD',
      'VOIE_API_KEYS',
      'VOIE_CALLBACK_SECRET',
      'VOIE_CODEC_KEYS',
      'VOIE_ENCRYPTION_KEY',
      'VOIE_FIELD_KEY',
    ]);
    const config = loadConfig({ ...env, NODE_ENV: 'production' });
    expect(config.apiKeys).toEqual([{ tenant: 'default', key: env.VOIE_API_KEYS }]);
    expect(config.callbackSecret).toMatch(/^whsec_/);
    expect(Buffer.from(config.callbackSecret!.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(config.encryptionKey).toBe(env.VOIE_ENCRYPTION_KEY);
    expect(config.fieldKey).toBe(env.VOIE_FIELD_KEY);
    expect(config.encryptionKey).not.toBe(config.fieldKey);
    expect(config.codecKeys).toEqual([env.VOIE_CODEC_KEYS]);
    // Safe in a Postgres connection string and in compose's interpolation: no '$', no quoting needed.
    expect(env.POSTGRES_PASSWORD).toMatch(/^[0-9a-f]{48}$/);

    const again = parseEnv(second);
    for (const name of Object.keys(env)) expect(again[name]).not.toBe(env[name]);
  });

  it('says how it is used when asked for anything else, and exits 2', async () => {
    const cases: [string[], string][] = [
      [['secrets'], 'voie secrets generate >> .env'],
      [['secrets', 'generate', 'extra'], "too many arguments for 'generate'"],
    ];
    for (const [args, message] of cases) {
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(join(ROOT, 'bin', 'voie'), args, { cwd: ROOT, env: { PATH: process.env.PATH } }, (error, _o, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stderr }),
        );
      });
      expect([args, run.code, run.stderr]).toEqual([args, 2, expect.stringContaining(message)]);
    }
  });
});
