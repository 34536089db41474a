/** The PNG chart of throughput against concurrency: one line per series, log-2 x axis, linear y axis from 0. */
import type { Rgb } from './png';
import { Canvas } from './png';

/** One line of the chart: a rate (per second) at each concurrency. */
export interface Series {
  name: string;
  color: Rgb;
  points: { concurrency: number; rate: number }[];
}

const WIDTH = 720;
const HEIGHT = 420;
const MARGIN = { left: 70, right: 30, top: 30, bottom: 50 };
const AXIS: Rgb = [60, 60, 60];
const GRID: Rgb = [225, 225, 225];

/** Draws the series; the legend is a colored square per series, in order (the JSON names them). */
export function throughputChart(series: readonly Series[]): Buffer {
  const canvas = new Canvas(WIDTH, HEIGHT);
  const all = series.flatMap((s) => s.points);
  const xs = [...new Set(all.map((p) => p.concurrency))].sort((a, b) => a - b);
  const top = niceCeiling(Math.max(1, ...all.map((p) => p.rate)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const lo = Math.log2(xs[0] ?? 1);
  const hi = Math.log2(xs[xs.length - 1] ?? 2);
  const x = (c: number): number => MARGIN.left + ((Math.log2(c) - lo) / Math.max(1e-9, hi - lo)) * plotW;
  const y = (rate: number): number => MARGIN.top + plotH - (rate / top) * plotH;
  for (let i = 0; i <= 5; i += 1) {
    const value = (top * i) / 5;
    canvas.line(MARGIN.left, y(value), WIDTH - MARGIN.right, y(value), GRID);
    const label = String(Math.round(value));
    canvas.text(MARGIN.left - 10 - label.length * 8, y(value) - 5, label, AXIS);
  }
  for (const c of xs) {
    canvas.line(x(c), MARGIN.top, x(c), MARGIN.top + plotH, GRID);
    const label = String(c);
    canvas.text(x(c) - label.length * 4, MARGIN.top + plotH + 12, label, AXIS);
  }
  canvas.line(MARGIN.left, MARGIN.top, MARGIN.left, MARGIN.top + plotH, AXIS, 2);
  canvas.line(MARGIN.left, MARGIN.top + plotH, WIDTH - MARGIN.right, MARGIN.top + plotH, AXIS, 2);
  series.forEach((s, index) => {
    const points = [...s.points].sort((a, b) => a.concurrency - b.concurrency);
    points.forEach((p, i) => {
      const next = points[i + 1];
      if (next) canvas.line(x(p.concurrency), y(p.rate), x(next.concurrency), y(next.rate), s.color, 3);
      canvas.rect(x(p.concurrency) - 4, y(p.rate) - 4, 9, 9, s.color);
    });
    canvas.rect(MARGIN.left + 20 + index * 30, MARGIN.top - 20, 14, 14, s.color);
  });
  return canvas.png();
}

/** 1, 2 or 5 times a power of ten, at or above `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power;
}
