/**
 * Every DynamoDB key Podium writes is built here, and nowhere else. See ACCESS-PATTERNS.md.
 */
const pad = (n: number) => String(n).padStart(4, '0');

export const keys = {
  competition: (id: string) => ({ pk: `COMP#${id}`, sk: 'COMP' }),
  /** GSI2 entry of a published competition: listing ordered by effective close. */
  publishedListing: (closesAt: string, id: string) => ({ gsi2pk: 'PUBLISHED', gsi2sk: `${closesAt}#${id}` }),

  membership: (competitionId: string, userSub: string) => ({ pk: `COMP#${competitionId}`, sk: `MEMBER#${userSub}` }),
  membershipPrefix: () => 'MEMBER#',
  membershipByUser: (userSub: string, competitionId: string) => ({
    gsi1pk: `USER#${userSub}`,
    gsi1sk: `MEMBER#${competitionId}`,
  }),

  /** Uniqueness guard: one registration per organisation (normalised registry id) per competition. */
  organisationGuard: (competitionId: string, normalisedRegistryId: string) => ({
    pk: `COMP#${competitionId}`,
    sk: `ORG#${normalisedRegistryId}`,
  }),

  submission: (competitionId: string, id: string) => ({ pk: `COMP#${competitionId}`, sk: `SUB#${id}` }),
  submissionPrefix: () => 'SUB#',
  submissionByOwner: (ownerSub: string, competitionId: string, id: string) => ({
    gsi1pk: `USER#${ownerSub}`,
    gsi1sk: `SUB#${competitionId}#${id}`,
  }),

  pitch: (competitionId: string, pitchId: string) => ({ pk: `COMP#${competitionId}`, sk: `PITCH#${pitchId}` }),
  /** One per submission: its active upload and its current pitch (the pitch invariants in one item). */
  pitchSlot: (competitionId: string, submissionId: string) => ({ pk: `COMP#${competitionId}`, sk: `PITCHSLOT#${submissionId}` }),

  round: (competitionId: string, roundId: string) => ({ pk: `COMP#${competitionId}`, sk: `ROUND#${roundId}` }),
  roundPrefix: () => 'ROUND#',
  /** Invitations are found from the link: /invitations/<competition>/<token> → the token's hash. */
  invitation: (competitionId: string, tokenHash: string) => ({ pk: `COMP#${competitionId}`, sk: `INVITE#${tokenHash}` }),
  invitationPrefix: () => 'INVITE#',
  reviewer: (competitionId: string, roundId: string, userSub: string) => ({ pk: `COMP#${competitionId}`, sk: `REVIEWER#${roundId}#${userSub}` }),
  reviewerPrefix: (roundId: string) => `REVIEWER#${roundId}#`,
  conflict: (competitionId: string, roundId: string, userSub: string, submissionId: string) => ({
    pk: `COMP#${competitionId}`,
    sk: `CONFLICT#${roundId}#${userSub}#${submissionId}`,
  }),
  conflictPrefix: (roundId: string) => `CONFLICT#${roundId}#`,
  /** One item per (round, submission, reviewer): the assignment and the review together. */
  review: (competitionId: string, roundId: string, submissionId: string, userSub: string) => ({
    pk: `COMP#${competitionId}`,
    sk: `REVIEW#${roundId}#${submissionId}#${userSub}`,
  }),
  reviewPrefix: (roundId: string) => `REVIEW#${roundId}#`,
  reviewByReviewer: (userSub: string, competitionId: string, roundId: string, submissionId: string) => ({
    gsi1pk: `USER#${userSub}`,
    gsi1sk: `REVIEW#${competitionId}#${roundId}#${submissionId}`,
  }),

  /** The award ledger: plan, committed total, per-organisation totals and every award, in one item. */
  ledger: (competitionId: string) => ({ pk: `COMP#${competitionId}`, sk: 'AWARDS' }),
  /** A results snapshot (domain/results.ts): its header, and one entry per submitted entry. */
  resultsHeader: (competitionId: string, version: number) => ({ pk: `COMP#${competitionId}`, sk: `RESULTS#${pad(version)}` }),
  resultEntry: (competitionId: string, version: number, submissionId: string) => ({ pk: `COMP#${competitionId}`, sk: `RESULTS#${pad(version)}#SUB#${submissionId}` }),
  resultEntryPrefix: (version: number) => `RESULTS#${pad(version)}#SUB#`,
  meetingOptIn: (competitionId: string, submissionId: string) => ({ pk: `COMP#${competitionId}`, sk: `MEETOPT#${submissionId}` }),
  notification: (userSub: string, at: string, id: string) => ({ pk: `INBOX#${userSub}`, sk: `${at}#${id}` }),
  inbox: (userSub: string) => `INBOX#${userSub}`,
  /** The local outbox, one partition per competition, like the audit trail: read by its organisers. */
  outbox: (competitionId: string, at: string, id: string) => ({ pk: `OUTBOX#${competitionId}`, sk: `${at}#${id}` }),
  outboxPartition: (competitionId: string) => `OUTBOX#${competitionId}`,

  /** The audit trail has its own partition per competition so it never slows other queries. */
  audit: (competitionId: string, at: string, id: string) => ({ pk: `AUDIT#${competitionId}`, sk: `${at}#${id}` }),
  auditPartition: (competitionId: string) => `AUDIT#${competitionId}`,

  userPartition: (userSub: string) => `USER#${userSub}`,
} as const;
