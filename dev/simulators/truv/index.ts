import type { SimulatorModule } from '..';
import { TruvSimulator } from './simulator';

/** The Truv simulator as `voie dev` runs it, with a made-up client id and access secret. */
export const truvSimulator: SimulatorModule = {
  async start({ webhookUrl, port, stateFile }) {
    const clientId = 'simulator-client-id';
    const secret = 'sandbox-simulator-secret';
    const simulator = await TruvSimulator.start({ port, clientId, secret, webhookUrl, stateFile });
    return { simulator, settings: { truv: { baseUrl: simulator.baseUrl, clientId, secret } } };
  },
};
