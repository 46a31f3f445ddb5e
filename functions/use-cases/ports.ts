/**
 * The ports use cases depend on. Adapters (DynamoDB, clock, ids) implement them; tests pass real
 * local adapters. Repositories speak domain types, never raw items.
 */
import type { AnswerFile } from '../domain/answer-file.ts';
import type { Account } from '../domain/account.ts';
import type { Locale } from '../shared/i18n/locales.ts';
import type { AuditEntry } from '../domain/audit.ts';
import type { Competition } from '../domain/competition.ts';
import type { Registration } from '../domain/entrant.ts';
import type { Identity } from '../domain/identity.ts';
import type { Membership, Role } from '../domain/membership.ts';
import type { Pitch, PitchSlot, PitchState, ReadyPitch } from '../domain/pitch.ts';
import type { Caption, CaptionRequest } from '../domain/captions.ts';
import type { Conflict } from '../domain/conflicts.ts';
import type { Review, Round } from '../domain/evaluation.ts';
import type { Invitation, Reviewer } from '../domain/invitation.ts';
import type { AwardLine, AwardType, PrizePlan } from '../domain/awards.ts';
import type { Email, Notification } from '../domain/notification.ts';
import type { MessageKind, StoredTemplate } from '../domain/messages.ts';
import type { ChecklistFigures } from '../domain/publication-checklist.ts';
import type { RankingHeader, RankRow, ResultEntry, ResultsHeader } from '../domain/results.ts';
import type { Submission, SubmissionStatus } from '../domain/submission.ts';
import type { Job, JobRef } from '../domain/job.ts';
import type { AudienceVoteSettings, Ballot, BallotFlag } from '../domain/audience-vote.ts';
import type { OrganiserInvitation, Programme, ProgrammeInvitation, ProgrammeMember } from '../domain/programme.ts';
import type { ExpoHall, ExpoJudgeState, ExpoTable, ExpoVote } from '../domain/expo.ts';
import type { TeamInvitation, TeamLink, TeamRole } from '../domain/team.ts';
import type { ProgrammeLedgerState, ProgrammeLimits, ProgrammeRecipient, SpendingLine } from '../domain/programme-ledger.ts';
import type { DashboardDay, DashboardDelta, DashboardTotals, RecountFacts } from '../domain/dashboard.ts';

/** What the audit trail can be narrowed to: one action, one actor (by e-mail), entries from / to an instant or a day. */
export interface AuditFilter {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

export interface CompetitionRepository {
  /** `consistent: false`: an eventually consistent read (half the units), for views that decide nothing. */
  get(id: string, options?: { consistent?: boolean }): Promise<Competition | undefined>;
  /** Creates; fails with AlreadyExists if the id is taken. */
  create(c: Competition): Promise<void>;
  /** Replaces when the stored version is `expectedVersion`; else VersionConflict. */
  update(c: Competition, expectedVersion: number): Promise<void>;
  /** Published competitions: still-open (closing soonest first), then closed (latest first). */
  listPublished(now: Date, limit: number, cursor?: string): Promise<Page<Competition>>;
  getMany(ids: string[]): Promise<Competition[]>;
}

/** Who a membership is for: the signed-in identity's sub and address, and whether the address is verified. */
export type MemberIdentity = Pick<Identity, 'sub' | 'email' | 'emailVerified'>;

export interface MembershipRepository {
  get(competitionId: string, userSub: string): Promise<Membership | undefined>;
  /** Adds a role (idempotent). */
  grant(competitionId: string, user: MemberIdentity, role: Role): Promise<void>;
  /**
   * Records a registration and the entrant role in one conditional write. Fails with
   * AlreadyExists(ALREADY_REGISTERED) if this user already registered, or
   * AlreadyExists(ORGANISATION_ALREADY_REGISTERED) if another user registered the same organisation.
   */
  register(competitionId: string, user: MemberIdentity, r: Registration, at: string, claim?: Promise<boolean>): Promise<void>;
  /**
   * Step 1 of register, for a caller that issues it alongside its reads (one round trip fewer):
   * claims the organisation (the one conditional write that keeps one registration per
   * organisation) and answers whether this call created the claim; pass that to register, or
   * releaseOrganisation if the registration is then refused. AlreadyExists(ORGANISATION_ALREADY_REGISTERED)
   * when another user holds it.
   */
  claimOrganisation(competitionId: string, user: MemberIdentity, registryId: string): Promise<boolean>;
  /** Drops the caller's own claim on an organisation (a claim another user holds stays). */
  releaseOrganisation(competitionId: string, user: MemberIdentity, registryId: string): Promise<void>;
  listForUser(userSub: string): Promise<Membership[]>;
  listForCompetition(competitionId: string, limit: number, cursor?: string): Promise<Page<Membership>>;
  /** The memberships of these users in a competition that exist (BatchGetItem). */
  getMany(competitionId: string, userSubs: string[]): Promise<Membership[]>;
}

export interface SubmissionFilter {
  status?: SubmissionStatus;
  sector?: string;
  /** Case-insensitive text in title or organisation. */
  q?: string;
}

export interface SubmissionRepository {
  /** `consistent: false`: an eventually consistent read (half the units), for views that decide nothing. */
  get(competitionId: string, id: string, options?: { consistent?: boolean }): Promise<Submission | undefined>;
  create(s: Submission): Promise<void>;
  /**
   * Replaces when the stored version is `expectedVersion` and, if `deadline` is given, the write
   * happens before it. VersionConflict / DeadlinePassed otherwise.
   */
  update(s: Submission, expectedVersion: number, guard?: { now: string; deadline: string }): Promise<void>;
  listForCompetition(competitionId: string, filter: SubmissionFilter, limit: number, cursor?: string): Promise<Page<Submission>>;
  listForOwner(ownerSub: string): Promise<Submission[]>;
  /**
   * Every submission of a competition in one status, whole (for whole-competition work: ranking,
   * assignment, exports): the competition's submissions read a megabyte per round trip, filtered
   * by status — fewer round trips than an index page and its batch read each time.
   */
  listAllInStatus(competitionId: string, status: SubmissionStatus): Promise<Submission[]>;
  /** Every submission of a competition in one status, as its id and owner only (read from the status index). */
  listOwners(competitionId: string, status: SubmissionStatus): Promise<{ id: string; ownerSub: string }[]>;
  /** How many submissions are in one status, counting no further than `upTo` (one query of the status index, keys only). */
  countInStatus(competitionId: string, status: SubmissionStatus, upTo: number): Promise<number>;
  /**
   * The submissions at these (competition, id) pairs that exist, in no particular order (BatchGetItem).
   * Strongly consistent unless `consistent: false` (half the read units: for views, never for a decision).
   */
  getMany(refs: { competitionId: string; id: string }[], options?: { consistent?: boolean }): Promise<Submission[]>;
}

export interface AuditLog {
  append(e: Omit<AuditEntry, 'id'>): Promise<void>;
  /** Oldest first; `filter` narrows by action, by the actor's e-mail and by a range of `at` (a page may then be shorter than `limit`). */
  list(competitionId: string, limit: number, cursor?: string, filter?: AuditFilter): Promise<Page<AuditEntry>>;
}

export interface PitchRepository {
  get(competitionId: string, pitchId: string): Promise<Pitch | undefined>;
  create(p: Pitch): Promise<void>;
  /** `consistent: false`: an eventually consistent read (half the units), for views that decide nothing. */
  getSlot(competitionId: string, submissionId: string, options?: { consistent?: boolean }): Promise<PitchSlot>;
  /** Makes `pitchId` the submission's one active upload; AlreadyExists(UPLOAD_IN_PROGRESS) if another is. */
  claimSlot(competitionId: string, submissionId: string, pitchId: string): Promise<void>;
  /** Ends the active upload `pitchId` without a new current pitch (rejected or aborted). No-op if not active. */
  releaseSlot(competitionId: string, submissionId: string, pitchId: string, last: NonNullable<PitchSlot['last']>): Promise<void>;
  /**
   * Makes the active upload `pitchId` the current pitch. Returns the pitch it replaced, or
   * `false` when `pitchId` is no longer the active upload (a re-delivered event).
   */
  promote(competitionId: string, submissionId: string, pitch: ReadyPitch): Promise<ReadyPitch | undefined | false>;
  /** Records a part's ETag while the upload is still `uploading`; InvalidState otherwise. */
  recordPart(competitionId: string, pitchId: string, partNumber: number, etag: string): Promise<void>;
  forgetPart(competitionId: string, pitchId: string, partNumber: number): Promise<void>;
  /** Moves to a new state only from one of `from`; returns false (and changes nothing) otherwise. */
  transition(p: Pitch, from: PitchState[]): Promise<boolean>;
  // Captions (issue 14 §4): one item per language.
  listCaptions(competitionId: string, submissionId: string): Promise<Caption[]>;
  /**
   * Stores the caption for its language, replacing any; returns the one it replaced. With
   * `maxTracks`, refuses (RuleViolation CAPTION_LIMIT) a new language beyond that many.
   */
  putCaption(c: Caption, maxTracks: number): Promise<Caption | undefined>;
  /** Deletes the language's caption; returns it, or undefined if there was none. */
  deleteCaption(competitionId: string, submissionId: string, language: string): Promise<Caption | undefined>;
  /**
   * Records automatic captions in flight for the submission, in one conditional write: false (and
   * nothing written) when one for the same pitch was requested after `staleBefore` and has not ended.
   */
  claimCaptionRequest(r: CaptionRequest, staleBefore: string): Promise<boolean>;
  /** Ends the request made as Transcribe job `jobName` (no-op when another one holds the slot). */
  releaseCaptionRequest(competitionId: string, submissionId: string, jobName: string): Promise<void>;
  /** Issue 14 §3: the file answering one question of a submission (one item per question; domain/answer-file.ts). */
  getAnswerFile(competitionId: string, submissionId: string, questionId: string): Promise<AnswerFile | undefined>;
  /** Every answer file of a submission (a key prefix: one query). */
  listAnswerFiles(competitionId: string, submissionId: string, options?: { consistent?: boolean }): Promise<AnswerFile[]>;
  /** Writes `f` if the stored one has version `expectedVersion` (0: none stored); false when it has moved on. */
  putAnswerFile(f: AnswerFile, expectedVersion: number): Promise<boolean>;
}

/** How many reviews a reviewer holds in a round, and how many of them are submitted. */
export interface ReviewLoad {
  assigned: number;
  submitted: number;
}

/** Rounds, reviewer pools, invitations, conflicts, assignments and reviews. */
/** Issue 10 cost: what the reviewer's queue shows of a review, as gsi4 projects it (table-definition.ts). */
export type ReviewQueueEntry = Pick<Review, 'competitionId' | 'roundId' | 'submissionId' | 'reviewerSub' | 'status' | 'updatedAt'>;

export interface EvaluationRepository {
  /** `consistent: false`: an eventually consistent read (half the units), for views that decide nothing. */
  getRound(competitionId: string, roundId: string, options?: { consistent?: boolean }): Promise<Round | undefined>;
  listRounds(competitionId: string): Promise<Round[]>;
  createRound(r: Round): Promise<void>;
  /** VersionConflict when the stored version is not `expectedVersion`. */
  updateRound(r: Round, expectedVersion: number): Promise<void>;

