import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TruvSimulator } from '../../dev/simulators/truv/simulator';
import { eventually, sleep } from '../kit';
import { useStateFile } from '../support/state-file';
import {
  CLIENT_ID,
  HEX32,
  SECRET,
  sign,
  SUCCESS_TAIL,
  useTruvSimulator,
  type OrderJson,
  type ReportJson,
} from '../support/truv-simulator-setup';

/** The Truv simulator's state file: what it saves, and what a restart from it resumes. */
describe('TruvSimulator', () => {
  const truv = useTruvSimulator();
  const { call, create, getOrder } = truv;

  describe('with a stateFile', () => {
    const stateFile = useStateFile('truv.json', () => truv.sim.close());
    let file: string;

    const startWithFile = (stepDelayMs: number, expireAfterMs?: number) =>
      TruvSimulator.start({
        clientId: CLIENT_ID,
        secret: SECRET,
        webhookUrl: truv.receiver.url,
        stepDelayMs,
        stateFile: file,
        ...(expireAfterMs !== undefined ? { expireAfterMs } : {}),
      });

    const restart = async (stepDelayMs = 30, expireAfterMs?: number): Promise<void> => {
      await truv.sim.close();
      truv.sim = await startWithFile(stepDelayMs, expireAfterMs);
    };

    const eventsOf = (order: OrderJson): string[] =>
      truv.receiver.delivered
        .filter((d) => d.body.user_id === order.user_id)
        .map((d) => (d.body.status ? `${d.body.event_type}:${d.body.status}` : d.body.event_type));

    const read = async <T>(path: string): Promise<T> => {
      const res = await call('GET', path);
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };

    beforeEach(async () => {
      file = stateFile();
      await truv.sim.close();
      truv.sim = await startWithFile(30);
    });

    afterEach(() => jest.restoreAllMocks());

    it('writes nothing until something changes, then the whole state, atomically', async () => {
      expect(existsSync(file)).toBe(false);
      const order = await create('Idle');
      expect(existsSync(file)).toBe(true);
      expect(existsSync(`${file}.tmp`)).toBe(false);
      await truv.sim.idle();
      const saved = readFileSync(file, 'utf8');
      expect(saved).toContain(order.id);
      // Nothing depends on the port, which changes from run to run; the SSN is never kept.
      expect(saved).not.toContain(truv.sim.baseUrl);
      expect(saved).not.toContain('512763948');
    });

    it('keeps orders, reports, links and subscriptions; a journey under way finishes after the restart', async () => {
      const success = await create('Success', { order_number: 'n-success' });
      const idle = await create('Idle', { order_number: 'n-idle' });
      await truv.sim.idle();
      const onDemand = (await (
        await call('POST', `/v1/users/${success.user_id}/reports/`, { is_voe: true })
      ).json()) as ReportJson;
      const hook = (await (
        await call('POST', '/v1/webhooks/', {
          name: 'voie',
          webhook_url: 'https://voie.example.test/webhooks/truv',
          env_type: 'sandbox',
          events: ['order-status-updated'],
        })
      ).json()) as { id: string };
      expect((await call('PATCH', `/v1/webhooks/${hook.id}/`, { events: ['order-created'] })).status).toBe(200);

      // A slower run, so the second task can be caught before it starts, with every earlier webhook delivered.
      await restart(150);
      const moving = await create('LoginError', { order_number: 'n-moving' });
      await eventually(() => eventsOf(moving).at(-1) === 'task-status-updated:login_error');
      const done = await getOrder(success.id);
      const before = {
        orders: await Promise.all([success, idle, moving].map((o) => getOrder(o.id))),
        report: await read<ReportJson>(`/v1/users/${success.user_id}/reports/${done.voie_report_id}/`),
        onDemand: await read<ReportJson>(`/v1/users/${success.user_id}/reports/${onDemand.report_id}/`),
        hooks: await read<unknown>('/v1/webhooks/'),
      };
      const oldUrl = truv.sim.baseUrl;

      // Steps a second apart after the restart: the reads below see the journey where it stopped, however loaded the
      // machine, and it still finishes within the test.
      await restart(1_000);
      expect(truv.sim.baseUrl).not.toBe(oldUrl);
      expect(await Promise.all([success, idle, moving].map((o) => getOrder(o.id)))).toEqual(before.orders);
      expect((truv.sim.listOrders() as OrderJson[]).map((o) => o.id)).toEqual([success.id, idle.id, moving.id]);
      const listed = await read<{ results: OrderJson[] }>('/v1/orders/?order_number=n-idle');
      expect(listed.results.map((o) => o.id)).toEqual([idle.id]);
      expect(await read(`/v1/users/${success.user_id}/reports/${done.voie_report_id}/`)).toEqual(before.report);
      expect(await read(`/v1/users/${success.user_id}/reports/${onDemand.report_id}/`)).toEqual(before.onDemand);
      expect(await read('/v1/webhooks/')).toEqual(before.hooks);
      const link = await read<{ link_id: string }>(`/v1/links/${done.employers[0]?.link_id}/income/report/`);
      expect(link.link_id).toBe(done.employers[0]?.link_id);
      // The user's connections came back too, so new reports can still be made.
      expect((await call('POST', `/v1/users/${success.user_id}/reports/`, {})).status).toBe(201);

      await truv.sim.idle();
      const finished = await getOrder(moving.id);
      expect(finished.employers[0]?.status).toBe('completed');
      expect(finished.completed_at).not.toBeNull();
      expect(finished.voie_report_id).toMatch(HEX32);
      expect((await call('GET', `/v1/users/${moving.user_id}/reports/${finished.voie_report_id}/`)).status).toBe(200);
      expect(eventsOf(moving)).toEqual([
        'order-created:pending',
        'order-status-updated:sent',
        'task-status-updated:new',
        'task-status-updated:login',
        'task-status-updated:login_error',
        'task-status-updated:new',
        'task-status-updated:login',
        ...SUCCESS_TAIL,
      ]);
      const movingEvents = truv.receiver.delivered.filter((d) => d.body.user_id === moving.user_id);
      for (const { headers, rawBody: raw } of movingEvents) expect(headers['x-webhook-sign']).toBe(sign(raw));
      // The second task, after the restart, reuses the link the first one opened.
      expect(new Set(movingEvents.filter((d) => d.body.link_id).map((d) => d.body.link_id)).size).toBe(1);
      expect(finished.employers[0]?.link_id).toBe(movingEvents[2]?.body.link_id);

      await sleep(100);
      expect((await getOrder(idle.id)).employers[0]?.status).toBe('sent');
      expect((await getOrder(success.id)).employers[0]?.status).toBe('completed');
      const cancel = await call('POST', `/v1/orders/${idle.id}/cancel/`);
      expect(cancel.status).toBe(200);
      await truv.sim.idle();
      expect(eventsOf(idle)).toEqual([
        'order-created:pending',
        'order-status-updated:sent',
        'order-status-updated:canceled',
        'order-finalized',
      ]);

      // The cancel and the subscription's deletion are saved too.
      expect((await call('DELETE', `/v1/webhooks/${hook.id}/`)).status).toBe(204);
      await restart();
      expect((await getOrder(idle.id)).employers[0]?.status).toBe('canceled');
      expect((await call('POST', `/v1/orders/${idle.id}/cancel/`)).status).toBe(400);
      expect((await call('GET', `/v1/webhooks/${hook.id}/`)).status).toBe(404);
    });

    it('resumes an order that had not been sent, and keeps an expiry timer across a restart', async () => {
      await restart(60_000, 800);
      const pending = await create('NoData');
      const expiring = await create('Idle');
      // Webhooks in flight at shutdown are lost by design; these two must not be, for the comparison below.
      await eventually(() => eventsOf(pending).length === 1 && eventsOf(expiring).length === 1);
      await restart(10, 800);
      await truv.sim.idle();
      expect((await getOrder(pending.id)).employers[0]?.status).toBe('no_data');
      expect(eventsOf(pending).at(-1)).toBe('order-finalized');
      const expired = await getOrder(expiring.id);
      expect(expired.is_expired).toBe(true);
      expect(expired.employers[0]?.status).toBe('expired');
      expect(eventsOf(expiring)).toEqual([
        'order-created:pending',
        'order-status-updated:sent',
        'order-status-updated:expired',
        'order-finalized',
      ]);
    });

    it.each([
      ['truncated JSON', '{"version":1,"orders":[{"json":'],
      ['another format', '{"version":99,"orders":[],"reports":[],"connections":[],"subscriptions":[]}'],
      [
        'a malformed order',
        '{"version":1,"orders":[{"json":{"id":"x"}}],"reports":[],"connections":[],"subscriptions":[]}',
      ],
    ])('starts fresh, with a warning, from %s', async (_name, content) => {
      await truv.sim.close();
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      truv.sim = await startWithFile(10);
      expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/truv simulator: cannot restore state from/));
      expect(truv.sim.listOrders()).toEqual([]);
      expect(await read('/v1/webhooks/')).toMatchObject({ count: 0 });

      const order = await create('Success');
      await truv.sim.idle();
      await restart();
      expect((await getOrder(order.id)).employers[0]?.status).toBe('completed');
    });

    it('starts fresh when a saved journey has more steps left than the scenario has', async () => {
      const order = await create('Idle');
      await truv.sim.idle();
      await truv.sim.close();
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { orders: { stepsLeft: number }[] };
      for (const entry of saved.orders) entry.stepsLeft = 99;
      writeFileSync(file, JSON.stringify(saved));
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      truv.sim = await startWithFile(10);
      expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/more steps left than its journey/));
      expect((await call('GET', `/v1/orders/${order.id}/`)).status).toBe(404);
    });
  });
});
