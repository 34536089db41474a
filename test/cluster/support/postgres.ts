import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isExecutable } from '../../../dev/temporal/binaries';
import { freePort, ManagedProcess } from './processes';

/** The role and password the Temporal server connects with (trusted on loopback: any password is accepted). */
export const POSTGRES_USER = 'temporal';
export const POSTGRES_PASSWORD = 'temporal';

/**
 * A PostgreSQL server of its own for one test run: a fresh cluster made by `initdb` in a temporary folder, listening
 * on a free loopback port. Run as the `postgres` user when the tests run as root (initdb refuses root).
 */
export class PostgresServer {
  private process: ManagedProcess | undefined;

  private constructor(
    private readonly binDir: string,
    private readonly dir: string,
    readonly port: number,
    private readonly owner: { uid: number; gid: number } | undefined,
  ) {}

  /** Creates the cluster and starts the server; installs PostgreSQL from Debian's packages when it is missing. */
  static async start(): Promise<PostgresServer> {
    const binDir = postgresBinDir();
    const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
    const dir = mkdtempSync(join(tmpdir(), 'voie-postgres-'));
    if (owner) chownSync(dir, owner.uid, owner.gid);
    execFileSync(
      join(binDir, 'initdb'),
      ['-D', join(dir, 'data'), '-U', POSTGRES_USER, '--auth=trust', '--encoding=UTF8', '--no-sync'],
      { stdio: 'pipe', cwd: dir, ...owner },
    );
    const server = new PostgresServer(binDir, dir, await freePort(), owner);
    await server.resume();
    return server;
  }

  /** `host:port` as the Temporal server's config and the SQL tool want it. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts the server on the existing cluster (after {@link start} or {@link stop}). */
  async resume(): Promise<void> {
    this.process = ManagedProcess.start(
      'postgres',
      join(this.binDir, 'postgres'),
      [
        ...['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir],
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
        // A throw-away cluster: skip the disk flushes. Commits stay synchronous, so a killed server loses nothing.
        ...['-c', 'fsync=off', '-c', 'full_page_writes=off'],
      ],
      { cwd: this.dir, ...this.owner },
    );
    await this.process.waitForOutput('database system is ready to accept connections');
  }

  /**
   * The bytes the tables of `database` take on disk, indexes and TOAST included (`pg_total_relation_size` of each
   * table of its `public` schema, summed), read with the server's own `psql`.
   */
  tableBytes(database: string): number {
    const sql =
      'SELECT coalesce(sum(pg_total_relation_size(format($$%I.%I$$, schemaname, tablename))), 0) ' +
      "FROM pg_tables WHERE schemaname = 'public'";
    // Beside initdb where Debian puts it, else wherever PATH has it (a PATH that wraps initdb may not wrap psql).
    const psql = isExecutable(join(this.binDir, 'psql')) ? join(this.binDir, 'psql') : 'psql';
    const out = execFileSync(
      psql,
      ['-h', '127.0.0.1', '-p', String(this.port), '-U', POSTGRES_USER, '-d', database, '-At', '-c', sql],
      { encoding: 'utf8', env: { ...process.env, PGPASSWORD: POSTGRES_PASSWORD } },
    );
    return Number(out.trim());
  }

  /** Stops the server: `fast` (SIGINT) as a supervisor does, or `kill` (SIGKILL) as a crash does. */
  async stop(how: 'fast' | 'kill' = 'fast'): Promise<void> {
    await this.process?.stop(how === 'fast' ? 'SIGINT' : 'SIGKILL');
  }

  /** Stops the server and removes the cluster's folder. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const DEBIAN_BIN_ROOT = '/usr/lib/postgresql';

/**
 * The folder of `initdb` and `postgres`: PATH, then Debian's `/usr/lib/postgresql/<major>/bin` (newest major).
 * Installs Debian's `postgresql` package when neither has them and the tests run as root; else fails naming it.
 */
function postgresBinDir(): string {
  const found = findPostgresBinDir();
  if (found) return found;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    process.stderr.write('installing PostgreSQL from Debian (apt-get install postgresql)\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env });
    const installed = findPostgresBinDir();
    if (installed) return installed;
  }
  throw new Error(
    'the cluster suite needs a PostgreSQL server (initdb and postgres): install Debian\'s "postgresql" package',
  );
}

function findPostgresBinDir(): string | undefined {
  const majors = existsSync(DEBIAN_BIN_ROOT)
    ? readdirSync(DEBIAN_BIN_ROOT)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [
    ...(process.env.PATH ?? '').split(':').filter(Boolean),
    ...majors.map((major) => join(DEBIAN_BIN_ROOT, major, 'bin')),
  ];
  return candidates.find((dir) => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'postgres')));
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'the tests run as root and initdb refuses root: create the "postgres" user (Debian\'s package does)',
    );
  }
}
