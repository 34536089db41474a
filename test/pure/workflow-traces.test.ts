import { context, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { WorkflowStartInput, WorkflowStartOutput } from '@temporalio/client';
import { spanContextOf, TRACEPARENT_MEMO, traceparentOf, WorkflowTraces } from '../../src/telemetry/workflow-traces';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

let provider: NodeTracerProvider;

beforeAll(() => {
  provider = new NodeTracerProvider();
  provider.register();
});

afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

function startInput(workflowId: string, memo?: Record<string, unknown>): WorkflowStartInput {
  return {
    workflowType: 'verificationOrder',
    headers: {},
    options: { workflowId, taskQueue: 'orders', ...(memo ? { memo } : {}) },
  } as WorkflowStartInput;
}

/** Starts a workflow through the interceptor; what the next interceptor was given. */
async function start(traces: WorkflowTraces, input: WorkflowStartInput): Promise<WorkflowStartInput> {
  let passed: WorkflowStartInput | undefined;
  await traces.interceptor.startWithDetails!(input, (next) => {
    passed = next;
    return Promise.resolve({ runId: 'run' } as WorkflowStartOutput);
  });
  return passed!;
}

describe('traceparentOf and spanContextOf', () => {
  it('write and read a sampled span context as a W3C traceparent, nothing else', () => {
    const spanContext = spanContextOf(TRACEPARENT);
    expect(spanContext).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
    expect(traceparentOf(spanContext)).toBe(TRACEPARENT);
  });

  it('leave out what is unsampled, invalid or malformed', () => {
    expect(traceparentOf({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.NONE })).toBeUndefined();
    expect(traceparentOf(undefined)).toBeUndefined();
    for (const value of [undefined, 42, '', 'not a traceparent', `00-${'0'.repeat(32)}-${SPAN_ID}-01`]) {
      expect(spanContextOf(value)).toBeUndefined();
    }
  });
});

describe('WorkflowTraces', () => {
  it('writes the start span into the memo (keeping the rest) and remembers it, without reading a memo', async () => {
    const traces = new WorkflowTraces();
    const tracer = trace.getTracer('test');
    const { passed, span } = await tracer.startActiveSpan('StartWorkflow:verificationOrder', async (span) => {
      const passed = await start(traces, startInput('order-1', { fingerprint: 'f' }));
      span.end();
      return { passed, span };
    });
    const { traceId, spanId } = span.spanContext();
    expect(passed.options.memo).toEqual({ fingerprint: 'f', [TRACEPARENT_MEMO]: `00-${traceId}-${spanId}-01` });
    const readMemo = jest.fn();
    await expect(traces.find('order-1', readMemo)).resolves.toMatchObject({ traceId, spanId });
    expect(readMemo).not.toHaveBeenCalled();
  });

  it('leaves a start outside a trace as it is', async () => {
    const traces = new WorkflowTraces();
    const input = startInput('order-1', { fingerprint: 'f' });
    expect(await start(traces, input)).toBe(input);
  });

  it("reads another process's order from its memo once, and remembers none too", async () => {
    const traces = new WorkflowTraces();
    const readMemo = jest.fn(() => Promise.resolve({ [TRACEPARENT_MEMO]: TRACEPARENT }));
    const found = await Promise.all([traces.find('order-1', readMemo), traces.find('order-1', readMemo)]);
    expect(found.map((spanContext) => spanContext?.spanId)).toEqual([SPAN_ID, SPAN_ID]);
    await traces.find('order-1', readMemo);
    expect(readMemo).toHaveBeenCalledTimes(1);

    const untraced = jest.fn(() => Promise.resolve({ fingerprint: 'f' }));
    await expect(traces.find('order-2', untraced)).resolves.toBeUndefined();
    await traces.find('order-2', untraced);
    expect(untraced).toHaveBeenCalledTimes(1);
  });

  it('forgets a failed read (a trace is never a failure) and the oldest order past its capacity', async () => {
    const traces = new WorkflowTraces(2);
    const failing = jest.fn(() => Promise.reject(new Error('unavailable')));
    await expect(traces.find('order-1', failing)).resolves.toBeUndefined();
    const readMemo = jest.fn(() => Promise.resolve({ [TRACEPARENT_MEMO]: TRACEPARENT }));
    await expect(traces.find('order-1', readMemo)).resolves.toBeDefined();

    await traces.find('order-2', readMemo);
    await traces.find('order-3', readMemo);
    expect(readMemo).toHaveBeenCalledTimes(3);
    await traces.find('order-1', readMemo);
    expect(readMemo).toHaveBeenCalledTimes(4);
  });
});
