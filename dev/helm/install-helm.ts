import { installHelm } from './helm-binary';

// `npm run helm:install`: build Helm ahead of the chart's checks (CI runs it; the build is cached in .tools).
process.stdout.write(`${installHelm()}\n`);
