import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { OrderView } from '../../src/domain';
import { addDays, reverificationDue, todayIn } from '../../src/domain';
import { freshLoanId } from '../kit';
import { useStack, TEST_API_KEY, TRUV_SECRET } from '../support/stack';

const ROOT = join(__dirname, '..', '..');
const stack = useStack();

/** Runs `voie …` as a user would, against the running stack. */
function voie(
  args: string[],
  input?: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(ROOT, 'src', 'main.ts'), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, VOIE_URL: stack.apiUrl, VOIE_API_KEY: TEST_API_KEY, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

describe('the voie command', () => {
  it('creates, watches, gets and lists orders, and refuses to cancel an ended one', async () => {
    const body = stack.orderBody();
    const created = await voie(['orders', 'create', '--file', '-'], JSON.stringify(body));
    expect(created.code).toBe(0);
    const order = JSON.parse(created.stdout) as { id: string; status: string };
    expect(order.status).toBe('creating');

    const watched = await voie(['orders', 'watch', order.id]);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/status\.changed → completed/);
    expect(watched.stdout).toContain(`order ${order.id} ended completed`);

    const got = await voie(['orders', 'get', order.id]);
    expect(JSON.parse(got.stdout)).toMatchObject({ id: order.id, status: 'completed' });

    const listed = await voie(['orders', 'list', `external_id=${String(body.external_id)}`]);
    expect(JSON.parse(listed.stdout).data.map((o: { id: string }) => o.id)).toEqual([order.id]);

    const cancel = await voie(['orders', 'cancel', order.id]);
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toContain('409');

    const deliveries = JSON.parse((await voie(['orders', 'deliveries', order.id])).stdout) as {
      data: { type: string; outcome: string }[];
    };
    expect(deliveries.data.map((attempt) => [attempt.type, attempt.outcome])).toEqual([
      ['order.created', 'delivered'],
      ['order.completed', 'delivered'],
    ]);
    const redelivered = await voie(['orders', 'redeliver', order.id]);
    expect(JSON.parse(redelivered.stdout)).toMatchObject({ type: 'order.completed' });
  });

  it('places the employers and the type given on the command line over the body', async () => {
    const body = stack.orderBody({}, { ssn: '000-03-0300' });
    const args = ['--employer', 'Acme Inc', '--employer', 'Beta LLC', '--type', 'employment'];
    const created = await voie(['orders', 'create', '--file', '-', ...args], JSON.stringify(body));
    expect(created.code).toBe(0);
    const order = JSON.parse(created.stdout) as OrderView;
    expect(order.type).toBe('employment');
    expect(order.employments.map((employment) => employment.employer.name)).toEqual(['Acme Inc', 'Beta LLC']);

    const got = JSON.parse((await voie(['orders', 'get', order.id])).stdout) as OrderView;
    expect(got.employments).toHaveLength(2);
    // 000-03-…: action required, which voie answers by canceling the order.
    await stack.waitForWorkflow(order.id);

    const notJson = await voie(['orders', 'create', '--employer', 'Acme Inc'], 'external_id=1');
    expect([notJson.code, notJson.stderr]).toEqual([1, expect.stringContaining('not JSON')]);
  });

  it('places the providers given on the command line over the body, first one first', async () => {
    // An applicant Truv's simulator leaves idle, so the order waits on its first step until canceled.
    const body = stack.orderBody({}, { first_name: 'Idle', email: 'jane@example.com' });
    const created = await voie(['orders', 'create', '--providers', 'truv, truework'], JSON.stringify(body));
    expect(created.code).toBe(0);
    const order = JSON.parse(created.stdout) as OrderView;
    expect(order.provider).toBe('truv');
    await stack.api('POST', `/v1/orders/${order.id}/cancel`);
    await stack.waitForWorkflow(order.id);

    const repeated = await voie(['orders', 'create', '--providers', 'truv,truv'], JSON.stringify(body));
    expect([repeated.code, repeated.stderr]).toEqual([1, expect.stringContaining('must not name a provider twice')]);
  });

  it('moves the closing date of a completed order and runs its re-verification now', async () => {
    // Closing dates are at most a year ahead: half a year, then a week later.
    const today = todayIn(new Date(), 'America/New_York');
    const [closingDate, movedTo] = [addDays(today, 180), addDays(today, 187)];
    const body = stack.orderBody({ closing_date: closingDate, options: { poll_interval: '1s' } });
    const order = JSON.parse((await voie(['orders', 'create'], JSON.stringify(body))).stdout) as OrderView;
    await stack.waitForOrder(order.id, (o) => o.status === 'completed');

    const patched = await voie(['orders', 'patch', order.id, '--closing-date', movedTo]);
    expect(patched.code).toBe(0);
    // Five US federal business days back, from midnight in New York (test/pure/business-days.test.ts has the calendar).
    expect((JSON.parse(patched.stdout) as OrderView).reverification).toMatchObject({
      due_at: reverificationDue(movedTo, 5, 'America/New_York').dueAt,
      status: 'scheduled',
    });
    const missing = await voie(['orders', 'patch', order.id]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('--closing-date')]);

    expect((await voie(['orders', 'reverify', order.id])).code).toBe(0);
    const ended = await stack.waitForWorkflow(order.id);
    // Checked before the due day, so the due day keeps one of its own.
    expect(ended.reverifications[0]).toMatchObject({ status: 'verified', changes: [] });
    expect(ended.reverification!.status).toBe('scheduled');
    const unknown = await voie(['orders', 'reverify', 'vo_000000000000000000000000']);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('404')]);
  });

  it('sets the closing date of a loan and reads its loan file', async () => {
    const loanId = freshLoanId();
    const order = await stack.placeOrder({ loan_id: loanId }, { ssn: '000-03-0300' });
    const date = addDays(todayIn(new Date(), 'America/New_York'), 30);
    const set = await voie(['loans', 'set', loanId, '--closing-date', date, '--business-days', '3']);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      loan_id: loanId,
      closing_date: date,
      reverification_due_at: reverificationDue(date, 3, 'America/New_York').dueAt,
    });
    const got = JSON.parse((await voie(['loans', 'get', loanId])).stdout) as { orders: { id: string }[] };
    expect(got.orders.map((o) => o.id)).toEqual([order.id]);

    const missing = await voie(['loans', 'set', loanId]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('--closing-date')]);
    const unknown = await voie(['loans', 'get', freshLoanId()]);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('404')]);
  });

  it('registers the Truv webhook subscription once', async () => {
    const env = { TRUV_BASE_URL: stack.truv.baseUrl, TRUV_CLIENT_ID: 'truv-client', TRUV_SECRET };
    const url = 'https://voie.example.com/webhooks/truv';
    const first = await voie(['truv', 'webhooks', 'register', '--url', url], undefined, env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^created Truv webhook subscription \w+ \(sandbox\)/);
    const second = await voie(['truv', 'webhooks', 'register', '--url', url], undefined, env);
    expect(second.stdout).toMatch(/^unchanged /);
  });

  it('stops with a message naming a bad setting', async () => {
    const result = await voie(['worker'], undefined, { VOIE_POLL_INTERVAL: 'sometimes' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('VOIE_POLL_INTERVAL');
  });
});
