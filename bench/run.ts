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
    rows.push(...(await step('payload codec', benchCodec)));
    const placement = await step('placement', () => benchPlacement(bench));
    rows.push(...placement.rows);
    rows.push(...(await step('webhook ingress', () => benchIngress(bench))));
    const endToEnd = await step('end to end', () => benchEndToEnd(bench));
    rows.push(...endToEnd.rows);
    rows.push(...(await step('provider limit', () => benchProviderLimit(bench))));
    rows.push(...(await step('open orders', () => benchOpenOrders(bench))));
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
          perOrder: endToEnd.runs,
          chart: { file: `${stamp}.png`, series: placement.series },
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(png, throughputChart(placement.series));
    process.stdout.write(`\nwritten: ${json}\n         ${png}\n`);
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
