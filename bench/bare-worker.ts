import type { DataConverter } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { QUIET_BUNDLER_LOGGER } from '../test/support/temporal';

/** The bench's own task queue: the bare workflows never share voie's. */
export const BARE_TASK_QUEUE = 'voie-bench-bare';

/** A worker of the bare workflows, with voie's payload codec so that both pay the same encryption. */
export async function startBareWorker(
  connection: NativeConnection,
  namespace: string,
  dataConverter: DataConverter,
): Promise<{ stop: () => Promise<void> }> {
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./bare-workflows'),
    logger: QUIET_BUNDLER_LOGGER,
  });
  const worker = await Worker.create({
    connection,
    namespace,
    dataConverter,
    taskQueue: BARE_TASK_QUEUE,
    workflowBundle,
    activities: { bareActivity: () => Promise.resolve() },
  });
  const running = worker.run();
  return {
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}
