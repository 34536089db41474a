import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json';
import { loadConfig, type Config } from '../config';
import { ApiClient, ApiProblemError } from './api-client';
import { EXIT_CODES_HELP, type ApiCommandOptions } from './api-command';
import { runDevFromCheckout } from './dev-from-checkout';
import { loansCommand } from './loans';
import { ordersCommand } from './orders';
import type { OutputFormat } from './output';
import { styleError } from './output';
import { generateSecrets } from './secrets';
import { runApi, runWorker } from './serve';
import { runSetup } from './setup';
import { registerTruvWebhooks } from './truv';

/** Exit codes: a failure at run time (the API's problem, a bad setting), and a command line voie cannot use. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const TEMPORAL_CONNECTION = `  TEMPORAL_ADDRESS     host:port of the Temporal frontend (required)
  TEMPORAL_NAMESPACE   default: default
  TEMPORAL_API_KEY, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY
                       the connection's credentials (Temporal Cloud, mTLS)`;

const SETTINGS =
  '\nEvery setting, with its default: docs/configuration.md. A .env in the current directory fills in\n' +
  'what the environment leaves unset.\n';

/**
 * The `voie` command line: every subcommand, its help naming the environment it reads, `--version`. The
 * configuration is read only when a command needs it, so `--help`, `--version` and `secrets generate` work beside a
 * `.env` still being written.
 */
export function createProgram(): Command {
  let config: Config | undefined;
  const settings = (): Config => (config ??= loadConfig());
  const connect = (options: ApiCommandOptions): ApiClient => ApiClient.of(settings(), options.url);

  const program = new Command('voie')
    .description("voie: verifications of income and employment for a lender's LOS, on Temporal")
    .version(packageJson.version, '-v, --version', "print voie's version")
    .addHelpText('after', EXIT_CODES_HELP);

  program
    .command('dev')
    .description('everything on one machine (npm start): Temporal dev server, worker, API, provider simulators')
    .addHelpText(
      'after',
      `\nEnvironment:\n  PORT (3000), TEMPORAL_UI_PORT (8233), TEMPORAL_DEV_PORT (7233), VOIE_DATA_DIR (.data)\n` +
        '  TRUEWORK_*, TRUV_*   unset: the simulators play the providers\n' +
        `  VOIE_API_KEYS and the other secrets: generated into $VOIE_DATA_DIR when unset\n${SETTINGS}`,
    )
    .action(() => runDevFromCheckout(settings()));

  program
    .command('api')
    .description('the HTTP API and webhook ingress alone')
    .addHelpText(
      'after',
      `\nEnvironment:\n${TEMPORAL_CONNECTION}\n` +
        '  VOIE_API_KEYS, VOIE_ENCRYPTION_KEY, VOIE_FIELD_KEY   required\n' +
        `  PORT (3000), VOIE_METRICS_PORT (9464), VOIE_CODEC_KEYS, TRUEWORK_*, TRUV_*\n${SETTINGS}`,
    )
    .action(() => runApi(settings()));

  program
    .command('worker')
    .description('the Temporal worker alone (run several to scale out)')
    .addHelpText(
      'after',
      `\nEnvironment:\n${TEMPORAL_CONNECTION}\n` +
        '  VOIE_CALLBACK_SECRET, VOIE_ENCRYPTION_KEY, VOIE_FIELD_KEY   required\n' +
        `  VOIE_METRICS_PORT (9464), TRUEWORK_*, TRUV_* (the providers it places orders with)\n${SETTINGS}`,
    )
    .action(() => runWorker(settings()));

  program
    .command('setup')
    .description("register voie's search attributes on TEMPORAL_NAMESPACE, then exit (a deployment's Job)")
    .addHelpText('after', `\nEnvironment:\n${TEMPORAL_CONNECTION}\n`)
    .action(() => runSetup(settings()));

  program.addCommand(ordersCommand(connect));
  program.addCommand(loansCommand(connect));

  const truv = program.command('truv').description("Truv's side of voie");
  truv
    .command('webhooks')
    .description("voie's subscription to Truv's webhooks")
    .command('register')
    .description('subscribe voie to every Truv event it consumes (creates or updates the one subscription)')
    .requiredOption('--url <url>', "voie's Truv webhook URL, e.g. https://your-voie/webhooks/truv")
    .addHelpText('after', '\nEnvironment:\n  TRUV_BASE_URL, TRUV_CLIENT_ID, TRUV_SECRET   required\n')
    .action((options: { url: string }) => registerTruvWebhooks(settings(), options.url));

  program
    .command('secrets')
    .description('secrets for a .env')
    .command('generate')
    .description('fresh secrets in .env syntax (voie secrets generate >> .env); reads no configuration')
    .action(() => {
      process.stdout.write(generateSecrets());
    });

  forEachCommand(program, (command) => command.exitOverride().showHelpAfterError('(add --help for usage)'));
  return program;
}

/**
 * Runs the command line: exits 1 when it failed, 2 on a usage error; when it succeeds the process ends on its own, as
 * `voie api`, `worker` and `dev` keep running after their command returns.
 */
export async function runCli(argv: string[]): Promise<void> {
  const program = createProgram();
  let format: OutputFormat = 'text';
  program.hook('preAction', (_program, action) => {
    const { output } = action.opts<{ output?: OutputFormat }>();
    if (output === undefined) return;
    format = output;
    // What prints an API answer may be piped into `head`: a reader that stops early ends the command, quietly.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(0);
    });
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    // Exits now: a command that failed half-started (`voie api` with its metrics server up) must not linger.
    process.exit(exitCodeOf(err, format));
  }
}

/** The exit code of what stopped a command; says why on stderr unless commander already did. */
function exitCodeOf(err: unknown, format: OutputFormat): number {
  if (err instanceof CommanderError) {
    // Help and the version, asked for, are done; any other stop of the parser is a command line it cannot use.
    return err.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (err instanceof ApiProblemError) {
    process.stderr.write(problemText(err, format));
    return EXIT_FAILURE;
  }
  process.stderr.write(`${styleError('red', 'voie:')} ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT_FAILURE;
}

/** The API's problem: its document as is with `-o json`, else a line and one line per field error. */
function problemText(err: ApiProblemError, format: OutputFormat): string {
  if (format === 'json' && err.body !== null) return `${JSON.stringify(err.body, null, 2)}\n`;
  const lines = [`${styleError('red', 'voie:')} ${err.message}`];
  for (const field of err.problem?.errors ?? []) lines.push(`  ${field.field}: ${field.message}`);
  if (err.problem?.correlation_id) lines.push(styleError('dim', `  request id ${err.problem.correlation_id}`));
  if (!err.problem && err.body !== null) lines.push(`  ${JSON.stringify(err.body)}`);
  return `${lines.join('\n')}\n`;
}

function forEachCommand(command: Command, visit: (command: Command) => void): void {
  visit(command);
  for (const sub of command.commands) forEachCommand(sub, visit);
}
