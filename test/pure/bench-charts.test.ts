import type { BookPoint, Series } from '../../bench/charts';
import { PLACEMENT_SERIES, bookChart, placementChart } from '../../bench/charts';
import { bookPoints } from '../../bench/book';
import type { BookFigures } from '../../bench/book-measure';

/** What a reader of the SVG reads: the content of its text elements, in document order. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((match) =>
    match[1]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

const series: Series[] = [
  {
    name: PLACEMENT_SERIES.voie,
    points: [
      { concurrency: 1, rate: 19 },
      { concurrency: 4, rate: 33 },
      { concurrency: 16, rate: 79 },
    ],
  },
  {
    name: PLACEMENT_SERIES.bare,
    points: [
      { concurrency: 1, rate: 106 },
      { concurrency: 4, rate: 124 },
      { concurrency: 16, rate: 233 },
    ],
  },
];

const book: BookPoint[] = [
  { waitingOrders: 1_000, metric: 'worker RSS', value: 300, unit: 'MiB' },
  { waitingOrders: 50_000, metric: 'worker RSS', value: 340, unit: 'MiB' },
  { waitingOrders: 1_000, metric: 'GET /v1/orders/{id} p99', value: 40, unit: 'ms' },
  { waitingOrders: 50_000, metric: 'GET /v1/orders/{id} p99', value: 55, unit: 'ms' },
];

describe("the bench's charts", () => {
  it('the placement chart names itself, its axes and both series, and ticks each concurrency measured', async () => {
    const text = texts(await placementChart(series, { subtitle: 'npm run bench, a run' }));
    expect(text).toEqual(
      expect.arrayContaining([
        'Order placement throughput against concurrency',
        'npm run bench, a run',
        'concurrent requests',
        'orders per second',
        'voie (POST /v1/orders)',
        'bare workflow.start on the same server (baseline)',
        '1',
        '4',
        '16',
      ]),
    );
  });

  it('the book chart draws one chart per metric, each with its own title and its unit on the y axis', async () => {
    const text = texts(await bookChart(book));
    expect(text).toEqual(
      expect.arrayContaining([
        "voie's figures against the number of waiting orders",
        'worker RSS',
        'GET /v1/orders/{id} p99',
        'MiB',
        'ms',
        '1,000',
        '50,000',
      ]),
    );
    expect(text.filter((t) => t === 'waiting orders')).toHaveLength(2);
  });

  it("draws the book phase's measurements: each figure at the orders open when it was taken", async () => {
    const measured = (open: number, workerRssMiB: number): BookFigures => {
      const batch = { rate: 40, latencies: [10, 20, 30] };
      return {
        open,
        workerRssMiB,
        apiRssMiB: 200,
        waitingGets: batch,
        endedGets: batch,
        loanGets: batch,
        seen: { waiting: {}, ended: {} },
        loanUnanswered: 0,
        placement: batch,
        placementStartedAt: 0,
        placementCpu: { busyShare: 0.9, machineMsPerOrder: 40, workerMsPerOrder: 15, apiMsPerOrder: 5 },
        postgresBytes: open * 100 * 1024,
        events: { waiting: [], ended: [] },
        cycles: { waiting: [], ended: [] },
      };
    };
    const points = bookPoints([measured(1_000, 400), measured(10_000, 420)]);
    expect(points.filter((p) => p.metric === 'worker RSS')).toEqual([
      { waitingOrders: 1_000, metric: 'worker RSS', value: 400, unit: 'MiB' },
      { waitingOrders: 10_000, metric: 'worker RSS', value: 420, unit: 'MiB' },
    ]);
    expect(points.find((p) => p.metric === 'PostgreSQL per open order')).toMatchObject({ value: 100, unit: 'KiB' });
    expect(texts(await bookChart(points))).toEqual(
      expect.arrayContaining(['GET of a loan file, p99', 'placement c=16', 'orders/s', '10,000']),
    );
  });

  it('refuses to draw nothing, which would read as a measurement of zero', async () => {
    await expect(placementChart([])).rejects.toThrow('placementChart: no series has a point to draw');
    await expect(placementChart([{ name: PLACEMENT_SERIES.voie, points: [] }])).rejects.toThrow(/no series/);
    await expect(bookChart([])).rejects.toThrow('bookChart: no point to draw');
  });

  it('refuses a metric measured in two units, which one y axis cannot show', async () => {
    await expect(
      bookChart([...book, { waitingOrders: 2_000, metric: 'worker RSS', value: 0.3, unit: 'GiB' }]),
    ).rejects.toThrow('bookChart: worker RSS comes in MiB and in GiB');
  });
});
