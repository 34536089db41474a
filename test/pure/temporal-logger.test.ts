import { Writable } from 'node:stream';
import { SdkComponent } from '@temporalio/common';
import { createLogger } from '../../src/logger';
import { PinoTemporalLogger } from '../../src/temporal/runtime';

/** The SDK's log lines as voie's JSON log writes them, at voie's `info` level. */
function sdkLogger(): { logger: PinoTemporalLogger; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const voie = createLogger(
    'info',
    new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        written.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  return {
    logger: new PinoTemporalLogger(voie.child({ component: 'temporal' })),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** What the SDK's workflow logger sink passes on for a workflow's `log.info`. */
const WORKFLOW_META = {
  sdkComponent: SdkComponent.workflow,
  namespace: 'default',
  taskQueue: 'voie-orders',
  workflowId: 'vo_0123456789abcdef01234567',
  runId: 'run-1',
  workflowType: 'verificationOrder',
};

describe("the Temporal SDK's lines in voie's log", () => {
  it("writes a workflow's info line at info, with the workflow id, and its strings masked", () => {
    const { logger, lines } = sdkLogger();
    logger.info('order ended', { ...WORKFLOW_META, status: 'completed', error: 'echoed 123-45-6789' });
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        component: 'temporal',
        msg: 'order ended',
        workflowId: WORKFLOW_META.workflowId,
        workflowType: 'verificationOrder',
        status: 'completed',
        error: 'echoed ***-**-****',
      }),
    ]);
  });

  it('masks strings at any depth and keeps of an error only its name, type and retryability', () => {
    const { logger, lines } = sdkLogger();
    const failure = Object.assign(new Error('provider said 123-45-6789'), {
      type: 'ProviderRejected',
      nonRetryable: true,
      details: ['applicant 123-45-6789'],
    });
    logger.warn('Activity failed', {
      ...WORKFLOW_META,
      error: failure,
      attempt: { cause: ['echoed 123-45-6789'], retry: undefined, next: null, count: 2 },
      absent: undefined,
    });
    const [line] = lines();
    expect(line).toMatchObject({
      error: { name: 'Error', type: 'ProviderRejected', nonRetryable: true },
      attempt: { cause: ['echoed ***-**-****'], next: null, count: 2 },
    });
    expect(JSON.stringify(line)).not.toContain('123-45');
  });

  it("keeps the SDK's own info lines (start-up chatter) and the warnings voie expects out of the info log", () => {
    const { logger, lines } = sdkLogger();
    logger.info('Worker state changed', { sdkComponent: SdkComponent.worker, state: 'RUNNING' });
    logger.warn('No workflows registered, not polling for workflow tasks', { sdkComponent: SdkComponent.worker });
    logger.warn('Workflow task failed', { sdkComponent: SdkComponent.worker });
    expect(lines()).toEqual([expect.objectContaining({ level: 'warn', msg: 'Workflow task failed' })]);
  });
});
