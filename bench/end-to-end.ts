/**
 * Orders from placement to their end (report fetched, results delivered), per provider, beside bare workflows of the
 * same shape: one whose webhooks reach it over HTTP through the bare HTTP ingress, as voie's reach `voie api`, and one
 * signalled from the bench's process; and what each order cost: webhooks, provider calls, history events, billable
 * actions.
 */
import { randomUUID } from 'node:crypto';
import type { BareShape } from './bare-workflows';
import { bareOrder, bareSignal } from './bare-workflows';
import { BARE_TASK_QUEUE } from './bare-worker';
import type { BenchEnvironment } from './environment';
import type { HistoryCost } from './history-cost';
import { meanCost, workflowCost } from './history-cost';
import { CONCURRENCY } from './ingress';
import { bareOrderWebhook, deliverAsProvider } from './provider-webhooks';
import type { Row } from './table';
import { runBatch } from './stats';

export type BenchProvider = 'truework' | 'truv';

/** Orders that ran end to end, and what they cost. */
export interface EndToEnd {
  provider: BenchProvider;
  /** Orders ended per second, from the first placement to the last end. */
  rate: number;
  /** Requests the provider's simulator received, per order. */
  callsPerOrder: number;
  /** Webhooks `voie api` received from the provider, per order (its `voie_webhooks_received_total`). */
  webhooksPerOrder: number;
  cost: HistoryCost;
  /** CPU time (ms) `voie api` and `voie worker` used per order, from the first placement to the last end. */
  cpuPerOrder: { api: number; worker: number };
}

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100);

/** Places `count` completing orders of `provider` at the bench's concurrency and waits for every one to end. */
export async function runOrders(bench: BenchEnvironment, provider: BenchProvider, count = ORDERS): Promise<EndToEnd> {
  const simulator = provider === 'truework' ? bench.truework : bench.truv;
  const callsBefore = simulator.requests.length;
  const webhooksBefore = await webhooksReceived(bench, provider);
  const ids: string[] = [];
  const cpuBefore = { api: bench.api.cpuMs(), worker: bench.voieWorker.cpuMs() };
  const started = performance.now();
  await runBatch(count, CONCURRENCY, async () => {
    const body = provider === 'truework' ? bench.trueworkOrder() : bench.truvOrder('Success');
    ids.push((await bench.los.placeOrder(body)).id);
  });
  await bench.waitForResults(ids);
  const rate = count / ((performance.now() - started) / 1000);
  const cpuPerOrder = {
    api: (bench.api.cpuMs() - cpuBefore.api) / count,
    worker: (bench.voieWorker.cpuMs() - cpuBefore.worker) / count,
  };
  const callsPerOrder = (simulator.requests.length - callsBefore) / count;
  const webhooksPerOrder = ((await webhooksReceived(bench, provider)) - webhooksBefore) / count;
  const cost = meanCost(await Promise.all(ids.map((id) => workflowCost(bench.client, id))));
  return { provider, rate, callsPerOrder, webhooksPerOrder, cost, cpuPerOrder };
}

/** Every webhook of `provider` `voie api` has received, whatever became of it: its `/metrics` counter, summed. */
async function webhooksReceived(bench: BenchEnvironment, provider: BenchProvider): Promise<number> {
  const metrics = await (await fetch(bench.apiMetricsUrl)).text();
  const line = new RegExp(`^voie_webhooks_received_total\\{[^}]*provider="${provider}"[^}]*\\} (\\S+)$`, 'gm');
  let total = 0;
  for (const [, value] of metrics.matchAll(line)) total += Number(value);
  return total;
}

/** Starts one bare order of `shape` on the bare worker's queue. */
function startBareOrder(bench: BenchEnvironment, shape: BareShape) {
  return bench.client.workflow.start(bareOrder, {
    taskQueue: BARE_TASK_QUEUE,
    workflowId: `bare-order-${randomUUID()}`,
    args: [shape],
  });
}

/**
 * Bare orders of `shape` ended per second, each started, then sent its signals, as an order gets its webhooks; and
 * the bench's CPU (its client and its bare worker) per bare order.
 */
