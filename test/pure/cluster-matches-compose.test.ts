import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROVIDER_ACCOUNTS } from '../../src/providers/registry';
import { providerTaskQueue } from '../../workflows/task-queues';
import { TEMPORAL_SERVER_VERSION } from '../../dev/temporal/cluster-binaries';
import { DYNAMIC_CONFIG_FILE, serverConfig } from '../cluster/support/temporal-server';

/**
 * docker-compose.yml describes what the cluster suite runs: the same server version and dynamic config (its search
 * attributes, retention and the rest: compose-file.test.ts).
 */
describe('the cluster suite and docker-compose.yml', () => {
  const root = resolve(__dirname, '..', '..');
  const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');

  it('mount the same dynamic config file into the server', () => {
    const mount = /- \.\/(deploy\/[\w.-]+\.yaml):\/etc\/temporal\/(config\/dynamicconfig\/[\w.-]+\.yaml):ro/.exec(
      compose,
    );
    expect(mount).not.toBeNull();
    const [, mountedFile, mountedAt] = mount!;
    expect(compose).toContain(`DYNAMIC_CONFIG_FILE_PATH: ${mountedAt}`);
    expect(resolve(root, mountedFile!)).toBe(DYNAMIC_CONFIG_FILE);

    const config = serverConfig(CONFIG_TEMPLATE, '127.0.0.1:5555', PORTS);
    expect(config).toContain(`filepath: "${DYNAMIC_CONFIG_FILE}"`);
  });

  it("give every provider's rate-limited task queue one partition, for both reads and writes", () => {
    const dynamicConfig = readFileSync(DYNAMIC_CONFIG_FILE, 'utf8');
    for (const key of ['matching.numTaskqueueReadPartitions', 'matching.numTaskqueueWritePartitions']) {
      const block = new RegExp(`^${key.replace(/\./g, '\\.')}:\n((?:  .*\n)+)`, 'm').exec(dynamicConfig)?.[1] ?? '';
      const queues = [...block.matchAll(/- value: 1\n\s+constraints: \{ taskQueueName: ([\w-]+) \}/g)].map(
        ([, queue]) => queue,
      );
      expect(queues.sort()).toEqual(PROVIDER_ACCOUNTS.map(providerTaskQueue).sort());
    }
  });

  it('run the server version the suite builds, and its admin tools', () => {
    const images = [...compose.matchAll(/image: temporalio\/(server|admin-tools):(\S+)/g)].map(([, name, tag]) => ({
      name,
      tag,
    }));
    expect(images.map(({ name }) => name).sort()).toEqual(['admin-tools', 'admin-tools', 'server']);
    expect(images.map(({ tag }) => `v${tag}`)).toEqual(images.map(() => TEMPORAL_SERVER_VERSION));
  });
});

/** The settings of the server module's development-postgres12.yaml that the suite replaces, as the module writes them. */
const CONFIG_TEMPLATE = `
log:
  level: info
persistence:
  datastores:
    postgres-default:
      sql:
        connectAddr: "127.0.0.1:5432"
    postgres-visibility:
      sql:
        maxConns: 2
        maxIdleConns: 2
global:
  pprof:
    port: 7936
  metrics:
    prometheus:
      listenAddress: "127.0.0.1:8000"
services:
  frontend:
    rpc: { grpcPort: 7233, membershipPort: 6933, httpPort: 7243 }
  matching:
    rpc: { grpcPort: 7235, membershipPort: 6935 }
  history:
    rpc: { grpcPort: 7234, membershipPort: 6934 }
  worker:
    rpc: { grpcPort: 7239, membershipPort: 6939 }
clusterMetadata:
  clusterInformation:
    active:
      rpcAddress: "localhost:7233"
dynamicConfigClient:
  filepath: "config/dynamicconfig/development-sql.yaml"
`;

const PORTS = {
  frontend: 1,
  frontendHttp: 2,
  frontendMembership: 3,
  history: 4,
  historyMembership: 5,
  matching: 6,
  matchingMembership: 7,
  worker: 8,
  workerMembership: 9,
  metrics: 10,
};
