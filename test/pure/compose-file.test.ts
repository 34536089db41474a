import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { SearchAttributeType } from '@temporalio/common';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { TRUEWORK_SIMULATOR_CREDENTIALS } from '../../dev/simulators/truework';
import { TRUV_SIMULATOR_CREDENTIALS } from '../../dev/simulators/truv';
import { generateSecrets } from '../../src/commands/secrets';
import { loadConfig } from '../../src/config';
import { VOIE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { RETENTION_MS } from '../cluster/support/temporal-server';
import { interpolateCompose, MissingVariableError } from '../support/compose-interpolation';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The Compose Specification's JSON schema as Docker Compose v2 validates with it: `schema/compose-spec.json` of the Go
 * module `github.com/compose-spec/compose-go/v2` v2.16.2 (module sum `h1:pTp1DqQwJzFd85GzlWsSszKA1ABrV/ySqsClujIcWA8=`,
 * from the Go module proxy), kept byte for byte; Apache-2.0. Replace it with a newer release's file and its hash.
 */
const SCHEMA_FILE = join(ROOT, 'test', 'fixtures', 'compose', 'compose-spec.json');
const SCHEMA_SHA256 = 'f266dcbb043229405d7cedd5aec918f9102c2b3d5e3850808fdd8edd564a43ff';

interface Service {
  image?: string;
  build?: unknown;
  restart?: string;
  profiles?: string[];
  ports?: string[];
  expose?: string[];
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition: string }>;
}
interface ComposeFile {
  services: Record<string, Service>;
}

const source = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const envExample = readFileSync(join(ROOT, '.env.example'), 'utf8');
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(
  JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object,
);

/** docker-compose.yml as `docker compose config` reads it with this `.env`: interpolated, then schema-checked. */
function composeWith(dotEnv: string): ComposeFile {
  const env = parseEnv(dotEnv) as Record<string, string>;
  const file = interpolateCompose(parse(source, { merge: true }), env);
  if (!validate(file)) throw new Error(`not a valid compose file:\n${JSON.stringify(validate.errors, null, 2)}`);
  return file as ComposeFile;
}

/** `.env.example` with `voie secrets generate` appended, as docs/operations.md says to make `.env`, and `extra` after it. */
const dotEnv = (extra = ''): string => `${envExample}\n${generateSecrets()}\n${extra}`;

/** What voie's processes are configured with in that compose file. */
const voieConfig = (compose: ComposeFile) => loadConfig(compose.services['voie-worker']!.environment);

