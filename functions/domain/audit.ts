/** One line of a competition's append-only audit trail. */
export interface AuditEntry {
  competitionId: string;
  at: string;
  id: string;
  actor: { sub: string; email: string };
  action: string;
  /** What the action was about, e.g. `submission:01J…`. */
  target: string;
  before?: unknown;
  after?: unknown;
}
