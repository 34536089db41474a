import type { OrderReport } from './normalized-report';
import type { VerificationType } from './order-request';
import type { OrderStatus } from './order-status';
import type { EmployerOutcome } from './provider-snapshot';
import type { ReverificationResult, ReverificationView } from './reverification';
import type { StepOutcome } from './step-outcome';

/** Where a timeline event came from. */
export const EVENT_SOURCES = ['webhook', 'poll', 'api', 'system'] as const;

export type EventSource = (typeof EVENT_SOURCES)[number];

/** One line of the order's timeline, as the LOS sees it in `events`. */
export interface TimelineEvent {
  at: string;
  source: EventSource;
  type: string;
  status?: OrderStatus;
  detail?: string;
}

/** How result delivery to the LOS stands: `stopped` after a 410, `failed` after the last attempt. */
export const DELIVERY_STATES = ['none', 'pending', 'delivered', 'failed', 'stopped'] as const;

export interface DeliveryStatus {
  state: (typeof DELIVERY_STATES)[number];
  last_event?: string;
  attempts: number;
  last_status?: number | null;
  last_error?: string;
  next_attempt_at?: string | null;
}

export interface OrderResult {
  error?: { reason: string; provider_status?: string };
  delivery: DeliveryStatus;
}

/** One employer of the order and where its verification stands. */
export interface EmploymentView {
  employer: { name: string };
  provider_order_id: string | null;
  status: OrderStatus;
  /** Null while the provider is still at work on this employer. */
  outcome: EmployerOutcome | null;
}

/** One provider step of the order: one per provider a waterfall tried (an order of one provider has one). */
export interface AttemptView {
  provider: string;
  provider_order_id: string | null;
  status: OrderStatus;
  /** Null while the step runs. */
  outcome: StepOutcome | null;
  started_at: string;
  ended_at: string | null;
  reason: string | null;
}

/** The contract's order as `GET /v1/orders/{id}` returns it. Never holds the full SSN. */
export interface OrderView {
  id: string;
  external_id: string;
  provider: string;
  provider_order_id: string | null;
  status: OrderStatus;
  type: VerificationType;
  loan_id: string | null;
  applicant: { first_name: string; last_name: string; ssn_last4: string };
  /** The first employer (the one of an order placed with `employer`). */
  employer: { name: string };
  employments: EmploymentView[];
  /** Every provider step so far; `provider` and `provider_order_id` above are the current step's. */
  attempts: AttemptView[];
  created_at: string;
  updated_at: string;
  events: TimelineEvent[];
  applicant_action: { share_url: string } | null;
  result: OrderResult | null;
  /** The re-verification before closing: null without a `closing_date`. */
  reverification: ReverificationView | null;
}

/** Result delivery event types sent to the LOS. */
export const DELIVERY_EVENT_TYPES = [
  'order.created',
  'order.provider_changed',
  'order.action_required',
  'order.completed',
  'order.canceled',
  'order.expired',
  'order.failed',
  'order.reverified',
] as const;

export type DeliveryEventType = (typeof DELIVERY_EVENT_TYPES)[number];

/** The body of one result delivery to the LOS. */
export interface DeliveryPayload {
  type: DeliveryEventType;
  timestamp: string;
  data: { order: OrderView; report?: OrderReport; reverification?: ReverificationResult };
}
