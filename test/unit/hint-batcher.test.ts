import { HintBatcher } from '../../src/api/hint-batcher';
import type { ProviderHint } from '../../src/domain';
import { createLogger } from '../../src/logger';

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
  const batcher = new HintBatcher(
    (orderId, hints) => {
      if (fail()) return Promise.reject(new Error('Temporal unreachable'));
      signals.push([orderId, hints.map((h) => h.id)]);
      return Promise.resolve(true);
    },
    createLogger('silent'),
    HOLD_MS,
  );
  return { batcher, signals };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the webhook ingress holding back progress events', () => {
  it('signals an event that can change a decision at once, on its own', async () => {
    const { batcher, signals } = recordingBatcher();
    await expect(batcher.forward('order-1', hint('a', true))).resolves.toBe(true);
    expect(signals).toEqual([['order-1', ['a']]]);
  });

  it('sends held progress events with the next event of the same order, in the order received, in one signal', async () => {
    const { batcher, signals } = recordingBatcher();
    await batcher.forward('order-1', hint('p1', false));
    await batcher.forward('order-2', hint('other', false));
    await batcher.forward('order-1', hint('p2', false));
    expect(signals).toEqual([]);
    await batcher.forward('order-1', hint('r', true));
    expect(signals).toEqual([['order-1', ['p1', 'p2', 'r']]]);
    await pause(HOLD_MS * 2);
    // order-1 had nothing left to send; order-2's event went on its own once the hold was over.
    expect(signals).toEqual([
      ['order-1', ['p1', 'p2', 'r']],
      ['order-2', ['other']],
    ]);
  });

  it('keeps held events for the next try when the signal that carried them fails', async () => {
    let down = true;
    const { batcher, signals } = recordingBatcher(() => down);
    await batcher.forward('order-1', hint('p1', false));
    await expect(batcher.forward('order-1', hint('r', true))).rejects.toThrow('Temporal unreachable');
    down = false;
    await batcher.forward('order-1', hint('r', true));
    expect(signals).toEqual([['order-1', ['p1', 'r']]]);
  });
});
