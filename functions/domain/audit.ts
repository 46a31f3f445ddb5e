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
  /**
   * Set when an erasure (issue 14 §2, use-cases/personal-data.ts) pseudonymised this entry's e-mail
   * and values: `personal` is the digest of what they were (audit-digest.ts, scheme 2), so a seal
   * made before the erasure still verifies.
   */
  erased?: { at: string; personal: string };
}
