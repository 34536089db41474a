import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { installClusterBinaries, type ClusterBinaries } from '../../../dev/temporal/cluster-binaries';
import { POSTGRES_PASSWORD, POSTGRES_USER, PostgresServer } from './postgres';
import { freePorts, ManagedProcess } from './processes';

/** The dynamic configuration production runs with: docker-compose.yml mounts this very file into the server. */
export const DYNAMIC_CONFIG_FILE = resolve(__dirname, '..', '..', '..', 'deploy', 'temporal-dynamic-config.yaml');

/** How long a closed order's history stays, as in docker-compose.yml (`--retention 720h`). */
export const RETENTION_MS = 720 * 3_600_000;

const PORT_NAMES = [
  'frontend',
  'frontendHttp',
  'frontendMembership',
  'history',
  'historyMembership',
  'matching',
  'matchingMembership',
  'worker',
  'workerMembership',
  'metrics',
] as const;

/** The ports of one server: every service's gRPC and membership port, the frontend's HTTP API and the metrics. */
export type ServerPorts = Record<(typeof PORT_NAMES)[number], number>;

/**
 * The server module's `config/development-postgres12.yaml` pointed at this run's PostgreSQL and ports and at the
 * production dynamic config. Each setting is replaced where the module writes it; a template that no longer has
 * one fails here instead of starting a server on the default ports.
 */
export function serverConfig(template: string, postgresAddress: string, ports: ServerPorts): string {
  const replacements: [string, string][] = [
    ['connectAddr: "127.0.0.1:5432"', `connectAddr: "${postgresAddress}"`],
    ['grpcPort: 7233', `grpcPort: ${ports.frontend}`],
    ['membershipPort: 6933', `membershipPort: ${ports.frontendMembership}`],
    ['httpPort: 7243', `httpPort: ${ports.frontendHttp}`],
    ['grpcPort: 7234', `grpcPort: ${ports.history}`],
    ['membershipPort: 6934', `membershipPort: ${ports.historyMembership}`],
    ['grpcPort: 7235', `grpcPort: ${ports.matching}`],
    ['membershipPort: 6935', `membershipPort: ${ports.matchingMembership}`],
    ['grpcPort: 7239', `grpcPort: ${ports.worker}`],
    ['membershipPort: 6939', `membershipPort: ${ports.workerMembership}`],
    ['rpcAddress: "localhost:7233"', `rpcAddress: "127.0.0.1:${ports.frontend}"`],
    ['listenAddress: "127.0.0.1:8000"', `listenAddress: "127.0.0.1:${ports.metrics}"`],
    // Port 0 turns the profiler off: nothing listens that the test did not ask for.
    ['port: 7936', 'port: 0'],
    ['level: info', 'level: warn'],
    // The module's visibility store has a pool of 2 connections; the server image compose runs defaults to 20
    // (SQL_MAX_CONNS), and with 2 the API's visibility lookups queue behind the writes past its deadline.
    ['maxConns: 2\n        maxIdleConns: 2\n', 'maxConns: 20\n        maxIdleConns: 20\n'],
    ['filepath: "config/dynamicconfig/development-sql.yaml"', `filepath: "${DYNAMIC_CONFIG_FILE}"`],
  ];
  let config = template;
  for (const [from, to] of replacements) {
    if (!config.includes(from)) throw new Error(`the server's config template no longer has ${from}`);
    config = config.replaceAll(from, to);
  }
  return config;
}

/**
 * A Temporal server as production runs it: the server built from the Go module (every service in one process)
 * on its own PostgreSQL, with the schema loaded by the module's SQL tool and the `default` namespace created.
 */
export class TemporalCluster {
  private server: ManagedProcess | undefined;

  private constructor(
    readonly postgres: PostgresServer,
    private readonly binaries: ClusterBinaries,
    private readonly dir: string,
    readonly ports: ServerPorts,
    readonly namespace: string,
  ) {}

