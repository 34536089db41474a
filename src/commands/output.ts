import { stripVTControlCharacters, styleText } from 'node:util';
import { Option } from 'commander';
import type { OrderStatus } from '../domain';

/** How a command prints what the API answered: `text` for a person, `json` the API's body as is, one document. */
export type OutputFormat = 'text' | 'json';

/** `-o, --output json|text`, on every command that prints what the API answered. */
export function outputOption(): Option {
  return new Option('-o, --output <format>', "json: the API's body as is, one document")
    .choices(['text', 'json'])
    .default('text');
}

/** Prints one API body: as JSON, or through `text` for a person. */
export function print<T>(format: OutputFormat, body: T, text: (body: T) => string): void {
  process.stdout.write(format === 'json' ? `${JSON.stringify(body, null, 2)}\n` : text(body));
}

type Style = Parameters<typeof styleText>[0];

/**
 * `text` styled for stdout, only when stdout shows colours: a terminal, unless `NO_COLOR` is set, or wherever
 * `FORCE_COLOR` asks for them (Node's own rules, `util.styleText`'s stream check). Never in a pipe or a file.
 */
export function style(format: Style, text: string): string {
  return styleText(format, text, { stream: process.stdout });
}

/** The same for stderr, where errors go. */
export function styleError(format: Style, text: string): string {
  return styleText(format, text, { stream: process.stderr });
}

/** An order's status in the colour of how it stands: green completed, red ended otherwise, yellow under way. */
export function statusText(status: OrderStatus | null): string {
  if (status === null) return '-';
  if (status === 'completed') return style('green', status);
  if (status === 'canceled' || status === 'expired' || status === 'failed') return style('red', status);
  return style('yellow', status);
}

/** Rows of cells as aligned columns, the first row a dim header. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, visibleLength(cell));
  }
  return rows
    .map((row, line) => {
      const text = row
        .map((cell, index) =>
          index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - visibleLength(cell)),
        )
        .join('  ');
      return `${line === 0 ? style('dim', text.trimEnd()) : text.trimEnd()}\n`;
    })
    .join('');
}

/** The length a terminal shows: colour escapes take no room. */
function visibleLength(text: string): number {
  return stripVTControlCharacters(text).length;
}
