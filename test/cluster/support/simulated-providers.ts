/**
 * The made-up credentials the simulators process accepts and voie's processes are given, and the settings that
 * point voie at them: the same variables a lender sets for the real providers.
 */
export const SIMULATED_CREDENTIALS = {
  trueworkApiKey: 'tw_sk_test_cluster',
  trueworkWebhookToken: 'cluster-truework-webhook-token',
  truvClientId: 'cluster-truv-client',
  truvSecret: 'cluster-truv-secret',
} as const;

/** What the simulators process prints on its first line of output, as JSON. */
export interface SimulatorUrls {
  truework: string;
  truv: string;
  /**
   * The test's control endpoint: `GET /orders/<provider>`, `GET /requests/<provider>[?from=N]` (the API requests it
   * got, with when and how each was answered; from the Nth on), `PUT /faults/<provider>`, `DELETE /faults/<provider>`.
   */
  control: string;
}

/** voie's environment for providers served by the simulators at `urls`. */
export function providerEnvironment(urls: SimulatorUrls): Record<string, string> {
  const credentials = SIMULATED_CREDENTIALS;
  return {
    TRUEWORK_BASE_URL: urls.truework,
    TRUEWORK_API_KEY: credentials.trueworkApiKey,
    TRUEWORK_WEBHOOK_TOKEN: credentials.trueworkWebhookToken,
    TRUV_BASE_URL: urls.truv,
    TRUV_CLIENT_ID: credentials.truvClientId,
    TRUV_SECRET: credentials.truvSecret,
  };
}
