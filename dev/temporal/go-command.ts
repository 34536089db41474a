import { execFile, execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';

/** The Go that builds voie's Temporal binaries: the pinned modules need Go 1.26.8 at most (the server's go.mod). */
export const GO_REQUIRED = 'go 1.26.8 or newer on PATH';

/**
 * Outside any module, with the machine's Go (no toolchain download: only the module proxy is reachable), and no VCS
 * stamping (the module cache holds no repository).
 */
function goOptions(env: Record<string, string>): { cwd: string; env: NodeJS.ProcessEnv } {
  return { cwd: tmpdir(), env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false', ...env } };
}

/** Runs `go args…` and returns its stdout; throws naming Go when it is not installed. */
export function goSync(args: string[], env: Record<string, string> = {}): string {
  try {
    return execFileSync('go', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...goOptions(env) });
  } catch (err) {
    throw goError(err);
  }
}

/**
 * Runs `go args…` without blocking the event loop (a build takes minutes while `voie dev` starts). Go's own output
 * is kept and returned in the error, so a failed build says why while a good one prints nothing.
 */
export function goAsync(args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((done, fail) => {
    execFile(
      'go',
      args,
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...goOptions(env) },
      (err, stdout, stderr) => {
        if (err) fail(goError(err, stderr));
        else done(stdout);
      },
    );
  });
}

/** Whether `go` runs at all (its version is checked by the build, which names it). */
export function goAvailable(): boolean {
  try {
    goSync(['version']);
    return true;
  } catch {
    return false;
  }
}

function goError(err: unknown, stderr = ''): Error {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    return new Error(`no go on PATH (${GO_REQUIRED})`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new Error(stderr.trim() ? `${stderr.trim()}\n${message}` : message, { cause: err });
}
