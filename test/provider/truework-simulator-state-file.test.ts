import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TrueworkSimulator } from '../../dev/simulators/truework/simulator';
import { eventually, sleep } from '../kit';
import { useStateFile } from '../support/state-file';
import { TOKEN, useTrueworkSimulator, type OrderJson } from '../support/truework-simulator-setup';

/** The Truework simulator's state file: what it saves, and what a restart from it resumes. */
describe('TrueworkSimulator', () => {
  const tw = useTrueworkSimulator();
  const { call, create, getOrder } = tw;

  describe('with a stateFile', () => {
    const stateFile = useStateFile('truework.json', () => tw.sim.close());
    let file: string;

    const startWithFile = (stepDelayMs: number) =>
      TrueworkSimulator.start({ webhookUrl: tw.receiver.url, webhookToken: TOKEN, stepDelayMs, stateFile: file });

    const restart = async (stepDelayMs = 50): Promise<void> => {
      await tw.sim.close();
      tw.sim = await startWithFile(stepDelayMs);
    };

    const stateOf = (order: OrderJson): string | undefined =>
      (tw.sim.listOrders() as OrderJson[]).find((o) => o.id === order.id)?.verification_requests[0]?.state
        .canonical_value;

    const eventsOf = (order: OrderJson): string[] =>
      tw.receiver.delivered
        .filter((d) => d.body.data.order_id === order.id)
        .map((d) => (d.body.data.state ? `state:${d.body.data.state}` : d.body.hook.event));

    beforeEach(async () => {
      file = stateFile();
      await tw.sim.close();
      tw.sim = await startWithFile(50);
    });

    afterEach(() => jest.restoreAllMocks());

    it('writes nothing until something changes, then the whole state, atomically', async () => {
      expect(existsSync(file)).toBe(false);
      const order = await create('000-03-0000');
      expect(existsSync(file)).toBe(true);
      expect(existsSync(`${file}.tmp`)).toBe(false);
      await tw.sim.idle();
      const saved = readFileSync(file, 'utf8');
      expect(saved).toContain(order.id);
      expect(saved).toContain('action-required');
      // Nothing depends on the port, which changes from run to run; the SSN stays masked.
      expect(saved).not.toContain(tw.sim.baseUrl);
      expect(saved).not.toContain('000-03-0000');
      expect(saved).not.toContain('000030000');
    });

    it('keeps every order across a restart; one processing at shutdown completes, a parked one stays parked', async () => {
      const completed = await create('000-00-0000');
      const canceled = await create('000-01-1234', { search_key: 'key-canceled' });
      const parked = await create('000-03-0000');
      await tw.sim.idle();

      // A slower run, so the order can be caught between its two steps with its first webhook delivered.
      await restart(150);
      const moving = await create('000-00-0007');
      await eventually(() => stateOf(moving) === 'processing' && eventsOf(moving).length === 1);
      const before = await Promise.all([completed, canceled, parked, moving].map((o) => getOrder(o.id)));
      const hookId = tw.receiver.delivered[0]?.body.hook.id;
      const oldUrl = tw.sim.baseUrl;

      // Restarted with steps too slow to fire during the comparison, so nothing moves under a loaded machine.
      await restart(60_000);
      expect(tw.sim.baseUrl).not.toBe(oldUrl);
      const after = await Promise.all([completed, canceled, parked, moving].map((o) => getOrder(o.id)));
      expect(after).toEqual(before);
      expect((tw.sim.listOrders() as OrderJson[]).map((o) => o.id)).toEqual(
        [completed, canceled, parked, moving].map((o) => o.id),
      );
      const found = (await (await call('GET', '/orders?search_key=key-canceled')).json()) as { results: OrderJson[] };
      expect(found.results.map((o) => o.id)).toEqual([canceled.id]);
      const report = before[0]?.verification_requests[0]?.reports[0];
      const fetched = await call('GET', `/reports/${report?.id}`);
      expect(fetched.status).toBe(200);
      expect(await fetched.json()).toEqual(report);

      await restart(20);
      await tw.sim.idle();
      const done = (await getOrder(moving.id)).verification_requests[0];
      expect(done?.state.canonical_value).toBe('completed');
      expect(done?.reports).toHaveLength(2);
      for (const r of done?.reports ?? []) expect((await call('GET', `/reports/${r.id}`)).status).toBe(200);
      expect(eventsOf(moving)).toEqual(['state:processing', 'state:completed', 'order.completed']);
      // Still the same webhook subscription as far as the receiver can tell.
      expect(new Set(tw.receiver.delivered.map((d) => d.body.hook.id))).toEqual(new Set([hookId]));

      await sleep(100);
      expect(stateOf(parked)).toBe('action-required');
      expect(stateOf(completed)).toBe('completed');
      expect(stateOf(canceled)).toBe('canceled');
      const cancel = await call('PUT', `/orders/${parked.id}/cancel`, { cancellation_reason: 'other' });
      expect(cancel.status).toBe(200);
      await tw.sim.idle();
      expect(eventsOf(parked)).toEqual([
        'state:processing',
        'state:action-required',
        'state:canceled',
        'order.completed',
      ]);

      // The cancel was saved too.
      await restart();
      expect((await getOrder(parked.id)).verification_requests[0]?.cancellation_reason?.canonical_value).toBe('other');
    });

    it('resumes an order that had not taken its first step', async () => {
      await restart(60_000);
      const order = await create('000-01-0000');
      await restart(20);
      await tw.sim.idle();
      expect(stateOf(order)).toBe('canceled');
      expect(eventsOf(order)).toEqual(['state:processing', 'state:canceled', 'order.completed']);
    });

    it.each([
      ['truncated JSON', '{"version":1,"hookId":5,"orders":[{"json":'],
      ['another format', '{"version":99,"hookId":5,"orders":[]}'],
      ['a malformed order', '{"version":1,"hookId":5,"orders":[{"json":{"id":"x"}}]}'],
    ])('starts fresh, with a warning, from %s', async (_name, content) => {
      await tw.sim.close();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      tw.sim = await startWithFile(20);
      expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/truework simulator: cannot restore state from/));
      expect(tw.sim.listOrders()).toEqual([]);
      expect((await call('GET', '/orders/x')).status).toBe(404);

      const order = await create('000-00-0001');
      await tw.sim.idle();
      await restart();
      expect((await getOrder(order.id)).verification_requests[0]?.state.canonical_value).toBe('completed');
    });
  });
});
