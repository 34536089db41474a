import { HintBatcher } from '../../src/api/hint-batcher';
import type { ProviderHint } from '../../src/domain';

function hint(id: string): ProviderHint {
  return { id, type: 'task-status-updated', refresh: false, receivedAt: '2026-01-01T00:00:00Z' };
}

/**
 * A batcher over a Temporal stand-in whose signals are written down (order, hint ids) and answered only when the
 * test says so, as a signal in flight.
 */
function batcherWithSignals(): {
  batcher: HintBatcher;
  signals: [string, string[]][];
  answer: (outcome?: Error) => void;
} {
  const signals: [string, string[]][] = [];
  const answers: ((outcome?: Error) => void)[] = [];
  const batcher = new HintBatcher((orderId, hints) => {
    signals.push([orderId, hints.map((h) => h.id)]);
    return new Promise<boolean>((resolve, reject) =>
      answers.push((outcome) => (outcome ? reject(outcome) : resolve(true))),
    );
  });
  return { batcher, signals, answer: (outcome) => answers.shift()!(outcome) };
}

/** Whether a promise has settled by the next turn of the event loop. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('the webhook ingress sending hints to an order', () => {
  it('signals a lone hint at once', async () => {
    const { batcher, signals, answer } = batcherWithSignals();
    const forwarded = batcher.forward('order-1', hint('a'));
    expect(signals).toEqual([['order-1', ['a']]]);
    answer();
    await expect(forwarded).resolves.toBe(true);
  });

  it('sends the hints that arrived during a signal in flight together, in the order received, once it is answered', async () => {
    const { batcher, signals, answer } = batcherWithSignals();
    const first = batcher.forward('order-1', hint('a'));
    const waiting = [batcher.forward('order-1', hint('b')), batcher.forward('order-1', hint('c'))];
    const otherOrder = batcher.forward('order-2', hint('x'));
    expect(signals).toEqual([
      ['order-1', ['a']],
      ['order-2', ['x']],
    ]);
    // A waiting hint's request is not answered before Temporal has it.
    expect(await settled(waiting[0]!)).toBe(false);
    answer();
    await expect(first).resolves.toBe(true);
    expect(signals).toEqual([
      ['order-1', ['a']],
      ['order-2', ['x']],
      ['order-1', ['b', 'c']],
    ]);
    answer();
    await expect(otherOrder).resolves.toBe(true);
    answer();
    await expect(Promise.all(waiting)).resolves.toEqual([true, true]);
  });

  it('fails every request whose hint the failed signal carried, so that the provider sends each again', async () => {
    const { batcher, answer } = batcherWithSignals();
    const first = batcher.forward('order-1', hint('a'));
    const waiting = batcher.forward('order-1', hint('b'));
    answer();
    await first;
    answer(new Error('Temporal unreachable'));
    await expect(waiting).rejects.toThrow('Temporal unreachable');
  });
});
