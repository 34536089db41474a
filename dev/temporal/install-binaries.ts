import { installTemporalBinaries } from './binaries';

// `npm run temporal:install`: fetch both server binaries ahead of time (CI, air-gapped images).
installTemporalBinaries();
