/** Webhook ingress (`POST /webhooks/truework`) beside a bare `client.workflow.signal`, at the same concurrency. */
import { randomUUID } from 'node:crypto';
import { TRUEWORK_TOKEN } from '../test/support/stack';
import { bareSignal, bareSignaled } from './bare-workflows';
import { BARE_TASK_QUEUE } from './bare-worker';
import type { BenchEnvironment } from './environment';
import type { Row } from './table';
import { runBatch, waitFor } from './stats';

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 1000);
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** Orders the webhooks are spread over. */
const TARGETS = 20;

export async function benchIngress(bench: BenchEnvironment): Promise<Row[]> {
  // Orders that wait in action-required (sandbox SSNs 000-03-XXXX) and are not canceled by policy: every webhook
  // reaches an open order and wakes it.
  const orders = [];
  for (let i = 0; i < TARGETS; i += 1) {
    orders.push(
      await bench.placeOrder(
        bench.trueworkOrder(`000-03-${String(9000 + i)}`, { cancel_on_action_required: false, poll_interval: '1h' }),
      ),
    );
  }
  const targets = await Promise.all(
    orders.map(async (order) => {
      let providerOrderId: string | null = null;
      await waitFor(
        `order ${order.id} to be created at Truework`,
        async () => {
          providerOrderId = (await bench.request<{ provider_order_id: string | null }>('GET', `/v1/orders/${order.id}`))
            .body.provider_order_id;
          return providerOrderId !== null;
        },
        60_000,
      );
      return { id: order.id, providerOrderId: providerOrderId! };
    }),
  );
  // CPU each process spends per webhook: where the ingress's time goes, beside what a bare signal costs the bench.
  const cpuBefore = { api: bench.api.cpuMs(), worker: bench.voieWorker.cpuMs() };
  const webhooks = await runBatch(WEBHOOKS, CONCURRENCY, async (i) => {
    const target = targets[i % targets.length]!;
    const response = await fetch(`${bench.apiUrl}/webhooks/truework`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-truework-token': TRUEWORK_TOKEN },
      body: JSON.stringify({
        hook: {
          event: 'verification_request.state.change',
          triggered_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        },
        data: { order_id: target.providerOrderId, state: 'action-required', metadata: { voie_order_id: target.id } },
      }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  });

  const apiCpu = (bench.api.cpuMs() - cpuBefore.api) / WEBHOOKS;
  const workerCpu = (bench.voieWorker.cpuMs() - cpuBefore.worker) / WEBHOOKS;

  const bare = await Promise.all(
    Array.from({ length: TARGETS }, () =>
      bench.client.workflow.start(bareSignaled, {
        taskQueue: BARE_TASK_QUEUE,
        workflowId: `bare-signaled-${randomUUID()}`,
        args: [Math.ceil(WEBHOOKS / TARGETS)],
      }),
    ),
  );
  const benchCpuBefore = process.cpuUsage();
  const signals = await runBatch(WEBHOOKS, CONCURRENCY, async (i) => {
    await bare[i % bare.length]!.signal(bareSignal);
  });
  const benchCpu = process.cpuUsage(benchCpuBefore);
  // The bench's client and its bare worker, both in this process.
  const bareCpu = (benchCpu.user + benchCpu.system) / 1000 / WEBHOOKS;
  await Promise.all(bare.map((handle) => handle.result()));
  await Promise.all(orders.map((order) => bench.request('POST', `/v1/orders/${order.id}/cancel`, {})));
  await bench.waitForWorkflows(orders.map((order) => order.id));
  return [
    {
      figure: `webhook ingress c=${CONCURRENCY} (webhooks/s)`,
      value: webhooks.rate,
      baseline: { name: 'bare workflow.signal/s', value: signals.rate },
      better: 'higher',
      goal: '≥ 0.9',
    },
    {
      figure: 'webhook ingress, voie api CPU per webhook (ms)',
      value: apiCpu,
      baseline: { name: 'bench CPU per bare signal', value: bareCpu },
      better: 'lower',
    },
    { figure: 'webhook ingress, voie worker CPU per webhook (ms)', value: workerCpu, better: 'lower' },
  ];
}
