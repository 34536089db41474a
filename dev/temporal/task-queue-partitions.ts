/**
 * One partition per task queue, as `deploy/temporal-dynamic-config.yaml` sets for the provider task queues. The
 * server splits a task queue's rate limit among its partitions and lets each burst at least one task past its
 * share, so the default four let 12 provider calls out at once against a limit of 10; one partition bursts no
 * more than the limit. The dev server takes only settings for every queue, which is as good at its load.
 */
export const ONE_PARTITION_PER_TASK_QUEUE = [
  '--dynamic-config-value',
  'matching.numTaskqueueReadPartitions=1',
  '--dynamic-config-value',
  'matching.numTaskqueueWritePartitions=1',
];
