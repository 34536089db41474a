import type { DataConverter } from '@temporalio/common';
import type { NativeConnection, WorkerOptions } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { createDeliveryActivities, createProviderActivities, createReuseActivities } from '../activities';
import { ORDERS_TASK_QUEUE, providerActivityType, providerTaskQueue } from '../workflows/public';
import type { CallbackSecrets } from './callback-secrets';
import type { CallbackPolicy } from './net/callback-policy';
import type { ProviderConnection } from './providers/provider';
import type { FieldSealer } from './temporal/field-sealer';
import { findProvider, providerAccount } from './providers/registry';
import { orderMetricsSinks } from './order-metrics-sinks';
import { prebuiltWorkflowBundle } from './temporal/workflow-bundle';
import type { Tracing } from './telemetry/tracing';
import { TRACING_OFF } from './telemetry/tracing';
import {
  tracingActivityInterceptors,
  WORKFLOW_TRACING_MODULE,
  workflowTracingSinks,
} from './telemetry/temporal-tracing';

export interface WorkerDependencies {
  connection: NativeConnection;
  namespace: string;
  /** The workers' data converter (`createWorkerDataConverter`): it refuses payloads voie did not encrypt. */
  dataConverter: DataConverter;
  /** Unseals the applicant's identifiers for the provider calls (`VOIE_FIELD_KEY`). */
  fieldSealer: FieldSealer;
  /** Providers this worker serves, by name. */
  providers: ReadonlyMap<string, ProviderConnection>;
  /** What signs result deliveries: each tenant's own secrets, else `VOIE_CALLBACK_SECRET` (see `callbackSecretsFor`). */
  callbackSecrets: CallbackSecrets;
  /** Where result deliveries may go. */
  callbackPolicy: CallbackPolicy;
  /** A workflow bundle; by default `npm run build`'s, and from sources the workflows are bundled at start-up. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Requests per second each provider account may make; unset, the provider's published limit. */
  providerRequestsPerSecond?: number;
  /** Workflows the order worker keeps in memory (`VOIE_WORKFLOW_CACHE_SIZE`); unset, the SDK's default (sized by heap). */
  maxCachedWorkflows?: number;
  /** The process's tracing (`startTracing`); off unless given. */
  tracing?: Tracing;
}

/**
 * One worker for the order workflows and result delivery, and one per provider whose task queue is rate-limited
 * like the provider's API, so a burst of orders never trips the provider's limit.
 */
export async function createWorkers(deps: WorkerDependencies): Promise<Worker[]> {
  const tracing = deps.tracing ?? TRACING_OFF;
  const common = {
    connection: deps.connection,
    namespace: deps.namespace,
    dataConverter: deps.dataConverter,
    interceptors: { activity: tracingActivityInterceptors(tracing) },
  };
  const workflowBundle = deps.workflowBundle ?? prebuiltWorkflowBundle();
  const orders = await Worker.create({
    ...common,
    taskQueue: ORDERS_TASK_QUEUE,
    // A bundle carries the workflow interceptors itself (see WORKFLOW_TRACING_MODULE).
    ...(workflowBundle
      ? { workflowBundle }
      : {
          workflowsPath: require.resolve('../workflows'),
          interceptors: { ...common.interceptors, workflowModules: [WORKFLOW_TRACING_MODULE] },
        }),
    ...(deps.maxCachedWorkflows ? { maxCachedWorkflows: deps.maxCachedWorkflows } : {}),
    sinks: workflowSinks(tracing),
    activities: {
      ...createDeliveryActivities({
        callbackSecrets: deps.callbackSecrets,
        callbackPolicy: deps.callbackPolicy,
      }),
      ...createReuseActivities(deps.fieldSealer),
    },
  });
  const providers = await Promise.all(
    [...accountActivities(deps)].map(([account, activities]) =>
      Worker.create({
        ...common,
        taskQueue: providerTaskQueue(account),
        activities,
        maxTaskQueueActivitiesPerSecond: queueRate(
          deps.providerRequestsPerSecond ?? findProvider(account)?.requestsPerSecond,
        ),
      }),
    ),
  );
  return [orders, ...providers];
}

/**
 * The provider activities each account's task queue serves: those of every provider whose calls go through the
 * account (`ProviderModule.account`), named apart (`providerActivityType`), so that they share one rate limit.
 */
function accountActivities(deps: WorkerDependencies): Map<string, Record<string, unknown>> {
  const queues = new Map<string, Record<string, unknown>>();
  for (const [name, provider] of deps.providers) {
    const account = providerAccount(name);
    const activities = queues.get(account) ?? {};
    for (const [activity, run] of Object.entries(createProviderActivities(provider.client, deps.fieldSealer))) {
      activities[providerActivityType(name, account, activity)] = run;
    }
    queues.set(account, activities);
  }
  return queues;
}

/**
 * The sinks the order workflows call: the order's metrics and the workflow spans' exporter. Replaying a history
 * needs them registered too, though replay calls none.
 */
export function workflowSinks(tracing: Tracing = TRACING_OFF): NonNullable<WorkerOptions['sinks']> {
  return { ...orderMetricsSinks(), ...workflowTracingSinks(tracing) };
}

/**
 * The share of a provider's limit its task queue starts calls at. The provider counts calls as they arrive, and a
 * call's way from Temporal's dispatch to the provider varies by tens of milliseconds (more on a busy worker): a queue
 * at exactly the limit now and then lands one call too many in the provider's second, as the cluster suite saw
 * after an outage, when a full second's burst goes out at once.
 */
const PROVIDER_LIMIT_SHARE = 0.9;

function queueRate(providerLimit: number | undefined): number | undefined {
  return providerLimit === undefined ? undefined : providerLimit * PROVIDER_LIMIT_SHARE;
}

/** Runs the workers until they are shut down (SIGINT/SIGTERM, or `shutdown()`). */
export async function runWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.run()));
}
