/**
 * Every DynamoDB key Podium writes is built here, and nowhere else. See ACCESS-PATTERNS.md.
 * One export per key, imported as a namespace (`import * as keys from './keys.ts'`, then
 * `keys.competition(id)`): a bundle keeps only the keys its code builds.
 */
const pad = (n: number) => String(n).padStart(4, '0');

export const competition = (id: string) => ({ pk: `COMP#${id}`, sk: 'COMP' });
/** GSI2 entry of a published competition: listing ordered by effective close. */
export const publishedListing = (closesAt: string, id: string) => ({ gsi2pk: 'PUBLISHED', gsi2sk: `${closesAt}#${id}` });

export const membership = (competitionId: string, userSub: string) => ({ pk: `COMP#${competitionId}`, sk: `MEMBER#${userSub}` });
export const membershipPrefix = () => 'MEMBER#';
export const membershipByUser = (userSub: string, competitionId: string) => ({
  gsi1pk: `USER#${userSub}`,
  gsi1sk: `MEMBER#${competitionId}`,
});

/** Uniqueness guard: one registration per organisation (normalised registry id) per competition. */
export const organisationGuard = (competitionId: string, normalisedRegistryId: string) => ({
  pk: `COMP#${competitionId}`,
  sk: `ORG#${normalisedRegistryId}`,
});

export const submission = (competitionId: string, id: string) => ({ pk: `COMP#${competitionId}`, sk: `SUB#${id}` });
export const submissionPrefix = () => 'SUB#';
/** Legacy (items written before 2026-12): submissions no longer carry gsi1 keys (ACCESS-PATTERNS.md #11). */
export const submissionByOwner = (ownerSub: string, competitionId: string, id: string) => ({
  gsi1pk: `USER#${ownerSub}`,
  gsi1sk: `SUB#${competitionId}#${id}`,
});
/** gsi3 entry of a submission: the competition's submissions in one status, in id order (the status filter). */
export const submissionByStatus = (competitionId: string, status: string, id: string) => ({
  gsi3pk: `COMP#${competitionId}#STATUS#${status}`,
  gsi3sk: `SUB#${id}`,
});
export const submissionStatusPartition = (competitionId: string, status: string) => `COMP#${competitionId}#STATUS#${status}`;
export const submissionStatusPrefix = (competitionId: string) => `COMP#${competitionId}#STATUS#`;

export const pitch = (competitionId: string, pitchId: string) => ({ pk: `COMP#${competitionId}`, sk: `PITCH#${pitchId}` });
/** One per submission: its active upload and its current pitch (the pitch invariants in one item). */
export const pitchSlot = (competitionId: string, submissionId: string) => ({ pk: `COMP#${competitionId}`, sk: `PITCHSLOT#${submissionId}` });
/** Issue 14: one per caption language of a submission's pitch. */
export const pitchCaption = (competitionId: string, submissionId: string, language: string) => ({ pk: `COMP#${competitionId}`, sk: `PITCHCAPTION#${submissionId}#${language}` });
export const pitchCaptionPrefix = (submissionId: string) => `PITCHCAPTION#${submissionId}#`;
/** A submission's automatic captions in flight (one at a time): claimed before Transcribe starts, released when it ends. */
export const pitchCaptionRequest = (competitionId: string, submissionId: string) => ({ pk: `COMP#${competitionId}`, sk: `PITCHCAPREQ#${submissionId}` });
/** Issue 14 §3: one per file question of a submission, its current upload. */
export const answerFile = (competitionId: string, submissionId: string, questionId: string) => ({ pk: `COMP#${competitionId}`, sk: `ANSWERFILE#${submissionId}#${questionId}` });
export const answerFilePrefix = (submissionId: string) => `ANSWERFILE#${submissionId}#`;

