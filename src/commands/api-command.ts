import type { OutputFormat } from './output';

/** The options every command that calls voie's API takes. */
export interface ApiCommandOptions {
  /** `--url`: the API to call, in place of `VOIE_URL`. */
  url?: string;
  /** `-o, --output`. */
  output: OutputFormat;
}

/** The exit codes of every command, for the help's end. */
export const EXIT_CODES_HELP = `
Exit status:
  0  done
  1  it failed: the API's problem (or another error) on stderr
  2  a usage error: an unknown command or option, a missing or bad argument
`;

/** The environment the API commands read, for their help. */
export const API_ENVIRONMENT_HELP = `
Environment:
  VOIE_URL       the voie API to call (--url wins; default http://127.0.0.1:$PORT, PORT default 3000)
  VOIE_API_KEY   the key sent as Authorization: Bearer (default: the first of VOIE_API_KEYS, else the key
                 voie dev generated in $VOIE_DATA_DIR/dev-secrets.json)
  NO_COLOR, FORCE_COLOR
                 colours: on a terminal unless NO_COLOR is set, never in a pipe unless FORCE_COLOR asks
  A .env in the current directory fills in what the environment leaves unset.
`;

/**
 * `--closing-date`: a date as written (the API judges it), or `null` to clear it. Not an option's parser: commander
 * takes a parser's `null` for a missing value.
 */
export function closingDate(value: string): string | null {
  return value === 'null' ? null : value;
}
