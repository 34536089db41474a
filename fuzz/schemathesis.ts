import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { isExecutable } from '../dev/temporal/binaries';

/** The fuzzer `npm run fuzz` runs, pinned: a new release may add checks, and a CI run should not change by itself. */
export const SCHEMATHESIS = { pypi: 'schemathesis==4.32.5', version: '4.32.5' } as const;

/** The `schemathesis` command, installed from PyPI into the tools folder when missing (pip only). */
export function ensureSchemathesis(): string {
  const python = venvPython();
  const pythonVersion = run(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']).trim();
  // Its own virtual environment inside the project's tools folder, beside the Temporal binaries; one per Python.
  const venv = resolve(__dirname, '..', '.tools', `schemathesis-${SCHEMATHESIS.version}-py${pythonVersion}`);
  const command = join(venv, 'bin', 'schemathesis');
  if (isExecutable(command)) return command;
  process.stderr.write(`installing ${SCHEMATHESIS.pypi} from PyPI into ${venv}\n`);
  const env = { ...process.env, PIP_ROOT_USER_ACTION: 'ignore', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit', env });
  execFileSync(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', SCHEMATHESIS.pypi], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  return command;
}

/**
 * The Python the fuzzer's environment is made with: 3.13 or newer where the machine has one (on `PATH`, or installed
 * by pyenv, whose shims answer only for its global version), else `python3`. CPython 3.11.5–3.11.7 and 3.12.0–3.12.1
 * fail hypothesis' descriptions of lambdas with "AST constructor recursion depth mismatch" (cpython#106905), which
 * stops schemathesis' coverage phase at random.
 */
function venvPython(): string {
  for (const name of ['python3.14', 'python3.13']) {
    if (runs(name)) return name;
  }
  const versions = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  const recent = existsSync(versions)
    ? readdirSync(versions)
        .filter((version) => /^3\.(1[3-9])\.\d+$/.test(version))
        .map((version) => join(versions, version, 'bin', 'python3'))
        .filter(runs)
    : [];
  return recent.sort().at(-1) ?? 'python3';
}

function runs(python: string): boolean {
  try {
    run(python, ['--version']);
    return true;
  } catch {
    return false;
  }
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}