export const round = (competitionId: string, roundId: string) => ({ pk: `COMP#${competitionId}`, sk: `ROUND#${roundId}` });
export const roundPrefix = () => 'ROUND#';
/** Invitations are found from the link: /invitations/<competition>/<token> → the token's hash. */
export const invitation = (competitionId: string, tokenHash: string) => ({ pk: `COMP#${competitionId}`, sk: `INVITE#${tokenHash}` });
export const invitationPrefix = () => 'INVITE#';
export const reviewer = (competitionId: string, roundId: string, userSub: string) => ({ pk: `COMP#${competitionId}`, sk: `REVIEWER#${roundId}#${userSub}` });
export const reviewerPrefix = (roundId: string) => `REVIEWER#${roundId}#`;
export const conflict = (competitionId: string, roundId: string, userSub: string, submissionId: string) => ({
  pk: `COMP#${competitionId}`,
  sk: `CONFLICT#${roundId}#${userSub}#${submissionId}`,
});
export const conflictPrefix = (roundId: string) => `CONFLICT#${roundId}#`;
/** A counter moved on by every write of what automatic conflicts follow from (members, submitted entries, reviewer records). */
export const conflictInputs = (competitionId: string) => ({ pk: `COMP#${competitionId}`, sk: 'CONFLICTINPUTS' });
/** A round's materialised automatic conflicts: the pointer to the computation that is current, with what it was derived from. */
export const conflictList = (competitionId: string, roundId: string) => ({ pk: `COMP#${competitionId}`, sk: `CONFLICTLIST#${roundId}` });
/** One automatic conflict of a computation; after the prefix `reviewer#submission`, as a recorded conflict's key ends. */
export const derivedConflict = (competitionId: string, roundId: string, computationId: string, userSub: string, submissionId: string) => ({
  pk: `COMP#${competitionId}`,
  sk: `AUTOCONFLICT#${roundId}#${computationId}#${userSub}#${submissionId}`,
});
export const derivedConflictPrefix = (roundId: string, computationId: string) => `AUTOCONFLICT#${roundId}#${computationId}#`;
/** One item per (round, submission, reviewer): the assignment and the review together. */
export const review = (competitionId: string, roundId: string, submissionId: string, userSub: string) => ({
  pk: `COMP#${competitionId}`,
  sk: `REVIEW#${roundId}#${submissionId}#${userSub}`,
});
export const reviewPrefix = (roundId: string) => `REVIEW#${roundId}#`;
/**
 * A reviewer's load in a round: string sets of the submissions assigned to them and of those they
 * submitted (idempotent ADD/DELETE beside each assignment write; counts are the sets' sizes).
 */
export const reviewerLoad = (competitionId: string, roundId: string, userSub: string) => ({ pk: `COMP#${competitionId}`, sk: `LOAD#${roundId}#${userSub}` });
/** That a round's load items are complete (written with the round; for an older round, once its loads are counted). */
export const reviewerLoadsCounted = (competitionId: string, roundId: string) => ({ pk: `COMP#${competitionId}`, sk: `LOADS#${roundId}` });
/** A submission's reviews in a round (one per reviewer). */
export const reviewsOfSubmissionPrefix = (roundId: string, submissionId: string) => `REVIEW#${roundId}#${submissionId}#`;
export const reviewByReviewer = (userSub: string, competitionId: string, roundId: string, submissionId: string) => ({
  gsi1pk: `USER#${userSub}`,
  gsi1sk: `REVIEW#${competitionId}#${roundId}#${submissionId}`,
});
/** On gsi1: a reviewer's assignments, all (`REVIEW#`), in one competition, or in one round. */
export const reviewerQueuePrefix = (competitionId?: string, roundId?: string) =>
  competitionId === undefined ? 'REVIEW#' : roundId === undefined ? `REVIEW#${competitionId}#` : `REVIEW#${competitionId}#${roundId}#`;

/**
 * The award ledger's totals item: plan, committed total, counts, prize slots, plan version and the
 * confirmations in flight (small, whatever the number of awards). Before schema 2 it also held
 * every award and per-organisation total (migrated on first read, awards-repository.ts).
 */
export const ledger = (competitionId: string) => ({ pk: `COMP#${competitionId}`, sk: 'AWARDS' });
/** One confirmed award (key `prize:<submission>`, `category:<id>`, …): its item guards the key. */
export const award = (competitionId: string, awardKey: string) => ({ pk: `COMP#${competitionId}`, sk: `AWARD#${awardKey}` });
export const awardPrefix = () => 'AWARD#';
/** One organisation's (third party's) awarded total: the per-organisation cap's conditional item. */
export const awardOrganisation = (competitionId: string, organisationKey: string) => ({ pk: `COMP#${competitionId}`, sk: `AWARDORG#${organisationKey}` });
export const awardOrganisationPrefix = () => 'AWARDORG#';
/** A results snapshot (domain/results.ts): its header, and one entry per submitted entry. */
export const resultsHeader = (competitionId: string, version: number) => ({ pk: `COMP#${competitionId}`, sk: `RESULTS#${pad(version)}` });
export const resultEntry = (competitionId: string, version: number, submissionId: string) => ({ pk: `COMP#${competitionId}`, sk: `RESULTS#${pad(version)}#SUB#${submissionId}` });
export const resultEntryPrefix = (version: number) => `RESULTS#${pad(version)}#SUB#`;
/**
 * Where a snapshot's items live: a published version (`RESULTS#0001`), or one of the two slots of
 * the live ranking (`LIVE#A`, `LIVE#B`, written alternately). Under it: `#SUB#<submission>` per
 * entry and `#RANK#<position>` per rank row (7 digits, so rows sort in rank order).
 */
