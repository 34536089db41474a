import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go through the payload codec too: a provider's error may echo personal data.
 * Loaded by path, because the worker also bundles it into the workflow sandbox.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
