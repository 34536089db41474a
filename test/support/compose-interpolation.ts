/**
 * Compose's variable interpolation, as the Compose Specification defines it and `docker compose config` applies it to
 * every string value after the YAML is read: `$$` (a literal `$`), `$NAME`, `${NAME}`, `${NAME:-default}` and
 * `${NAME-default}`, `${NAME:?error}` and `${NAME?error}`, `${NAME:+replacement}` and `${NAME+replacement}`, with
 * variables nested in the default, error and replacement. For checking docker-compose.yml where no Docker runs.
 */

/** A `${NAME:?…}` or `${NAME?…}` whose variable is missing: compose refuses the file with this message. */
export class MissingVariableError extends Error {
  override name = 'MissingVariableError';
}

/** Every string in `value` (a parsed compose file) interpolated with `env`; mapping keys are left as they are. */
export function interpolateCompose(value: unknown, env: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateCompose(item, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateCompose(item, env)]));
  }
  return value;
}

/** One string interpolated with `env`. */
export function interpolate(text: string, env: Readonly<Record<string, string>>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char !== '$') {
      out += char;
      i += 1;
    } else if (text[i + 1] === '$') {
      out += '$';
      i += 2;
    } else if (text[i + 1] === '{') {
      const end = closingBrace(text, i + 2);
      out += expand(text.slice(i + 2, end), env);
      i = end + 1;
    } else {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
      if (!name) throw new Error(`"${text}": a lone $ (write $$ for a literal one)`);
      out += env[name] ?? '';
      i += 1 + name.length;
    }
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i += 1) {
    if (text[i] === '$' && text[i + 1] === '$') i += 1;
    else if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`"${text}": an unclosed \${`);
}

function expand(body: string, env: Readonly<Record<string, string>>): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!match) throw new Error(`"\${${body}}": not a compose variable`);
  const [, name, operator, operand = ''] = match;
  const value = env[name!];
  // With the colon, an empty value counts as unset; without it, only an absent one does.
  const unset = operator?.startsWith(':') ? !value : value === undefined;
  switch (operator?.replace(':', '')) {
    case undefined:
      return value ?? '';
    case '-':
      return unset ? interpolate(operand, env) : value!;
    case '?':
      if (unset) throw new MissingVariableError(`${name}: ${interpolate(operand, env)}`);
      return value!;
    default:
      return unset ? '' : interpolate(operand, env);
  }
}
