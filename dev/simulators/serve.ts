/**
 * Both provider simulators as one long-running process, for docker-compose.yml's `simulators` profile: `node --import
 * tsx dev/simulators/serve.ts --host 0.0.0.0 --webhook-base-url http://voie-api:3000`. They accept the made-up
 * credentials of {@link TRUEWORK_SIMULATOR_CREDENTIALS} and {@link TRUV_SIMULATOR_CREDENTIALS}, which `.env.example`
 * gives voie in its simulators block, and post their webhooks to `/webhooks/<provider>` under the base URL. Settings
 * come as arguments, not the environment: voie's environment is read by `src/config.ts` alone.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TRUEWORK_SIMULATOR_CREDENTIALS } from './truework';
import { TrueworkSimulator } from './truework/simulator';
import { TRUV_SIMULATOR_CREDENTIALS } from './truv';
import { TruvSimulator } from './truv/simulator';

const USAGE = `usage: serve.ts --webhook-base-url URL [--host 127.0.0.1] [--truework-port 4010] [--truv-port 4020]
                [--state-dir DIR] [--step-delay-ms 1000]`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'webhook-base-url': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'truework-port': { type: 'string', default: '4010' },
      'truv-port': { type: 'string', default: '4020' },
      'state-dir': { type: 'string' },
      'step-delay-ms': { type: 'string', default: '1000' },
    },
  });
  const webhookBase = values['webhook-base-url']?.replace(/\/+$/, '');
  if (!webhookBase) throw new Error(USAGE);
  const stateFile = (name: string): string | undefined =>
    values['state-dir'] ? join(values['state-dir'], `${name}.json`) : undefined;
  const common = { host: values.host, stepDelayMs: Number(values['step-delay-ms']) };
  const simulators = [
    await TrueworkSimulator.start({
      ...common,
      ...TRUEWORK_SIMULATOR_CREDENTIALS,
      port: Number(values['truework-port']),
      webhookUrl: `${webhookBase}/webhooks/truework`,
      stateFile: stateFile('truework'),
    }),
    await TruvSimulator.start({
      ...common,
      ...TRUV_SIMULATOR_CREDENTIALS,
      port: Number(values['truv-port']),
      webhookUrl: `${webhookBase}/webhooks/truv`,
      stateFile: stateFile('truv'),
    }),
  ];
  process.stdout.write(`${JSON.stringify({ truework: simulators[0]!.baseUrl, truv: simulators[1]!.baseUrl })}\n`);

  // The container's only process: the supervisor's SIGTERM stops it, cleanly and at once.
  const stop = (): void => {
    void Promise.all(simulators.map((simulator) => simulator.close())).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
