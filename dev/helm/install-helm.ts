import { installHelm } from './helm-binary';

// `npm run helm:install`: build Helm ahead of the chart's checks (CI runs it; the build is cached in .tools). Its
// path goes to stdout, alone, so that a script can take it: `helm="$(npm run --silent helm:install)"`.
installHelm().then(
  (path) => process.stdout.write(`${path}\n`),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
