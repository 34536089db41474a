import { Context } from '@temporalio/activity';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { reuseKeyText } from '../src/domain';
import type { FieldSealer } from '../src/temporal/field-sealer';
import type { ReuseClaim, ReuseDecision, ReuseLedgerWorkflow } from '../workflows/public';
import { ORDERS_TASK_QUEUE, REUSE_LEDGER_WORKFLOW, reuseClaimUpdate, reuseLedgerId } from '../workflows/public';

/** The purpose the reuse key's HMAC key is derived for: a key of its own, apart from order ids and fingerprints. */
const REUSE_KEY_PURPOSE = 'voie reuse key';

/**
 * Reuse of a verification the tenant already has: the step's claim on the reuse ledger of its borrower and employers
 * (`workflows/reuse-ledger.ts`). The key is computed here, where the SSN may be unsealed: workflow code never sees it.
 */
export function createReuseActivities(sealer: FieldSealer) {
  return {
    /** Claims the key of the borrower at `employers` with `provider`, starting its ledger if none runs. */
    claimReuse: async (input: {
      tenant: string;
      provider: string;
      /** The verification type (`employment`, `employment-income`): a verification serves only its own type. */
      type: string;
      /** The borrower's SSN, sealed (`FieldSealer`): unsealed here only to be hashed. */
      ssn: string;
      /** The names of the provider order's employers. */
      employers: string[];
      claim: ReuseClaim;
    }): Promise<ReuseDecision> => {
      const ledgerId = reuseLedgerId(
        input.tenant,
        input.provider,
        reuseKey(sealer, input.type, input.ssn, input.employers),
      );
      const answer = await Context.current().client.workflow.executeUpdateWithStart(reuseClaimUpdate, {
        args: [input.claim],
        startWorkflowOperation: new WithStartWorkflowOperation<ReuseLedgerWorkflow>(REUSE_LEDGER_WORKFLOW, {
          workflowId: ledgerId,
          taskQueue: ORDERS_TASK_QUEUE,
          args: [{}],
          // The running ledger answers; a closed one (its window passed) is started anew.
          workflowIdConflictPolicy: 'USE_EXISTING',
          staticSummary: `reuse ledger · ${input.provider}`,
        }),
      });
      return { ...answer, ledgerId };
    },
  };
}

export type ReuseActivities = ReturnType<typeof createReuseActivities>;

/**
 * The reuse key of a verification of `type` of a borrower (SSN, sealed or not) at employers: a keyed hash of the type,
 * the SSN and the employers' normalized names.
 */
export function reuseKey(sealer: FieldSealer, type: string, ssn: string, employers: readonly string[]): string {
  return sealer.keyedHash(REUSE_KEY_PURPOSE, reuseKeyText(type, sealer.unseal('ssn', ssn), employers)).slice(0, 32);
}
