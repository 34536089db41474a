import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A state file for each test of the enclosing `describe`, at `<fresh temporary folder>/state/<fileName>`: the
 * `state` folder does not exist yet, so the writer must create it. After the test, `stopWriters` runs first (no late
 * write may land in a folder being removed), then the folder goes. Returns the current test's path.
 */
export function useStateFile(fileName: string, stopWriters: () => Promise<void>): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'voie-state-'));
  });
  afterEach(async () => {
    await stopWriters();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error('the state file is used outside a test');
    return join(dir, 'state', fileName);
  };
}
