/** Webhook ingress (`POST /webhooks/truework`) beside a bare `client.workflow.signal`, at the same concurrency. */
import { randomUUID } from 'node:crypto';
import { TRUEWORK_TOKEN } from '../test/support/stack';
import { bareSignal, bareSignaled } from './bare-workflows';
import { BARE_TASK_QUEUE } from './bare-worker';
import type { BenchEnvironment } from './environment';
import type { Row } from './table';
import { runBatch } from './stats';

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 1000);
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** Orders the webhooks are spread over. */
const TARGETS = 20;

/** An open order and its provider order, which webhooks name. */
export interface IngressTarget {
  orderId: string;
  providerOrderId: string;
}

/**
 * `TARGETS` orders waiting in action-required (sandbox SSNs 000-03-XXXX, not canceled by policy), read
 * once: every webhook stating action-required reaches an open order, wakes it and restates its last read (no
 * provider call).
 */
export async function actionRequiredTargets(bench: BenchEnvironment): Promise<IngressTarget[]> {
  const orders = [];
  for (let i = 0; i < TARGETS; i += 1) {
    orders.push(
      await bench.los.placeOrder(
        bench.trueworkOrder(`000-03-${String(9000 + i)}`, { cancel_on_action_required: false, poll_interval: '1h' }),
      ),
    );
  }
  return Promise.all(
    orders.map(async (order) => {
      const waiting = await bench.los.waitForOrder(
        order.id,
        (read) => read.status === 'action_required' && read.provider_order_id != null,
        60_000,
      );
      return { orderId: order.id, providerOrderId: waiting.provider_order_id! };
    }),
  );
}

/** Truework's `verification_request.state.change` to action-required for `target`, `second` seconds into 2026. */
export async function postActionRequired(
  bench: BenchEnvironment,
  target: IngressTarget,
  second: number,
): Promise<void> {
  const response = await fetch(`${bench.apiUrl}/webhooks/truework`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-truework-token': TRUEWORK_TOKEN },
    body: JSON.stringify({
      hook: {
        event: 'verification_request.state.change',
        triggered_at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
      },
      data: { order_id: target.providerOrderId, state: 'action-required', metadata: { voie_order_id: target.orderId } },
    }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
}

/**
 * `count` bare signals, `CONCURRENCY` in flight, over `TARGETS` waiting bare workflows: the engine's floor for
 * a webhook. Signals per second, and the bench's CPU per signal (its client and its bare worker, both in this process).
 */
export async function bareSignalRate(
  bench: BenchEnvironment,
  count: number,
): Promise<{ rate: number; cpuPerSignal: number }> {
  const bare = await Promise.all(
    Array.from({ length: TARGETS }, () =>
      bench.client.workflow.start(bareSignaled, {
        taskQueue: BARE_TASK_QUEUE,
        workflowId: `bare-signaled-${randomUUID()}`,
        args: [Math.ceil(count / TARGETS)],
      }),
    ),
  );
  const cpuBefore = process.cpuUsage();
  const { rate } = await runBatch(count, CONCURRENCY, async (i) => {
    await bare[i % bare.length]!.signal(bareSignal);
  });
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(bare.map((handle) => handle.result()));
  return { rate, cpuPerSignal: (cpu.user + cpu.system) / 1000 / count };
}

export async function benchIngress(bench: BenchEnvironment): Promise<Row[]> {
  const targets = await actionRequiredTargets(bench);
  // CPU each process spends per webhook: where the ingress's time goes, beside what a bare signal costs the bench.
  const cpuBefore = { api: bench.api.cpuMs(), worker: bench.voieWorker.cpuMs() };
  const webhooks = await runBatch(WEBHOOKS, CONCURRENCY, (i) =>
    postActionRequired(bench, targets[i % targets.length]!, i),
  );

  const apiCpu = (bench.api.cpuMs() - cpuBefore.api) / WEBHOOKS;
  const workerCpu = (bench.voieWorker.cpuMs() - cpuBefore.worker) / WEBHOOKS;

  const bare = await bareSignalRate(bench, WEBHOOKS);
  await Promise.all(targets.map(({ orderId }) => bench.los.api('POST', `/v1/orders/${orderId}/cancel`, {})));
  await bench.waitForResults(targets.map(({ orderId }) => orderId));
  return [
    {
      figure: `webhook ingress c=${CONCURRENCY} (webhooks/s)`,
      value: webhooks.rate,
      baseline: { name: 'bare workflow.signal/s', value: bare.rate },
      better: 'higher',
      goal: '≥ 0.9',
    },
    {
      figure: 'webhook ingress, voie api CPU per webhook (ms)',
      value: apiCpu,
      baseline: { name: 'bench CPU per bare signal', value: bare.cpuPerSignal },
      better: 'lower',
    },
    { figure: 'webhook ingress, voie worker CPU per webhook (ms)', value: workerCpu, better: 'lower' },
  ];
}
