import { pipeline } from 'node:stream/promises';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { EmploymentView, OrderView } from '../domain';
import { ORDER_ID_PATTERN } from '../domain';
import type { Logger } from '../logger';
import {
  ProviderRateLimitedError,
  ProviderRejectedError,
  ProviderResponseInvalidError,
  ProviderUnavailableError,
} from '../providers/errors';
import type { ProviderConnection } from '../providers/provider';
import type { ProviderSlots } from '../orders/provider-slots';
import { ProviderSlotUnavailableError, SLOT_WAIT_MS } from '../orders/provider-slots';
import { redactSsn } from '../redact';
import { ApiError, invalidFields } from './errors';
import { tenantOf } from './request-identity';
import type { OrderServices } from '../orders/order-services';
import { OrderNotFoundError } from '../orders/order-not-found';
import { fieldErrors } from './order-schema';

/** The query of `GET /v1/orders/{id}/report.pdf`; `/openapi.json` declares its parameter from it. */
export const reportPdfQuerySchema = z.strictObject({
  // A string, not a coerced number: `?employer=` or `?employer=1e0` is refused, not read as some index. Its range is
  // the order's own (checked once the order is read), so that every index it lacks gets the same message.
  employer: z
    .string()
    .regex(/^(0|[1-9][0-9]?)$/, 'must be an employer index: 0, 1, … (0-based)')
    .optional()
    .meta({ description: "The employer's index in the order's `employments` (0-based); default the first verified" }),
});

/**
 * `Retry-After` of a PDF refused for want of a slot: the wait ({@link SLOT_WAIT_MS}) found the provider's queue
 * backed up by several seconds already, so a retry sooner would likely meet the same backlog.
 */
const SLOT_RETRY_AFTER_SECONDS = Math.ceil((2 * SLOT_WAIT_MS) / 1000);

const PROVIDER_ERRORS = [
  ProviderUnavailableError,
  ProviderRateLimitedError,
  ProviderRejectedError,
  ProviderResponseInvalidError,
];

/**
 * `GET /v1/orders/{id}/report.pdf`: the provider's PDF of a completed order's report, read on demand and streamed
 * through. The bytes are never buffered whole, stored or logged: they hold the borrower's employment and pay.
 */
export function reportPdfHandler(deps: {
  orders: Pick<OrderServices, 'reads'>;
  providers: ReadonlyMap<string, ProviderConnection>;
  /** Each provider request of the PDF waits for one of these first: see `providerSlots`. */
  slots: ProviderSlots;
  logger: Logger;
}): RequestHandler<{ id: string }> {
  return async (req, res) => {
    const orderId = req.params.id;
    if (!ORDER_ID_PATTERN.test(orderId)) throw new OrderNotFoundError(orderId);
    const query = reportPdfQuerySchema.safeParse(req.query);
    if (!query.success) throw invalidFields(fieldErrors(query.error));
    const order = await deps.orders.reads.order(orderId);
    const employments = employmentsOf(order);
    if (query.data.employer !== undefined && Number(query.data.employer) >= employments.length) {
      throw invalidFields([
        { field: 'employer', message: `must be an employer index from 0 to ${employments.length - 1} for this order` },
      ]);
    }
    if (order.status !== 'completed') {
      throw new ApiError(404, 'Not Found', `order ${orderId} is ${order.status}: its report exists once completed`);
    }
    const { index, employment } = chosenEmployment(order.id, employments, query.data.employer);
    const providerOrderId = employment.provider_order_id ?? order.provider_order_id;
    const connection = deps.providers.get(order.provider);
    if (!providerOrderId || !connection) {
      throw new ApiError(502, 'Bad Gateway', `the ${order.provider} report of order ${orderId} cannot be read here`);
    }

    // Every request the read makes to the provider (Truework two, Truv two to four) first takes a slot of the
    // provider's rate limit, the one its task queue holds for every call to that account (see `providerSlots` for
    // why that way); none within the wait is `503` with `Retry-After`, since the provider is busy for voie just now.
    const gate = deps.slots(order.provider);
    const pdf = await connection.client.readReportPdf(providerOrderId, gate).catch((err: unknown) => {
      if (err instanceof ProviderSlotUnavailableError) {
        deps.logger.info(
          { orderId, ...tenantOf(res), provider: order.provider },
          'report PDF: no slot of the provider rate limit',
        );
        throw new ApiError(
          503,
          'Service Unavailable',
          `${order.provider} is at its rate limit for voie just now; retry later`,
          undefined,
          { 'retry-after': String(SLOT_RETRY_AFTER_SECONDS) },
        );
      }
      if (!PROVIDER_ERRORS.some((type) => err instanceof type)) throw err;
      deps.logger.warn(
        { orderId, ...tenantOf(res), provider: order.provider, err: describe(err) },
        'report PDF: the provider failed',
      );
      throw new ApiError(502, 'Bad Gateway', `${order.provider} did not give the report's PDF; retry later`);
    });
    res
      .status(200)
      .type('application/pdf')
      .set({
        'cache-control': 'private, no-store',
        'content-disposition': `inline; filename="${orderId}-employer-${index}.pdf"`,
        ...(pdf.length !== undefined ? { 'content-length': String(pdf.length) } : {}),
      });
    try {
      await pipeline(pdf.body, res);
    } catch (err) {
      // The status line is gone: ending the response early is all that tells the client the PDF is cut short.
      deps.logger.warn(
        { orderId, ...tenantOf(res), provider: order.provider, err: describe(err) },
        'report PDF: the stream broke off',
      );
      res.destroy();
    }
  };
}

/** The order's employments. An order from before voie verified several employers has none: its one is the order's. */
function employmentsOf(order: OrderView): EmploymentView[] {
  return order.employments?.length
    ? order.employments
    : [
        {
          employer: order.employer,
          provider_order_id: order.provider_order_id,
          status: order.status,
          outcome: 'verified',
        },
      ];
}

/** The employment whose PDF is asked for: `employer` (an index the order has) when given, else the first verified. */
function chosenEmployment(
  orderId: string,
  employments: EmploymentView[],
  employer: string | undefined,
): { index: number; employment: EmploymentView } {
  const index =
    employer === undefined ? employments.findIndex((candidate) => candidate.outcome === 'verified') : Number(employer);
  const employment = employments[index];
  // One provider order may hold several employers' report (Truv): any of them answers it once one is verified.
  const verified = (candidate: EmploymentView | undefined): boolean =>
    !!candidate &&
    employments.some(
      (other) => other.outcome === 'verified' && other.provider_order_id === candidate.provider_order_id,
    );
  if (!employment || !verified(employment)) {
    const which = employment ? `employer ${index} (${employment.outcome ?? 'open'})` : 'no employer';
    throw new ApiError(
      404,
      'Not Found',
      `order ${orderId} has no report for ${which}: only verified employers have one`,
    );
  }
  return { index, employment };
}

/** An error for the log: its name and message, SSN-shaped text masked, never a body. */
function describe(err: unknown): { name: string; message: string } {
  return err instanceof Error
    ? { name: err.name, message: redactSsn(err.message) }
    : { name: 'unknown', message: redactSsn(String(err)) };
}
