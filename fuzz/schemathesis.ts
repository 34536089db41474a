import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { isExecutable } from '../dev/temporal/binaries';

/** The fuzzer `npm run fuzz` runs, pinned: a new release may add checks, and a CI run should not change by itself. */
export const SCHEMATHESIS = { pypi: 'schemathesis==4.32.5', version: '4.32.5' } as const;

/** Its own virtual environment inside the project's tools folder, beside the Temporal binaries. */
const VENV = resolve(__dirname, '..', '.tools', `schemathesis-${SCHEMATHESIS.version}`);

/** The `schemathesis` command, installed from PyPI into the tools folder when missing (pip only). */
export function ensureSchemathesis(): string {
  const command = join(VENV, 'bin', 'schemathesis');
  if (isExecutable(command)) return command;
  process.stderr.write(`installing ${SCHEMATHESIS.pypi} from PyPI into ${VENV}\n`);
  const env = { ...process.env, PIP_ROOT_USER_ACTION: 'ignore', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit', env });
  execFileSync(join(VENV, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', SCHEMATHESIS.pypi], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  return command;
}
