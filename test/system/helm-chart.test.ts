import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isExecutable } from '../../dev/temporal/binaries';
import {
  checkRenderedChart,
  expectationsOf,
  type Manifest,
  parseManifests,
  SECRET_VARIABLES,
} from '../../dev/helm/chart-checks';
import { HELM_PATH, HELM_VERSION } from '../../dev/helm/helm-binary';
import { loadConfig } from '../../src/config';

const ROOT = join(__dirname, '..', '..');
const CHART = join(ROOT, 'deploy', 'helm', 'voie');
const EXISTING_SECRET = join(CHART, 'ci', 'existing-secret-values.yaml');
const TRYING = join(CHART, 'ci', 'trying-values.yaml');

/** Runs the project's Helm; never skipped: without it, the test says how to get it. */
function helm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!isExecutable(HELM_PATH)) {
    throw new Error(`Helm ${HELM_VERSION} is not built at ${HELM_PATH}: run npm run helm:install (CI does)`);
  }
  return new Promise((resolve) => {
    execFile(HELM_PATH, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `helm template voie` with the values files, as Kubernetes objects; fails the test on a render error. */
async function render(files: string[] = [], extra: string[] = []): Promise<Manifest[]> {
  const result = await helm([
    'template',
    'voie',
    CHART,
    '--namespace',
    'lending',
    ...files.flatMap((f) => ['-f', f]),
    ...extra,
  ]);
  if (result.code !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseManifests(result.stdout);
}

function valuesOf(file: string): unknown {
  return parse(readFileSync(file, 'utf8'));
}

function named(manifests: Manifest[], kind: string, name: string): Manifest & { spec: any } {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found)
    throw new Error(`no ${kind} ${name} among ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found as Manifest & { spec: any };
}

/** The Secret keys a workload's first container reads. */
function secretKeys(workload: Manifest & { spec: any }): string[] {
  const env = workload.spec.template.spec.containers[0].env as { valueFrom?: { secretKeyRef?: { key: string } } }[];
  return env.flatMap((variable) => (variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef.key] : []));
}

describe('the Helm chart deploy/helm/voie', () => {
  it.each([
    ['default values', []],
    ['an existing Secret, mTLS and a ServiceMonitor', [EXISTING_SECRET]],
    ['secret values (for trying only)', [TRYING]],
  ])('lints with %s', async (_name, files) => {
    const result = await helm(['lint', '--strict', CHART, ...files.flatMap((file) => ['-f', file])]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('renders with default values: two Deployments, their PDBs and Services, the setup Job, no Secret', async () => {
    const manifests = await render();
    expect(checkRenderedChart(manifests, expectationsOf(valuesOf(join(CHART, 'values.yaml'))))).toEqual([]);
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(manifests.filter((m) => m.kind === 'ServiceMonitor')).toEqual([]);
    const api = named(manifests, 'Deployment', 'voie-api');
    const worker = named(manifests, 'Deployment', 'voie-worker');
    expect(api.spec.template.spec.containers[0].args).toEqual(['api']);
    expect(worker.spec.template.spec.containers[0].args).toEqual(['worker']);
    expect(api.spec.template.spec.containers[0].livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(api.spec.template.spec.containers[0].readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(worker.spec.template.spec.containers[0].livenessProbe.httpGet).toEqual({
      path: '/metrics',
      port: 'metrics',
    });
    // The Secret named after the release, which the user creates.
    const references = [api, worker].flatMap((workload) =>
      (workload.spec.template.spec.containers[0].env as { valueFrom?: { secretKeyRef?: { name: string } } }[]).flatMap(
        (variable) => (variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef.name] : []),
      ),
    );
    expect(new Set(references)).toEqual(new Set(['voie']));
    const job = named(manifests, 'Job', 'voie-setup');
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('post-install,post-upgrade');
    expect(job.spec.template.spec.containers[0].args).toEqual(['setup']);
  });

  it('gives each component only the secrets it uses, and the setup Job only the Temporal API key', async () => {
    const manifests = await render([EXISTING_SECRET]);
    const api = secretKeys(named(manifests, 'Deployment', 'voie-api'));
    const worker = secretKeys(named(manifests, 'Deployment', 'voie-worker'));
    expect(api).toEqual(
      expect.arrayContaining(['VOIE_API_KEYS', 'VOIE_ENCRYPTION_KEY', 'VOIE_FIELD_KEY', 'VOIE_CODEC_KEYS']),
    );
    expect(api).not.toContain('VOIE_CALLBACK_SECRET');
    expect(worker).toEqual(expect.arrayContaining(['VOIE_CALLBACK_SECRET', 'VOIE_CALLBACK_SECRETS', 'VOIE_FIELD_KEY']));
    expect(worker).not.toContain('VOIE_API_KEYS');
    expect(worker).not.toContain('VOIE_CODEC_KEYS');
    expect(secretKeys(named(manifests, 'Job', 'voie-setup'))).toEqual(['TEMPORAL_API_KEY']);
    // Every secret the chart knows is read by some component.
    expect(new Set([...api, ...worker])).toEqual(new Set(SECRET_VARIABLES));
  });

  it('renders production values: every secret from the existing Secret, none in the manifests, a ServiceMonitor', async () => {
    const manifests = await render([EXISTING_SECRET]);
    expect(checkRenderedChart(manifests, expectationsOf(valuesOf(EXISTING_SECRET)))).toEqual([]);
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    const monitor = named(manifests, 'ServiceMonitor', 'voie');
    expect(monitor.metadata).toMatchObject({ labels: { release: 'kube-prometheus-stack' } });
    const scraped = manifests.filter(
      (m) =>
        m.kind === 'Service' &&
        (m.metadata as { labels?: Record<string, string> }).labels?.['voie.io/metrics'] === 'true',
    );
    expect(scraped.map((service) => service.metadata.name).sort()).toEqual(['voie-api-metrics', 'voie-worker-metrics']);
    for (const service of scraped) {
      expect(monitor.spec.selector.matchLabels).toEqual(
        expect.objectContaining({ 'voie.io/metrics': 'true', 'app.kubernetes.io/instance': 'voie' }),
      );
      expect((service as Manifest & { spec: any }).spec.ports).toEqual([
        { name: 'metrics', port: 9464, targetPort: 'metrics' },
      ]);
    }
    // The API's Service never carries the metrics port.
    expect(named(manifests, 'Service', 'voie-api').spec.ports).toEqual([
      { name: 'http', port: 3000, targetPort: 'http' },
    ]);
    const api = named(manifests, 'Deployment', 'voie-api').spec.template.spec;
    expect(api.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'TEMPORAL_ADDRESS', value: 'temporal-frontend.temporal.svc:7233' },
        { name: 'TEMPORAL_NAMESPACE', value: 'lending' },
        { name: 'TEMPORAL_TLS_CERT', value: '/etc/voie/temporal-tls/tls.crt' },
      ]),
    );
    expect(api.volumes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'temporal-tls',
          secret: expect.objectContaining({ secretName: 'voie-temporal-client-tls' }),
        }),
      ]),
    );
    const config = named(manifests, 'ConfigMap', 'voie').data as Record<string, string>;
    expect(config).toMatchObject({
      NODE_ENV: 'production',
      TRUV_BASE_URL: 'https://prod.truv.com',
      VOIE_PROVIDER_REQUESTS_PER_SECOND: '20',
    });
  });

  it('traces only with tracing.endpoint set, on both components, each under its own service name', async () => {
    const otel = (workload: Manifest & { spec: any }): Record<string, string> =>
      Object.fromEntries(
        (workload.spec.template.spec.containers[0].env as { name: string; value?: string }[])
          .filter((variable) => variable.name.startsWith('OTEL_'))
          .map((variable) => [variable.name, variable.value ?? '']),
      );
    const untraced = await render();
    for (const name of ['voie-api', 'voie-worker']) expect(otel(named(untraced, 'Deployment', name))).toEqual({});
    const traced = await render([EXISTING_SECRET]);
    for (const name of ['voie-api', 'voie-worker']) {
      const env = otel(named(traced, 'Deployment', name));
      expect(env).toEqual({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      });
      expect(loadConfig(env).tracing).toMatchObject({
        endpoint: 'http://otel-collector.observability:4318/v1/traces',
        sampler: 'parentbased_traceidratio',
        samplerRatio: 0.25,
      });
    }
    expect(otel(named(traced, 'Job', 'voie-setup'))).toEqual({});
    const refused = await helm(['template', 'voie', CHART, '--set', 'tracing.endpoint=otel-collector:4318']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('/tracing/endpoint');
  });

  it('renders secret values into its own Secret only, base64, and nowhere else', async () => {
    const manifests = await render([TRYING]);
    const expectations = expectationsOf(valuesOf(TRYING));
    expect(Object.keys(expectations.secretValues).length).toBeGreaterThan(5);
    expect(checkRenderedChart(manifests, expectations)).toEqual([]);
    const secret = named(manifests, 'Secret', 'voie');
    const data = secret.data as Record<string, string>;
    for (const [name, value] of Object.entries(expectations.secretValues)) {
      expect(Buffer.from(data[name] ?? '', 'base64').toString()).toBe(value);
    }
  });

  it('finds a secret value leaked into a manifest (the check checks)', async () => {
    const manifests = await render([TRYING]);
    const expectations = expectationsOf(valuesOf(TRYING));
    const leaked = manifests.map((manifest) =>
      manifest.kind === 'ConfigMap'
        ? { ...manifest, data: { ...(manifest.data as object), NOTE: expectations.secretValues.VOIE_FIELD_KEY } }
        : manifest,
    );
    expect(checkRenderedChart(leaked, expectations)).toEqual(['ConfigMap voie: holds the value of VOIE_FIELD_KEY']);
  });

  it('refuses a secret among the plain config, and an existing Secret beside secret values', async () => {
    const inConfig = await helm(['template', 'voie', CHART, '--set', 'config.VOIE_ENCRYPTION_KEY=abc']);
    expect(inConfig.code).not.toBe(0);
    expect(inConfig.stderr).toContain("invalid propertyName 'VOIE_ENCRYPTION_KEY'");
    const both = await helm(['template', 'voie', CHART, '-f', TRYING, '--set', 'secrets.existingSecret=mine']);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain('secrets.existingSecret and secrets.values are exclusive');
  });

  it('is versioned as voie, and its secrets are the variables voie reads', () => {
    const chart = parse(readFileSync(join(CHART, 'Chart.yaml'), 'utf8')) as { appVersion: string };
    const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(chart.appVersion).toBe(packageJson.version);
    const configSource = readFileSync(join(ROOT, 'src', 'config.ts'), 'utf8');
    for (const name of SECRET_VARIABLES) expect(configSource).toContain(`    ${name}: `);
    const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as {
      definitions: { secretName: { enum: string[] } };
    };
    expect(schema.definitions.secretName.enum).toEqual([...SECRET_VARIABLES]);
  });

  it("documents for Temporal's chart the provider queues' partitions voie's own stacks run with", () => {
    type Setting = { value: unknown; constraints?: Record<string, string> }[];
    const compose = parse(readFileSync(join(ROOT, 'deploy', 'temporal-dynamic-config.yaml'), 'utf8')) as Record<
      string,
      Setting
    >;
    const temporalChart = parse(readFileSync(join(ROOT, 'deploy', 'helm', 'temporal-values.yaml'), 'utf8')) as {
      server: { dynamicConfig: Record<string, Setting> };
    };
    for (const key of ['matching.numTaskqueueReadPartitions', 'matching.numTaskqueueWritePartitions']) {
      expect(temporalChart.server.dynamicConfig[key]).toEqual(compose[key]);
    }
  });
});
