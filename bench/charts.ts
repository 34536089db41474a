/**
 * The bench's charts, as SVG a reader understands without the code: a title, axes named with their units, a legend.
 * Each chart is a Vega-Lite spec, compiled by vega-lite and rendered by vega without a browser or a canvas.
 */
import type { TopLevelSpec } from 'vega-lite';

/** One line of the placement chart: a rate (per second) at each concurrency. */
export interface Series {
  /** The legend's label, e.g. {@link PLACEMENT_SERIES}.voie. */
  name: string;
  points: { concurrency: number; rate: number }[];
}

/** The placement chart's two series: voie's API, and the bare start it is measured against. */
export const PLACEMENT_SERIES = {
  voie: 'voie (POST /v1/orders)',
  bare: 'bare workflow.start on the same server (baseline)',
} as const;

/** One figure of the book phase measured with a number of orders waiting, e.g. worker RSS in MiB at 50,000. */
export interface BookPoint {
  waitingOrders: number;
  /** What is measured, e.g. `worker RSS` or `GET /v1/orders/{id} p99`: one small chart per metric. */
  metric: string;
  value: number;
  /** The metric's unit, e.g. `MiB` or `ms`: its chart's y axis. */
  unit: string;
}

/** Where a run's chart is written, beside its results JSON: e.g. `<stamp>-placement.svg`. */
export function chartFile(stamp: string, chart: 'placement' | 'book'): string {
  return `${stamp}-${chart}.svg`;
}

/** The line under a chart's title that names its run, so that a chart seen without its JSON still says which. */
export function runLabel(run: { startedAt: string; cores: number; node: string }): string {
  return `npm run bench, ${run.startedAt}, ${run.cores} cores, node ${run.node}`;
}

/**
 * Placement throughput against concurrency: orders per second for each series, on a log-2 axis of concurrent
 * requests with a tick at each concurrency measured.
 *
 * @returns The SVG document.
 * @throws Error when no series has a point: an empty chart would read as a measurement of zero.
 */
export async function placementChart(series: readonly Series[], options: { subtitle?: string } = {}): Promise<string> {
  const values = series.flatMap((s) =>
    s.points.map((p) => ({ series: s.name, concurrency: p.concurrency, rate: p.rate })),
  );
  if (!values.length) throw new Error('placementChart: no series has a point to draw');
  return renderSvg({
    title: { text: 'Order placement throughput against concurrency', subtitle: options.subtitle },
    width: 560,
    height: 320,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'concurrency',
        type: 'quantitative',
        title: 'concurrent requests',
        scale: { type: 'log', base: 2 },
        axis: { values: distinct(values.map((v) => v.concurrency)), format: 'd' },
      },
      y: { field: 'rate', type: 'quantitative', title: 'orders per second' },
      color: {
        field: 'series',
        type: 'nominal',
        sort: series.map((s) => s.name),
        // The labels say what each line is; a title over them would only repeat "series".
        legend: { title: null, orient: 'bottom', direction: 'vertical', labelLimit: 0 },
      },
    },
  });
}

/**
 * The book's figures against the number of waiting orders: one small chart per metric, in the order the metrics
 * first appear, each with its own y axis in the metric's unit (MiB and ms share no scale).
 *
 * @returns The SVG document.
 * @throws Error when there is no point, or when a metric comes with two units.
 */
export async function bookChart(points: readonly BookPoint[], options: { subtitle?: string } = {}): Promise<string> {
  if (!points.length) throw new Error('bookChart: no point to draw');
  const units = new Map<string, string>();
  for (const point of points) {
    const unit = units.get(point.metric) ?? point.unit;
    if (unit !== point.unit) throw new Error(`bookChart: ${point.metric} comes in ${unit} and in ${point.unit}`);
    units.set(point.metric, unit);
  }
  const sizes = distinct(points.map((p) => p.waitingOrders));
  return renderSvg({
    title: { text: "voie's figures against the number of waiting orders", subtitle: options.subtitle },
    columns: Math.min(3, units.size),
    concat: [...units].map(([metric, unit]) => ({
      title: metric,
      width: 220,
      height: 160,
      data: { values: points.filter((p) => p.metric === metric) },
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'waitingOrders',
          type: 'quantitative',
          title: 'waiting orders',
          axis: { values: sizes, format: ',d' },
        },
        y: { field: 'value', type: 'quantitative', title: unit },
      },
    })),
  });
}

function distinct(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Both are ES modules, and vega's canvas loader awaits at its top level, which `require` cannot load: tsx keeps
  // this `import()` as it is (under jest, ts-jest turns it into a `require` of their bundles: jest.config.js).
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
