import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { PATCHES } from '../../workflows/patches';
import { HISTORIES_DIR, TIME_SKIPPING_HISTORIES_DIR } from '../support/stack';
import { ordersEnded, providerSpend } from '../../src/metrics';
import { workflowSinks } from '../../src/worker';
import { testWorkerDataConverter, workflowBundle } from '../support/temporal';

/** One recorded history of each path the order, loan and provider-slot workflows have (a `-run1`, `-run2` … suffix for each run). */
const PATHS = [
  'truework-completed-webhooks',
  'truework-completed-polling',
  'truework-two-employers-one-verified',
  'truv-completed',
  'waterfall-truv-no-data-then-truework',
  'waterfall-los-cancel-second-step',
  'waterfall-instant-verified',
  'waterfall-instant-skipped-then-truework',
  'waterfall-named-instant-miss-truv-truework',
  'reverification-at-once-changed',
  'reverification-canceled',
  'truework-los-cancel-repeated',
  'truework-failed-rejected',
  'truework-continue-as-new',
  'truework-completed-delivery-retried',
  'time-skipping/reverification-of-completed-order',
  'time-skipping/reverification-replanned',
  'time-skipping/reverification-window-ended',
  'loan-three-orders-moved',
  'provider-slot-granted',
  'provider-slot-timed-out',
  'bill-truework-reverified-priced',
  'truework-reused',
  'reuse-ledger-created-then-reused',
  'reuse-ledger-waiter-told',
  'truework-reuse-waited-then-created',
];

/**
 * Every history recorded from real runs (`VOIE_RECORD_HISTORIES=1 npm test`) must replay with today's workflow code:
 * a change that would break open orders fails here. Such a change is a registered patch (`workflows/patches.ts`), and
 * a history recorded before it stays (docs/development.md, "Changing a workflow").
 */
describe('recorded workflow histories', () => {
  // Binary protobuf (what the server returns), so the fixtures are exactly what was recorded.
  const files = readdirSync(HISTORIES_DIR).filter((file) => file.endsWith('.binpb'));
  const timeSkippingFiles = readdirSync(TIME_SKIPPING_HISTORIES_DIR).filter((file) => file.endsWith('.binpb'));

  it('cover every path of the order workflow', () => {
    const all = [...files, ...timeSkippingFiles.map((file) => `time-skipping/${file}`)];
    const recorded = PATHS.filter((path) => all.some((file) => file.replace(/(-run\d+)?\.binpb$/, '') === path));
    expect(recorded).toEqual(PATHS);
  });

  it('include, for every registered patch, a history recorded before it', () => {
    const missing = PATCHES.filter((patch) => !files.some((file) => file.startsWith(`before-${patch.id}-`)));
    expect(missing.map((patch) => patch.id)).toEqual([]);
  });

  const recordings = [
    ...files.map((file) => ({ file, dir: HISTORIES_DIR, timeSkipping: false })),
    ...timeSkippingFiles.map((file) => ({ file: `time-skipping/${file}`, dir: HISTORIES_DIR, timeSkipping: true })),
  ];

  it.each(recordings)('$file replays without nondeterminism', async ({ file, dir, timeSkipping }) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(join(dir, file)));
    await expect(
      Worker.runReplayHistory(
        {
          workflowBundle: await workflowBundle(timeSkipping),
          dataConverter: testWorkerDataConverter,
          // As the workers register it: a sink a workflow calls must exist, though replay calls none.
          sinks: workflowSinks(),
        },
        history,
        file,
      ),
    ).resolves.toBeUndefined();
  });

  it('count no order as ended while they replay, though many of them end one', async () => {
    // The order workflow reports its end through a sink the SDK never calls on replay: a worker that takes an order
    // up again from its history (a cache eviction, a restart, another worker) counts nothing twice.
    expect((await ordersEnded.get()).values).toEqual([]);
  });

  it('count no spending while they replay, though some of them bought provider orders at a price', async () => {
    expect((await providerSpend.get()).values).toEqual([]);
  });
});
