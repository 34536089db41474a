/**
 * `npm run bench`: voie against the engine's own limits, side by side on one Temporal dev server. Each figure is set
 * beside a bare workflow doing the same Temporal work, or beside the floor a provider's limit sets; the table is
 * printed, and written to bench/results/ as JSON, with SVG charts: placement against concurrency, the book's figures
 * against waiting orders.
 * docs/performance.md explains every figure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchBook } from './book';
import { bookChart, chartFile, placementChart, runLabel } from './charts';
import { benchCodec } from './codec';
import { benchEndToEnd, benchProviderLimit } from './end-to-end';
import { BenchEnvironment } from './environment';
import { benchIngress } from './ingress';
import { benchOpenOrders } from './open-orders';
import { benchPlacement } from './placement';
import type { Row } from './table';
import { renderTable, tableJson } from './table';
import { benchWaitingOrders } from './waiting-orders';

const RESULTS = join(__dirname, 'results');

/** The bench's phases, in the order they run. */
const PHASES = [
  'codec',
  'placement',
  'ingress',
  'end-to-end',
  'provider-limit',
  'open-orders',
  'waiting-orders',
  'book',
] as const;
type Phase = (typeof PHASES)[number];

/**
 * `BENCH_PHASES` (comma-separated, e.g. `ingress,end-to-end`) runs only those phases, to measure one figure without
 * waiting for the others; every phase runs when it is unset.
 */
function selectedPhases(): ReadonlySet<Phase> {
  const named = process.env.BENCH_PHASES?.split(',')
    .map((phase) => phase.trim())
    .filter(Boolean);
  if (!named?.length) return new Set(PHASES);
  const unknown = named.filter((phase) => !(PHASES as readonly string[]).includes(phase));
  if (unknown.length) throw new Error(`BENCH_PHASES: unknown ${unknown.join(', ')} (phases: ${PHASES.join(', ')})`);
  return new Set(named as Phase[]);
}

async function main(): Promise<void> {
  const phases = selectedPhases();
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const bench = await BenchEnvironment.start();
  process.stderr.write(`voie bench: logs of voie api and worker in ${bench.logDir}\n`);
  const rows: Row[] = [];
  const step = async <T>(name: Phase, run: () => Promise<T>): Promise<T | undefined> => {
    if (!phases.has(name)) return undefined;
    const t = Date.now();
    process.stderr.write(`${name}...\n`);
    const result = await run();
    process.stderr.write(`${name}: ${((Date.now() - t) / 1000).toFixed(0)} s\n`);
    return result;
  };
  try {
    rows.push(...((await step('codec', benchCodec)) ?? []));
    const placement = await step('placement', () => benchPlacement(bench));
    rows.push(...(placement?.rows ?? []));
    rows.push(...((await step('ingress', () => benchIngress(bench))) ?? []));
    const endToEnd = await step('end-to-end', () => benchEndToEnd(bench));
    rows.push(...(endToEnd?.rows ?? []));
    rows.push(...((await step('provider-limit', () => benchProviderLimit(bench))) ?? []));
    rows.push(...((await step('open-orders', () => benchOpenOrders(bench))) ?? []));
    rows.push(...((await step('waiting-orders', () => benchWaitingOrders(bench))) ?? []));
    const book = await step('book', benchBook);
    rows.push(...(book?.rows ?? []));
    const table = renderTable(rows);
    process.stdout.write(
      `\nvoie bench, ${startedAt.toISOString()}, node ${process.version}, ${cpus().length} cores, ` +
        `${(totalmem() / 2 ** 30).toFixed(1)} GiB\n(ratio: 1 means as good as the baseline)\n\n${table}\n`,
    );
    mkdirSync(RESULTS, { recursive: true });
    const json = join(RESULTS, `${stamp}.json`);
    const run = { startedAt: startedAt.toISOString(), node: process.version, cores: cpus().length };
    const chart = placement ? { file: chartFile(stamp, 'placement'), series: placement.series } : undefined;
    const bookChartFile = book ? { file: chartFile(stamp, 'book'), points: book.points } : undefined;
    writeFileSync(
      json,
      `${JSON.stringify(
        {
          ...run,
          rows: tableJson(rows),
          phases: [...phases],
          perOrder: endToEnd?.runs ?? [],
          ...(chart ? { chart } : {}),
          ...(bookChartFile ? { bookChart: bookChartFile } : {}),
        },
        null,
        2,
      )}\n`,
    );
    const written = [json];
    if (chart) {
      written.push(join(RESULTS, chart.file));
      writeFileSync(written.at(-1)!, await placementChart(chart.series, { subtitle: runLabel(run) }));
    }
    if (bookChartFile) {
      written.push(join(RESULTS, bookChartFile.file));
      writeFileSync(written.at(-1)!, await bookChart(bookChartFile.points, { subtitle: runLabel(run) }));
    }
    process.stdout.write(`\nwritten: ${written.join('\n         ')}\n`);
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
