import type { Config } from '../config';

/** What `dev/commands/dev.ts` exports: `voie dev`, everything on one machine. */
export type RunDev = (config: Config) => Promise<void>;

/**
 * The checkout's `dev/commands/dev.ts`, relative to this module. A variable, not a literal: `tsc` follows
 * `import('…')` of a literal and would compile `dev/` (the simulators, the embedded Temporal server) into `dist/`.
 */
const DEV_COMMAND = '../../dev/commands/dev';

/**
 * Runs `voie dev` when this is a checkout of voie. The production build has no `dev/` folder (`tsconfig.build.json`
 * and the Dockerfile leave it out), so there `voie dev` fails with a sentence saying where it runs; `voie api` and
 * `voie worker` never reach this module's import.
 */
export async function runDevFromCheckout(config: Config): Promise<void> {
  let dev: { runDev: RunDev };
  try {
    dev = (await import(DEV_COMMAND)) as { runDev: RunDev };
  } catch (err) {
    if (isMissing(err)) {
      throw new Error(
        'voie dev runs from a checkout of voie (npm start); this build holds voie api, voie worker and the CLI only',
        { cause: err },
      );
    }
    throw err;
  }
  return dev.runDev(config);
}

/** Whether `err` says the dev command itself is absent (not one of its imports: that is a broken checkout). */
function isMissing(err: unknown): boolean {
  const { code, message } = err as NodeJS.ErrnoException;
  return (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && String(message).includes(DEV_COMMAND);
}
