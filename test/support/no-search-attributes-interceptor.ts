import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * Temporal's time-skipping test server cannot register custom search attributes, and refuses commands that use
 * them. For tests on that server only, the workflow's search-attribute upserts are dropped; the dev-server tests
 * cover them.
 */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  internals: [
    {
      concludeActivation(input, next) {
        return next({
          ...input,
          commands: input.commands.filter((command) => !command.upsertWorkflowSearchAttributes),
        });
      },
    },
  ],
});
