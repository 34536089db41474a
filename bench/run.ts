/**
 * `npm run bench`: voie's throughput on this machine, end to end on a real Temporal dev server, with the provider
 * simulators over loopback. Bounded: a fixed number of orders and webhooks, then it stops.
 */
import { randomBytes } from 'node:crypto';
import { EncryptionCodec, encryptionKeyFromBase64 } from '../src/temporal/encryption-codec';
import { VoieStack, TRUEWORK_TOKEN } from '../test/support/stack';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100);
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 1000);
const CONCURRENCY = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function pool<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

async function benchOrders(stack: VoieStack): Promise<string[]> {
  const latencies: number[] = [];
  const ids: string[] = [];
  const started = Date.now();
  await pool(
    Array.from({ length: ORDERS }, (_, i) => i),
    async () => {
      const t = Date.now();
      const order = await stack.placeOrder({ callback_url: undefined });
      latencies.push(Date.now() - t);
      ids.push(order.id);
    },
  );
  const placedIn = Date.now() - started;
  await Promise.all(ids.map((id) => stack.waitForWorkflow(id)));
  const doneIn = Date.now() - started;
  latencies.sort((a, b) => a - b);
  return [
    `orders placed (POST /v1/orders, ${CONCURRENCY} concurrent): ${ORDERS} in ${placedIn} ms = ${((ORDERS * 1000) / placedIn).toFixed(1)}/s; ` +
      `latency p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`,
    `orders completed end to end (create, webhooks, reads, report): ${ORDERS} in ${doneIn} ms = ${((ORDERS * 1000) / doneIn).toFixed(1)}/s`,
  ];
}

async function benchWebhooks(stack: VoieStack): Promise<string> {
  stack.simulator.setFaults({ dropWebhooks: true });
  const orders = [];
  for (let i = 0; i < 10; i += 1) {
    orders.push(
      await stack.placeOrder(
        { callback_url: undefined, options: { cancel_on_action_required: false, poll_interval: '1h' } },
        { ssn: `000-03-${String(9000 + i)}` },
      ),
    );
  }
  for (const order of orders) await stack.waitForOrder(order.id, (o) => o.provider_order_id !== null);
  const views = await Promise.all(
    orders.map(
      async (order) =>
        (await stack.api('GET', `/v1/orders/${order.id}`)).body as { id: string; provider_order_id: string },
    ),
  );
  const latencies: number[] = [];
  const started = Date.now();
  await pool(
    Array.from({ length: WEBHOOKS }, (_, i) => i),
    async (i) => {
      const order = views[i % views.length]!;
      const t = Date.now();
      const response = await stack.api(
        'POST',
        '/webhooks/truework',
        {
          hook: {
            event: 'verification_request.state.change',
            triggered_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
          },
          data: { order_id: order.provider_order_id, state: 'action-required', metadata: { voie_order_id: order.id } },
        },
        { authorization: '', 'x-truework-token': TRUEWORK_TOKEN },
      );
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      latencies.push(Date.now() - t);
    },
  );
  const elapsed = Date.now() - started;
  latencies.sort((a, b) => a - b);
  for (const order of orders) await stack.api('POST', `/v1/orders/${order.id}/cancel`);
  stack.simulator.resetFaults();
  return (
    `webhooks acknowledged (token check, signal durably in Temporal, ${CONCURRENCY} concurrent, 10 orders): ` +
    `${WEBHOOKS} in ${elapsed} ms = ${((WEBHOOKS * 1000) / elapsed).toFixed(0)}/s; latency p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`
  );
}

async function benchCodec(): Promise<string> {
  const codec = new EncryptionCodec([encryptionKeyFromBase64(randomBytes(32).toString('base64'))]);
  const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: randomBytes(16 * 1024) };
  const rounds = 20_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) await codec.decode(await codec.encode([payload]));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return `payload codec (AES-256-GCM, 16 KiB payloads, encode+decode): ${(rounds / seconds).toFixed(0)} round trips/s = ${((rounds * 16) / 1024 / seconds).toFixed(0)} MiB/s`;
}

async function main(): Promise<void> {
  const stack = await VoieStack.start({ env: { VOIE_RATE_LIMIT: '1000000' } });
  try {
    const lines = [await benchCodec(), ...(await benchOrders(stack)), await benchWebhooks(stack)];
    process.stdout.write(
      `\nvoie benchmarks (${new Date().toISOString()}, node ${process.version})\n${lines.map((l) => `  ${l}`).join('\n')}\n`,
    );
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
