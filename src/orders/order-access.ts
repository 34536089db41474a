import { DEFAULT_TENANT, VoieTenant } from '../../workflows/public';
import { ofOrder, OrderNotFoundError } from './order-not-found';
import type { WorkflowCalls } from './workflow-calls';

/**
 * Whose an order is: the tenant its workflow's `VoieTenant` names (an order placed before orders named their tenant
 * is `default`'s). Read from Temporal's store, no worker involved; every `/v1/orders/{id}` route asks it first.
 */
export class OrderAccess {
  constructor(private readonly workflows: WorkflowCalls) {}

  /**
   * Returns when the order is `tenant`'s.
   * @throws OrderNotFoundError when there is no such order or it is another tenant's: the API says both alike (`404`),
   *   so an id tells a tenant nothing of another's orders.
   */
  async ensureOwnedBy(orderId: string, tenant: string): Promise<void> {
    const { typedSearchAttributes } = await ofOrder(orderId, () =>
      this.workflows.answered(() => this.workflows.orderHandle(orderId).describe()),
    );
    if ((typedSearchAttributes.get(VoieTenant) ?? DEFAULT_TENANT) !== tenant) throw new OrderNotFoundError(orderId);
  }
}
