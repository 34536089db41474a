import { installClusterBinaries } from './cluster-binaries';

// `npm run cluster:install`: build the Temporal server and its SQL tool ahead of the cluster suite (CI caches them).
const { server, sqlTool } = installClusterBinaries();
process.stdout.write(`${server}\n${sqlTool}\n`);
