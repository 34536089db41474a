import { getExternalWorkflowHandle, log } from '@temporalio/workflow';
import type { SignalDefinition } from '@temporalio/common';
import { loanFileEntryOf, standingOf } from '../src/domain';
import { orderStandingSignal, orderStartedSignal } from './loan-messages';
import type { OrderState } from './state';
import { toView } from './view';

/**
 * The order's side of its loan: it tells the loan that it started (with the loan's version it started with), where it
 * stands and what the loan file shows of it whenever that changes, and that it ended. The run waits for these signals
 * before it continues as new or ends ({@link idle}): a signal a closed run had still to send would never arrive.
 */
export class LoanTies {
  /** The standing last told (JSON); a run continued as new tells it again. */
  private told: string | null = null;
  private sending = 0;

  constructor(private readonly state: OrderState) {}

  /** The order's first run started: the loan re-sends its date when it changed since the order's placement. */
  started(): void {
    this.send(orderStartedSignal, { orderId: this.state.orderId, version: this.state.loanVersion });
  }

  /** Tells the loan the order's standing, when it changed (always when the order `ended`). */
  tell(ended = false): void {
    if (!this.state.loan) return;
    const view = toView(this.state);
    const standing = standingOf(view);
    const entry = loanFileEntryOf(view, this.state.report);
    const news = { standing, entry, version: this.state.loanVersion, ended };
    const key = JSON.stringify({ ...news, ended: false });
    if (key === this.told && !ended) return;
    this.told = key;
    this.send(orderStandingSignal, news);
  }

  /** Whether every signal to the loan was sent. */
  get idle(): boolean {
    return this.sending === 0;
  }

  private send<Args extends unknown[]>(signal: SignalDefinition<Args>, ...args: Args): void {
    const loan = this.state.loan;
    if (!loan) return;
    this.sending += 1;
    // A loan that ended (every earlier order of it ended) no longer listens; the order goes on without it.
    void getExternalWorkflowHandle(loan.workflowId)
      .signal(signal, ...args)
      .catch((err: unknown) =>
        log.warn('the loan did not take the signal', { signal: signal.name, error: String(err) }),
      )
      .finally(() => (this.sending -= 1));
  }
}
