/**
 * `npm run bench`: voie against the engine's own limits, side by side on one Temporal dev server. Each figure is set
 * beside a bare workflow doing the same Temporal work, or beside the floor a provider's limit sets; the table is
 * printed, and written with a throughput chart to bench/results/. docs/performance.md explains every figure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { throughputChart } from './chart';
import { benchCodec } from './codec';
import { benchEndToEnd, benchProviderLimit } from './end-to-end';
import { BenchEnvironment } from './environment';
import { benchIngress } from './ingress';
import { benchOpenOrders } from './open-orders';
import { benchPlacement } from './placement';
import type { Row } from './table';
import { renderTable, tableJson } from './table';

const RESULTS = join(__dirname, 'results');

/**
 * `BENCH_PHASES=open-orders` (names separated by commas: codec, placement, ingress, end-to-end, provider-limit,
 * open-orders) runs only those phases; unset, all of them.
 */
const PHASES = process.env.BENCH_PHASES?.split(',').map((phase) => phase.trim());
const runs = (phase: string): boolean => !PHASES || PHASES.includes(phase);

async function main(): Promise<void> {
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const bench = await BenchEnvironment.start();
  process.stderr.write(`voie bench: logs of voie api and worker in ${bench.logDir}\n`);
  const rows: Row[] = [];
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    process.stderr.write(`${name}...\n`);
    const result = await run();
    process.stderr.write(`${name}: ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
    return result;
  };
  try {
    if (runs('codec')) rows.push(...(await step('payload codec', benchCodec)));
    const placement = runs('placement') ? await step('placement', () => benchPlacement(bench)) : undefined;
    rows.push(...(placement?.rows ?? []));
    if (runs('ingress')) rows.push(...(await step('webhook ingress', () => benchIngress(bench))));
    const endToEnd = runs('end-to-end') ? await step('end to end', () => benchEndToEnd(bench)) : undefined;
    rows.push(...(endToEnd?.rows ?? []));
    if (runs('provider-limit')) rows.push(...(await step('provider limit', () => benchProviderLimit(bench))));
    if (runs('open-orders')) rows.push(...(await step('open orders', () => benchOpenOrders(bench))));
    const table = renderTable(rows);
    process.stdout.write(
      `\nvoie bench, ${startedAt.toISOString()}, node ${process.version}, ${cpus().length} cores, ` +
        `${(totalmem() / 2 ** 30).toFixed(1)} GiB\n(ratio: 1 means as good as the baseline)\n\n${table}\n`,
    );
    mkdirSync(RESULTS, { recursive: true });
    const json = join(RESULTS, `${stamp}.json`);
    const png = join(RESULTS, `${stamp}.png`);
    writeFileSync(
      json,
      `${JSON.stringify(
        {
          startedAt: startedAt.toISOString(),
          node: process.version,
          cores: cpus().length,
          rows: tableJson(rows),
          phases: PHASES ?? 'all',
          perOrder: endToEnd?.runs,
          chart: placement && { file: `${stamp}.png`, series: placement.series },
        },
        null,
        2,
      )}\n`,
    );
    if (placement) writeFileSync(png, throughputChart(placement.series));
    process.stdout.write(`\nwritten: ${json}${placement ? `\n         ${png}` : ''}\n`);
  } finally {
    await bench.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