/** The simulators block of `.env.example`, uncommented as it says to. */
const simulatorsBlock = (): string =>
  envExample
    .split('\n')
    .filter((line) => /^# (COMPOSE_PROFILES|TRUEWORK_|TRUV_)\w*=\S/.test(line))
    .map((line) => line.slice(2))
    .join('\n');

describe('docker-compose.yml', () => {
  it('keeps the schema it is checked with as fetched', () => {
    expect(createHash('sha256').update(readFileSync(SCHEMA_FILE)).digest('hex')).toBe(SCHEMA_SHA256);
  });

  it.each([
    ['no provider credentials', '', []],
    ["Truework's credentials alone", 'TRUEWORK_API_KEY=tw_sk_live_x\nTRUEWORK_WEBHOOK_TOKEN=token', ['truework']],
    ["Truv's credentials alone", 'TRUV_CLIENT_ID=client\nTRUV_SECRET=secret', ['truv']],
    ['both', 'TRUEWORK_API_KEY=k\nTRUEWORK_WEBHOOK_TOKEN=t\nTRUV_CLIENT_ID=c\nTRUV_SECRET=s', ['truework', 'truv']],
    [
      "Truework's sandbox",
      'TRUEWORK_BASE_URL=https://api.truework-sandbox.com\nTRUEWORK_API_KEY=k\nTRUEWORK_WEBHOOK_TOKEN=t',
      ['truework'],
    ],
  ])('is a valid compose file that voie starts with, with %s', (_name, credentials, providers) => {
    const compose = composeWith(dotEnv(credentials));
    const config = voieConfig(compose);
    expect(['truework', 'truv'].filter((provider) => config[provider as 'truework' | 'truv'].baseUrl)).toEqual(
      providers,
    );
    expect(config.production).toBe(true);
    expect(compose.services['voie-api']!.environment).toEqual(compose.services['voie-worker']!.environment);
  });

  it('traces only with an OTLP endpoint set, each process under its own service name', () => {
    expect(voieConfig(composeWith(dotEnv())).tracing).toMatchObject({
      protocol: 'http/protobuf',
      sampler: 'parentbased_always_on',
    });
    expect(voieConfig(composeWith(dotEnv())).tracing.endpoint).toBeUndefined();
    const traced = composeWith(
      dotEnv('OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318\nOTEL_EXPORTER_OTLP_PROTOCOL=http/json'),
    );
    expect(voieConfig(traced).tracing).toMatchObject({
      endpoint: 'http://otel-collector:4318/v1/traces',
      protocol: 'http/json',
    });
    expect(voieConfig(traced).tracing.serviceName).toBeUndefined();
  });

  it("points voie at the simulators profile's service, with the credentials it accepts, in .env.example's block", () => {
    const compose = composeWith(dotEnv(simulatorsBlock()));
    const env = parseEnv(simulatorsBlock());
    expect(env.COMPOSE_PROFILES).toBe('simulators');
    const simulators = compose.services['provider-simulators']!;
    expect(simulators.profiles).toEqual(['simulators']);
    const argument = (flag: string) => simulators.command![simulators.command!.indexOf(flag) + 1];
    expect(argument('--webhook-base-url')).toBe('http://voie-api:3000');
    const config = voieConfig(compose);
    expect(config.truework).toEqual({
      baseUrl: `http://provider-simulators:${argument('--truework-port')}`,
      ...TRUEWORK_SIMULATOR_CREDENTIALS,
    });
    expect(config.truv).toEqual({
      baseUrl: `http://provider-simulators:${argument('--truv-port')}`,
      ...TRUV_SIMULATOR_CREDENTIALS,
    });
  });

  it('reads no variable that .env.example does not describe', () => {
    const read = new Set([...source.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map(([, name]) => name));
    const described = new Set([...envExample.matchAll(/^(?:# )?([A-Z_][A-Z0-9_]*)=/gm)].map(([, name]) => name));
    expect([...read].filter((name) => !described.has(name))).toEqual([]);
    expect(read.size).toBeGreaterThan(15);
  });

  it('refuses to start without the generated secrets, saying how to make them', () => {
    expect(() => composeWith(envExample)).toThrow(MissingVariableError);
    expect(() => composeWith(envExample)).toThrow(/voie secrets generate/);
  });

  it('publishes voie api on every interface, the UI proxy on 127.0.0.1 only, and nothing else', () => {
    const { services } = composeWith(dotEnv());
    const published = Object.entries(services)
      .filter(([, service]) => service.ports?.length)
      .map(([name, service]) => [name, service.ports]);
    expect(published).toEqual([
      ['ui-proxy', ['127.0.0.1:8080:8080']],
      ['voie-api', ['3000:3000']],
    ]);
    // The Temporal frontend is reached on the compose network only.
    expect(services.temporal!.ports).toBeUndefined();
  });

  it('never puts the codec key in a URL: the UI asks the proxy, which adds it as a header', () => {
    const secrets = generateSecrets();
    const codecKey = parseEnv(secrets).VOIE_CODEC_KEYS!;
    const compose = composeWith(`${envExample}\n${secrets}`);
    const strings: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(compose);
    // The key is only ever a whole value (the proxy's and voie's environment), never part of a URL or a path.
    const holding = strings.filter((text) => text.includes(codecKey));
    expect(holding.length).toBeGreaterThan(0);
    expect(holding.filter((text) => text !== codecKey)).toEqual([]);
    expect(compose.services['ui-proxy']!.environment!.VOIE_CODEC_KEY).toBe(codecKey);
    expect(compose.services['temporal-ui']!.environment!.TEMPORAL_CODEC_ENDPOINT).toBe('http://localhost:8080/codec');

    const proxy = readFileSync(join(ROOT, 'deploy', 'compose', 'ui-proxy.conf.template'), 'utf8');
    expect(proxy).toContain('proxy_set_header Authorization "Bearer ${VOIE_CODEC_KEY}";');
    expect(proxy.match(/\$\{VOIE_CODEC_KEY\}/g)).toHaveLength(1);
    expect(compose.services['ui-proxy']!.environment!.NGINX_ENVSUBST_FILTER).toBe('^VOIE_CODEC_KEY$');
  });

  it('gives every long-running service a healthcheck, and runs its setup jobs to completion first', () => {
    const { services } = composeWith(dotEnv());
    const jobs = Object.keys(services).filter((name) => services[name]!.restart?.startsWith('on-failure'));
    expect(jobs.sort()).toEqual(['temporal-schema', 'temporal-setup']);
    for (const [name, service] of Object.entries(services)) {
      if (jobs.includes(name)) continue;
      expect([name, service.healthcheck?.test?.length]).toEqual([name, expect.any(Number)]);
      expect([name, service.restart]).toEqual([name, 'unless-stopped']);
    }
    // A job is waited on until it exits 0; a service until it is healthy.
    for (const service of Object.values(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect([dependency, condition]).toEqual([
          dependency,
          jobs.includes(dependency) ? 'service_completed_successfully' : 'service_healthy',
        ]);
      }
    }
  });

  it('pins every image it pulls to a version', () => {
    const { services } = composeWith(dotEnv());
    for (const [name, service] of Object.entries(services)) {
      if (service.build) {
        expect([name, service.image]).toEqual([name, expect.stringMatching(/^[\w-]+:local$/)]);
      } else {
        expect([name, service.image]).toEqual([
          name,
          expect.stringMatching(/^[\w./-]+:\d+\.\d+(\.\d+)?(-[\w.]+)?(@sha256:[0-9a-f]{64})?$/),
        ]);
      }
    }
  });

  it("registers voie's search attributes, in the namespace with the cluster suite's retention", () => {
    const setup = composeWith(dotEnv()).services['temporal-setup']!.environment!;
    const registered = setup.VOIE_SEARCH_ATTRIBUTES!.trim().split(/\s+/).sort();
    const cliTypes: Partial<Record<SearchAttributeType, string>> = {
      [SearchAttributeType.KEYWORD]: 'Keyword',
      [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
      [SearchAttributeType.DOUBLE]: 'Double',
    };
    expect(registered).toEqual(VOIE_SEARCH_ATTRIBUTES.map((key) => `${key.name}:${cliTypes[key.type]}`).sort());
    expect(registered).toContain('VoieTenant:Keyword');
    expect(registered).toContain('VoieEstimatedCost:Double');
    expect(setup.TEMPORAL_NAMESPACE).toBe('default');
    expect(setup.TEMPORAL_RETENTION).toBe(`${RETENTION_MS / 3_600_000}h`);
  });
});
