/**
 * `npm run client:generate`: writes voie's OpenAPI document, as the code builds it (no server), to
 * `packages/client/openapi.json`, and the client's types generated from it by openapi-typescript to
 * `packages/client/src/schema.ts`. With `--check` (`npm run client:check`) it writes both to a temporary directory
 * instead and fails, naming the files, when they differ from the committed ones: the client is regenerated with the API.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { openApiDocument } from '../../src/api/openapi';

const root = join(__dirname, '..', '..');
const clientDir = join(root, 'packages', 'client');

/** The document an LOS integrates with: the `/v1` routes and the webhooks, without an operator's codec routes. */
async function generate(): Promise<Record<string, string>> {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const document = openApiDocument(version);
  const prettier = { ...(await resolveConfig(join(clientDir, 'src', 'schema.ts'))) };
  const types = astToString(
    await openapiTS(document as never, { exportType: false, rootTypes: false, defaultNonNullable: false }),
  );
  const banner = '// Generated from packages/client/openapi.json by `npm run client:generate`: do not edit.\n\n';
  return {
    'openapi.json': await format(JSON.stringify(document), { ...prettier, parser: 'json' }),
    [join('src', 'schema.ts')]: await format(banner + types, { ...prettier, parser: 'typescript' }),
  };
}

async function main(): Promise<number> {
  const files = await generate();
  if (!process.argv.includes('--check')) {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(clientDir, name), text);
    process.stdout.write(
      `wrote ${Object.keys(files)
        .map((name) => relative(root, join(clientDir, name)))
        .join(', ')}\n`,
    );
    return 0;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'voie-client-'));
  try {
    const stale = Object.entries(files).filter(([name, text]) => {
      const fresh = join(scratch, name.replace(/[\\/]/g, '-'));
      writeFileSync(fresh, text);
      let committed: string | undefined;
      try {
        committed = readFileSync(join(clientDir, name), 'utf8');
      } catch {
        committed = undefined;
      }
      return committed !== readFileSync(fresh, 'utf8');
    });
    for (const [name] of stale) {
      process.stderr.write(`${relative(root, join(clientDir, name))} differs from what the code generates\n`);
    }
    if (stale.length) process.stderr.write('run `npm run client:generate` and commit the result\n');
    return stale.length ? 1 : 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
