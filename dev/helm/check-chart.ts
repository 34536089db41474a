import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { checkRenderedChart, countKinds, expectationsOf, parseManifests } from './chart-checks';

/**
 * `helm template … -f FILE | tsx dev/helm/check-chart.ts -f FILE`: checks the rendered manifests on standard input
 * against what the values files promise (the same `-f` files, in the same order). CI runs it; exit 1 on a problem.
 */
const { values } = parseArgs({ options: { values: { type: 'string', short: 'f', multiple: true } } });
const merged = (values.values ?? []).reduce<Record<string, unknown>>(
  (all, file) => deepMerge(all, parse(readFileSync(file, 'utf8')) as Record<string, unknown>),
  {},
);
const manifests = parseManifests(readFileSync(0, 'utf8'));
const problems = checkRenderedChart(manifests, expectationsOf(merged));
const kinds = Object.entries(countKinds(manifests))
  .map(([kind, count]) => `${count} ${kind}`)
  .join(', ');
if (problems.length) {
  process.stderr.write(
    `the chart's manifests (${kinds}) break its promises:\n${problems.map((p) => `  ${p}`).join('\n')}\n`,
  );
  process.exit(1);
}
process.stdout.write(`the chart's manifests keep their promises: ${kinds}\n`);

/** Helm's merge of values files: objects merged key by key, anything else replaced by the later file. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown> | null): Record<string, unknown> {
  const result = { ...base };
  for (const [key, value] of Object.entries(over ?? {})) {
    const current = result[key];
    result[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
