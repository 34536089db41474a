import { parseAllDocuments } from 'yaml';

/**
 * The environment variables that hold secrets: the keys of the Secret the chart reads (its `existingSecret`
 * layout). Never a plain `value` in a manifest, never a ConfigMap key.
 */
export const SECRET_VARIABLES = [
  'VOIE_API_KEYS',
  'VOIE_CALLBACK_SECRET',
  'VOIE_CALLBACK_SECRETS',
  'VOIE_ENCRYPTION_KEY',
  'VOIE_ENCRYPTION_RETIRED_KEYS',
  'VOIE_FIELD_KEY',
  'VOIE_FIELD_RETIRED_KEYS',
  'VOIE_CODEC_KEYS',
  'TRUEWORK_API_KEY',
  'TRUEWORK_WEBHOOK_TOKEN',
  'TRUV_CLIENT_ID',
  'TRUV_SECRET',
  'TEMPORAL_API_KEY',
] as const;

/** One rendered Kubernetes object, as far as the checks read it. */
export interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> };
  readonly [field: string]: unknown;
}

/** What the values a chart was rendered with promise of its manifests. */
export interface RenderExpectations {
  /** `secrets.values`: each must appear in no manifest but the chart's own Secret. */
  readonly secretValues: Readonly<Record<string, string>>;
  /** `secrets.existingSecret`: then no Secret is rendered, and every secret reference names it. */
  readonly existingSecret?: string;
  /** `metrics.serviceMonitor.enabled`. */
  readonly serviceMonitor: boolean;
}

interface Container {
  name: string;
  env?: { name: string; value?: unknown; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  resources?: { requests?: object; limits?: object };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
}

interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
}

/** Parses `helm template`'s output into its objects (empty documents, such as a disabled template's, left out). */
export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length) throw new Error(`not YAML: ${document.errors[0]?.message}`);
    const object = document.toJS() as Manifest | null;
    return object ? [object] : [];
  });
}

/** The expectations of a values file (`-f FILE`), from its `secrets` and `metrics.serviceMonitor`. */
export function expectationsOf(values: unknown): RenderExpectations {
  const root = (values ?? {}) as {
    secrets?: { existingSecret?: string; values?: Record<string, unknown> };
    metrics?: { serviceMonitor?: { enabled?: boolean } };
  };
  return {
    secretValues: Object.fromEntries(
      Object.entries(root.secrets?.values ?? {}).map(([name, value]) => [name, String(value)]),
    ),
    existingSecret: root.secrets?.existingSecret || undefined,
    serviceMonitor: root.metrics?.serviceMonitor?.enabled === true,
  };
}

/** How many objects of each kind. */
export function countKinds(manifests: readonly Manifest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { kind } of manifests) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

function podSpec(manifest: Manifest): PodSpec | undefined {
  const spec = manifest.spec as { template?: { spec?: PodSpec } } | undefined;
  return manifest.kind === 'Deployment' || manifest.kind === 'Job' ? spec?.template?.spec : undefined;
}

/**
 * Everything wrong with a rendering, one line each (none: the chart keeps its promises): the kinds present, probes
 * on every Deployment's container (a Job's runs to completion: nothing to probe), resources and a locked-down
 * security context on every container, non-root pods, and no secret value in clear outside the chart's own Secret
 * (none at all with an existing Secret).
 */
export function checkRenderedChart(manifests: readonly Manifest[], expect: RenderExpectations): string[] {
  const problems: string[] = [];
  const kinds = countKinds(manifests);
  const wanted: Record<string, number> = {
    Deployment: 2,
    PodDisruptionBudget: 2,
    Job: 1,
    ServiceMonitor: expect.serviceMonitor ? 1 : 0,
    Secret: !expect.existingSecret && Object.keys(expect.secretValues).length ? 1 : 0,
  };
  for (const [kind, count] of Object.entries(wanted)) {
    if ((kinds[kind] ?? 0) !== count) problems.push(`${count} ${kind} expected, ${kinds[kind] ?? 0} rendered`);
  }
  if (!kinds.Service) problems.push('no Service rendered');

  for (const manifest of manifests) {
    const pod = podSpec(manifest);
    if (!pod) continue;
    const where = `${manifest.kind} ${manifest.metadata.name}`;
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: the pod is not runAsNonRoot`);
    if (typeof pod.securityContext?.runAsUser !== 'number' || pod.securityContext.runAsUser === 0) {
      problems.push(`${where}: no numeric non-root runAsUser (the image's user is a name)`);
    }
    for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
      const at = `${where}, container ${container.name}`;
      if (manifest.kind === 'Deployment' && (!container.livenessProbe || !container.readinessProbe)) {
        problems.push(`${at}: a liveness and a readiness probe are required`);
      }
      if (!container.resources?.requests || !container.resources.limits) {
        problems.push(`${at}: resources need requests and limits`);
      }
      const security = container.securityContext;
      if (
        security?.readOnlyRootFilesystem !== true ||
        security.allowPrivilegeEscalation !== false ||
        !security.capabilities?.drop?.includes('ALL')
      ) {
        problems.push(`${at}: needs a read-only root fs, no privilege escalation and capabilities drop ALL`);
      }
      for (const variable of container.env ?? []) {
        const secret = (SECRET_VARIABLES as readonly string[]).includes(variable.name);
        if (secret && variable.value !== undefined) problems.push(`${at}: ${variable.name} given as a plain value`);
        const reference = variable.valueFrom?.secretKeyRef;
        if (reference && expect.existingSecret && reference.name !== expect.existingSecret) {
          problems.push(`${at}: ${variable.name} read from ${reference.name}, not ${expect.existingSecret}`);
        }
      }
    }
  }

  for (const manifest of manifests.filter((candidate) => candidate.kind === 'Secret')) {
    // stringData is plain text in the manifest (and in Helm's release record as given).
    if (manifest.stringData) problems.push(`Secret ${manifest.metadata.name}: values in stringData, in clear`);
  }
  for (const manifest of manifests.filter((candidate) => candidate.kind === 'ConfigMap')) {
    const keys = Object.keys((manifest.data as Record<string, string> | undefined) ?? {});
    for (const key of keys.filter((name) => (SECRET_VARIABLES as readonly string[]).includes(name))) {
      problems.push(`ConfigMap ${manifest.metadata.name}: holds the secret ${key}`);
    }
  }

  // In clear or base64: a value found anywhere but the chart's own Secret leaked (with existingSecret, anywhere).
  const secrets = Object.entries(expect.secretValues).filter(([, value]) => value.length >= 8);
  for (const manifest of manifests) {
    if (manifest.kind === 'Secret' && !expect.existingSecret) continue;
    const text = JSON.stringify(manifest);
    for (const [name, value] of secrets) {
      if (text.includes(value) || text.includes(Buffer.from(value).toString('base64'))) {
        problems.push(`${manifest.kind} ${manifest.metadata.name}: holds the value of ${name}`);
      }
    }
  }
  return problems;
}
