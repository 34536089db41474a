import type { SimulatorModule } from '..';
import { TrueworkSimulator } from './simulator';

/** The Truework simulator as `voie dev` runs it, with a made-up sandbox key and webhook token. */
export const trueworkSimulator: SimulatorModule = {
  async start({ webhookUrl, port, stateFile }) {
    const apiKey = 'tw_sk_test_simulator';
    const webhookToken = 'simulator-webhook-token';
    const simulator = await TrueworkSimulator.start({ port, apiKey, webhookUrl, webhookToken, stateFile });
    return { simulator, settings: { truework: { baseUrl: simulator.baseUrl, apiKey, webhookToken } } };
  },
};
