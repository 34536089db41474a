import { spawn } from 'node:child_process';
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

/** How often a long phase says it is still running. */
const HEARTBEAT_MS = 30_000;

/**
 * Builds Helm with `go install` into {@link HELM_TOOLS_DIR} unless it is there, printing each phase and its elapsed
 * time, and every 30 s while Go compiles (a cold build fetches the module's dependencies and compiles for minutes:
 * 3.5 minutes on two busy cores). Resolves to the binary's path.
 */
export async function installHelm(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<string> {
  if (isExecutable(HELM_PATH)) {
    log(`helm ${HELM_VERSION}: already built at ${HELM_PATH}`);
    return HELM_PATH;
  }
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
  log(`helm ${HELM_VERSION}: fetching the module helm.sh/helm/v3 from the Go module proxy`);
  await go(['mod', 'download', `helm.sh/helm/v3@${HELM_VERSION}`]);
  log(`helm ${HELM_VERSION}: fetched (${elapsed()}); fetching its dependencies and compiling into ${HELM_TOOLS_DIR}`);
  const heartbeat = setInterval(() => log(`helm ${HELM_VERSION}: still compiling (${elapsed()})`), HEARTBEAT_MS);
  try {
    // A static binary (no C toolchain needed), stripped, that names its version as Helm's own release builds do.
    const ldflags = `-s -w -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION}`;
    await go(['install', `-ldflags=${ldflags}`, `${HELM_PACKAGE}@${HELM_VERSION}`], {
      GOBIN: HELM_TOOLS_DIR,
      CGO_ENABLED: '0',
    });
  } finally {
    clearInterval(heartbeat);
  }
  log(`helm ${HELM_VERSION}: built ${HELM_PATH} in ${elapsed()}`);
  return HELM_PATH;
}

/** Runs Go outside any module, with the machine's Go (no toolchain download); its output goes to stderr. */
function go(args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      cwd: tmpdir(),
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false', ...env },
    });
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new Error('Helm is built with Go (go 1.26.0 or newer on PATH): install Go', { cause: err })
          : err,
      ),
    );
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`go ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}
