import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_TRACING_MODULE } from '../telemetry/temporal-tracing';

/**
 * Where `npm run build` writes the workflow bundle: `dist/workflow-bundle.js`, next to the compiled code (this file
 * compiles to `dist/src/temporal/`). Running from sources there is no such file and the worker bundles at start-up.
 */
export const PREBUILT_WORKFLOW_BUNDLE = join(__dirname, '..', '..', 'workflow-bundle.js');

/** The prebuilt bundle when this is compiled code with one, so production runs no bundler; else undefined. */
export function prebuiltWorkflowBundle(): { codePath: string } | undefined {
  return existsSync(PREBUILT_WORKFLOW_BUNDLE) ? { codePath: PREBUILT_WORKFLOW_BUNDLE } : undefined;
}

/**
 * Bundles the workflows with the failure converter the worker's data converter names and the tracing interceptors (a
 * prebuilt bundle must carry both: the worker ignores `failureConverterPath` and `workflowModules` when given a
 * bundle) and writes the bundle to `path`.
 */
export async function writeWorkflowBundle(path = PREBUILT_WORKFLOW_BUNDLE): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    failureConverterPath: require.resolve('./failure-converter'),
    workflowInterceptorModules: [WORKFLOW_TRACING_MODULE],
  });
  await writeFile(path, code);
}
