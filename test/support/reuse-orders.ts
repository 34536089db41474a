import type { SimulatedRequest } from '../../dev/simulators/kit';
import { SAMPLE_EMPLOYER } from '../kit';

/** An order's `employer` of this name, at the sample address: each reuse test verifies an employer of its own. */
export function employer(name: string) {
  return { employer: { ...SAMPLE_EMPLOYER, name } };
}

/** The Truework calls from `from` on that cost an order: creates and reverifications, by path. */
export function trueworkOrders(requests: readonly SimulatedRequest[], from: number): string[] {
  return requests
    .slice(from)
    .filter((r) => r.method === 'POST' && (r.path === '/orders/target-employer' || r.path === '/orders/reverification'))
    .map((r) => r.path);
}
