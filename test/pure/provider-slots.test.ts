import type { Client } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, RetryState, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { ProviderSlotUnavailableError, providerSlots } from '../../src/orders/provider-slots';

/** A client whose slot workflows answer `grants` in turn: a grant time, or a timeout of the slot's wait. */
function clientGranting(grants: (number | 'timeout')[], now: { ms: number }, tookMs = 100) {
  const started: { waitMs: number }[] = [];
  const execute = (_type: string, options: { args: [{ waitMs: number }] }) => {
    started.push(options.args[0]);
    now.ms += tookMs;
    const grant = grants.shift();
    if (grant === undefined || grant === 'timeout') {
      const timeout = new TimeoutFailure('timed out', undefined, TimeoutType.SCHEDULE_TO_START);
      const activity = new ActivityFailure(
        'activity timed out',
        'grantProviderSlot',
        '1',
        RetryState.TIMEOUT,
        'x',
        timeout,
      );
      return Promise.reject(new WorkflowFailedError('failed', activity, RetryState.NON_RETRYABLE_FAILURE));
    }
    return Promise.resolve(grant);
  };
  return { client: { workflow: { execute } } as unknown as Client, started };
}

describe('the slots of a provider rate limit the API takes', () => {
  it('let a request go on a slot granted moments ago', async () => {
    const now = { ms: 10_000 };
    const { client, started } = clientGranting([10_090], now);
    await providerSlots(client, { clock: () => now.ms })('truework')();
    expect(started).toEqual([{ provider: 'truework', waitMs: 3_000 }]);
  });

  it('let a slot that reached the API late go unused, and take another within what is left of the wait', async () => {
    const now = { ms: 10_000 };
    const { client, started } = clientGranting([9_000, 10_190], now);
    await providerSlots(client, { clock: () => now.ms })('truework')();
    expect(started.map((input) => input.waitMs)).toEqual([3_000, 2_900]);
  });

  it('refuse when no fresh slot comes within the wait', async () => {
    const now = { ms: 10_000 };
    const { client } = clientGranting([0, 0, 0, 0, 0], now, 1_000);
    await expect(providerSlots(client, { clock: () => now.ms })('truv')()).rejects.toBeInstanceOf(
      ProviderSlotUnavailableError,
    );
    const { client: timingOut } = clientGranting(['timeout'], now);
    await expect(providerSlots(timingOut, { clock: () => now.ms })('truv')()).rejects.toMatchObject({
      name: 'ProviderSlotUnavailableError',
      provider: 'truv',
    });
  });
});
