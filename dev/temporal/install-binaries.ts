import { installTemporalBinaries } from './binaries';
import { firstLine, formatSeconds } from './phase-log';

// `npm run temporal:install`: install both binaries ahead of time (CI, images), official sources first; each phase
// and its time go to stderr, the binaries' paths to stdout.
const started = performance.now();
installTemporalBinaries().then(
  (paths) => {
    process.stdout.write(`${paths.join('\n')}\n`);
    process.stderr.write(`temporal binaries: ready (${formatSeconds(performance.now() - started)})\n`);
    // The SDK's native runtime, if the download started it, keeps the process alive.
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`temporal:install failed: ${err instanceof Error ? err.message : firstLine(err)}\n`);
    process.exit(1);
  },
);
