import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/worker';
import { Runtime } from '@temporalio/worker';
import type { Logger } from '../logger';

/**
 * What the SDK warns about although voie means it: a provider's task queue has an activity-only worker by design
 * (its rate limit is the provider's), and each start of one would otherwise print a warning.
 */
const EXPECTED_WARNINGS = new Set(['No workflows registered, not polling for workflow tasks']);

/** Temporal's SDK logs into voie's structured log, from warnings up (its info lines are start-up chatter). */
class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const expected = level === 'WARN' && EXPECTED_WARNINGS.has(message);
    const method = expected
      ? 'debug'
      : ({ TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const)[level];
    this.logger[method](meta ?? {}, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** What the SDK's runtime exports besides its logs. */
export interface TemporalRuntimeOptions {
  /**
   * `host:port` where the SDK's core serves its metrics in Prometheus' text format (at `/metrics`); none when unset.
   * Counters end in `_total` and histograms in their unit, durations in seconds (`…_latency_seconds`), as
   * Prometheus names them and as Temporal's own SDK dashboards query them.
   */
  prometheusBindAddress?: string;
  /**
   * The native side's own warnings (a call retried while Temporal is away) as lines of voie's log rather than text
   * on stderr. Only for a process that ends itself with `process.exit` (`voie api`): the SDK's log forwarding keeps
   * the event loop alive, so a worker waiting for its loop to empty would never exit.
   */
  forwardNativeLogs?: boolean;
}

/** Must run before any worker or native connection exists. */
export function installTemporalRuntime(logger: Logger, options: TemporalRuntimeOptions = {}): void {
  Runtime.install({
    logger: new PinoTemporalLogger(logger.child({ component: 'temporal' }, { level: 'warn' })),
    telemetryOptions: {
      ...(options.forwardNativeLogs && { logging: { forward: {} } }),
      ...(options.prometheusBindAddress && {
        metrics: {
          prometheus: {
            bindAddress: options.prometheusBindAddress,
            countersTotalSuffix: true,
            unitSuffix: true,
            useSecondsForDurations: true,
          },
        },
      }),
    },
  });
}
