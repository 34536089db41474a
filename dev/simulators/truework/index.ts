import type { SimulatorModule } from '..';
import { TrueworkSimulator } from './simulator';

/** The made-up sandbox key and webhook token the simulator accepts (`voie dev`, the compose `simulators` profile). */
export const TRUEWORK_SIMULATOR_CREDENTIALS = {
  apiKey: 'tw_sk_test_simulator',
  webhookToken: 'simulator-webhook-token',
} as const;

/** The Truework simulator as `voie dev` runs it, with {@link TRUEWORK_SIMULATOR_CREDENTIALS}. */
export const trueworkSimulator: SimulatorModule = {
  async start({ webhookUrl, port, stateFile }) {
    const { apiKey, webhookToken } = TRUEWORK_SIMULATOR_CREDENTIALS;
    const simulator = await TrueworkSimulator.start({ port, apiKey, webhookUrl, webhookToken, stateFile });
    return { simulator, settings: { truework: { baseUrl: simulator.baseUrl, apiKey, webhookToken } } };
  },
};
