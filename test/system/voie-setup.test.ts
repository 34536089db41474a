import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { findTemporalBinary } from '../../dev/temporal/binaries';
import { VOIE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const ROOT = join(__dirname, '..', '..');

/** `voie setup` as the Helm chart's Job runs it: the environment alone, no secret of voie's. */
function voieSetup(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join(ROOT, 'bin', 'voie'),
      ['setup'],
      { cwd: ROOT, env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('voie setup', () => {
  let server: TestWorkflowEnvironment;

  beforeAll(async () => {
    const cli = await findTemporalBinary('cli', process.env.TEMPORAL_CLI_PATH);
    if (!cli) throw new Error('no Temporal CLI: run npm run temporal:install');
    // A server that knows none of voie's search attributes, as a new cluster.
    server = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: cli },
        log: { format: 'pretty', level: 'never' },
        // No banner in the test's output.
        extraArgs: ['-o', 'none'],
      },
    });
  });

  afterAll(() => server?.teardown());

  async function registered(): Promise<Record<string, unknown>> {
    const { customAttributes } = await server.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    return customAttributes ?? {};
  }

  it("registers voie's search attributes on the namespace, then exits 0; again, it changes nothing", async () => {
    expect(Object.keys(await registered())).not.toContain('VoieTenant');
    const env = { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', NODE_ENV: 'production' };
    const first = await voieSetup(env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('search attributes registered');
    const attributes = await registered();
    for (const key of VOIE_SEARCH_ATTRIBUTES) expect(Object.keys(attributes)).toContain(key.name);
    // A number, so that `VoieEstimatedCost > 50` compares numbers.
    expect(attributes.VoieEstimatedCost).toBe(temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE);
    const again = await voieSetup(env);
    expect(again.code).toBe(0);
    expect(await registered()).toEqual(attributes);
  });

  it('fails loudly without TEMPORAL_ADDRESS, so a Job retries it', async () => {
    const result = await voieSetup({ NODE_ENV: 'production' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TEMPORAL_ADDRESS is required');
  });
});