export const snapshotBase = (at: { version: number } | { slot: string }) => ('version' in at ? `RESULTS#${pad(at.version)}` : `LIVE#${at.slot}`);
export const snapshotEntry = (competitionId: string, base: string, submissionId: string) => ({ pk: `COMP#${competitionId}`, sk: `${base}#SUB#${submissionId}` });
export const snapshotRankRow = (competitionId: string, base: string, position: number) => ({ pk: `COMP#${competitionId}`, sk: `${base}#RANK#${String(position).padStart(7, '0')}` });
/** The live ranking's pointer: which slot is complete and current, with its header and checklist figures. */
export const liveRanking = (competitionId: string) => ({ pk: `COMP#${competitionId}`, sk: 'LIVE' });
/** A small counter moved on by every change to what the ranking is computed from (kept apart: cheap to bump). */
export const rankingInputs = (competitionId: string) => ({ pk: `COMP#${competitionId}`, sk: 'RANKING' });
export const meetingOptIn = (competitionId: string, submissionId: string) => ({ pk: `COMP#${competitionId}`, sk: `MEETOPT#${submissionId}` });
/** Expo rounds (domain/expo.ts): a team's table in a round. */
export const expoTable = (competitionId: string, roundId: string, submissionId: string) => ({ pk: `COMP#${competitionId}`, sk: `EXPOTABLE#${roundId}#${submissionId}` });
export const expoTablePrefix = (roundId: string) => `EXPOTABLE#${roundId}#`;
/** A judge's state in an expo round: their pair, what they saw, skips and votes (one item: one conditional write each). */
export const expoJudge = (competitionId: string, roundId: string, judgeSub: string) => ({ pk: `COMP#${competitionId}`, sk: `EXPOJUDGE#${roundId}#${judgeSub}` });
export const expoJudgePrefix = (roundId: string) => `EXPOJUDGE#${roundId}#`;
/** Where an expo round's judges were sent (judge → table), one small versioned item. */
export const expoHall = (competitionId: string, roundId: string) => ({ pk: `COMP#${competitionId}`, sk: `EXPOHALL#${roundId}` });
/** A judge's private note on a team. */
export const expoNote = (competitionId: string, roundId: string, judgeSub: string, submissionId: string) => ({ pk: `COMP#${competitionId}`, sk: `EXPONOTE#${roundId}#${judgeSub}#${submissionId}` });
export const expoNotePrefix = (roundId: string, judgeSub: string) => `EXPONOTE#${roundId}#${judgeSub}#`;
export const notification = (userSub: string, at: string, id: string) => ({ pk: `INBOX#${userSub}`, sk: `${at}#${id}` });
export const inbox = (userSub: string) => `INBOX#${userSub}`;
/** That a notification's e-mail was sent (or is being sent): claimed once, so a repeat never mails twice. */
export const notificationMailed = (userSub: string, at: string, id: string) => ({ pk: `MAILED#${userSub}`, sk: `${at}#${id}` });
/** The local outbox, one partition per competition, like the audit trail: read by its organisers. */
export const outbox = (competitionId: string, at: string, id: string) => ({ pk: `OUTBOX#${competitionId}`, sk: `${at}#${id}` });
export const outboxPartition = (competitionId: string) => `OUTBOX#${competitionId}`;

/** The audit trail has its own partition per competition so it never slows other queries. */
export const audit = (competitionId: string, at: string, id: string) => ({ pk: `AUDIT#${competitionId}`, sk: `${at}#${id}` });
export const auditPartition = (competitionId: string) => `AUDIT#${competitionId}`;

/** A competition's jobs (domain/job.ts) in a partition of their own: progress writes stay out of the competition's. */
export const job = (competitionId: string, jobId: string) => ({ pk: `JOBS#${competitionId}`, sk: `JOB#${jobId}` });
export const jobsPartition = (competitionId: string) => `JOBS#${competitionId}`;
export const jobPrefix = () => 'JOB#';
/** At most one unfinished job per competition, kind and params: the lock's one conditional put. */
export const jobLock = (lockKey: string) => ({ pk: 'JOBLOCK', sk: lockKey });
export const jobLocksPartition = () => 'JOBLOCK';

