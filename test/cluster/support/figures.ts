import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** With VOIE_CLUSTER_LOGS=<folder>, appends a test's figures to `<folder>/figures.jsonl` (the run stays quiet). */
export function recordFigures(test: string, figures: object): void {
  const dir = process.env.VOIE_CLUSTER_LOGS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, 'figures.jsonl'), `${JSON.stringify({ test, ...figures })}\n`);
}

/** How many times each value occurs. */
export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
