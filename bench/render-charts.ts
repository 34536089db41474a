/**
 * `npx tsx bench/render-charts.ts bench/results/<stamp>.json [more.json …]`: draws a recorded run's charts again,
 * beside its results JSON, from the figures the JSON holds, so that a chart can change without running the bench
 * again. The JSON is left as it was recorded.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BookPoint, Series } from './charts';
import { PLACEMENT_SERIES, bookChart, chartFile, placementChart, runLabel } from './charts';

/** What a results JSON holds that the charts draw (bench/run.ts writes it). */
interface Results {
  startedAt: string;
  node: string;
  cores: number;
  chart?: { file: string; series: Series[] };
  bookChart?: { file: string; points: BookPoint[] };
}

// Runs before the SVG charts named their series by unit; the legend names them by what places the orders.
const EARLIER_NAMES: Readonly<Record<string, string>> = {
  'POST /v1/orders (orders/s)': PLACEMENT_SERIES.voie,
  'bare workflow.start (starts/s)': PLACEMENT_SERIES.bare,
};

/** Writes the charts of one results JSON; the paths written. */
export async function renderCharts(jsonPath: string): Promise<string[]> {
  const results = JSON.parse(readFileSync(jsonPath, 'utf8')) as Results;
  const stamp = basename(jsonPath, '.json');
  const written: string[] = [];
  if (results.chart?.series.length) {
    const series = results.chart.series.map((s) => ({ name: EARLIER_NAMES[s.name] ?? s.name, points: s.points }));
    const path = join(dirname(jsonPath), chartFile(stamp, 'placement'));
    writeFileSync(path, await placementChart(series, { subtitle: runLabel(results) }));
    written.push(path);
  }
  if (results.bookChart?.points.length) {
    const path = join(dirname(jsonPath), chartFile(stamp, 'book'));
    writeFileSync(path, await bookChart(results.bookChart.points, { subtitle: runLabel(results) }));
    written.push(path);
  }
  return written;
}

async function main(paths: readonly string[]): Promise<void> {
  if (!paths.length) throw new Error('usage: npx tsx bench/render-charts.ts bench/results/<stamp>.json …');
  for (const path of paths) {
    const written = await renderCharts(path);
    process.stdout.write(written.length ? `${written.join('\n')}\n` : `${path}: no chart's figures in it\n`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
