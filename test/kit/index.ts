/**
 * The test kit: voie seen from a LOS, shared by every test tier, the cluster suite, the bench and the system tests.
 * One client for voie's API, one order-body builder, one waiter, one receiver of result deliveries.
 */
export { LosClient, type ApiResponse, type LosClientOptions } from './los-client';
export {
  completingOrderBody,
  daysAhead,
  freshExternalId,
  freshLoanId,
  SAMPLE_EMPLOYER,
  trueworkOrderBody,
  truvOrderBody,
  type OrderBody,
} from './order-body';
export {
  CallbackReceiver,
  deliverySignatureIsValid,
  standardWebhookSignature,
  WebhookReceiver,
  type AnswerRule,
  type DeliveryBody,
  type ReceivedDelivery,
  type ReceivedRequest,
} from './receiver';
export { eventually, sleep, type EventuallyOptions } from './wait';
