/**
 * The API's shapes as the web app sees them, derived from the server's zod schemas (the same ones
 * that validate requests and generate GET /api/openapi.json), so they cannot drift.
 *
 * Type-only imports: they are erased at build time, so neither zod nor any server code ends up in
 * the bundle. Inputs use the schema's output type (defaults applied), so the forms always send
 * every field rather than leaning on server defaults.
 */
import type { z } from 'zod';
import type * as S from '../../functions/app/schemas.ts';

export type CompetitionInput = z.infer<typeof S.CompetitionInput>;
/**
 * The API returns the stored competition's result timestamps too, though the zod response schema
 * does not list them (yet); they come from the domain type.
 */
export type Competition = z.infer<typeof S.Competition> &
  Pick<import('../../functions/domain/competition.ts').Competition, 'resultsPublishedAt' | 'feedbackReleasedAt'>;
export type Kind = Competition['kind'];
export type Phase = Competition['phase'];
export type Role = Competition['myRoles'][number];
export type Schedule = Competition['schedule'];
export type PitchPolicy = Competition['pitch'];
export type PitchFormat = PitchPolicy['formats'][number];

export type RegistrationInput = z.infer<typeof S.RegistrationInput>;
export type Registration = z.infer<typeof S.Registration>;
export type TeamMember = z.infer<typeof S.TeamMember>;

export type SubmissionContent = z.infer<typeof S.SubmissionContentInput>;
export type Submission = z.infer<typeof S.Submission>;
export type SubmissionStatus = Submission['status'];
export type MySubmission = z.infer<typeof S.MySubmission>;

export type Me = z.infer<typeof S.Me>;
export type AuditEntry = z.infer<typeof S.AuditEntry>;

export type PitchStatus = z.infer<typeof S.PitchStatus>;
export type CurrentPitch = NonNullable<PitchStatus['current']>;

/** Every list endpoint pages the same way (see `pageOf` on the server). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

// UI-only: labels and defaults the web app shows.

export const KINDS: { value: Kind; label: string }[] = [
  { value: 'idea', label: 'Idea competition' },
  { value: 'hackathon', label: 'Hackathon' },
  { value: 'pitch', label: 'Pitch competition' },
];

export const PITCH_FORMATS: { value: PitchFormat; label: string; contentType: string; extensions: string[] }[] = [
  { value: 'mp4', label: 'MP4', contentType: 'video/mp4', extensions: ['mp4', 'm4v'] },
  { value: 'quicktime', label: 'QuickTime', contentType: 'video/quicktime', extensions: ['mov', 'qt'] },
  { value: 'webm', label: 'WebM', contentType: 'video/webm', extensions: ['webm'] },
];

/** The server's defaults (functions/domain/pitch.ts), for a new competition's form. */
export const DEFAULT_PITCH_POLICY: PitchPolicy = {
  required: false,
  maxDurationSeconds: 180,
  maxSizeBytes: 1024 ** 3,
  formats: ['mp4', 'quicktime', 'webm'],
};

// ——— Evaluation ———
// Rounds are zod-described; the other evaluation answers are documented loosely in the OpenAPI
// document, so their shapes come from the use cases that produce them (type-only, erased too).

export type RoundInput = z.infer<typeof S.RoundInput>;
export type Round = z.infer<typeof S.Round>;
export type RoundKind = Round['kind'];
export type RoundPhase = Round['phase'];
export type Criterion = Round['rubric'][number];

export type Review = import('../../functions/domain/evaluation.ts').Review;
export type ReviewStatus = Review['status'];
export type AssignmentPlan = import('../../functions/use-cases/assignment.ts').AssignmentPlan;
export type RoundConflict = Awaited<ReturnType<typeof import('../../functions/use-cases/assignment.ts').listConflicts>>[number];
export type InvitationItem = Awaited<ReturnType<typeof import('../../functions/use-cases/invitations.ts').listInvitations>>[number];
export type SentInvitation = import('../../functions/use-cases/invitations.ts').SentInvitation;
export type InvitationInfo = Awaited<ReturnType<typeof import('../../functions/use-cases/invitations.ts').describeInvitation>>;
export type ReviewQueueGroup = Awaited<ReturnType<typeof import('../../functions/use-cases/reviews.ts').myReviewQueue>>[number];
export type ReviewWorkspace = Awaited<ReturnType<typeof import('../../functions/use-cases/reviews.ts').openReview>>;
export type Ranking = import('../../functions/use-cases/ranking.ts').RankingView;
export type RankedSubmission = Ranking['ranked'][number];

export const ROUND_KINDS: { value: RoundKind; label: string; short: string }[] = [
  { value: 'peer', label: 'Peer review by entrants', short: 'Peer review' },
  { value: 'investor', label: 'Investor scoring', short: 'Investors' },
  { value: 'jury', label: 'Jury', short: 'Jury' },
];

export function roundKindLabel(kind: string): string {
  return ROUND_KINDS.find((k) => k.value === kind)?.short ?? kind;
}

// ——— Awards and results ———
// Inputs are zod-described; the answers come from the use cases that produce them.

type AwardsUseCases = typeof import('../../functions/use-cases/awards.ts');
type ResultsUseCases = typeof import('../../functions/use-cases/results.ts');

export type PrizePlanUpdate = z.infer<typeof S.PrizePlanUpdate>;
export type PrizePlanInput = PrizePlanUpdate['plan'];
export type PrizePlan = import('../../functions/domain/awards.ts').PrizePlan;
export type AwardType = import('../../functions/domain/awards.ts').AwardType;
export type PrizePlanView = Awaited<ReturnType<AwardsUseCases['getPrizePlan']>>;
export type PlanTotals = PrizePlanView['totals'];
export type ConfirmedAward = PrizePlanView['awards'][number];
export type AwardProposal = Awaited<ReturnType<AwardsUseCases['proposeFromRanking']>>;
export type ProposalLine = AwardProposal['lines'][number];
export type ReserveEntry = AwardProposal['reserve'][number];
export type AwardRequest = z.infer<typeof S.AwardRequestInput>;
export type ConfirmOutcome = import('../../functions/use-cases/awards.ts').ConfirmOutcome;
export type Withdrawal = Awaited<ReturnType<AwardsUseCases['withdrawAward']>>;

export type PublicationChecklist = Awaited<ReturnType<ResultsUseCases['publicationChecklist']>>;
export type ChecklistItem = PublicationChecklist['problems'][number] | PublicationChecklist['warnings'][number];
export type AmendmentPublished = Awaited<ReturnType<ResultsUseCases['publishAmendment']>>;
export type PublicResults = Awaited<ReturnType<ResultsUseCases['publicResults']>>;
export type Winner = PublicResults['winners'][number];
export type MyOutcome = Awaited<ReturnType<ResultsUseCases['myOutcome']>>;
export type FeedbackReport = Awaited<ReturnType<ResultsUseCases['feedbackReport']>>;
export type Matches = Awaited<ReturnType<ResultsUseCases['meetingMatches']>>;
export type Match = Matches['matches'][number];
export type Notification = import('../../functions/domain/notification.ts').Notification;
export type OutboxEmail = import('../../functions/domain/notification.ts').Email & { at: string; id: string };

export const AWARD_TYPES: { value: AwardType; label: string }[] = [
  { value: 'prize', label: 'Prize' },
  { value: 'lump-sum', label: 'Lump sum' },
  { value: 'voucher', label: 'Voucher' },
  { value: 'category', label: 'Category' },
];

export function awardTypeLabel(type: string): string {
  return AWARD_TYPES.find((t) => t.value === type)?.label ?? type;
}