/** The audience vote (audience-vote-repository.ts): settings, one ballot per voter, a count per entry, totals. */
export const audienceVote = (competitionId: string) => ({ pk: `COMP#${competitionId}`, sk: 'AVOTE' });
export const audienceBallot = (competitionId: string, ballotId: string) => ({ pk: `COMP#${competitionId}`, sk: `AVBALLOT#${ballotId}` });
export const audienceBallotPrefix = () => 'AVBALLOT#';
export const audienceCount = (competitionId: string, submissionId: string) => ({ pk: `COMP#${competitionId}`, sk: `AVCOUNT#${submissionId}` });
export const audienceCountPrefix = () => 'AVCOUNT#';
export const audienceTotals = (competitionId: string) => ({ pk: `COMP#${competitionId}`, sk: 'AVTOTALS' });
/** Rate-limit counters, a partition per competition (deleted with the network hashes once the vote closes). */
export const audienceRate = (competitionId: string, scope: string, id: string, windowStart: number) => ({ pk: `AVRATE#${competitionId}`, sk: `${scope}#${id}#${windowStart}` });
export const audienceRatePartition = (competitionId: string) => `AVRATE#${competitionId}`;

/** Programmes (programme-repository.ts): the programme item, and under it its people, calls and shared ledger. */
export const programme = (programmeId: string) => ({ pk: `PROG#${programmeId}`, sk: 'PROG' });
export const programmePartition = (programmeId: string) => `PROG#${programmeId}`;
export const programmeMember = (programmeId: string, userSub: string) => ({ pk: `PROG#${programmeId}`, sk: `MEMBER#${userSub}` });
export const programmeMemberPrefix = () => 'MEMBER#';
/** On gsi1: the programmes a person has a role in. */
export const programmeMemberByUser = (userSub: string, programmeId: string) => ({ gsi1pk: `USER#${userSub}`, gsi1sk: `PROGMEMBER#${programmeId}` });
export const programmeMemberByUserPrefix = () => 'PROGMEMBER#';
/** A call (competition) of the programme: its id, title and partner, listed with the programme. */
export const programmeCall = (programmeId: string, competitionId: string) => ({ pk: `PROG#${programmeId}`, sk: `CALL#${competitionId}` });
export const programmeCallPrefix = () => 'CALL#';
/** The programme's shared award ledger totals (the cross-call budget): committed, version, pending sagas. */
export const programmeLedger = (programmeId: string) => ({ pk: `PROG#${programmeId}`, sk: 'LEDGER' });
/** One third party's (SME's) total across the programme's calls: the per-third-party cap's conditional item. */
export const programmeRecipient = (programmeId: string, organisationKey: string) => ({ pk: `PROG#${programmeId}`, sk: `RECIPIENT#${organisationKey}` });
export const programmeRecipientPrefix = () => 'RECIPIENT#';
/** Spending that is not direct SME support (services, events), entered by the coordinator. */
export const programmeSpending = (programmeId: string, id: string) => ({ pk: `PROG#${programmeId}`, sk: `SPEND#${id}` });
export const programmeSpendingPrefix = () => 'SPEND#';
/** Invitations into a programme role, found from the link like round invitations. */
export const programmeInvitation = (programmeId: string, tokenHash: string) => ({ pk: `PROG#${programmeId}`, sk: `INVITE#${tokenHash}` });
export const programmeInvitationPrefix = () => 'INVITE#';
// H1 (programmes): the one item each "never without one" rule is a conditional write on.
/** The programme's coordinators (a string set): demoting or removing the last one fails its condition. */
export const programmeCoordinators = (programmeId: string) => ({ pk: `PROG#${programmeId}`, sk: 'COORDINATORS' });
/** A competition's organisers (a string set, written from the first co-organiser on): removing the last one fails its condition. */
export const competitionOrganisers = (competitionId: string) => ({ pk: `COMP#${competitionId}`, sk: 'COORGANISERS' });
/** Invitations to co-organise a competition, found from the link by the token's hash. */
export const organiserInvitation = (competitionId: string, tokenHash: string) => ({ pk: `COMP#${competitionId}`, sk: `COORGINVITE#${tokenHash}` });
export const organiserInvitationPrefix = () => 'COORGINVITE#';

