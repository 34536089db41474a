/**
 * `voie worker`'s CPU per signal, apart from the API's: 20 Truework orders wait in action-required and get
 * `BENCH_WEBHOOKS` (1,000) hints that restate it (the order only records them on its timeline), once as webhooks
 * through `voie api`, once signalled straight by the bench's client; beside them the bench's bare worker on as many
 * bare signals. The bench's CPU is its client alone for voie's signals, its client and its bare worker for the bare
 * ones: the difference is the bare worker's share. Every figure is per round (`BENCH_ROUNDS`, 3), after a warm-up
 * round, since on a shared machine other processes only ever add to them.
 *
 * `npm run build && npx tsx bench/worker-signals.ts` (voie compiled, as production runs it; `BENCH_VOIE=tsx` runs the
 * sources).
 */
import type { ProviderHint } from '../src/domain';
import { providerHintSignal } from '../workflows/messages';
import { BenchEnvironment } from './environment';
import { actionRequiredTargets, bareSignalRate, CONCURRENCY, type IngressTarget, postToVoie } from './ingress';
import { runBatch } from './stats';

const SIGNALS = Number(process.env.BENCH_WEBHOOKS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RESTATED = 'action-required';

function benchCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function main(): Promise<void> {
  const bench = await BenchEnvironment.start();
  try {
    const targets = await actionRequiredTargets(bench);
    let sent = 0;
    /** CPU (ms) `voie worker` and the bench used per call of `send`, and calls per second. */
    const measure = async (send: (target: IngressTarget) => Promise<void>) => {
      const worker = bench.voieWorker.cpuMs();
      const own = benchCpuMs();
      const { rate } = await runBatch(SIGNALS, CONCURRENCY, (i) => send(targets[i % targets.length]!));
      return { rate, worker: (bench.voieWorker.cpuMs() - worker) / SIGNALS, bench: (benchCpuMs() - own) / SIGNALS };
    };
    const webhooks = () =>
      measure(async (target) => {
        sent += 1;
        await postToVoie(bench, target, sent);
      });
    const signals = () =>
      measure(async (target) => {
        sent += 1;
        const hint: ProviderHint = {
          id: `verification_request.state.change|${target.providerOrderId}|${RESTATED}|${sent}`,
          type: 'verification_request.state.change',
          statedStatus: RESTATED,
          refresh: true,
          providerOrderId: target.providerOrderId,
          receivedAt: new Date().toISOString(),
        };
        await bench.client.workflow.getHandle(target.orderId).signal(providerHintSignal, hint);
      });
    const bareSignals = () => bareSignalRate(bench, SIGNALS);
    const idleWorkerMsPerSecond = async () => {
      const worker = bench.voieWorker.cpuMs();
      await new Promise((resolve) => setTimeout(resolve, 5000));
      return (bench.voieWorker.cpuMs() - worker) / 5;
    };

    // Warm-up: every code path compiled before anything is measured.
    await webhooks();
    await signals();
    await bareSignals();
    const f = (n: number) => n.toFixed(2);
    for (let round = 1; round <= ROUNDS; round += 1) {
      const hooks = await webhooks();
      const direct = await signals();
      const bare = await bareSignals();
      const idle = await idleWorkerMsPerSecond();
      console.log(
        `round ${round}: webhooks ${hooks.rate.toFixed(0)}/s, voie worker ${f(hooks.worker)} ms/webhook | ` +
          `signals ${direct.rate.toFixed(0)}/s, voie worker ${f(direct.worker)} ms/signal (bench client ` +
          `${f(direct.bench)}) | bare ${bare.rate.toFixed(0)}/s, bench ${f(bare.cpuPerSignal)} ms/signal, bare worker ≈ ` +
          `${f(bare.cpuPerSignal - direct.bench)} | voie worker idle ${idle.toFixed(0)} ms/s`,
      );
    }
  } finally {
    await bench.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