  createInvitation(i: Invitation): Promise<void>;
  getInvitation(competitionId: string, tokenHash: string): Promise<Invitation | undefined>;
  listInvitations(competitionId: string): Promise<Invitation[]>;
  /** One page of a competition's invitations (in key order). */
  pageInvitations(competitionId: string, limit: number, cursor?: string): Promise<Page<Invitation>>;
  /** Marks it accepted by `userSub` once, before it expires; InvalidState otherwise. */
  acceptInvitation(competitionId: string, tokenHash: string, userSub: string, at: string): Promise<void>;
  // Sending, resend and revoke (issue 13, H5).
  /** Records that the invitation's e-mail could not be sent (clears `sentAt`). */
  noteInvitationMailFailed(competitionId: string, tokenHash: string, error: string, state?: import('../domain/notification.ts').MailNotSentState): Promise<void>;
  /** Deletes the invitation if it exists and nobody accepted it; false otherwise (one conditional delete). */
  removeUnacceptedInvitation(competitionId: string, tokenHash: string): Promise<boolean>;
  /** Marks the invitation revoked if it exists, is not accepted and not revoked; false otherwise. */
  revokeInvitation(competitionId: string, tokenHash: string, at: string): Promise<boolean>;

  putReviewer(r: Reviewer): Promise<void>;
  listReviewers(competitionId: string, roundId: string): Promise<Reviewer[]>;
  /** One page of a round's reviewer records (invited reviewers; dropped entrants), by sub. */
  pageReviewers(competitionId: string, roundId: string, limit: number, cursor?: string): Promise<Page<Reviewer>>;
  /** The reviewer records of these subs that exist (BatchGetItem). */
  getReviewers(competitionId: string, roundId: string, subs: string[]): Promise<Reviewer[]>;

  putConflict(competitionId: string, roundId: string, c: Conflict & { createdAt: string; createdBy: string }): Promise<void>;
  listConflicts(competitionId: string, roundId: string): Promise<(Conflict & { createdAt: string; createdBy: string })[]>;
  /**
   * The version of what a round's automatic conflicts follow from: moved on (one ADD) by every write
   * of a membership, of a submission into or out of `submitted`, and of a reviewer record.
   */
  conflictInputs(competitionId: string): Promise<{ version: number; changedAtMs?: number }>;
  /**
   * Moves conflictInputs on (one ADD), AFTER the write it follows. The repositories call it for
   * grants, reviewer records and entries created as submitted; registering and submitting or
   * withdrawing call it from their use case, with the audit entry — no extra round trip.
   */
  noteConflictInputsChanged(competitionId: string): Promise<void>;
  /** A round's materialised automatic conflicts (adapters/dynamodb/conflict-list.ts): which computation is current, derived from what. */
  getConflictList(competitionId: string, roundId: string): Promise<ConflictListHeader | undefined>;
  /**
   * Writes a computation's conflicts (batched), then points the round's list at it unless one
   * derived from newer inputs is there already (false; its own items are removed again); the
   * computation it replaced is removed.
   */
  saveConflictList(header: ConflictListHeader, conflicts: Conflict[], onProgress?: (written: number, total: number) => void | Promise<void>): Promise<boolean>;
  /**
   * A page of a round's conflicts, by reviewer then submission: the automatic ones (a stored
   * computation, or a list worked out by the caller, or none) merged with the recorded ones
   * (declared, organiser-entered: read straight, so they show at once). A signed cursor.
   */
  pageConflicts(
    competitionId: string,
    roundId: string,
    automatic: { computationId: string } | { items: Conflict[] } | undefined,
    limit: number,
    cursor?: string,
  ): Promise<Page<Conflict & { recordedAt?: string }>>;