// H6 (reminders, mail status): the scheduler's claims and what SES said about an address.
/** A competition's reminder settings (kinds switched off) and sent counts: one small item. */
export const reminderSettings = (competitionId: string) => ({ pk: `COMP#${competitionId}`, sk: 'REMINDERS' });
/** That one occasion of a reminder kind was handed to a job (claimed once: the scheduler never starts it twice). */
export const reminderOccasion = (competitionId: string, kind: string, occasion: string) => ({ pk: `COMP#${competitionId}`, sk: `REMINDED#${kind}#${occasion}` });
/** Bounces, complaints and suppression of one (normalised) address. */
export const mailStatus = (normalisedAddress: string) => ({ pk: `MAILSTATUS#${normalisedAddress}`, sk: 'MAILSTATUS' });

// Message templates (issue 13, H5): a competition's own subject and body per message kind.
/** English (the source language) keeps the key it had before languages: `TEMPLATE#<kind>`; others `TEMPLATE#<kind>#<language>`. */
export const messageTemplate = (competitionId: string, kind: string, language = 'en') => ({ pk: `COMP#${competitionId}`, sk: language === 'en' ? `TEMPLATE#${kind}` : `TEMPLATE#${kind}#${language}` });
export const messageTemplatePrefix = () => 'TEMPLATE#';

/** Organiser dashboard (dashboard-counters.ts): one counter item per day (the competition's zone) holding that day's changes, moved by ADD. */
export const dashboardDay = (competitionId: string, day: string) => ({ pk: `COMP#${competitionId}`, sk: `DASHDAY#${day}` });
export const dashboardDayPrefix = () => 'DASHDAY#';
/** The dashboard's last recount: when, in which zone, and the totals it found. */
export const dashboardTotals = (competitionId: string) => ({ pk: `COMP#${competitionId}`, sk: 'DASHBOARD' });

/** Teams (team-repository.ts): an invitation into a team, found from the link (/team-invitations/<competition>/<token> → the token's hash). */
export const teamInvitation = (competitionId: string, tokenHash: string) => ({ pk: `COMP#${competitionId}`, sk: `TEAMINVITE#${tokenHash}` });
/** On gsi2: a team's roster — its members' memberships (`MEMBER#<sub>`) and its invitations (`INVITE#<created>#<hash>`). */
export const teamRoster = (competitionId: string, teamSub: string) => `TEAM#${competitionId}#${teamSub}`;
/** A team's seats (members and pending invitations, by address): the seat limit and one seat per address in one conditional write. */
export const teamSeats = (competitionId: string, teamSub: string) => ({ pk: `COMP#${competitionId}`, sk: `TEAMSEATS#${teamSub}` });
export const teamRosterMember = (competitionId: string, teamSub: string, userSub: string) => ({ gsi2pk: `TEAM#${competitionId}#${teamSub}`, gsi2sk: `MEMBER#${userSub}` });
export const teamRosterInvitation = (competitionId: string, teamSub: string, createdAt: string, tokenHash: string) => ({ gsi2pk: `TEAM#${competitionId}#${teamSub}`, gsi2sk: `INVITE#${createdAt}#${tokenHash}` });

export const userPartition = (userSub: string) => `USER#${userSub}`;
/** An account's record (account-repository.ts): when it was created; its settings later. */
export const account = (userSub: string) => ({ pk: `USER#${userSub}`, sk: 'ACCOUNT' });

// Issue 14 §2 (GDPR, personal-data-store.ts): consents, erasure requests, a competition's privacy settings.
/** One privacy notice accepted: `platform#<version>` or `competition#<id>#<version>#<purposes version>`. */
export const consent = (userSub: string, what: string) => ({ pk: `USER#${userSub}`, sk: `CONSENT#${what}` });
export const consentPrefix = () => 'CONSENT#';
/** The person's erasure request (one at a time; a later one replaces a finished one). */
export const erasureRequest = (userSub: string) => ({ pk: `USER#${userSub}`, sk: 'ERASURE' });
/** A competition's copy of an erasure request concerning it, for its organisers. */
export const competitionErasure = (competitionId: string, userSub: string) => ({ pk: `COMP#${competitionId}`, sk: `ERASURE#${userSub}` });
export const competitionErasurePrefix = () => 'ERASURE#';
/** A competition's purposes added to the privacy notice, retention periods and what retention did. */
export const privacySettings = (competitionId: string) => ({ pk: `COMP#${competitionId}`, sk: 'PRIVACY' });
