import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { HISTORIES_DIR, TIME_SKIPPING_HISTORIES_DIR } from '../support/stack';
import { testDataConverter, workflowBundle } from '../support/temporal';

/**
 * Every history recorded from real runs (`VOIE_RECORD_HISTORIES=1 npm test`) must replay with today's workflow code:
 * a change that would break open orders fails here and needs a patch.
 */
describe('recorded workflow histories', () => {
  // Binary protobuf (what the server returns), so the fixtures are exactly what was recorded.
  const files = readdirSync(HISTORIES_DIR).filter((file) => file.endsWith('.binpb'));

  it('are present', () => {
    // Histories from before each patch stay, so the old branch of every `patched()` keeps being exercised.
    expect(files.filter((file) => file.startsWith('before-created-first-patch-')).length).toBeGreaterThanOrEqual(7);
    expect(files.filter((file) => file.startsWith('before-snapshot-from-create-')).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((file) => file.startsWith('before-start-attributes-')).length).toBeGreaterThanOrEqual(7);
    expect(files.filter((file) => file.startsWith('before-restated-hints-unread-')).length).toBeGreaterThanOrEqual(1);
    expect(files.filter((file) => file.startsWith('before-hinted-reads-')).length).toBeGreaterThanOrEqual(1);
    expect(files.filter((file) => !file.startsWith('before-')).length).toBeGreaterThanOrEqual(7);
  });

  const timeSkippingFiles = readdirSync(TIME_SKIPPING_HISTORIES_DIR).filter((file) => file.endsWith('.binpb'));
  const recordings = [
    ...files.map((file) => ({ file, dir: HISTORIES_DIR, timeSkipping: false })),
    ...timeSkippingFiles.map((file) => ({ file: `time-skipping/${file}`, dir: HISTORIES_DIR, timeSkipping: true })),
  ];

  it.each(recordings)('$file replays without nondeterminism', async ({ file, dir, timeSkipping }) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(join(dir, file)));
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: await workflowBundle(timeSkipping), dataConverter: testDataConverter },
        history,
        file,
      ),
    ).resolves.toBeUndefined();
  });
});
