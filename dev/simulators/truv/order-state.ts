import { z } from 'zod';
import type { Connection, OrderJson, ReportJson, WebhookJson } from './order-json';
import type { TruvScenario } from './sandbox-fixtures';
import { truvScenarioSchema } from './sandbox-fixtures';

/** An order as the simulator keeps it: what the API shows, and where the applicant's journey stands. */
export interface OrderState {
  json: OrderJson;
  scenario: TruvScenario;
  /** The SSN as the report shows it: the sandbox SSN in full (it is public), any other only as its last four. */
  profileSsn: string;
  steps: (() => void)[];
  stepTimer: NodeJS.Timeout | undefined;
  expiryTimer: NodeJS.Timeout | undefined;
  /** The applicant's payroll link and current task, once the journey has started one. */
  linkId: string | null;
  taskId: string | null;
}

/** Bumped when the state file's shape (or a scenario's journey) changes, so an old file is ignored, not misread. */
const STATE_FILE_VERSION = 1;

/**
 * An order without its timers. The journey's steps are closures, so only how many remain is saved: a scenario's
 * journey is always the same list, and its last `stepsLeft` entries are what was still to come.
 */
export type SavedOrder = Pick<OrderState, 'json' | 'scenario' | 'profileSsn' | 'linkId' | 'taskId'> & {
  stepsLeft: number;
};

/** What `stateFile` holds. Nothing in it depends on the port, which changes from run to run. */
export interface SavedState {
  version: typeof STATE_FILE_VERSION;
  /** In creation order, which is the order lists show them in (reversed). */
  orders: SavedOrder[];
  reports: { userId: string; report: ReportJson }[];
  connections: { userId: string; connections: Connection[] }[];
  subscriptions: WebhookJson[];
}

// The file is one this simulator wrote: each JSON below is checked as far as the code relies on it, and the rest,
// which the simulator only ever shows, is taken as written.

const savedOrderJson = z
  .looseObject({
    id: z.string(),
    user_id: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    expired_at: z.string(),
    updated_at: z.string(),
    is_expired: z.boolean(),
    canceled_at: z.string().nullable(),
    products: z.array(z.string()),
    employers: z.array(
      z.looseObject({
        id: z.string(),
        status: z.string(),
        product_type: z.string(),
        employments: z.array(z.unknown()),
      }),
    ),
  })
  .transform((json) => json as unknown as OrderJson);

const savedReport = z
  .looseObject({ report_id: z.string(), links: z.array(z.unknown()) })
  .transform((report) => report as unknown as ReportJson);

const savedConnection = z
  .looseObject({
    linkId: z.string(),
    suborderId: z.string(),
    completedAt: z.string(),
    isVoe: z.boolean(),
    employment: z.looseObject({}),
  })
  .transform((connection) => connection as unknown as Connection);

const savedSubscription = z
  .looseObject({ id: z.string(), webhook_url: z.string(), env_type: z.string(), events: z.array(z.string()) })
  .transform((subscription) => subscription as unknown as WebhookJson);

/** What a state file must hold for the simulator to adopt it. */
export const savedStateSchema: z.ZodType<SavedState> = z.object({
  version: z.literal(STATE_FILE_VERSION),
  orders: z.array(
    z.object({
      json: savedOrderJson,
      scenario: truvScenarioSchema,
      profileSsn: z.string(),
      linkId: z.string().nullable(),
      taskId: z.string().nullable(),
      stepsLeft: z.int().nonnegative(),
    }),
  ),
  reports: z.array(z.object({ userId: z.string(), report: savedReport })),
  connections: z.array(z.object({ userId: z.string(), connections: z.array(savedConnection) })),
  subscriptions: z.array(savedSubscription),
});

/** The state to save: every order without its timers, and everything else as it is. */
export function savedState(
  orders: Iterable<OrderState>,
  reports: Iterable<{ userId: string; report: ReportJson }>,
  connections: Map<string, Connection[]>,
  subscriptions: Iterable<WebhookJson>,
): SavedState {
  return {
    version: STATE_FILE_VERSION,
    orders: [...orders].map((order) => ({
      json: order.json,
      scenario: order.scenario,
      profileSsn: order.profileSsn,
      linkId: order.linkId,
      taskId: order.taskId,
      stepsLeft: order.steps.length,
    })),
    reports: [...reports],
    connections: [...connections].map(([userId, userConnections]) => ({ userId, connections: userConnections })),
    subscriptions: [...subscriptions],
  };
}
