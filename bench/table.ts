/** The bench's one table: each figure beside its floor or baseline, and the ratio between them. */

/** One line of the table. */
export interface Row {
  /** What is measured, e.g. `placement c=16 (orders/s)`. */
  figure: string;
  value: number;
  /** What the figure is set against, e.g. `bare workflow.start`; absent when it stands alone. */
  baseline?: { name: string; value: number };
  /** Whether a higher value is better (rates) or a lower one (latency, memory, cost): decides the ratio's sense. */
  better: 'higher' | 'lower';
  /** The goal for the ratio, e.g. `≥ 0.9`. */
  goal?: string;
}

/** value / baseline for rates; baseline / value for costs, so that 1 is always "as good as the baseline". */
export function ratio(row: Row): number | undefined {
  if (!row.baseline || row.baseline.value === 0 || row.value === 0) return undefined;
  return row.better === 'higher' ? row.value / row.baseline.value : row.baseline.value / row.value;
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** The table as fixed-width text. */
export function renderTable(rows: readonly Row[]): string {
  const cells = [
    ['figure', 'value', 'baseline', 'baseline value', 'ratio', 'goal'],
    ...rows.map((row) => {
      const r = ratio(row);
      return [
        row.figure,
        format(row.value),
        row.baseline?.name ?? '',
        row.baseline ? format(row.baseline.value) : '',
        r === undefined ? '' : r.toFixed(2),
        row.goal ?? '',
      ];
    }),
  ];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  const line = (values: string[]): string =>
    values
      .map((value, column) => (column === 0 ? value.padEnd(widths[column]!) : value.padStart(widths[column]!)))
      .join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** The table as JSON rows, each with its ratio. */
export function tableJson(rows: readonly Row[]): object[] {
  return rows.map((row) => ({ ...row, ratio: ratio(row) ?? null }));
}
