import { HintBatcher } from '../../src/api/hint-batcher';
import type { ProviderHint } from '../../src/domain';

const HOLD_MS = 100;

function hint(id: string, refresh: boolean): ProviderHint {
  return {
    id,
    type: refresh ? 'order-status-updated' : 'task-status-updated',
    refresh,
    receivedAt: '2026-01-01T00:00:00Z',
  };
}

/** A batcher whose signals are written down, by order, each one a list of hint ids. */
function recordingBatcher(fail = () => false): { batcher: HintBatcher; signals: [string, string[]][] } {
  const signals: [string, string[]][] = [];
  const batcher = new HintBatcher((orderId, hints) => {
    if (fail()) return Promise.reject(new Error('Temporal unreachable'));
    signals.push([orderId, hints.map((h) => h.id)]);
    return Promise.resolve(true);
  }, HOLD_MS);
  return { batcher, signals };
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

describe('the webhook ingress holding back progress events', () => {
  it('signals an event that can change a decision at once, on its own', async () => {
    const { batcher, signals } = recordingBatcher();
    await expect(batcher.forward('order-1', hint('a', true))).resolves.toBe(true);
    expect(signals).toEqual([['order-1', ['a']]]);
  });

  it('sends held progress events with the next event of the same order, in the order received, in one signal', async () => {
    const { batcher, signals } = recordingBatcher();
    const p1 = batcher.forward('order-1', hint('p1', false));
    const other = batcher.forward('order-2', hint('other', false));
    const p2 = batcher.forward('order-1', hint('p2', false));
    expect(signals).toEqual([]);
    await expect(batcher.forward('order-1', hint('r', true))).resolves.toBe(true);
    expect(signals).toEqual([['order-1', ['p1', 'p2', 'r']]]);
    await expect(Promise.all([p1, p2])).resolves.toEqual([true, true]);
    // order-2's event goes on its own once the hold is over.
    await expect(other).resolves.toBe(true);
    expect(signals).toEqual([
      ['order-1', ['p1', 'p2', 'r']],
      ['order-2', ['other']],
    ]);
  });

  it('answers a held event only once Temporal has it', async () => {
    const { batcher } = recordingBatcher();
    const held = batcher.forward('order-1', hint('p1', false));
    expect(await settled(held)).toBe(false);
    await expect(held).resolves.toBe(true);
  });

  it('fails every request whose event the failed signal carried, so that the provider sends each again', async () => {
    let down = true;
    const { batcher, signals } = recordingBatcher(() => down);
    const held = batcher.forward('order-1', hint('p1', false));
    await expect(batcher.forward('order-1', hint('r', true))).rejects.toThrow('Temporal unreachable');
    await expect(held).rejects.toThrow('Temporal unreachable');
    down = false;
    await batcher.forward('order-1', hint('r', true));
    expect(signals).toEqual([['order-1', ['r']]]);
  });
});
