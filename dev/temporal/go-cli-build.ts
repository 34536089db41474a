import { join, resolve } from 'node:path';
import { goAsync } from './go-command';

/**
 * The official Temporal CLI built from its Go module. v1.5.1 is the newest release `go install` can build: from
 * v1.6.0 on, the CLI's go.mod replaces its nested `cliext` module with a local folder, which `go install …@version`
 * refuses, and `cliext` has no version of its own on the module proxy. v1.5.1 is the dev server of Temporal Server
 * 1.29.1 (the PyPI wheel, CLI v1.9.1, is Server 1.32.0; the cluster runs Server 1.32.1).
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

/** The CLI's Go module and main package. */
export const TEMPORAL_CLI_PACKAGE = 'github.com/temporalio/cli/cmd/temporal';

/** Where the built CLI goes: one folder per version, so a cached build is never stale. */
export const CLI_TOOLS_DIR = resolve(__dirname, '..', '..', '.tools', `temporal-cli-${TEMPORAL_CLI_VERSION}`);

/** The built `temporal`, whether or not it is there yet. */
export const BUILT_CLI = join(CLI_TOOLS_DIR, 'temporal');

/**
 * The `go install` arguments of the CLI's release build (its `.goreleaser.yml`): static, stripped, and stamped with
 * its version so `temporal --version` says which release it is.
 */
export function goInstallCliArgs(version = TEMPORAL_CLI_VERSION): string[] {
  return [
    'install',
    '-trimpath',
    '-ldflags',
    `-s -w -X github.com/temporalio/cli/temporalcli.Version=${version.replace(/^v/, '')}`,
    `${TEMPORAL_CLI_PACKAGE}@${version}`,
  ];
}

/** Builds the CLI into {@link CLI_TOOLS_DIR} from the Go module proxy (minutes cold) and returns it. */
export async function buildCli(): Promise<string> {
  // A static binary: no C toolchain needed (its SQLite is pure Go).
  await goAsync(goInstallCliArgs(), { GOBIN: CLI_TOOLS_DIR, CGO_ENABLED: '0' });
  return BUILT_CLI;
}
