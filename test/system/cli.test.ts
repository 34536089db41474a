import { execFile } from 'node:child_process';
import { join } from 'node:path';
import packageJson from '../../package.json';
import type { OrderView } from '../../src/domain';
import { addDays, reverificationDue, todayIn } from '../../src/domain';
import { eventually, freshLoanId } from '../kit';
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

/** Any ANSI escape sequence (colours, styles). */
const ESCAPE = '\u001b[';

describe('the voie command', () => {
  it('prints its version, names its environment in the help, and exits 2 on a command line it cannot use', async () => {
    const version = await voie(['--version']);
    expect([version.code, version.stdout]).toEqual([0, `${packageJson.version}\n`]);

    for (const command of [['orders'], ['orders', 'get'], ['loans', 'set']]) {
      const help = await voie([...command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: voie ${command.join(' ')}`);
      expect(help.stdout).toContain('VOIE_URL');
      expect(help.stdout).toContain('VOIE_API_KEY');
    }
    const truvHelp = await voie(['truv', 'webhooks', 'register', '--help']);
    expect(truvHelp.stdout).toContain('TRUV_CLIENT_ID');
    expect((await voie(['orders', 'watch', '--help'])).stdout).toMatch(/Exit status: 0 the order completed, 3 /);

    const usageErrors: [string[], string][] = [
      [['orders', 'get', 'vo_000000000000000000000000', '--bogus'], "unknown option '--bogus'"],
      [['orders', 'get'], "missing required argument 'id'"],
      [['orders', 'frobnicate'], "unknown command 'frobnicate'"],
      [['orders', 'list', '--status', 'done'], 'Allowed choices are creating'],
      [['orders', 'list', '--limit', '101'], 'a whole number from 1 to 100'],
      [['orders', 'get', 'vo_000000000000000000000000', '-o', 'yaml'], 'Allowed choices are text, json'],
      [['loans', 'set', 'L-1'], "required option '--closing-date <date>' not specified"],
      [['nope'], "unknown command 'nope'"],
    ];
    for (const [args, message] of usageErrors) {
      const result = await voie(args);
      expect([args, result.code, result.stdout, result.stderr]).toEqual([
        args,
        2,
        '',
        expect.stringContaining(message),
      ]);
    }
  });

  it('creates, watches, gets and lists orders, and refuses to cancel an ended one', async () => {
    const body = stack.orderBody();
    const created = await voie(['orders', 'create', '--file', '-', '-o', 'json'], JSON.stringify(body));
    expect(created.code).toBe(0);
    const order = JSON.parse(created.stdout) as { id: string; status: string };
    expect(order.status).toBe('creating');

    const watched = await voie(['orders', 'watch', order.id]);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/status\.changed → completed/);
    expect(watched.stdout).toContain(`order ${order.id} ended completed`);

    // JSON: the API's body as is, one document; text: for a person, without colours in a pipe.
    const got = await voie(['orders', 'get', order.id, '-o', 'json']);
    expect(JSON.parse(got.stdout)).toEqual(await stack.api('GET', `/v1/orders/${order.id}`).then((r) => r.body));
    expect((JSON.parse(got.stdout) as OrderView).status).toBe('completed');
    const text = await voie(['orders', 'get', order.id]);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe(`${order.id}  completed  employment-income`);
    expect(text.stdout).toContain(`external id ${String(body.external_id)}`);
    expect(text.stdout).not.toContain(ESCAPE);
    // The same, asked to colour: so the line above would see escapes if voie sent them into a pipe.
    expect((await voie(['orders', 'get', order.id], undefined, { FORCE_COLOR: '1' })).stdout).toContain(ESCAPE);
    expect((await voie(['orders', 'watch', order.id])).stdout).not.toContain(ESCAPE);

    const listed = await voie(['orders', 'list', '--external-id', String(body.external_id), '-o', 'json']);
    expect(JSON.parse(listed.stdout)).toEqual({ data: [expect.objectContaining({ id: order.id })], next_cursor: null });
    const listedText = await voie(['orders', 'list', '--external-id', String(body.external_id)]);
    expect(listedText.stdout).toMatch(new RegExp(`^ID +STATUS .*\n${order.id}  completed  truework `));
    expect(listedText.stdout).not.toContain(ESCAPE);

    const cancel = await voie(['orders', 'cancel', order.id]);
    expect(cancel.code).toBe(1);
    expect(cancel.stdout).toBe('');
    expect(cancel.stderr).toContain(`answered 409 Conflict: order ${order.id} has already ended`);
    const cancelJson = await voie(['orders', 'cancel', order.id, '-o', 'json']);
    expect([cancelJson.code, JSON.parse(cancelJson.stderr)]).toEqual([1, expect.objectContaining({ status: 409 })]);

    const deliveries = JSON.parse((await voie(['orders', 'deliveries', order.id, '-o', 'json'])).stdout) as {
      data: { type: string; outcome: string }[];
    };
    expect(deliveries.data.map((attempt) => [attempt.type, attempt.outcome])).toEqual([
      ['order.created', 'delivered'],
      ['order.completed', 'delivered'],
    ]);
    const redelivered = await voie(['orders', 'redeliver', order.id, '-o', 'json']);
    expect(JSON.parse(redelivered.stdout)).toMatchObject({ type: 'order.completed' });
  });

  it('exits 3 from watching an order that ends other than completed', async () => {
    // Any SSN the Truework simulator has no scenario for: it answers 400, the order ends failed.
    const order = await stack.placeOrder({}, { ssn: '000-02-0002' });
    const watched = await voie(['orders', 'watch', order.id]);
    expect(watched.code).toBe(3);
    expect(watched.stdout).toContain(`order ${order.id} ended failed`);
    const json = await voie(['orders', 'watch', order.id, '-o', 'json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: order.id, status: 'failed' });
  });

  it("stops watching at the order's end with --no-wait-delivery, while its result is still being delivered", async () => {
    // A LOS that refuses every delivery: the result stays pending, retried for hours.
    stack.receiver.answerBy(() => 503);
    const order = await stack.placeOrder();
    const watched = await voie(['orders', 'watch', order.id, '--no-wait-delivery', '-o', 'json']);
    expect(watched.code).toBe(0);
    const ended = JSON.parse(watched.stdout) as OrderView;
    expect(ended).toMatchObject({ id: order.id, status: 'completed' });
    expect(ended.result?.delivery.state).toBe('pending');
  });

  it('filters the list by status and loan, a page at a time', async () => {
    const loanId = freshLoanId();
    const completed = await stack.placeOrder({ loan_id: loanId });
    const failed = await stack.placeOrder({ loan_id: loanId }, { ssn: '000-02-0002' });
    await stack.waitForOrder(completed.id, (o) => o.status === 'completed');
    await stack.waitForOrder(failed.id, (o) => o.status === 'failed');
    const list = async (...flags: string[]): Promise<{ data: { id: string }[]; next_cursor: string | null }> => {
      const result = await voie(['orders', 'list', '--loan-id', loanId, ...flags, '-o', 'json']);
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout) as { data: { id: string }[]; next_cursor: string | null };
    };
    // The visibility store catches up with the statuses a moment after the orders.
    const onlyFailed = async (): Promise<boolean> =>
      JSON.stringify((await list('--status', 'failed')).data.map((o) => o.id)) === JSON.stringify([failed.id]);
    await eventually(onlyFailed, { intervalMs: 500, what: 'the failed order alone in the list' });
    expect((await list('--status', 'completed')).data.map((o) => o.id)).toEqual([completed.id]);
    expect((await list()).data.map((o) => o.id).sort()).toEqual([completed.id, failed.id].sort());
    const first = await list('--limit', '1');
    expect(first.data).toHaveLength(1);
    const second = await list('--limit', '1', '--cursor', first.next_cursor!);
    expect([...first.data, ...second.data].map((o) => o.id).sort()).toEqual([completed.id, failed.id].sort());
  });

  it('places the employers and the type given on the command line over the body', async () => {
    const body = stack.orderBody({}, { ssn: '000-03-0300' });
    const args = ['--employer', 'Acme Inc', '--employer', 'Beta LLC', '--type', 'employment'];
    const created = await voie(['orders', 'create', '--file', '-', ...args, '-o', 'json'], JSON.stringify(body));
    expect(created.code).toBe(0);
    const order = JSON.parse(created.stdout) as OrderView;
    expect(order.type).toBe('employment');
    expect(order.employments.map((employment) => employment.employer.name)).toEqual(['Acme Inc', 'Beta LLC']);

    const got = JSON.parse((await voie(['orders', 'get', order.id, '-o', 'json'])).stdout) as OrderView;
    expect(got.employments).toHaveLength(2);
    // 000-03-…: action required, which voie answers by canceling the order.
    await stack.waitForWorkflow(order.id);

    const notJson = await voie(['orders', 'create', '--employer', 'Acme Inc'], 'external_id=1');
    expect([notJson.code, notJson.stderr]).toEqual([1, expect.stringContaining('not JSON')]);
  });

  it('places the providers given on the command line over the body, first one first', async () => {
    // An applicant Truv's simulator leaves idle, so the order waits on its first step until canceled.
    const body = stack.orderBody({}, { first_name: 'Idle', email: 'jane@example.com' });
    const created = await voie(
      ['orders', 'create', '--providers', 'truv, truework', '-o', 'json'],
      JSON.stringify(body),
    );
    expect(created.code).toBe(0);
    const order = JSON.parse(created.stdout) as OrderView;
    expect(order.provider).toBe('truv');
    await stack.api('POST', `/v1/orders/${order.id}/cancel`);
    await stack.waitForWorkflow(order.id);

    const repeated = await voie(['orders', 'create', '--providers', 'truv,truv'], JSON.stringify(body));
    expect([repeated.code, repeated.stderr]).toEqual([1, expect.stringContaining('must not name a provider twice')]);

    // --waterfall takes the body's provider's place: the API judges the name alone (none is configured here).
    const named = await voie(['orders', 'create', '--waterfall', 'instant-first'], JSON.stringify(body));
    expect([named.code, named.stderr]).toEqual([1, expect.stringContaining('instant-first')]);
    expect(named.stderr).not.toContain('must not be sent with');
  });

  it('moves the closing date of a completed order and runs its re-verification now', async () => {
    // Closing dates are at most a year ahead: half a year, then a week later.
    const today = todayIn(new Date(), 'America/New_York');
    const [closingDate, movedTo] = [addDays(today, 180), addDays(today, 187)];
    const body = stack.orderBody({ closing_date: closingDate, options: { poll_interval: '1s' } });
    const order = JSON.parse(
      (await voie(['orders', 'create', '-o', 'json'], JSON.stringify(body))).stdout,
    ) as OrderView;
    await stack.waitForOrder(order.id, (o) => o.status === 'completed');

    const patched = await voie(['orders', 'patch', order.id, '--closing-date', movedTo, '-o', 'json']);
    expect(patched.code).toBe(0);
    // Five US federal business days back, from midnight in New York (test/pure/business-days.test.ts has the calendar).
    expect((JSON.parse(patched.stdout) as OrderView).reverification).toMatchObject({
      due_at: reverificationDue(movedTo, 5, 'America/New_York').dueAt,
      status: 'scheduled',
    });
    const missing = await voie(['orders', 'patch', order.id]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('--closing-date')]);

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
    const set = await voie(['loans', 'set', loanId, '--closing-date', date, '--business-days', '3', '-o', 'json']);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      loan_id: loanId,
      closing_date: date,
      reverification_due_at: reverificationDue(date, 3, 'America/New_York').dueAt,
    });
    const got = JSON.parse((await voie(['loans', 'get', loanId, '-o', 'json'])).stdout) as { orders: { id: string }[] };
    expect(got.orders.map((o) => o.id)).toEqual([order.id]);
    const text = await voie(['loans', 'get', loanId]);
    expect(text.stdout).toMatch(new RegExp(`^loan ${loanId}  not ready to close\n  closing +${date}\n`));
    expect(text.stdout).toMatch(new RegExp(`\n${order.id}  [a-z_]+ +employment-income  `));
    expect(text.stdout).not.toContain(ESCAPE);

    const cleared = await voie(['loans', 'set', loanId, '--closing-date', 'null', '-o', 'json']);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ closing_date: null, reverification_due_at: null });
    const tooMany = await voie(['loans', 'set', loanId, '--closing-date', date, '--business-days', '31']);
    expect([tooMany.code, tooMany.stderr]).toEqual([1, expect.stringContaining('400 Bad Request')]);
    expect(tooMany.stderr).toContain('reverify_business_days_before_closing:');
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
