import type { LogEntry } from '@temporalio/worker';
import { DefaultLogger } from '@temporalio/worker';
import { eventually } from '../kit';

/**
 * What the Temporal SDK logs during a test file (its TypeScript side and the forwarded native core), kept in
 * memory instead of printed: a passing run shows jest's summary, not "No workflows registered" warnings or the
 * stack traces of failures a test provokes on purpose. An error no test said it expects is still printed.
 */
class SdkLog {
  readonly entries: LogEntry[] = [];
  private expected: RegExp[] = [];

  readonly logger = new DefaultLogger('WARN', (entry) => this.record(entry));

  /**
   * Says that SDK errors matching `pattern` are what the test provokes: they are kept and no longer printed.
   * Resolves with the first such error once it has been logged (rejects after `timeoutMs`).
   */
  expectError(pattern: RegExp, timeoutMs = 10_000): Promise<LogEntry> {
    this.expected.push(pattern);
    return eventually(() => this.entries.find((entry) => entry.level === 'ERROR' && pattern.test(describe(entry))), {
      timeoutMs,
      what: `an SDK error matching ${String(pattern)}`,
    });
  }

  private record(entry: LogEntry): void {
    this.entries.push(entry);
    const text = describe(entry);
    if (entry.level === 'ERROR' && !this.expected.some((pattern) => pattern.test(text))) {
      process.stderr.write(`[temporal sdk] ${text}\n`);
    }
  }
}

/** The message and the error it carries, if any: what a pattern is matched against. */
function describe(entry: LogEntry): string {
  const error = entry.meta?.error as { name?: unknown; message?: unknown } | undefined;
  return typeof error?.message === 'string'
    ? `${entry.message}: ${String(error.name)}: ${error.message}`
    : entry.message;
}

/** The SDK log of this test file (the Temporal runtime is installed once per file, in `temporal.ts`). */
export const sdkLog = new SdkLog();
