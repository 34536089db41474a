import type { Config } from '../../src/config';
import type { ProviderConnection, ProviderModule } from '../../src/providers/provider';

/** A provider's built-in simulator as `voie dev` holds it: where it listens, and how to stop it. */
export interface RunningSimulator {
  /** Base URL to use as the provider's API base. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Where a simulator sends its webhooks and keeps its state. */
export interface SimulatorStart {
  webhookUrl: string;
  port?: number;
  /** With it the simulator's orders survive a restart, as a real provider's would. */
  stateFile?: string;
}

/** One provider's simulator, as its folder's `index.ts` exports it. */
export interface SimulatorModule {
  /**
   * Starts the simulator and returns the configuration that points the provider at it: the same settings a real
   * account would have, so the provider connects to it exactly as it would to the real API.
   */
  start(options: SimulatorStart): Promise<{ simulator: RunningSimulator; settings: Partial<Config> }>;
}

/**
 * Every simulator by provider name, each loaded only when asked for: `voie dev` loads none for a provider it has
 * credentials for, and adding a provider's simulator means adding its folder and one line here.
 */
const SIMULATORS: Readonly<Record<string, () => Promise<SimulatorModule>>> = {
  truework: async () => (await import('./truework')).trueworkSimulator,
  truv: async () => (await import('./truv')).truvSimulator,
};

/** Starts the simulator of `provider` and returns it with the provider connected to it. */
export async function startSimulatedProvider(
  provider: ProviderModule,
  config: Config,
  options: SimulatorStart,
): Promise<{ simulator: RunningSimulator; connection: ProviderConnection; settings: Partial<Config> }> {
  const load = SIMULATORS[provider.name];
  if (!load) throw new Error(`provider ${provider.name} has no simulator: configure its credentials`);
  const { simulator, settings } = await (await load()).start(options);
  const connection = provider.fromConfig({ ...config, ...settings });
  if (!connection) {
    await simulator.close();
    throw new Error(`the ${provider.name} simulator's settings do not configure the provider`);
  }
  return { simulator, connection, settings };
}
