/**
 * Webhook ingress (`POST /webhooks/truework`) beside its floors, at the same concurrency: the bare HTTP ingress (an
 * Express app on the same client that checks the token and signals, in a process of its own) under the same load,
 * and a bare `client.workflow.signal` from the bench's process.
 */
import { randomUUID } from 'node:crypto';
import { bareSignal, bareSignaled } from './bare-workflows';
import { BARE_TASK_QUEUE } from './bare-worker';
import type { BenchEnvironment } from './environment';
import { postActionRequired, type WebhookTarget } from './provider-webhooks';
import type { Row } from './table';
import { runBatch } from './stats';

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 1000);
/**
 * Webhooks sent to each HTTP ingress, voie's and the bare one, before it is measured: each process (and the bench's
 * load generator) then starts warm, whichever runs first.
 */
const WARMUP = Number(process.env.BENCH_WEBHOOK_WARMUP ?? 100);
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** Orders the webhooks are spread over. */
const TARGETS = 20;

/** An open order and its provider order, which webhooks name. */
export type IngressTarget = WebhookTarget;

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

/** `TARGETS` waiting bare workflows, for `total` signals or webhooks between them: the `i`th to `i % TARGETS`. */
async function waitingBareWorkflows(bench: BenchEnvironment, total: number) {
  return Promise.all(
    Array.from({ length: TARGETS }, (_, k) =>
      bench.client.workflow.start(bareSignaled, {
        taskQueue: BARE_TASK_QUEUE,
        workflowId: `bare-signaled-${randomUUID()}`,
        args: [Math.floor(total / TARGETS) + (k < total % TARGETS ? 1 : 0)],
      }),
    ),
  );
}

/** voie's ingress load: one Truework webhook to voie api, restating action-required. */
export function postToVoie(bench: BenchEnvironment, target: IngressTarget, second: number): Promise<void> {
  return postActionRequired(bench.apiUrl, target, second);
}

/**
 * `count` bare signals, `CONCURRENCY` in flight, over `TARGETS` waiting bare workflows: the engine's floor for
 * a webhook. Signals per second, and the bench's CPU per signal (its client and its bare worker, both in this process).
 */
export async function bareSignalRate(
  bench: BenchEnvironment,
  count: number,
): Promise<{ rate: number; cpuPerSignal: number }> {
  const bare = await waitingBareWorkflows(bench, count);
  const cpuBefore = process.cpuUsage();
  const { rate } = await runBatch(count, CONCURRENCY, async (i) => {
    await bare[i % bare.length]!.signal(bareSignal);
  });
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(bare.map((handle) => handle.result()));
  return { rate, cpuPerSignal: (cpu.user + cpu.system) / 1000 / count };
}

/**
 * The same `count` webhooks as voie's (same bodies, token, load generator, concurrency and warm-up) to the bare HTTP
 * ingress, over `TARGETS` waiting bare workflows: a webhook's floor over HTTP. Webhooks per second, and the CPU per
 * webhook of the bare ingress's process and of the bench's (its load generator and its bare worker).
 */
export async function bareIngressRate(
  bench: BenchEnvironment,
  count: number,
): Promise<{ rate: number; ingressCpu: number; benchCpu: number }> {
  const bare = await waitingBareWorkflows(bench, WARMUP + count);
  const targets = bare.map((handle, i) => ({ orderId: handle.workflowId, providerOrderId: `bare-tw-${i}` }));
  await runBatch(WARMUP, CONCURRENCY, (i) => postActionRequired(bench.bareIngressUrl, targets[i % targets.length]!, i));
  const ingressBefore = bench.bareIngress.cpuMs();
  const cpuBefore = process.cpuUsage();
  const { rate } = await runBatch(count, CONCURRENCY, (i) =>
    postActionRequired(bench.bareIngressUrl, targets[(WARMUP + i) % targets.length]!, WARMUP + i),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const ingressCpu = (bench.bareIngress.cpuMs() - ingressBefore) / count;
  await Promise.all(bare.map((handle) => handle.result()));
  return { rate, ingressCpu, benchCpu: (cpu.user + cpu.system) / 1000 / count };
}

export async function benchIngress(bench: BenchEnvironment): Promise<Row[]> {
  const targets = await actionRequiredTargets(bench);
  await runBatch(WARMUP, CONCURRENCY, (i) => postToVoie(bench, targets[i % targets.length]!, i));
  // CPU each process spends per webhook: where the ingress's time goes, beside what the bare paths cost.
  const cpuBefore = { api: bench.api.cpuMs(), worker: bench.voieWorker.cpuMs(), bench: process.cpuUsage() };
  const webhooks = await runBatch(WEBHOOKS, CONCURRENCY, (i) =>
    postToVoie(bench, targets[(WARMUP + i) % targets.length]!, WARMUP + i),
  );
  const apiCpu = (bench.api.cpuMs() - cpuBefore.api) / WEBHOOKS;
  const workerCpu = (bench.voieWorker.cpuMs() - cpuBefore.worker) / WEBHOOKS;
  const benchCpu = process.cpuUsage(cpuBefore.bench);

  const bareHttp = await bareIngressRate(bench, WEBHOOKS);
  const bare = await bareSignalRate(bench, WEBHOOKS);
  await Promise.all(targets.map(({ orderId }) => bench.los.api('POST', `/v1/orders/${orderId}/cancel`, {})));
  await bench.waitForResults(targets.map(({ orderId }) => orderId));
  return [
    {
      figure: `webhook ingress c=${CONCURRENCY} (webhooks/s)`,
      value: webhooks.rate,
      baseline: { name: 'bare HTTP ingress/s', value: bareHttp.rate },
      better: 'higher',
      goal: '≥ 0.9',
    },
    {
      figure: `webhook ingress c=${CONCURRENCY} (webhooks/s)`,
      value: webhooks.rate,
      baseline: { name: 'bare workflow.signal in-process/s', value: bare.rate },
      better: 'higher',
    },
    {
      figure: 'webhook ingress, voie api CPU per webhook (ms)',
      value: apiCpu,
      baseline: { name: 'bare HTTP ingress CPU per webhook', value: bareHttp.ingressCpu },
      better: 'lower',
    },
    {
      // The bench's CPU in voie's run is its load generator alone (and the idle simulators); in the bare run, the
      // load generator and the bare worker: what the bare worker spent is about the difference.
      figure: 'webhook ingress, voie worker CPU per webhook (ms)',
      value: workerCpu,
      baseline: {
        name: 'bare worker CPU per webhook (≈)',
        value: bareHttp.benchCpu - (benchCpu.user + benchCpu.system) / 1000 / WEBHOOKS,
      },
      better: 'lower',
    },
  ];
}