  static async start(namespace = 'default'): Promise<TemporalCluster> {
    const binaries = installClusterBinaries();
    const postgres = await PostgresServer.start();
    try {
      loadSchema(binaries, postgres);
      const free = await freePorts(PORT_NAMES.length, 32_768);
      const ports = Object.fromEntries(PORT_NAMES.map((name, index) => [name, free[index]!])) as ServerPorts;
      const dir = mkdtempSync(join(tmpdir(), 'voie-temporal-'));
      const template = readFileSync(binaries.postgresConfigTemplate, 'utf8');
      writeFileSync(join(dir, 'config.yaml'), serverConfig(template, postgres.address, ports));
      const cluster = new TemporalCluster(postgres, binaries, dir, ports, namespace);
      await cluster.resume();
      await cluster.createNamespace();
      return cluster;
    } catch (err) {
      await postgres.destroy();
      throw err;
    }
  }

  /** The frontend's `host:port`, as voie's TEMPORAL_ADDRESS. */
  get address(): string {
    return `127.0.0.1:${this.ports.frontend}`;
  }

  /** Every port the server and its database listen on. */
  get listeningPorts(): number[] {
    return [...Object.values(this.ports), this.postgres.port];
  }

  /** Starts the server process (again) and waits until its frontend answers. */
  async resume(): Promise<void> {
    this.server = ManagedProcess.start(
      'temporal server',
      this.binaries.server,
      ['--config-file', join(this.dir, 'config.yaml'), '--allow-no-auth', 'start'],
      { cwd: this.dir },
    );
    await this.server.waitFor(() => this.answers(), 'frontend answering', 120_000);
  }

  /** Stops the server process (SIGTERM, as a supervisor does; SIGKILL with `kill`). PostgreSQL keeps running. */
  async stop(how: 'term' | 'kill' = 'term'): Promise<void> {
    await this.server?.stop(how === 'term' ? 'SIGTERM' : 'SIGKILL');
  }

  /** Stops the server and PostgreSQL and removes their folders. */
  async destroy(): Promise<void> {
    await this.stop();
    await this.postgres.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A client connection to the frontend, for the test's own calls; close it when done. */
  connect(): Promise<Connection> {
    return Connection.connect({ address: this.address, connectTimeout: 2_000 });
  }

  private async answers(): Promise<boolean> {
    try {
      const connection = await this.connect();
      try {
        await connection.workflowService.getSystemInfo({});
        return true;
      } finally {
        await connection.close();
      }
    } catch {
      return false;
    }
  }

  /** Registers the namespace, then waits until the frontend serves it (its namespace cache refreshes in seconds). */
  private async createNamespace(): Promise<void> {
    const connection = await this.connect();
    try {
      await connection.workflowService.registerNamespace({
        namespace: this.namespace,
        workflowExecutionRetentionPeriod: msToTs(RETENTION_MS),
      });
      await this.server!.waitFor(
        () =>
          connection.workflowService.listWorkflowExecutions({ namespace: this.namespace, pageSize: 1 }).then(
            () => true,
            () => false,
          ),
        `namespace ${this.namespace} served`,
      );
    } finally {
      await connection.close();
    }
  }
}

/** Creates Temporal's two databases and loads their schema with the module's SQL tool, as the compose file does. */
function loadSchema(binaries: ClusterBinaries, postgres: PostgresServer): void {
  const [host, port] = postgres.address.split(':') as [string, string];
  const connection = [
    '--plugin',
    'postgres12',
    '--ep',
    host,
    '-p',
    port,
    '-u',
    POSTGRES_USER,
    '--pw',
    POSTGRES_PASSWORD,
  ];
  for (const [database, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const sql = (...args: string[]): void => {
      execFileSync(binaries.sqlTool, [...connection, '--db', database, ...args], { stdio: 'pipe' });
    };
    sql('create-database');
    sql('setup-schema', '-v', '0.0');
    sql('update-schema', '-d', join(binaries.postgresSchemaDir, schema, 'versioned'));
  }
}
