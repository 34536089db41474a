/**
 * The last step of `npm run build`: `node dist/src/temporal/build-workflow-bundle.js` writes the workflow bundle the
 * compiled worker loads, so that production runs no bundler.
 */
import { PREBUILT_WORKFLOW_BUNDLE, writeWorkflowBundle } from './workflow-bundle';

writeWorkflowBundle().then(
  () => process.stdout.write(`workflow bundle written to ${PREBUILT_WORKFLOW_BUNDLE}\n`),
  (err: unknown) => {
    process.stderr.write(`could not bundle the workflows: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
