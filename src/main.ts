import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { runDevFromCheckout } from './commands/dev-from-checkout';
import { runLoans } from './commands/loans';
import { runOrders } from './commands/orders';
import { runSecrets } from './commands/secrets';
import { runApi, runWorker } from './commands/serve';
import { runSetup } from './commands/setup';
import { runTruv } from './commands/truv';

const USAGE = `usage: voie <command>
  dev                     everything on one machine (npm start)
  api                     the HTTP API and webhook ingress
  worker                  the Temporal worker
  setup                   register voie's search attributes on TEMPORAL_NAMESPACE, then exit (a deployment's Job)
  orders create|get|list|cancel|watch|patch|reverify|deliveries|redeliver   the LOS API from a terminal
    create [--file F] [--employer NAME]... [--providers truv,truework] [--type employment]
                          the order JSON (stdin by default); each --employer replaces the body's employers,
                          --providers its provider (a waterfall, tried in that order), --type its type
    patch ID --closing-date YYYY-MM-DD|null
                          sets, moves or clears the closing date the re-verification before closing counts from
    reverify ID           runs the re-verification before closing now
  loans get|set           a loan: the one closing date of all its orders
    get LOAN_ID           the loan file: its orders, their re-verifications, whether it is ready to close
    set LOAN_ID --closing-date YYYY-MM-DD|null [--business-days N]
                          sets, moves or clears the closing date of every order of the loan
  truv webhooks register --url URL      subscribe voie to every Truv event it consumes
  secrets generate        fresh secrets in .env syntax (voie secrets generate >> .env)
`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      file: { type: 'string' },
      employer: { type: 'string', multiple: true },
      providers: { type: 'string' },
      type: { type: 'string' },
      'closing-date': { type: 'string' },
      'business-days': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  // Before the configuration is read: generating secrets needs none, and must work beside a .env still being made.
  if (command === 'secrets') return runSecrets(rest);
  const config = loadConfig();
  switch (command) {
    case 'dev':
      return runDevFromCheckout(config);
    case 'api':
      return runApi(config);
    case 'worker':
      return runWorker(config);
    case 'setup':
      return runSetup(config);
    case 'orders':
      return runOrders(config, rest, values);
    case 'loans':
      return runLoans(config, rest, values);
    case 'truv':
      return runTruv(config, rest, values);
    default:
      throw new Error(`unknown command "${command}"\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
