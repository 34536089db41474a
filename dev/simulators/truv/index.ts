import type { SimulatorModule } from '..';
import { TruvSimulator } from './simulator';

/** The made-up client id and access secret the simulator accepts (`voie dev`, the compose `simulators` profile). */
export const TRUV_SIMULATOR_CREDENTIALS = {
  clientId: 'simulator-client-id',
  secret: 'sandbox-simulator-secret',
} as const;

/** The Truv simulator as `voie dev` runs it, with {@link TRUV_SIMULATOR_CREDENTIALS}. */
export const truvSimulator: SimulatorModule = {
  async start({ webhookUrl, port, stateFile }) {
    const { clientId, secret } = TRUV_SIMULATOR_CREDENTIALS;
    const simulator = await TruvSimulator.start({ port, clientId, secret, webhookUrl, stateFile });
    return { simulator, settings: { truv: { baseUrl: simulator.baseUrl, clientId, secret } } };
  },
};
