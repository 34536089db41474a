/**
 * The README's example: places an order with voie's simulators behind `npm start`, reads it until it ends, and prints
 * it. Run it from the repository: `VOIE_API_KEY=… npx tsx packages/client/examples/place-and-read.ts`.
 */
import { createVoieClient } from '../src';

async function main(): Promise<void> {
  const voie = createVoieClient({ baseUrl: 'http://127.0.0.1:3000', apiKey: process.env.VOIE_API_KEY ?? '' });

  const placed = await voie.POST('/v1/orders', {
    body: {
      external_id: `example-${Date.now()}`,
      provider: 'truework',
      permissible_purpose: 'credit-application',
      applicant: { first_name: 'Jane', last_name: 'Doe', ssn: '000-00-0000' },
      employer: { name: 'Acme Corp' },
    },
  });
  if (!placed.data) throw new Error(`not placed: ${JSON.stringify(placed.error)}`);

  for (;;) {
    const { data: order, error } = await voie.GET('/v1/orders/{id}', { params: { path: { id: placed.data.id } } });
    if (!order) throw new Error(`not read: ${JSON.stringify(error)}`);
    if (['completed', 'canceled', 'expired', 'failed'].includes(order.status)) {
      process.stdout.write(`${order.id} ${order.status}, ${order.employments.length} employment(s)\n`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

void main();