  getReview(competitionId: string, roundId: string, submissionId: string, reviewerSub: string): Promise<Review | undefined>;
  /** Creates an assignment; false if the pair is already assigned. */
  createAssignment(r: Review): Promise<boolean>;
  /**
   * Creates many assignments with batched writes (BatchWriteItem, unprocessed items retried, a few
   * batches in flight). For pairs the caller found unassigned: the keys are the pairs', so writing
   * one again (a re-run after a crash) rewrites the same item rather than adding another.
   */
  createAssignments(reviews: Review[], onProgress?: (written: number, total: number) => void | Promise<void>): Promise<void>;
  /** Removes an assignment whose review has not started; false otherwise. */
  removeUnstartedAssignment(competitionId: string, roundId: string, submissionId: string, reviewerSub: string): Promise<boolean>;
  /** Removes an assignment unless its review was submitted (a declared conflict); false otherwise. */
  removeUnsubmittedAssignment(competitionId: string, roundId: string, submissionId: string, reviewerSub: string): Promise<boolean>;
  /**
   * Saves when the stored version is `expectedVersion`; VersionConflict otherwise. `after` is
   * work that must follow the versioned write (its audit entry, counters): it starts once the
   * write has succeeded, together with the reviewer's load (one round trip, issue 9 §3).
   */
  updateReview(r: Review, expectedVersion: number, after?: () => Promise<unknown>): Promise<void>;
  listRoundReviews(competitionId: string, roundId: string): Promise<Review[]>;
  /** The round's reviews with only what a spread needs (who, which, status, scores, exclusion). */
  listRoundScores(competitionId: string, roundId: string): Promise<Pick<Review, 'submissionId' | 'reviewerSub' | 'status' | 'scores' | 'exclusion'>[]>;
  /**
   * An extra review (a new assignment) and its reviewer's load, only while the reviewer has fewer
   * than `maxLoad` reviews in the round by their load item: 'exists' when the pair is assigned
   * already, 'full' when the reviewer's load is (nothing is left written then).
   */
  createExtraAssignment(r: Review, maxLoad: number): Promise<'created' | 'exists' | 'full'>;
  /** One page of a round's reviews in key order (submission, then reviewer); only one submission's with `submissionId`. */
  pageRoundReviews(competitionId: string, roundId: string, limit: number, cursor?: string, submissionId?: string): Promise<Page<Review>>;
  /** Every reviewer's load in a round, counted from one query of the round's reviews (who and status only). */
  reviewLoads(competitionId: string, roundId: string): Promise<Map<string, ReviewLoad>>;
  /** The rounds at these (competition, round) pairs that exist (BatchGetItem; strongly consistent unless `consistent: false`, as submissions' getMany). */
  getRounds(refs: { competitionId: string; roundId: string }[], options?: { consistent?: boolean }): Promise<Round[]>;
  /** One page of a round's reviews in key order, after the review `after` (exports read rounds page by page); `last` is absent on the last page. */
  listRoundReviewsAfter(
    competitionId: string,
    roundId: string,
    limit: number,
    after?: { submissionId: string; reviewerSub: string },
  ): Promise<{ items: Review[]; last?: { submissionId: string; reviewerSub: string } }>;
  /** A reviewer's queue (issue 10 cost: gsi4's entries, not whole reviews; one competition's with `competitionId`). */
  listReviewerQueue(reviewerSub: string, competitionId?: string): Promise<ReviewQueueEntry[]>;
  /** A reviewer's own reviews in one competition, every round (gsi1: their queue's competition prefix). */
  listReviewerReviews(reviewerSub: string, competitionId: string): Promise<Review[]>;
  /**
   * These reviewers' loads in a round, from their load items (one BatchGetItem; a reviewer without
   * one has none). Undefined when the round's loads were never counted (a round from before load
   * items existed): countReviewerLoads counts them once.
   */
  reviewerLoads(competitionId: string, roundId: string, reviewerSubs: string[]): Promise<Map<string, ReviewLoad> | undefined>;
  /** Counts a round's loads from its reviews into the load items, once, and marks the round counted. */
  countReviewerLoads(competitionId: string, roundId: string): Promise<void>;
}

/** A confirmed award as the ledger keeps it. */
export interface AwardRecord extends AwardLine {
  /** `prize:<submission>`, `lump-sum:<submission>`, `voucher:<submission>` or `category:<category>`. */
  key: string;
  /** The slot only one award may hold: `rank:<n>`, `category:<id>`, or the key itself. */
  slot: string;
  organisationName: string;
  country: string;
  registryId: string;
  isSme: boolean;
  confirmedAt: string;
  confirmedBy: string;
}

/**
 * The ledger's totals: what every confirmation is checked against, kept in one small item whatever
 * the number of awards (the plan, the committed total, counts, versions).
 */
export interface LedgerTotals {
  plan?: PrizePlan;
  categoryPicks: { categoryId: string; submissionId: string }[];
  /** Includes the confirmations in flight (reserved before their award is written). */
  committed: number;
  /** Confirmed lump sums and vouchers. */
  counts: Partial<Record<AwardType, number>>;
  /** Every change to the ledger (plan, confirmation, withdrawal, freeze) moves this on. */
  version: number;
  /** Moves on with every saved plan: a confirmation holds only against the plan it was checked against. */
  planVersion: number;
  /** Set while the results are decided: no award, withdrawal or plan change is accepted. */
  frozenAt?: string;
  /** Confirmations and withdrawals half-way through (a plan change or a freeze waits for none). */
  inFlight: number;
}

/** The whole ledger: the totals, every organisation's total and every confirmed award. */
export interface Ledger extends LedgerTotals {
  perOrganisation: Record<string, number>;
  awards: AwardRecord[];
}

/**
 * Why a confirmation was refused: `already` (this very award is confirmed), `taken` (its key or
 * slot is someone else's), `count` (no lump sum / voucher left), `budget`, `cap`, `plan-changed`
 * (check it again against the new plan), `frozen`, `retry` (nothing to tell; try again).
 */
export type AwardRefusal = 'already' | 'taken' | 'count' | 'budget' | 'cap' | 'plan-changed' | 'frozen' | 'retry' | 'programme-budget' | 'programme-cap';
export type ConfirmResult =
  | { status: 'confirmed' }
  /** `settling`: other confirmations or withdrawals were in flight, so the answer may change on a retry. */
  | { status: 'refused'; reason: AwardRefusal; settling: boolean; totals: LedgerTotals; programme?: ProgrammeRefusalFacts };

/** H3 (cross-call ledger): what a refusal by the programme's limits reads back (minor units). */
export interface ProgrammeRefusalFacts {
  programmeId: string;
  currency: string;
  budget: number;
  thirdPartyCap: number;
  committed: number;
  /** What the organisation has received from the programme's calls (for a cap refusal). */
  received: number;
}

export interface AwardsRepository {
  /** Everything (the totals, then every organisation total and award, paged). */
  getLedger(competitionId: string): Promise<Ledger>;
  /** The totals item only: one small read. */
  getTotals(competitionId: string): Promise<LedgerTotals>;
  getAward(competitionId: string, key: string): Promise<AwardRecord | undefined>;
  /**
   * Saves the plan and picks when the ledger is still at `expectedVersion` (so the caller checked
   * the plan against exactly the awards there are); VersionConflict if it moved, InvalidState if
   * the budget would fall below what is committed or the results are frozen.
   */
  savePlan(competitionId: string, plan: PrizePlan, picks: Ledger['categoryPicks'], expectedVersion: number): Promise<void>;
  /**
   * Confirms one award: not yet awarded, its slot free, the budget, the count and the
   * organisation's cap not exceeded, the plan still the one checked against; or says why not.
   */
  confirm(
    competitionId: string,
    award: AwardRecord,
    // H3: `programme` when the competition is a call of one: its budget and cap are checked too (programme-ledger.ts).
    limits: { budget: number; cap: number; maxCount?: number; planVersion: number; programme?: { id: string; sectors: string[] } },
    /** Work that follows a confirmation (its audit entry): started once the award item is written, with the saga's last step. */
    after?: () => Promise<unknown>,
  ): Promise<ConfirmResult>;
  /**
   * Removes a confirmed award and frees its money: `gone` if it is not there (as given), `frozen`,
   * or `busy` while its own confirmation is still finishing.
   */
  withdraw(competitionId: string, award: AwardRecord): Promise<'withdrawn' | 'gone' | 'frozen' | 'busy'>;
  /** Freezes the ledger for publication; false if it already was. */
  freeze(competitionId: string, at: string): Promise<boolean>;
  /** Lifts the freeze (an amendment, or a publication that failed half-way). */
  unfreeze(competitionId: string): Promise<void>;
  getMeetingOptIn(competitionId: string, submissionId: string): Promise<boolean>;
  setMeetingOptIn(competitionId: string, submissionId: string, open: boolean): Promise<void>;
}

/** The two slots of the live ranking: a recomputation writes the one not in use, then points at it. */
export type LiveSlot = 'A' | 'B';

/**
 * Where a snapshot's entries and rank rows are: a published version, or a slot of the live ranking
 * together with the computation that wrote it (items of an older computation left in the slot are
 * not part of it).
 */
export type SnapshotRef = { competitionId: string; version: number } | { competitionId: string; slot: LiveSlot; computationId: string };

/** The live ranking as its pointer item holds it: which slot is complete, computed from what, and its header. */
export interface LiveRanking {
  slot: LiveSlot;
  computationId: string;
  /** The ranking inputs' version it was computed from (RankingInputs). */
  inputsVersion: number;
  computedAt: string;
  /** When the ranking changes with the clock alone: the next close of a peer round with a review duty. */
  validUntil?: string;
  header: RankingHeader;
  /** The publication checklist's figures, computed with it. */
  figures: ChecklistFigures;
}

/** A round's materialised automatic conflicts: its pointer item. */
export interface ConflictListHeader {
  competitionId: string;
  roundId: string;
  computationId: string;
  /** The conflict inputs' version it was derived from (EvaluationRepository.conflictInputs). */
  inputsVersion: number;
  /** What of the round it follows from (use-cases/assignment.ts `conflictBasis`): another basis, another list. */
  basis: string;
  computedAt: string;
  /** Conflicts it holds, and the submitted entries they were derived over. */
  count: number;
  entries: number;
}

/** Moved on by every change to what the ranking and the feedback figures are computed from. */
export interface RankingInputs {
  version: number;
  /** When it last moved. */
  changedAt?: string;
}

/**
 * Stored results snapshots (domain/results.ts), one version per publication or amendment, and the
 * live ranking kept in the same shape until then: entries by submission and rank rows by position.
 */
export interface ResultsRepository {
  /** Writes the entries and rank rows, then the header; writing the same version again overwrites it (a retried publication). */
  save(header: ResultsHeader, entries: ResultEntry[], onProgress?: (written: number, total: number) => void | Promise<void>): Promise<void>;
  getHeader(competitionId: string, version: number): Promise<ResultsHeader | undefined>;
  getEntry(competitionId: string, version: number, submissionId: string): Promise<ResultEntry | undefined>;
  /** The entries of these submissions that exist, in the order asked. */
  getEntries(competitionId: string, version: number, submissionIds: string[]): Promise<ResultEntry[]>;
  listEntries(competitionId: string, version: number): Promise<ResultEntry[]>;

