/**
 * The provider simulators as their own OS process, as a provider's sandbox is to voie: `node --import tsx simulators-process.ts`
 * with WEBHOOK_BASE_URL (where `/webhooks/<provider>` reaches voie's ingress) and STEP_DELAY_MS. Prints one JSON
 * line, {@link SimulatorUrls}, once both listen; stops on SIGTERM or SIGINT.
 *
 * A small control endpoint lets the test read each simulator's orders and request log and set its faults, as it would
 * through a provider's dashboard.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatorFaults } from '../../../dev/simulators/kit/faults';
import { TrueworkSimulator } from '../../../dev/simulators/truework/simulator';
import { TruvSimulator } from '../../../dev/simulators/truv/simulator';
import { SIMULATED_CREDENTIALS, type SimulatorUrls } from './simulated-providers';

async function main(): Promise<void> {
  const webhookBase = process.env.WEBHOOK_BASE_URL;
  if (!webhookBase) throw new Error('WEBHOOK_BASE_URL is required');
  const stepDelayMs = Number(process.env.STEP_DELAY_MS ?? '200');
  const simulators = {
    truework: await TrueworkSimulator.start({
      apiKey: SIMULATED_CREDENTIALS.trueworkApiKey,
      webhookToken: SIMULATED_CREDENTIALS.trueworkWebhookToken,
      webhookUrl: `${webhookBase}/webhooks/truework`,
      stepDelayMs,
    }),
    truv: await TruvSimulator.start({
      clientId: SIMULATED_CREDENTIALS.truvClientId,
      secret: SIMULATED_CREDENTIALS.truvSecret,
      webhookUrl: `${webhookBase}/webhooks/truv`,
      stepDelayMs,
    }),
  };

  const control = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const [, resource, provider] = url.pathname.split('/');
    const simulator = simulators[provider as keyof typeof simulators];
    const answer = (status: number, body?: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
    };
    if (!simulator) return answer(404, { error: `no simulator ${provider}` });
    if (resource === 'orders' && req.method === 'GET') return answer(200, simulator.listOrders());
    // `?from=N` answers the log from its Nth request on: a bench of thousands of orders reads it as it grows.
    if (resource === 'requests' && req.method === 'GET') {
      return answer(200, simulator.requests.slice(Number(url.searchParams.get('from') ?? 0)));
    }
    if (resource === 'faults' && req.method === 'DELETE') {
      simulator.resetFaults();
      return answer(204);
    }
    if (resource === 'faults' && req.method === 'PUT') {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        simulator.setFaults(JSON.parse(text) as Partial<SimulatorFaults>);
        answer(204);
      });
      return;
    }
    answer(405);
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));

  const urls: SimulatorUrls = {
    truework: simulators.truework.baseUrl,
    truv: simulators.truv.baseUrl,
    control: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
  };
  process.stdout.write(`${JSON.stringify(urls)}\n`);

  const stop = (): void => {
    control.close();
    void Promise.all(Object.values(simulators).map((simulator) => simulator.close())).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
