import { z } from 'zod';
import type { OrderJson } from './order-json';
import type { SandboxScenario } from './sandbox-fixtures';
import { sandboxScenarioSchema } from './sandbox-fixtures';

/** An order as the simulator keeps it: what the API shows, and what decides how it goes on. */
export interface OrderState {
  json: OrderJson;
  scenario: SandboxScenario;
  ssnLast4: string;
  stepTimer: NodeJS.Timeout | undefined;
  orderCompletedSent: boolean;
}

/** Bumped when the state file's shape changes, so an old file is ignored rather than misread. */
const STATE_FILE_VERSION = 1;

/** An order without its timer; reports are saved inside the order JSON only. */
type SavedOrder = Pick<OrderState, 'json' | 'scenario' | 'ssnLast4' | 'orderCompletedSent'>;

/** What `stateFile` holds. Nothing in it depends on the port, which changes from run to run. */
export interface SavedState {
  version: typeof STATE_FILE_VERSION;
  hookId: number;
  /** In creation order, which is the order searches list them in (reversed). */
  orders: SavedOrder[];
}

/**
 * The order JSON as far as the simulator's code relies on it. The file is one this simulator wrote, so the rest of
 * the JSON, which it only ever shows, is taken as written.
 */
const savedOrderJson = z
  .looseObject({
    id: z.string(),
    target_employer: z
      .looseObject({
        target: z.looseObject({ company: z.looseObject({ name: z.string() }) }),
      })
      .nullable(),
    verification_requests: z
      .array(
        z.looseObject({
          id: z.string(),
          state: z.looseObject({ canonical_value: z.string() }),
          reports: z.array(z.looseObject({ id: z.string() })),
        }),
      )
      .min(1),
  })
  // Checked above as far as the code relies on it; the rest is as this simulator wrote it.
  .transform((json) => json as unknown as OrderJson);

/** What a state file must hold for the simulator to adopt it. */
export const savedStateSchema: z.ZodType<SavedState> = z.object({
  version: z.literal(STATE_FILE_VERSION),
  hookId: z.int(),
  orders: z.array(
    z.object({
      json: savedOrderJson,
      scenario: sandboxScenarioSchema,
      ssnLast4: z.string(),
      orderCompletedSent: z.boolean(),
    }),
  ),
});

/** The state to save: every order without its timer. */
export function savedState(hookId: number, orders: Iterable<OrderState>): SavedState {
  return {
    version: STATE_FILE_VERSION,
    hookId,
    orders: [...orders].map(({ json, scenario, ssnLast4, orderCompletedSent }) => ({
      json,
      scenario,
      ssnLast4,
      orderCompletedSent,
    })),
  };
}
