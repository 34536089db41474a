/**
 * The bare HTTP ingress (`bare-ingress.ts`) as a process of its own, started by the bench as it starts `voie api`
 * (`startBareIngress` in `voie-processes.ts`): compiled by `tsconfig.bench.json` when voie runs compiled, under tsx
 * when it runs from its sources. It reads voie api's own settings: `TEMPORAL_ADDRESS`, `VOIE_ENCRYPTION_KEY`,
 * `VOIE_FIELD_KEY`, `TRUEWORK_WEBHOOK_TOKEN`, `TRUV_SECRET` and `PORT`.
 */
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createClientDataConverter } from '../src/temporal/connection';
import { BARE_INGRESS_LISTENING, listenBareIngress } from './bare-ingress';

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  // The SDK's runtime as `voie api` installs it: warnings up, the native side's forwarded (a JS logger, not voie's).
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { forward: {} } } });
  // What `voie api` connects with (`connectClient`, native transport): no TLS or API key on the bench's dev server.
  const connection = await NativeConnection.connect({ address: setting('TEMPORAL_ADDRESS') });
  const client = new Client({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    dataConverter: createClientDataConverter({
      encryptionKeys: [setting('VOIE_ENCRYPTION_KEY')],
      fieldKeys: [setting('VOIE_FIELD_KEY')],
    }),
  });
  const { server, url } = await listenBareIngress(
    client,
    { trueworkToken: setting('TRUEWORK_WEBHOOK_TOKEN'), truvSecret: setting('TRUV_SECRET') },
    Number(process.env.PORT ?? 0),
  );
  process.stdout.write(`${BARE_INGRESS_LISTENING} on ${url}\n`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void connection.close().finally(() => process.exit(0)));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
