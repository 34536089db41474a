import { installClusterBinaries } from './cluster-binaries';
import { formatSeconds } from './phase-log';

// `npm run cluster:install`: build the Temporal server and its SQL tool ahead of the cluster suite (CI caches them);
// each phase and its time go to stderr, the binaries' paths to stdout.
const started = performance.now();
const { server, sqlTool } = installClusterBinaries();
process.stdout.write(`${server}\n${sqlTool}\n`);
process.stderr.write(`temporal server: ready (${formatSeconds(performance.now() - started)})\n`);
