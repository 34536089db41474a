/**
 * Filling the book: places its loans' orders through the API, waits until each waits as it will for weeks (a Truv
 * order created at Truv, its applicant invited; a Truework order completed, its result delivered and, once its loan
 * has a closing date, its re-verification scheduled), then until the worker has gone quiet.
 */
import type { OrderView } from '../src/domain';
import type { VoieCluster } from '../test/cluster/support/voie-cluster';
import { eventually, sleep, type ApiResponse } from '../test/kit';
import { cpuTimeMs } from '../test/support/process-usage';
import { bookOrderBody, type BookLoan } from './book-plan';
import { sweepUntil } from './order-sweep';
import type { ProviderLog } from './provider-log';
import { runBatch } from './stats';

/** How the fill runs. */
export interface FillOptions {
  /** Loans placed at once (a loan's orders one after the other, as a LOS adds them). */
  concurrency: number;
  /** The longest the worker may take to go quiet once every order waits; the figures are taken anyway after it. */
  settleMs: number;
}

/** Where a fill's time went: seconds from its start until each point. */
export interface FillTimes {
  /** Orders placed. */
  orders: number;
  /** Every order placed (answered 201). */
  placed: number;
  /** Every order waiting: created at Truv, or completed, delivered and its re-verification scheduled. */
  waiting: number;
  /** The worker gone quiet after (or the settling's time run out). */
  settled: number;
  /** Placements and PUTs answered 503 and sent again. */
  retried: number;
}

/**
 * Sends a request again after a `503`, as a LOS does: an order of a loan registers with the loan's workflow, and a
 * closing date reaches it, within the API's deadline or not at all on a loaded machine. The same body is the same
 * request, so a repeat is safe.
 */
async function sendAgainOn503<T>(
  send: () => Promise<ApiResponse<T>>,
  counted: { retried: number },
): Promise<ApiResponse<T>> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await send();
    if (response.status !== 503 || attempt >= 10) return response;
    counted.retried += 1;
    await sleep(1_000 * Math.min(attempt, 5));
  }
}

/** How long a step over `count` orders may take: 10 minutes, or 200 ms an order (5 orders/s) when longer. */
const budgetMs = (count: number): number => Math.max(600_000, count * 200);

/** Waits until the worker used under 5% of a core over 2 s, or `settleMs` passed. */
async function settle(cluster: VoieCluster, settleMs: number): Promise<void> {
  const pid = cluster.workers[0]!.process.pid;
  let cpu = cpuTimeMs(pid);
  await eventually(
    async () => {
      await sleep(2_000);
      const [before, now] = [cpu, (cpu = cpuTimeMs(pid))];
      return now - before < 100;
    },
    { what: 'the worker going quiet', timeoutMs: settleMs, intervalMs: 0 },
  ).catch(() => process.stderr.write(`  the worker still busy after ${settleMs / 1000} s: measuring anyway\n`));
}

/**
 * Places `loans` and waits until their orders wait, then for the worker to settle. `truvOrdersBefore` Truv orders
 * were placed earlier in the run: each of them is waited for too (the last ones may still be on their way to Truv).
 */
export async function fillBook(
  cluster: VoieCluster,
  loans: BookLoan[],
  truv: ProviderLog,
  options: FillOptions,
  truvOrdersBefore: number,
): Promise<FillTimes> {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  const counted = { retried: 0 };
  let placed = 0;
  await runBatch(loans.length, options.concurrency, async (i) => {
    const loan = loans[i]!;
    for (let k = 0; k < loan.size; k += 1) {
      const body = bookOrderBody(loan, cluster.receiver.url);
      const response = await sendAgainOn503(() => cluster.los.api<OrderView>('POST', '/v1/orders', body), counted);
      if (response.status !== 201 && response.status !== 200) throw new Error(`order not placed: ${response.status}`);
      loan.orderIds.push(response.body.id);
      placed += 1;
      if (placed % 1000 === 0) process.stderr.write(`  ${placed} orders placed in ${seconds().toFixed(0)} s\n`);
    }
  });
  const placedS = seconds();

  const applicantOrders = loans.filter((loan) => loan.kind === 'applicant').reduce((sum, loan) => sum + loan.size, 0);
  const truvOrders = truvOrdersBefore + applicantOrders;
  await eventually(async () => (await truv.refresh(), truv.created() >= truvOrders), {
    what: () => `${truvOrders - truv.created()} of ${truvOrders} Truv orders not created`,
    timeoutMs: budgetMs(applicantOrders),
    intervalMs: 2_000,
  });
  process.stderr.write(`  ${applicantOrders} Truv orders created at Truv in ${seconds().toFixed(0)} s\n`);

  const closing = loans.filter((loan) => loan.kind === 'reverification');
  const reverifying = closing.flatMap((loan) => loan.orderIds);
  await sweepUntil(
    cluster.los,
    reverifying,
    (order) => order.status === 'completed' && order.result?.delivery.state !== 'pending',
    'completed with their result delivered',
    budgetMs(reverifying.length),
  );
  process.stderr.write(`  ${reverifying.length} Truework orders completed in ${seconds().toFixed(0)} s\n`);
  await runBatch(closing.length, options.concurrency, async (i) => {
    const { id, closingDate } = closing[i]!;
    const put = (): Promise<ApiResponse<unknown>> =>
      cluster.los.api('PUT', `/v1/loans/${id}`, { closing_date: closingDate });
    const response = await sendAgainOn503(put, counted);
    if (response.status !== 200) throw new Error(`PUT /v1/loans answered ${response.status}`);
  });
  await sweepUntil(
    cluster.los,
    reverifying,
    (order) => order.reverification?.status === 'scheduled',
    'with their re-verification scheduled',
    budgetMs(reverifying.length),
  );
  const waitingS = seconds();
  process.stderr.write(`  ${closing.length} loans given a closing date in ${waitingS.toFixed(0)} s\n`);
  await settle(cluster, options.settleMs);
  return { orders: placed, placed: placedS, waiting: waitingS, settled: seconds(), retried: counted.retried };
}