export async function bareOrderRate(
  bench: BenchEnvironment,
  shape: BareShape,
  count = ORDERS,
): Promise<{ rate: number; cpuPerOrder: number }> {
  const ids: string[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await runBatch(count, CONCURRENCY, async () => {
    const handle = await startBareOrder(bench, shape);
    ids.push(handle.workflowId);
    for (let i = 0; i < shape.signals; i += 1) await handle.signal(bareSignal);
  });
  await bench.waitForWorkflows(ids);
  const rate = count / ((performance.now() - started) / 1000);
  const cpu = process.cpuUsage(cpuBefore);
  return { rate, cpuPerOrder: (cpu.user + cpu.system) / 1000 / count };
}

/**
 * Bare orders of `shape` ended per second, as `bareOrderRate`, but each signal a webhook of `provider` sent over HTTP
 * to the bare HTTP ingress, as the provider's simulator delivers voie's (one after another, a connection each); the
 * CPU per bare order of the bare ingress's process and of the bench's (its load generator and its bare worker).
 */
export async function bareOrderOverHttpRate(
  bench: BenchEnvironment,
  provider: BenchProvider,
  shape: BareShape,
  count = ORDERS,
): Promise<{ rate: number; ingressCpuPerOrder: number; benchCpuPerOrder: number }> {
  const ids: string[] = [];
  const ingressBefore = bench.bareIngress.cpuMs();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await runBatch(count, CONCURRENCY, async () => {
    const handle = await startBareOrder(bench, shape);
    ids.push(handle.workflowId);
    const url = `${bench.bareIngressUrl}/webhooks/${provider}`;
    for (let i = 0; i < shape.signals; i += 1) {
      await deliverAsProvider(url, bareOrderWebhook(provider, handle.workflowId, i));
    }
  });
  await bench.waitForWorkflows(ids);
  const rate = count / ((performance.now() - started) / 1000);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rate,
    ingressCpuPerOrder: (bench.bareIngress.cpuMs() - ingressBefore) / count,
    benchCpuPerOrder: (cpu.user + cpu.system) / 1000 / count,
  };
}

/** Both providers with the provider limit lifted, each beside its bare shape; and their cost per order. */
export async function benchEndToEnd(bench: BenchEnvironment): Promise<{ rows: Row[]; runs: EndToEnd[] }> {
  const rows: Row[] = [];
  const runs: EndToEnd[] = [];
  for (const provider of ['truework', 'truv'] as const) {
    const run = await runOrders(bench, provider);
    // The same Temporal work as the order (its history's shape), but one signal per webhook voie received, each sent
    // over HTTP: the floor of an order that pays its webhooks' HTTP as voie's does.
    const webhooks = Math.round(run.webhooksPerOrder);
    const overHttp = await bareOrderOverHttpRate(bench, provider, { ...run.cost.shape, signals: webhooks });
    const bare = await bareOrderRate(bench, run.cost.shape);
    runs.push(run);
    const { activities, signals, timers, upserts } = run.cost.shape;
    rows.push(
      {
        figure: `${provider} end to end, limit lifted (orders/s)`,
        value: run.rate,
        baseline: {
          name: `bare ${activities}a/${webhooks}w/${timers}t/${upserts}u over HTTP/s`,
          value: overHttp.rate,
        },
        better: 'higher',
        goal: '≥ 0.7',
      },
      {
        figure: `${provider} end to end, limit lifted (orders/s)`,
        value: run.rate,
        baseline: { name: `bare ${activities}a/${signals}s/${timers}t/${upserts}u in-process/s`, value: bare.rate },
        better: 'higher',
      },
      {
        figure: `${provider} end to end, voie worker CPU per order (ms)`,
        value: run.cpuPerOrder.worker,
        baseline: { name: 'bench CPU per bare order in-process', value: bare.cpuPerOrder },
        better: 'lower',
      },
      {
        figure: `${provider} end to end, voie api CPU per order (ms)`,
        value: run.cpuPerOrder.api,
        baseline: { name: 'bare HTTP ingress CPU per bare order', value: overHttp.ingressCpuPerOrder },
        better: 'lower',
      },
      { figure: `${provider} webhooks per order`, value: run.webhooksPerOrder, better: 'lower' },
      { figure: `${provider} provider calls per order`, value: run.callsPerOrder, better: 'lower' },
      { figure: `${provider} history events per order`, value: run.cost.events, better: 'lower' },
      { figure: `${provider} billable actions per order`, value: run.cost.actions, better: 'lower' },
    );
  }
  return { rows, runs };
}

/** Truework at its real 10 requests/s: orders/s beside the floor the limit sets, 10 / calls per order. */
export async function benchProviderLimit(bench: BenchEnvironment): Promise<Row[]> {
  const count = Number(process.env.BENCH_LIMITED_ORDERS ?? 40);
  await bench.restartWorker('provider');
  try {
    const run = await runOrders(bench, 'truework', count);
    return [
      {
        figure: 'truework end to end at 10 req/s (orders/s)',
        value: run.rate,
        baseline: { name: `10 / ${run.callsPerOrder.toFixed(2)} calls`, value: 10 / run.callsPerOrder },
        better: 'higher',
      },
    ];
  } finally {
    await bench.restartWorker('lifted');
  }
}
