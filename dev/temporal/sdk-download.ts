import { join } from 'node:path';
import testingPackage from '@temporalio/testing/package.json';

/** The SDK's download host: `@temporalio/testing` asks it which CLI or test server suits this SDK version. */
export const SDK_DOWNLOAD_HOST = 'temporal.download';

/**
 * Whether the SDK's download host answers within the timeout. Any HTTP answer counts: the SDK's own request would
 * get that far. Offline machines fail in DNS at once; a filtered network may hang, hence the timeout.
 */
export async function sdkDownloadReachable(timeoutMs = 5_000): Promise<boolean> {
  try {
    await fetch(`https://${SDK_DOWNLOAD_HOST}/cli/default`, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

/**
 * The file the SDK's `cached-download` leaves in `downloadDir` (sdk-core `ephemeral_server`: `<prefix>-<sdk name>-
 * <sdk version>`), so a later run finds it without asking the network again.
 */
export function sdkDownloadFile(downloadDir: string, kind: 'cli' | 'testServer'): string {
  const prefix = kind === 'cli' ? 'temporal' : 'temporal-test-server';
  return join(downloadDir, `${prefix}-sdk-typescript-${testingPackage.version}`);
}

/**
 * Downloads the binary the way `@temporalio/testing` does (`TestWorkflowEnvironment.createLocal` or
 * `createTimeSkipping` with `cached-download`): the SDK exposes its download only by starting the server, so this
 * starts it once and stops it. Returns the downloaded file.
 */
export async function sdkDownload(downloadDir: string, kind: 'cli' | 'testServer'): Promise<string> {
  // Loaded here, not at the top: finding a binary already installed needs none of the SDK's native runtime.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  // The SDK deletes a download older than its TTL on the next start; voie runs the file by path, so keep it.
  const executable = { type: 'cached-download', downloadDir, ttl: '3650d' } as const;
  const env =
    kind === 'cli'
      ? await TestWorkflowEnvironment.createLocal({ server: { executable, log: { format: 'pretty', level: 'never' } } })
      : await TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  await env.teardown();
  return sdkDownloadFile(downloadDir, kind);
}
