/** Workflow time (deterministic: the time of the current workflow task) as the ISO string timelines record. */
export function nowIso(): string {
  return new Date().toISOString();
}
