import { SdkComponent } from '@temporalio/common';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/worker';
import { Runtime } from '@temporalio/worker';
import type { Logger } from '../logger';
import { redactSsn } from '../redact';

/**
 * What the SDK warns about although voie means it: a provider's task queue has an activity-only worker by design
 * (its rate limit is the provider's), and each start of one would otherwise print a warning.
 */
const EXPECTED_WARNINGS = new Set(['No workflows registered, not polling for workflow tasks']);

/** SDK components whose `info` lines are voie's own: its workflows' and activities' `log.info`. */
const VOIE_COMPONENTS = new Set<unknown>([SdkComponent.workflow, SdkComponent.activity]);

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * Temporal's SDK logs into voie's structured log. The workflows' and activities' lines (which the SDK passes on with
 * the workflow's id, run and type) keep their level, so a workflow's `log.info` is an info line of voie's log; the
 * SDK's own info lines are start-up chatter, and debug. Every string in a line's metadata is masked as voie's
 * messages are (a workflow may log an error's text, and a provider's error may echo an SSN).
 */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const ours = VOIE_COMPONENTS.has(meta?.sdkComponent);
    const demoted = (level === 'WARN' && EXPECTED_WARNINGS.has(message)) || (level === 'INFO' && !ours);
    this.logger[demoted ? 'debug' : LEVELS[level]](masked(meta), message);
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
    logger: new PinoTemporalLogger(logger.child({ component: 'temporal' })),
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

/** Plain objects and arrays deeper than this are left out of a line: metadata is a few levels deep at most. */
const MAX_MASKED_DEPTH = 6;

/**
 * The metadata with every string masked, in nested plain objects and arrays too. An error keeps its name and, for a
 * Temporal failure, its type and whether it is retryable: never its message or details, which may quote a provider.
 */
function masked(meta: LogMetadata | undefined): Record<string, unknown> {
  return maskedValue(meta ?? {}, 0) as Record<string, unknown>;
}

function maskedValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSsn(value);
  if (value instanceof Error) return errorSummary(value);
  if (typeof value !== 'object' || value === null) return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  // Plain objects and arrays only: class instances (a Buffer, a Date) pass as the logger would write them.
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return value;
  if (depth >= MAX_MASKED_DEPTH) return '[nested]';
  if (Array.isArray(value)) return value.map((item) => maskedValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskedValue(item, depth + 1)]));
}

function errorSummary(err: Error): Record<string, unknown> {
  const { type, nonRetryable } = err as { type?: unknown; nonRetryable?: unknown };
  return {
    name: err.name,
    ...(typeof type === 'string' ? { type: redactSsn(type) } : {}),
    ...(typeof nonRetryable === 'boolean' ? { nonRetryable } : {}),
  };
}