  /** One entry of a snapshot (published or live), undefined when it has none for this submission. */
  entryIn(ref: SnapshotRef, submissionId: string): Promise<ResultEntry | undefined>;
  /** Entries of a snapshot by submission (those that exist). */
  entriesIn(ref: SnapshotRef, submissionIds: string[]): Promise<Map<string, ResultEntry>>;
  /** Every entry of a snapshot (paged queries), in submission id order. */
  listEntriesIn(ref: SnapshotRef): Promise<ResultEntry[]>;
  /**
   * A page of a snapshot's rank rows in position order, of its `rows` rows. A cursor from another
   * snapshot (the live ranking was recomputed meanwhile) is a VersionConflict.
   */
  listRankRows(ref: SnapshotRef, rows: number, limit: number, cursor?: string): Promise<Page<RankRow>>;

  getLive(competitionId: string): Promise<LiveRanking | undefined>;
  getInputs(competitionId: string): Promise<RankingInputs>;
  /**
   * One ADD to the inputs' counter: no read, no condition, so it never contends with anything.
   * `conflicts`: the change is an input of the automatic conflicts too (a registration, an entry
   * entering or leaving `submitted`) — their counter moves in the same write (one item, one write
   * unit instead of two: EvaluationRepository.conflictInputs counts both items).
   */
  noteInputsChanged(competitionId: string, at: string, options?: { conflicts?: boolean }): Promise<void>;
  /** Writes a computation's entries and rank rows into a live slot (batched, in parallel). */
  saveLiveSlot(ref: Extract<SnapshotRef, { slot: LiveSlot }>, entries: ResultEntry[], rows: RankRow[], onProgress?: (written: number, total: number) => void | Promise<void>): Promise<void>;
  /** Points the live ranking at a written slot, unless one computed from newer inputs is live already (false). */
  publishLive(competitionId: string, live: LiveRanking): Promise<boolean>;
}

export interface NotificationRepository {
  add(n: Notification): Promise<void>;
  /**
   * Adds the notifications that are not in their inboxes yet (same user, time and id), in batches,
   * and leaves the others as they are (read or not): with deterministic ids and times, a repeat
   * adds nothing.
   */
  addMany(ns: Notification[]): Promise<void>;
  /** Claims the sending of a notification's e-mail (one conditional write): true once, false ever after. */
  claimEmail(n: Pick<Notification, 'userSub' | 'at' | 'id'>): Promise<boolean>;
  /** Gives a claim back (the sending failed; a retry sends it). */
  releaseEmail(n: Pick<Notification, 'userSub' | 'at' | 'id'>): Promise<void>;
  /** A page of the inbox, newest first. */
  list(userSub: string, limit: number, cursor?: string): Promise<Page<Notification>>;
  markRead(userSub: string, id: string, at: string): Promise<void>;
}

/** Sends e-mail: SES on AWS; locally an outbox the dev UI shows instead of sending. */
/** A send the mailer held back because SES reported the address (suppressingMailer): nothing went out, and why. */
export interface MailHeldBack {
  heldBack: import('../domain/mail-status.ts').SuppressionReason;
  /** When a transient suppression lapses and mail is tried again. */
  until?: string;
}

export interface Mailer {
  /** Resolves when the mail went out, or with why it was held back (a suppressed address); throws when sending failed. */
  send(email: Email): Promise<void | MailHeldBack>;
  /**
   * A mailer for one chunk of recipients (a job's page, an invitation request): what it needs to
   * know about them is read at once (the suppression check: one BatchGetItem per 100 addresses,
   * not one GetItem per mail). Absent on mailers with nothing to read.
   */
  forRecipients?(addresses: readonly string[]): Promise<Mailer>;
}

/** A competition's own message templates (issue 13, H5; adapters/dynamodb/template-repository.ts). */
export interface MessageTemplateRepository {
  /** The competition's own template of `kind` in `language` (default English). */
  get(competitionId: string, kind: MessageKind, language?: Locale): Promise<StoredTemplate | undefined>;
  /** Every kind and language the competition has its own template for (one query). */
  list(competitionId: string): Promise<StoredTemplate[]>;
  /** Writes `t` if the stored version is `expectedVersion` (0: none stored yet); else VersionConflict. */
  put(t: StoredTemplate, expectedVersion: number): Promise<void>;
  /** Removes the competition's template (back to the default) if its version is `expectedVersion`; else VersionConflict. */
  remove(competitionId: string, kind: MessageKind, expectedVersion: number, language?: Locale): Promise<void>;
}

export interface Outbox {
  /** The newest e-mails about one competition, newest first. */
  list(competitionId: string, limit: number): Promise<(Email & { at: string; id: string })[]>;
}

/** The pitch-video bucket. Videos travel browser ⇄ S3 by presigned URL, never through the API. */
export interface VideoStore {
  startMultipartUpload(key: string, contentType: string): Promise<string>;
  presignUploadPart(key: string, uploadId: string, partNumber: number, expiresInSeconds: number): Promise<string>;
  /** Throws PartsRejected when S3 refuses the reported parts (wrong ETags, missing parts). */
  completeMultipartUpload(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void>;
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
  head(key: string): Promise<{ sizeBytes: number; contentType?: string } | undefined>;
  read(key: string, offset: number, length: number): Promise<Uint8Array>;
  delete(key: string): Promise<void>;
  /** `downloadName`: saved under this name (an attachment) instead of shown inline. */
  presignDownload(key: string, expiresInSeconds: number, downloadName?: string): Promise<string>;
  /**
   * Issue 14: a single PUT URL (small files: captions).
   */
  presignPut(key: string, expiresInSeconds: number): Promise<string>;
  /**
   * Issue 14 §3: a presigned POST (browser form upload) whose signed policy holds the key, the
   * content type and `content-length-range` up to `maxBytes`: S3 refuses anything else.
   */
  presignPost(key: string, expiresInSeconds: number, conditions: { contentType: string; maxBytes: number }): Promise<{ url: string; fields: Record<string, string> }>;
  /** Writes a small object the server made (converted captions). */
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
}

/**
 * Converting a pitch to H.264/AAC (issue 14 §4): AWS Elemental MediaConvert where the organiser
 * enables it and the deployment has the optional construct (infra/media-processing.ts).
 */
export interface Transcoder {
  /** Whether this deployment can transcode; when not, `unavailable` says why, in a sentence. */
  readonly available: boolean;
  readonly unavailable?: string;
  /** Starts converting `sourceKey` into an MP4 at `outputKey`; returns the job's id. */
  start(input: { sourceKey: string; outputKey: string; pitchId: string; competitionId: string }): Promise<string>;
}

/** Automatic captions (issue 14 §4): Amazon Transcribe → WebVTT, where configured. */
export interface Transcriber {
  readonly available: boolean;
  readonly unavailable?: string;
  /**
   * Starts the job `jobName` (domain/media-jobs.ts) transcribing `sourceKey` in `language` (a BCP 47
   * tag, or identified when absent), writing `<outputFolder><jobName>.vtt` (and `.json`).
   */
  start(input: { jobName: string; sourceKey: string; outputFolder: string; language?: string }): Promise<string>;
  /** The language a finished job identified or was given (BCP 47, e.g. `en-US`); undefined if unknown. */
  languageOf(jobName: string): Promise<string | undefined>;
}

/**
 * Jobs as stored (domain/job.ts): one item per job, and one lock item per unfinished kind+params
 * (the idempotent start's single conditional write).
 */
export interface JobRepository {
  /** Stores a new job; AlreadyExists if the id is taken. */
  create(job: Job): Promise<void>;
  get(competitionId: string, jobId: string): Promise<Job | undefined>;
  /** A competition's jobs, newest first. */
  list(competitionId: string, limit: number, cursor?: string): Promise<Page<Job>>;
  /** Replaces the job when the stored version is `expectedVersion`; false (and nothing written) otherwise. */
  update(job: Job, expectedVersion: number): Promise<boolean>;
  /**
   * Takes the lock `lockKey` for `jobId` in one conditional write. Returns who holds it: `jobId`
   * itself when taken, else the unfinished job that already has it.
   */
  acquireLock(lockKey: string, ref: JobRef, at: string): Promise<{ holder: JobRef; since: string }>;
  /** Frees the lock if `jobId` still holds it (no-op otherwise). */
  releaseLock(lockKey: string, jobId: string): Promise<void>;
  /** Every held lock: the unfinished jobs, for a restart to pick up (all pages). */
  listLocks(): Promise<{ lockKey: string; holder: JobRef; since: string }[]>;
}

/** Where started jobs wait for a runner: SQS on AWS, an in-process queue locally (the same runJob either way). */
export interface JobQueue {
  /** Delivers the job to runJob at least once, after `delaySeconds` (≤ 900) if given. */
  enqueue(ref: JobRef, options?: { delaySeconds?: number }): Promise<void>;
}

/**
 * Files jobs produce (exports), under `exports/` in the bucket; people download them by a
 * short-lived presigned URL, never through the API. Large files go up in parts (≥ 5 MiB each but
 * the last) so a job never holds a whole file in memory, and can resume after its last part.
 */
export interface FileStore {
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  startUpload(key: string, contentType: string): Promise<string>;
  /** Returns the part's ETag. */
  uploadPart(key: string, uploadId: string, partNumber: number, body: Uint8Array): Promise<string>;
  completeUpload(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void>;
  /** Reads the whole object (tests and small files only); undefined when absent. */
  read(key: string): Promise<Uint8Array | undefined>;
  /** A GET URL valid for `expiresInSeconds` that downloads the object as `downloadName`. */
  presignDownload(key: string, expiresInSeconds: number, downloadName: string): Promise<string>;
  /** Deletes the object (nothing happens when it is absent): an erased person's earlier downloads. */
  delete(key: string): Promise<void>;
}

export class PartsRejected extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(): string;
}

/** Business events worth a dashboard and an alarm (CloudWatch metrics in namespace `Podium` on AWS). */
export type BusinessMetric = 'SubmissionsSubmitted' | 'ReviewsSubmitted' | 'AwardsConfirmed' | 'PitchesAccepted' | 'PitchesRejected';

export interface Metrics {
  /** Counts `value` (default 1) occurrences; on Lambda they are published when the invocation ends. */
  count(name: BusinessMetric, value?: number): void;
}

/**
 * What a log line may carry: ids, route templates, codes, counts and durations — plain values
 * only, so no request body, item or identity object can end up in a log by accident. Never
 * personal data (e-mail addresses, names, tokens).
 */
export type LogFields = Record<string, string | number | boolean | readonly string[] | undefined>;

/** Structured logs (functions/adapters/logger.ts: Powertools Logger, one JSON line per call). */
export interface Log {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  /** `cause` is logged with its name, message and stack. */
  error(message: string, fields?: LogFields, cause?: unknown): void;
  /** A logger whose every line also carries `fields` (one request's ids); this one is unchanged. */
  child(fields: LogFields): Log;
}

/** A judge's private note on a team in an expo round. */
export interface ExpoNote {
  submissionId: string;
  text: string;
  updatedAt: string;
}

/**
 * Expo rounds (domain/expo.ts): tables, judges' states (their pair, skips and votes: one item each,
 * written only with a version check), where the judges were sent (the hall), and judges' notes.
 * Lists are query-paged inside (one query of the round's prefix), never one call per item.
 */
export interface ExpoRepository {
  /** Every table of a round, by submission id. */
  listTables(competitionId: string, roundId: string): Promise<ExpoTable[]>;
  pageTables(competitionId: string, roundId: string, limit: number, cursor?: string): Promise<Page<ExpoTable>>;
  getTable(competitionId: string, roundId: string, submissionId: string): Promise<ExpoTable | undefined>;
  /** Writes these tables (batched), replacing what was there for each. */
  putTables(competitionId: string, roundId: string, tables: ExpoTable[], at: string): Promise<void>;
  /** Marks a team absent or back; undefined when it has no table. */
  setAbsent(competitionId: string, roundId: string, submissionId: string, absent: boolean, at: string): Promise<ExpoTable | undefined>;
  /** Every vote of a round, counted and undone (`undoneAt`) alike; callers drop the undone ones. */
  listVotes(competitionId: string, roundId: string): Promise<ExpoVote[]>;
  getJudge(competitionId: string, roundId: string, judgeSub: string): Promise<ExpoJudgeState | undefined>;
  /** Every judge's state in a round (their votes included). */
  listJudges(competitionId: string, roundId: string): Promise<ExpoJudgeState[]>;
  /** Replaces the judge's state if the stored version is `expectedVersion` (0: none stored); false otherwise, nothing written. */
  saveJudge(state: ExpoJudgeState, expectedVersion: number): Promise<boolean>;
  getHall(competitionId: string, roundId: string): Promise<ExpoHall>;
  /** Replaces the hall if its stored version is `expectedVersion` (0: none stored); false otherwise. */
  saveHall(competitionId: string, roundId: string, hall: ExpoHall, expectedVersion: number): Promise<boolean>;
  /** A judge's notes in a round (one query). */
  listNotes(competitionId: string, roundId: string, judgeSub: string): Promise<ExpoNote[]>;
  putNote(competitionId: string, roundId: string, judgeSub: string, note: ExpoNote): Promise<void>;
}

/**
 * The audience vote's storage (adapters/dynamodb/audience-vote-repository.ts): settings, one
 * ballot item per (competition, voter), a count item per entry, rate-limit counter items.
 */
export interface AudienceVoteRepository {
  getSettings(competitionId: string): Promise<AudienceVoteSettings | undefined>;
  /** Creates (expectedVersion 0) or replaces at `expectedVersion`; else VersionConflict. */
  saveSettings(s: AudienceVoteSettings, expectedVersion: number): Promise<void>;
  /** The voter's ballot id in this competition: a keyed hash, the same every time. */
  ballotIdFor(competitionId: string, voterSub: string): Promise<string>;
  /** A network address as a keyed hash (the address itself is never stored). */
  networkOf(address: string): Promise<string>;
  getBallot(competitionId: string, ballotId: string): Promise<Ballot | undefined>;
  /** Writes the ballot if the stored one is at `expectedVersion` (0: none yet); 'conflict' otherwise. */
  putBallot(b: Ballot, expectedVersion: number): Promise<'written' | 'conflict'>;
  /** Moves the per-entry counts (each ±n) and the totals. */
  moveCounts(competitionId: string, deltas: ReadonlyMap<string, number>, totals: { ballots?: number; voided?: number }): Promise<void>;
  /** Every entry's count item (one per entry with a count) and the totals: bounded by the entries, not the ballots. */
  counts(competitionId: string): Promise<{ items: { submissionId: string; votes: number }[]; ballots: number; voided: number }>;
  /** Every ballot (query-paged inside). */
  listBallots(competitionId: string): Promise<Ballot[]>;
  /** Counts one write against `limit` in the window: false (nothing written) when already at the limit. */
  takeRate(competitionId: string, scope: 'account' | 'network', id: string, limit: number, window: { start: number; expiresAt: number }): Promise<boolean>;
  /** Gives back one write taken in the window (when a later limit refused the request). */
  returnRate(competitionId: string, scope: 'account' | 'network', id: string, window: { start: number }): Promise<void>;
  /** Replaces the counts and totals by exact ones (the close job, from the ballots). */
  replaceCounts(competitionId: string, counts: ReadonlyMap<string, number>, totals: { ballots: number; voided: number }): Promise<void>;
  /** Freezes a ballot's flags and removes its network hash. */
  freezeBallot(competitionId: string, ballotId: string, flags: BallotFlag[]): Promise<void>;
  /** Deletes the competition's rate-limit counters (their ids include network hashes); how many. */
  deleteRateItems(competitionId: string): Promise<number>;
  /** Counters left for the competition (tests and the close job's check). */
  countRateItems(competitionId: string): Promise<number>;
}

/** Account records (adapters/dynamodb/account-repository.ts), one per account: its creation written once, never replaced; its language set apart. */
export interface AccountRepository {
  /** Writes the record unless the account has one (one conditional put): 'exists' leaves that one as it was. */
  create(a: Account): Promise<'written' | 'exists'>;
  get(sub: string): Promise<Account | undefined>;
  /** The records of those of `subs` that have one (BatchGetItem, 100 keys a call; strongly consistent unless `consistent: false`), in no particular order. */
  getMany(subs: readonly string[], options?: { consistent?: boolean }): Promise<Account[]>;
  /**
   * Saves the account's language (issue 14), one UpdateItem that touches nothing else: `ifUnset`
   * writes only where none is saved yet (the language of the first sign-in), answering false when one was.
   */
  setLanguage(sub: string, language: Locale, opts?: { ifUnset?: boolean }): Promise<boolean>;
}

/**
 * Programmes (adapters/dynamodb/programme-repository.ts): the programme item, its people and its
 * calls. The cross-call award ledger's items live in the programme's partition too but belong to
 * the awards repository's saga (keys.programmeLedger / programmeRecipient).
 */
export interface ProgrammeRepository {
  get(programmeId: string): Promise<Programme | undefined>;
  /** Fails with AlreadyExists if the id is taken. */
  create(p: Programme): Promise<void>;
  /** Replaces when the stored version is `expectedVersion`; VersionConflict otherwise. */
  update(p: Programme, expectedVersion: number): Promise<void>;
  getMember(programmeId: string, userSub: string): Promise<ProgrammeMember | undefined>;
  /** Writes (or replaces) a person's role in the programme. */
  putMember(m: ProgrammeMember): Promise<void>;
  removeMember(programmeId: string, userSub: string): Promise<void>;
  listMembers(programmeId: string, limit: number, cursor?: string): Promise<Page<ProgrammeMember>>;
  /** The programmes a person has a role in (gsi1), with that role. */
  listForUser(userSub: string): Promise<ProgrammeMember[]>;
  /** Records that a competition is a call of the programme (idempotent). */
  addCall(programmeId: string, call: ProgrammeCall): Promise<void>;
  listCalls(programmeId: string): Promise<ProgrammeCall[]>;
  // H1 (programmes): batch reads, invitations, and the "never without one" sets.
  /** The programmes among these ids that exist (BatchGetItem). */
  getMany(programmeIds: readonly string[]): Promise<Programme[]>;
  /** Invitations into programme roles, by programme id. */
  invitations: InvitationStore<ProgrammeInvitation>;
  /** Invitations to co-organise a competition, by competition id. */
  organiserInvitations: InvitationStore<OrganiserInvitation>;
  /** Adds a coordinator to the programme's coordinator set (idempotent). */
  addCoordinator(programmeId: string, userSub: string): Promise<void>;
  /** Takes a coordinator off the set in one conditional write; false (nothing written) when they are the last one. */
  removeCoordinator(programmeId: string, userSub: string): Promise<boolean>;
  /** A competition's organisers: the set once written, else its creator alone. */
  listOrganisers(competition: { id: string; createdBy: string }): Promise<string[]>;
  /** Records an organiser in the competition's set (grant the membership role first). */
  addOrganiser(competition: { id: string; createdBy: string }, userSub: string): Promise<void>;
  /**
   * Takes an organiser off the set in one conditional write — false (nothing written) when they
   * are the last one or not an organiser — then takes the `organiser` role off their membership.
   */
  removeOrganiser(competition: { id: string; createdBy: string }, userSub: string): Promise<boolean>;
}

/** Invitations found from a link by their token's hash, under a scope (a programme or a competition). */
export interface InvitationStore<T> {
  create(i: T): Promise<void>;
  get(scopeId: string, tokenHash: string): Promise<T | undefined>;
  list(scopeId: string, limit: number, cursor?: string): Promise<Page<T>>;
  /** Marks it accepted by `userSub` if it is still pending at `at`; false (nothing written) otherwise. */
  claim(scopeId: string, tokenHash: string, userSub: string, at: string): Promise<boolean>;
  /** Undoes a claim whose follow-up writes failed. */
  release(scopeId: string, tokenHash: string): Promise<void>;
  /** Voids a pending invitation (revoked, or replaced by a resent one); false when it was not pending. */
  void(scopeId: string, tokenHash: string, at: string, replacedBy?: string): Promise<boolean>;
  /** Records on the invitation that its e-mail did not go out (failed or held back) and why. */
  noteMailNotSent(scopeId: string, tokenHash: string, mail: import('../domain/notification.ts').MailNotSent): Promise<void>;
}

/**
 * H3 (cross-call ledger, adapters/dynamodb/programme-ledger.ts): the programme's limits and
 * running totals, its recipients (one per third party), the calls' own totals, non-SME spending.
 */
export interface ProgrammeLedgerRepository {
  /** The ledger item (created from the programme item on first use); undefined without a programme. */
  get(programmeId: string): Promise<ProgrammeLedgerState | undefined>;
  /**
   * New limits (minor units) when the limits version is still `expectedLimitsVersion`, in one
   * conditional write that waits for the sagas in flight; AlreadyExists (409) when the budget is
   * below what is committed or the cap below a recipient's total (named); VersionConflict if moved.
   */
  saveLimits(programmeId: string, limits: ProgrammeLimits, expectedLimitsVersion: number): Promise<ProgrammeLedgerState>;
  /**
   * The ledger's currency (and its amounts rescaled when the currency's minor unit differs), in one
   * conditional write that holds only while nothing is committed or in flight; it moves the limits
   * version, so a confirmation that read the old currency is refused and reads again. False (nothing
   * written) once the ledger has entries.
   */
  changeCurrency(programmeId: string, currency: string): Promise<boolean>;
  /** Every recipient (one partition query, all pages). */
  allRecipients(programmeId: string): Promise<ProgrammeRecipient[]>;
  recipientsPage(programmeId: string, limit: number, cursor?: string): Promise<Page<ProgrammeRecipient>>;
  /** The calls' own ledger totals (one BatchGetItem per 100 calls). */
  callTotals(competitionIds: readonly string[]): Promise<Map<string, CallTotals>>;
  listSpending(programmeId: string): Promise<SpendingLine[]>;
  getSpending(programmeId: string, id: string): Promise<SpendingLine | undefined>;
  /** Creates (no `expectedVersion`: the id must be free) or replaces at `expectedVersion`; VersionConflict otherwise. */
  putSpending(programmeId: string, line: SpendingLine, expectedVersion?: number): Promise<void>;
  deleteSpending(programmeId: string, id: string, expectedVersion: number): Promise<void>;
}

export interface CallTotals {
  committed: number;
  planBudget: number;
}

export interface ProgrammeCall {
  competitionId: string;
  title: string;
  /** The partner organisation running the call. */
  partnerId?: string;
  addedAt: string;
}

// Reminders and mail status (issue 13 §4, H6: adapters/dynamodb/reminder-repository.ts).
/** A competition's reminder settings and counts, and the scheduler's once-per-occasion claims. */
export interface ReminderRepository {
  /** The settings (defaults when none are stored). */
  getSettings(competitionId: string): Promise<import('../domain/reminders.ts').ReminderSettings>;
  /** The settings of many competitions (BatchGetItem), defaults for those with none. */
  getSettingsMany(competitionIds: string[]): Promise<Map<string, import('../domain/reminders.ts').ReminderSettings>>;
  /** Switches one kind on or off (one UpdateItem). */
  setEnabled(competitionId: string, kind: import('../domain/reminders.ts').ReminderKind, enabled: boolean): Promise<void>;
  /** Adds `n` to the kind's sent count (one ADD). */
  countSent(competitionId: string, kind: import('../domain/reminders.ts').ReminderKind, n: number): Promise<void>;
  /** Claims the start of one occasion's sending (one conditional put): true once, false ever after. */
  claimOccasion(competitionId: string, kind: import('../domain/reminders.ts').ReminderKind, occasion: string, at: string): Promise<boolean>;
  /** Gives a claim back (the job could not be started; the next run tries again). */
  releaseOccasion(competitionId: string, kind: import('../domain/reminders.ts').ReminderKind, occasion: string): Promise<void>;
}

/** What SES reported per address (domain/mail-status.ts), one item per normalised address. */
export interface MailStatusRepository {
  get(address: string): Promise<import('../domain/mail-status.ts').MailStatus | undefined>;
  /** The statuses of those addresses that have one (BatchGetItem), by normalised address. */
  getMany(addresses: readonly string[], options?: { consistent?: boolean }): Promise<Map<string, import('../domain/mail-status.ts').MailStatus>>;
  /** Writes when the stored version is `expectedVersion` (0: none stored); false otherwise, nothing written. */
  save(s: import('../domain/mail-status.ts').MailStatus, expectedVersion: number): Promise<boolean>;
  /** Counts a message not sent to a suppressed address (one ADD). */
  noteSuppressed(address: string, at: string): Promise<void>;
  /** Forgets what SES reported about the address (its person was erased); nothing when none is stored. */
  forget(address: string): Promise<void>;
}

/**
 * Entrant teams (issue 13 §3; adapters/dynamodb/team-repository.ts): invitations, and each
 * member's place in a team on their own membership item (domain/team.ts TeamLink), listed on gsi2
 * by team. Every change is one conditional write of one item.
 */
export interface TeamRepository {
  /** Fails with AlreadyExists if the hash is taken. */
  createInvitation(i: TeamInvitation): Promise<void>;
  getInvitation(competitionId: string, tokenHash: string): Promise<TeamInvitation | undefined>;
  /** Marks it accepted by `userSub` once, before it expires and unless revoked; false (nothing written) otherwise. */
  claimInvitation(competitionId: string, tokenHash: string, userSub: string, at: string): Promise<boolean>;
  /** Undoes a claim by `userSub` (the join that followed it failed). */
  releaseInvitation(competitionId: string, tokenHash: string, userSub: string): Promise<void>;
  /** Marks a pending invitation revoked; false when it was accepted or revoked already. */
  revokeInvitation(competitionId: string, tokenHash: string, at: string): Promise<boolean>;
  /** Records on the invitation that its e-mail did not go out (failed or held back) and why. */
  noteInvitationMailNotSent(competitionId: string, tokenHash: string, mail: import('../domain/notification.ts').MailNotSent): Promise<void>;
  /**
   * Puts `user` into a team on their membership (created if needed), only while they are in no
   * team and registered no organisation there: 'joined', or why not.
   */
  join(competitionId: string, user: MemberIdentity, link: TeamLink): Promise<'joined' | 'in-a-team' | 'registered'>;
  /**
   * Moves a member's link from `from` (their role in the team, or 'registrant' for the registering
   * account that never had a link: the implicit owner) to `to` (null: out of the team, the link
   * removed). One conditional write; false when the member is not in that state any more.
   */
  moveMember(competitionId: string, userSub: string, teamSub: string, from: TeamRole | 'registrant', to: TeamLink | null): Promise<boolean>;
  /** The team's linked members and its invitations (one query of gsi2; eventually consistent). */
  roster(competitionId: string, teamSub: string): Promise<{ members: Membership[]; invitations: TeamInvitation[] }>;
  /** The team's seat item (strongly consistent read); undefined before its first invitation since seats were counted there. */
  getSeats(competitionId: string, teamSub: string): Promise<import('../domain/team.ts').TeamSeats | undefined>;
  /** Writes the seat item once (the team as it stands); a no-op when it exists already. */
  seedSeats(competitionId: string, teamSub: string, seats: Record<string, import('../domain/team.ts').SeatHolder>): Promise<void>;
  /**
   * Takes a seat for `email` in one conditional write: only while the address has none and fewer
   * than `limit` are taken. 'duplicate' (the address holds one) or 'full' otherwise.
   */
  takeSeat(competitionId: string, teamSub: string, email: string, holder: import('../domain/team.ts').SeatHolder, limit: number): Promise<'taken' | 'duplicate' | 'full'>;
  /** Replaces the seat of `email` while it is still the invitation `tokenHash`'s; false otherwise. */
  replaceSeat(competitionId: string, teamSub: string, email: string, tokenHash: string, holder: import('../domain/team.ts').SeatHolder): Promise<boolean>;
  /** Gives back the seat of `email` while it is still held by that invitation (`tokenHash`) or member (`sub`); false otherwise. */
  releaseSeat(competitionId: string, teamSub: string, email: string, heldBy: { tokenHash: string } | { sub: string }): Promise<boolean>;
}

/** Everything a use case may need; each takes only what it uses. */
// Organiser dashboard (H7): counters per day, moved by the use cases at the transitions (adapters/dynamodb/dashboard-counters.ts).
/** A round's review figures as its reviewer load items say (exact: set-based, idempotent). */
export interface RoundLoadFigures {
  assigned: number;
  done: number;
  /** Reviewers with at least one review assigned. */
  reviewers: number;
  reviewersWithNoneDone: number;
}

/** What the dashboard's last recount found, and when (keys.dashboardTotals). */
export interface DashboardRecount {
  competitionId: string;
  recountedAt: string;
  /** The zone its days were counted in. */
  timeZone: string;
  totals: DashboardTotals;
  jobId: string;
}

export interface DashboardRepository {
  /** One UpdateItem ADD on the day's counter item: no read, no condition. */
  add(competitionId: string, day: string, delta: DashboardDelta): Promise<void>;
  /** Every day item of the competition, oldest first (one query; a few hundred small items). */
  listDays(competitionId: string, options?: { consistent?: boolean }): Promise<DashboardDay[]>;
  /** A round's figures from its reviewer load items; undefined when its loads were never counted (a round older than load items). */
  roundLoads(competitionId: string, roundId: string): Promise<RoundLoadFigures | undefined>;
  getRecount(competitionId: string): Promise<DashboardRecount | undefined>;
  saveRecount(r: DashboardRecount): Promise<void>;
  /** The recount's facts, read from the competition's items (queries with projections, all pages, strongly consistent). */
  recountFacts(competitionId: string, roundIds: string[]): Promise<RecountFacts>;
}

/**
 * GDPR (issue 14 §2, adapters/dynamodb/personal-data-store.ts): consents, erasure requests, a
 * competition's privacy settings, and the raw reads and rewrites an erasure needs. Erasure reaches
 * every kind of item that may hold a person's values — each repository's items — so it pages whole
 * partitions and rewrites items as stored records (keys untouched), one conditional put each.
 */
export interface PersonalDataStore {
  /** The person's stable pseudonym (a keyed hash of the account id; the key never leaves the adapter). */
  pseudonymOf(sub: string): Promise<string>;
  recordConsent(sub: string, consent: import('../domain/privacy.ts').Consent): Promise<void>;
  listConsents(sub: string): Promise<import('../domain/privacy.ts').Consent[]>;
  /** The competition's settings; defaults (no purposes, default retention, version 0) when none are stored. */
  getSettings(competitionId: string): Promise<import('../domain/personal-data.ts').PrivacySettings>;
  getSettingsMany(competitionIds: readonly string[]): Promise<Map<string, import('../domain/personal-data.ts').PrivacySettings>>;
  /** Conditional on `expectedVersion` (0: none stored yet); VersionConflict otherwise. */
  saveSettings(s: import('../domain/personal-data.ts').PrivacySettings, expectedVersion: number): Promise<void>;
  /** Marks a retention step done, once: false when it was already. */
  claimRetentionStep(competitionId: string, step: 'notice' | 'erase', at: string): Promise<boolean>;
  releaseRetentionStep(competitionId: string, step: 'notice' | 'erase'): Promise<void>;
  getErasure(sub: string): Promise<import('../domain/personal-data.ts').ErasureRequest | undefined>;
  /**
   * Writes the request: `new` only where none is unfinished, `requested` only while it still is
   * (not over a finished one), `replace` whatever is there. False when the condition failed.
   */
  putErasure(r: import('../domain/personal-data.ts').ErasureRequest, expect: 'new' | 'requested' | 'replace'): Promise<boolean>;
  putCompetitionErasure(e: import('../domain/personal-data.ts').CompetitionErasure): Promise<void>;
  listCompetitionErasures(competitionId: string): Promise<import('../domain/personal-data.ts').CompetitionErasure[]>;
  /** Submission ids holding a confirmed award in the competition. */
  awardedSubmissions(competitionId: string): Promise<Set<string>>;
  /** One page of a partition's stored records, after `start` (an opaque position; absent: from the beginning). */
  page(partition: PersonalPartition, limit: number, start?: string): Promise<{ records: StoredRecord[]; next?: string }>;
  /** Puts `attributes` back over the record's keys, if the record is unchanged since read; false when it changed. */
  rewrite(record: StoredRecord, attributes: Record<string, unknown>): Promise<boolean>;
  /** Deletes the record (a guard keyed by an erased value); false when it is gone already. */
  remove(record: StoredRecord): Promise<boolean>;
}

/** The partitions a person's values may be in. */
export type PersonalPartition =
  | { of: 'competition' | 'audit' | 'outbox'; competitionId: string }
  | { of: 'inbox'; sub: string }
  /** The jobs of one scope (a competition, `person:<sub>`): who started them. */
  | { of: 'jobs'; scope: string };

/** An item as stored, keys apart: `type` names its kind (`Submission`, `Review`, `AuditEntry`, …). */
export interface StoredRecord {
  /** Where it is (opaque to the use case; the adapter's keys). */
  ref: string;
  type: string;
  attributes: Record<string, unknown>;
}

export interface Ports {
  competitions: CompetitionRepository;
  memberships: MembershipRepository;
  submissions: SubmissionRepository;
  audit: AuditLog;
  pitches: PitchRepository;
  videos: VideoStore;
  transcoder: Transcoder;
  transcriber: Transcriber;
  evaluation: EvaluationRepository;
  expo: ExpoRepository;
  awards: AwardsRepository;
  notifications: NotificationRepository;
  results: ResultsRepository;
  mailer: Mailer;
  outbox: Outbox;
  clock: Clock;
  ids: IdGenerator;
  metrics: Metrics;
  jobs: JobRepository;
  jobQueue: JobQueue;
  files: FileStore;
  audienceVotes: AudienceVoteRepository;
  accounts: AccountRepository;
  programmes: ProgrammeRepository;
  /** H3: the cross-call ledger's reads and the coordinator's limits and spending. */
  programmeLedger: ProgrammeLedgerRepository;
  // Entrant teams (H4).
  teams: TeamRepository;
  // Message templates (H5).
  messageTemplates: MessageTemplateRepository;
  // Reminders and mail status (H6).
  reminders: ReminderRepository;
  mailStatus: MailStatusRepository;
  // Organiser dashboard (H7).
  dashboard: DashboardRepository;
  /** Issue 14 §2 (GDPR): consents, erasure requests, privacy settings, erasure's rewrites. */
  personalData: PersonalDataStore;
}
