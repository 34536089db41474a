import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isExecutable } from '../temporal/binaries';

/**
 * The Helm that lints and renders `deploy/helm/voie`, built from its Go module. Pinned to the newest v3 release in
 * the module proxy when the chart was written: it needs Go 1.26.0, which the machine's Go (1.26.8) satisfies.
 */
export const HELM_VERSION = 'v3.22.0';

const HELM_PACKAGE = 'helm.sh/helm/v3/cmd/helm';

/** Where Helm goes: inside the project, one folder per version, so a cached build is never stale. */
export const HELM_TOOLS_DIR = resolve(__dirname, '..', '..', '.tools', `helm-${HELM_VERSION}`);

/** The `helm` binary the chart's checks run; it exists once {@link installHelm} has run. */
export const HELM_PATH = join(HELM_TOOLS_DIR, 'helm');

/**
 * Builds Helm with `go install` into {@link HELM_TOOLS_DIR} unless it is there, printing each phase and its elapsed
 * time (a cold build downloads the module's dependencies and compiles for minutes). Returns the binary's path.
 */
export function installHelm(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): string {
  if (isExecutable(HELM_PATH)) {
    log(`helm ${HELM_VERSION}: already built at ${HELM_PATH}`);
    return HELM_PATH;
  }
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  log(`helm ${HELM_VERSION}: downloading ${HELM_PACKAGE} and its dependencies from the Go module proxy`);
  go(['mod', 'download', `helm.sh/helm/v3@${HELM_VERSION}`]);
  log(`helm ${HELM_VERSION}: downloaded (${elapsed()}); compiling into ${HELM_TOOLS_DIR} (minutes on a cold cache)`);
  go(['install', `${HELM_PACKAGE}@${HELM_VERSION}`], {
    GOBIN: HELM_TOOLS_DIR,
    // A static binary: no C toolchain needed.
    CGO_ENABLED: '0',
  });
  log(`helm ${HELM_VERSION}: built ${HELM_PATH} in ${elapsed()}`);
  return HELM_PATH;
}

function go(args: string[], env: Record<string, string> = {}): string {
  try {
    return execFileSync('go', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      // Outside any module, with the machine's Go: no toolchain download.
      cwd: tmpdir(),
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false', ...env },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('Helm is built with Go (go 1.26.0 or newer on PATH): install Go', { cause: err });
    }
    throw err;
  }
}
