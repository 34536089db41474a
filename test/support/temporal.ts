import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { bundleWorkflowCode, Runtime } from '@temporalio/worker';
import { createClientDataConverter, createWorkerDataConverter } from '../../src/temporal/connection';
import { FieldSealer } from '../../src/temporal/field-sealer';
import { findTemporalBinary } from '../../dev/temporal/binaries';
import { PRIORITY_MATCHER } from '../../dev/temporal/priority-matcher';
import { ONE_PARTITION_PER_TASK_QUEUE } from '../../dev/temporal/task-queue-partitions';
import { VOIE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { sdkLog } from './sdk-log';
import { WORKFLOW_TRACING_MODULE } from '../../src/telemetry/temporal-tracing';

/** A fixed test key, so that recorded histories can be replayed by later runs. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
/** A fixed field key (`VOIE_FIELD_KEY`), for the same reason. */
export const TEST_FIELD_KEY = Buffer.alloc(32, 8).toString('base64');
export const TEST_DATA_CONVERTER_KEYS = { encryptionKeys: [TEST_ENCRYPTION_KEY], fieldKeys: [TEST_FIELD_KEY] };
/** The API's client's data converter, for the test's clients. */
export const testDataConverter = createClientDataConverter(TEST_DATA_CONVERTER_KEYS);
/** The workers' data converter: it refuses payloads voie did not encrypt. */
export const testWorkerDataConverter = createWorkerDataConverter(TEST_DATA_CONVERTER_KEYS);
export const testFieldSealer = FieldSealer.fromBase64([TEST_FIELD_KEY]);

// Quiet workers: the SDK's warnings, its native core's included, go to the test's SDK log, not to the output.
Runtime.install({
  logger: sdkLog.logger,
  telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } },
});

/** The configured binary, else the one `npm run temporal:install` left in `.tools/`, else installed now. */
function binary(kind: 'cli' | 'testServer'): Promise<string> {
  return findTemporalBinary(
    kind,
    kind === 'cli' ? process.env.TEMPORAL_CLI_PATH : process.env.TEMPORAL_TEST_SERVER_PATH,
  );
}

/** A real Temporal dev server (the CLI), with voie's search attributes. */
export async function startDevServer(extraArgs: string[] = []): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: await binary('cli') },
      searchAttributes: VOIE_SEARCH_ATTRIBUTES,
      // The server shares the test's output: silent unless asked (its start-up errors are noise, "Frontend is not
      // healthy yet"), and `-o none` drops its banner. VOIE_TEST_SERVER_LOG=warn shows what it says.
      log: { format: 'pretty', level: process.env.VOIE_TEST_SERVER_LOG ?? 'never' },
      extraArgs: [
        '-o',
        'none',
        '--sqlite-pragma',
        'journal_mode=WAL',
        '--sqlite-pragma',
        'synchronous=OFF',
        ...ONE_PARTITION_PER_TASK_QUEUE,
        ...PRIORITY_MATCHER,
        ...extraArgs,
      ],
    },
    client: { dataConverter: testDataConverter },
  });
}

/** Temporal's time-skipping test server, for timers of hours and days. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: await binary('testServer') } },
    client: {
      dataConverter: testDataConverter,
      // The server cannot register custom search attributes (see no-search-attributes-interceptor.ts).
      interceptors: {
        workflow: [
          {
            start: (input, next) => next({ ...input, options: { ...input.options, typedSearchAttributes: undefined } }),
          },
        ],
      },
    },
  });
}

/** A logger for `bundleWorkflowCode` that prints nothing: a passing run shows jest's summary only. */
export const QUIET_BUNDLER_LOGGER = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const bundles = new Map<boolean, Promise<WorkflowBundle>>();

/** The workflow code, bundled once per test file (for the time-skipping server, without search attributes). */
export function workflowBundle(timeSkipping = false): Promise<WorkflowBundle> {
  const bundle =
    bundles.get(timeSkipping) ??
    bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      workflowInterceptorModules: [
        WORKFLOW_TRACING_MODULE,
        ...(timeSkipping ? [require.resolve('./no-search-attributes-interceptor')] : []),
      ],
      failureConverterPath: require.resolve('../../src/temporal/failure-converter'),
      logger: QUIET_BUNDLER_LOGGER,
    });
  bundles.set(timeSkipping, bundle);
  return bundle;
}
