/**
 * The ports use cases depend on. Adapters (DynamoDB, clock, ids) implement them; tests pass real
 * local adapters. Repositories speak domain types, never raw items.
 */
import type { AuditEntry } from '../domain/audit.ts';
import type { Competition } from '../domain/competition.ts';
import type { Registration } from '../domain/entrant.ts';
import type { Membership, Role } from '../domain/membership.ts';
import type { Submission, SubmissionStatus } from '../domain/submission.ts';

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

export interface CompetitionRepository {
  get(id: string): Promise<Competition | undefined>;
  /** Creates; fails with AlreadyExists if the id is taken. */
  create(c: Competition): Promise<void>;
  /** Replaces when the stored version is `expectedVersion`; else VersionConflict. */
  update(c: Competition, expectedVersion: number): Promise<void>;
  /** Published competitions: still-open (closing soonest first), then closed (latest first). */
  listPublished(now: Date, limit: number, cursor?: string): Promise<Page<Competition>>;
  getMany(ids: string[]): Promise<Competition[]>;
}

export interface MembershipRepository {
  get(competitionId: string, userSub: string): Promise<Membership | undefined>;
  /** Adds a role (idempotent). */
  grant(competitionId: string, user: { sub: string; email: string }, role: Role): Promise<void>;
  /**
   * Records a registration and the entrant role in one conditional write. Fails with
   * AlreadyExists(ALREADY_REGISTERED) if this user already registered, or
   * AlreadyExists(ORGANISATION_ALREADY_REGISTERED) if another user registered the same organisation.
   */
  register(competitionId: string, user: { sub: string; email: string }, r: Registration, at: string): Promise<void>;
  listForUser(userSub: string): Promise<Membership[]>;
  listForCompetition(competitionId: string, limit: number, cursor?: string): Promise<Page<Membership>>;
}

export interface SubmissionFilter {
  status?: SubmissionStatus;
  sector?: string;
  /** Case-insensitive text in title or organisation. */
  q?: string;
}

export interface SubmissionRepository {
  get(competitionId: string, id: string): Promise<Submission | undefined>;
  create(s: Submission): Promise<void>;
  /**
   * Replaces when the stored version is `expectedVersion` and, if `deadline` is given, the write
   * happens before it. VersionConflict / DeadlinePassed otherwise.
   */
  update(s: Submission, expectedVersion: number, guard?: { now: string; deadline: string }): Promise<void>;
  listForCompetition(competitionId: string, filter: SubmissionFilter, limit: number, cursor?: string): Promise<Page<Submission>>;
  listForOwner(ownerSub: string): Promise<Submission[]>;
}

export interface AuditLog {
  append(e: Omit<AuditEntry, 'id'>): Promise<void>;
  list(competitionId: string, limit: number, cursor?: string): Promise<Page<AuditEntry>>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(): string;
}

/** Everything a use case may need; each takes only what it uses. */
export interface Ports {
  competitions: CompetitionRepository;
  memberships: MembershipRepository;
  submissions: SubmissionRepository;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
}
