import { FaultSwitches } from '../../dev/simulators/kit/faults';

/** The simulators' rate limit, as a provider enforces "10 requests per second" on an account. */
describe('a simulator with a rate limit', () => {
  const answers = (faults: FaultSwitches, times: number[]) => times.map((at) => faults.takeFailure(at)?.status ?? 200);

  it('lets one second of requests through at once, then one per tenth of a second', () => {
    const faults = new FaultSwitches();
    faults.set({ rateLimit: { requestsPerSecond: 10 } });
    const burst = answers(
      faults,
      Array.from({ length: 12 }, () => 1_000),
    );
    expect(burst).toEqual([...Array<number>(10).fill(200), 429, 429]);
    expect(answers(faults, [1_050, 1_100, 1_150, 1_200, 1_300])).toEqual([429, 200, 429, 200, 200]);
  });

  it('refuses with Retry-After, and an outage answers before it without using a token', () => {
    const faults = new FaultSwitches();
    faults.set({ rateLimit: { requestsPerSecond: 1 }, failAllRequests: { status: 503 } });
    expect(faults.takeFailure(0)).toEqual({ status: 503 });
    faults.set({ failAllRequests: null });
    expect(faults.takeFailure(0)).toBeUndefined();
    expect(faults.takeFailure(500)).toEqual({ status: 429, retryAfterSeconds: 1 });
    expect(faults.takeFailure(1_500)).toBeUndefined();
  });

  it('is unlimited when unset', () => {
    const faults = new FaultSwitches();
    expect(
      answers(
        faults,
        Array.from({ length: 100 }, () => 0),
      ),
    ).toEqual(Array<number>(100).fill(200));
  });
});
