import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SimulatorLifecycle } from './lifecycle';
import { isRecord, reasonOf } from './values';

/** How to set up a {@link StateFile}. */
export interface StateFileOptions {
  /** The file; undefined keeps the state in memory only, and loading and saving do nothing. */
  path: string | undefined;
  /** Names the simulator in warnings on stderr, e.g. `truework simulator`. */
  owner: string;
  /** How a failed save's warning ends, e.g. `orders are kept in memory only`. */
  unsaved: string;
  lifecycle: SimulatorLifecycle;
}

/**
 * A simulator's state across restarts, in one JSON file. A missing file is a fresh start; one that cannot be read
 * or is malformed is reported on stderr and ignored, then overwritten by the next save. Saves rewrite the file whole.
 */
export class StateFile<State> {
  /** Set after a failed write, so a full disk warns once rather than on every change. */
  private failing = false;

  constructor(private readonly options: StateFileOptions) {}

  /**
   * Parses the file with `schema` and hands the state to `adopt`; a file that does not parse, or that `adopt` throws
   * on, counts as malformed. Never throws.
   */
  load(schema: z.ZodType<State>, adopt: (state: State) => void): void {
    const file = this.options.path;
    if (file === undefined) return;
    try {
      const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) throw new Error(z.prettifyError(parsed.error).replace(/\n\s*/g, ' '));
      adopt(parsed.data);
    } catch (err) {
      if (isRecord(err) && err['code'] === 'ENOENT') return;
      this.warn(`cannot restore state from ${file} (${reasonOf(err)}); starting with no orders`);
    }
  }

  /**
   * Writes `snapshot()` through a temporary file and a rename, so a crash never leaves half a file. A failure only
   * warns: the running simulator still has everything in memory; only a restart would lose the unsaved change.
   */
  save(snapshot: () => State): void {
    const file = this.options.path;
    // A closed simulator may share its file with its successor; it must not overwrite what that one wrote.
    if (file === undefined || this.options.lifecycle.closed) return;
    const state = snapshot();
    const temporary = `${file}.tmp`;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(temporary, JSON.stringify(state));
      renameSync(temporary, file);
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.warn(`cannot save state to ${file} (${reasonOf(err)}); ${this.options.unsaved}`);
      this.failing = true;
    }
  }

  private warn(message: string): void {
    process.stderr.write(`${this.options.owner}: ${message}\n`);
  }
}
