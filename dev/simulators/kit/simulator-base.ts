import type { z } from 'zod';
import type { RunningSimulator } from '..';
import type { SimulatorFaults } from './faults';
import { FaultSwitches } from './faults';
import type { SimulatedRequest, SimulatorApi } from './http-server';
import { SimulatorHttpServer } from './http-server';
import { SimulatorLifecycle } from './lifecycle';
import { StateFile } from './state-file';
import { WebhookOutbox } from './webhook-outbox';

/** The start options every simulator has; each provider's options document them for that provider. */
export interface SimulatorStartOptions {
  /** Port to listen on (127.0.0.1); 0 or unset picks a free port. */
  port?: number;
  /** Address to listen on; 127.0.0.1 unless set (`0.0.0.0` for a container reached by others). */
  host?: string;
  /** Where webhooks are POSTed; unset means no webhooks are sent. */
  webhookUrl?: string;
  /** Delay between the steps an order takes on its own; default 1000 ms. */
  stepDelayMs?: number;
  /** A JSON file that keeps the state across restarts; unset, it lives in memory only. */
  stateFile?: string;
}

/** What sets one provider's simulator apart, as far as {@link SimulatorBase} is concerned. */
export interface SimulatorTraits<State> {
  /** Names the simulator in warnings on stderr, e.g. `truework simulator`. */
  name: string;
  /** The `User-Agent` of the provider's webhooks. */
  webhookUserAgent: string;
  /** How a failed save's warning ends, e.g. `orders are kept in memory only`. */
  unsaved: string;
  /** What the state file must hold to be restored. */
  stateSchema: z.ZodType<State>;
}

/**
 * What every provider simulator has, whatever the provider: the controls tests use (faults, webhook URL, `idle`,
 * `close`, the request log, `listOrders`) and the machinery behind them, for the subclass to build its endpoints,
 * state and events on. `Order` is how the subclass keeps an order, `json` being the order as the API shows it;
 * `State` is what the subclass keeps in its state file.
 *
 * A subclass starts through {@link SimulatorBase.launch}, which calls its three hooks in order: `restore`, `api`,
 * then `resume`.
 */
export abstract class SimulatorBase<State, Order extends { json: object }> implements RunningSimulator {
  /** Every API request received, in order. */
  readonly requests: SimulatedRequest[];

  /** By order id, in creation order. */
  protected readonly orders = new Map<string, Order>();
  protected readonly stepDelayMs: number;
  protected readonly lifecycle = new SimulatorLifecycle();
  protected readonly faults = new FaultSwitches();
  protected readonly server: SimulatorHttpServer;
  protected readonly outbox: WebhookOutbox;
  protected readonly stateFile: StateFile<State>;
  private readonly stateSchema: z.ZodType<State>;

  protected constructor(options: SimulatorStartOptions, traits: SimulatorTraits<State>) {
    const { lifecycle, faults } = this;
    this.stepDelayMs = options.stepDelayMs ?? 1_000;
    this.server = new SimulatorHttpServer(lifecycle, faults);
    this.requests = this.server.requests;
    this.outbox = new WebhookOutbox({ lifecycle, faults, url: options.webhookUrl, userAgent: traits.webhookUserAgent });
    this.stateSchema = traits.stateSchema;
    this.stateFile = new StateFile({ path: options.stateFile, owner: traits.name, unsaved: traits.unsaved, lifecycle });
  }

  /** e.g. `http://127.0.0.1:PORT`: the server's root, without a trailing slash. */
  get baseUrl(): string {
    return this.server.baseUrl;
  }

  /** Orders as stored (the order JSON as GET returns it), for test assertions. */
  listOrders(): unknown[] {
    return [...this.orders.values()].map((order) => structuredClone(order.json));
  }

  /** Changes the faults named, leaving the others as they are. */
  setFaults(faults: Partial<SimulatorFaults>): void {
    this.faults.set(faults);
  }

  /** Turns every fault off. */
  resetFaults(): void {
    this.faults.reset();
  }

  /** Affects events that happen from now on; deliveries already queued keep their URL. */
  setWebhookUrl(url: string | undefined): void {
    this.outbox.url = url;
  }

  /** Resolves once no step or other timer is scheduled and no webhook is pending or in flight (for tests). */
  idle(): Promise<void> {
    return this.lifecycle.idle();
  }

  /** Stops the server, cancels every timer and in-flight webhook, and closes keep-alive connections. */
  async close(): Promise<void> {
    if (this.lifecycle.closed) return;
    this.lifecycle.shutdown();
    await this.server.close();
  }

  /** Restores the state file, if any, then listens on 127.0.0.1 (`port` 0 or unset picks a free one), then resumes. */
  protected async launch(port: number | undefined, host?: string): Promise<void> {
    this.stateFile.load(this.stateSchema, (state) => this.restore(state));
    await this.server.listen(this.server.app(this.api()), port ?? 0, host);
    // Only once listening: a start that fails must not leave timers behind.
    this.resume();
  }

  /** Adopts the state file's state; throws, leaving nothing half-adopted, when it is not usable. */
  protected abstract restore(state: State): void;

  /** The provider's endpoints, checks and error bodies. */
  protected abstract api(): SimulatorApi;

  /** Restarts the timers of restored work that was still under way. */
  protected abstract resume(): void;
}
