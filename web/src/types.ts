/**
 * The API's shapes as the web app sees them, all derived from the OpenAPI document's generated
 * types (web/generated/api.d.ts, written by `npm run generate` from the route definitions and the
 * zod schemas that validate requests and responses), so they cannot drift and nothing here comes
 * from the server's code. Type-only: erased at build time.
 */
import { sayAwardLabel, type AwardLabelKey } from '../../functions/shared/award-labels.ts';
import type { components } from '../generated/api.d.ts';
import type { ApiAnswer } from './api.ts';
import { t, type MessageKey } from './i18n.ts';

type Schemas = components['schemas'];

export type CompetitionInput = Schemas['CompetitionInput'];
export type Competition = Schemas['Competition'];
export type MyCompetition = Schemas['MyCompetition'];
export type Kind = Competition['kind'];
export type Phase = Competition['phase'];
export type Role = Competition['myRoles'][number];
export type Schedule = Competition['schedule'];
export type PitchPolicy = Competition['pitch'];
export type PitchFormat = PitchPolicy['formats'][number];

export type RegistrationInput = Schemas['RegistrationInput'];
export type Registration = Schemas['Registration'];
export type TeamMember = Registration['team'][number];

export type SubmissionContent = Schemas['SubmissionContent'];
export type Submission = Schemas['Submission'];
export type SubmissionStatus = Submission['status'];
export type MySubmission = Schemas['MySubmission'];

export type Me = Schemas['Me'];
export type AuditEntry = Schemas['AuditEntry'];
export type RankingRules = Schemas['RankingRules'];

export type PitchStatus = Schemas['PitchStatus'];
export type AnswerFileView = Schemas['AnswerFile'];
export type ShortfallFacts = Schemas['ShortfallFacts'];
export type CurrentPitch = NonNullable<PitchStatus['current']>;

/** Every list endpoint with a cursor pages the same way (CompetitionPage, SubmissionPage, AuditPage). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

// UI-only: labels and defaults the web app shows.

/** The kinds of competition; `label` is read in the reader's language each time. */
export const KINDS: { value: Kind; readonly label: string }[] = [
  {
    value: 'idea',
    get label() {
      return t('competitions.kind.idea');
    },
  },
  {
    value: 'hackathon',
    get label() {
      return t('competitions.kind.hackathon');
    },
  },
  {
    value: 'pitch',
    get label() {
      return t('competitions.kind.pitch');
    },
  },
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

export type RoundInput = Schemas['RoundInput'];
export type Round = Schemas['Round'];
export type RoundKind = Round['kind'];
export type RoundPhase = Round['phase'];
export type Criterion = Round['rubric'][number];

/** A review as the organisers see it in a round (with who wrote it). */
export type RoundReview = Schemas['RoundReviewList']['items'][number];
export type ReviewStatus = RoundReview['status'];
export type RoundConflict = Schemas['ConflictList']['items'][number];
export type InvitationItem = Schemas['InvitationList']['items'][number];
export type RoundReviewer = Schemas['ReviewerList']['items'][number];
export type SentInvitation = ApiAnswer<'/api/competitions/{competitionId}/rounds/{roundId}/invitations', 'post'>['items'][number];
export type InvitationInfo = Schemas['InvitationView'];
export type ReviewQueueGroup = Schemas['ReviewQueue']['items'][number];
export type ReviewWorkspace = Schemas['ReviewWorkspace'];
export type Ranking = Schemas['Ranking'];
export type RankedSubmission = Ranking['ranked'][number];

/** The kinds of round, their names as message keys (`t(k.label)`). */
export const ROUND_KINDS: { value: RoundKind; label: MessageKey; short: MessageKey }[] = [
  { value: 'peer', label: 'roundKind.peer.label', short: 'roundKind.peer.short' },
  { value: 'investor', label: 'roundKind.investor.label', short: 'roundKind.investor.short' },
  { value: 'jury', label: 'roundKind.jury.label', short: 'roundKind.jury.short' },
  { value: 'expo', label: 'roundKind.expo.label', short: 'roundKind.expo.short' },
];

/** A kind of round in a word or two, in the reader's language. */
export function roundKindLabel(kind: string): string {
  const k = ROUND_KINDS.find((x) => x.value === kind);
  return k ? t(k.short) : kind;
}

// ——— Awards and results ———

export type PrizePlanUpdate = Schemas['PrizePlanUpdate'];
export type PrizePlanInput = Schemas['PrizePlanInput'];
export type PrizePlan = Schemas['PrizePlan'];
export type PrizePlanView = Schemas['PrizePlanView'];
export type PlanTotals = PrizePlanView['totals'];
export type ConfirmedAward = Schemas['AwardRecord'];
export type AwardType = ConfirmedAward['type'];
export type AwardProposal = Schemas['Proposal'];
export type ProposalLine = AwardProposal['lines'][number];
export type ReserveEntry = AwardProposal['reserve'][number];
export type AwardRequest = Schemas['AwardRequest'];
export type ConfirmOutcome = Schemas['ConfirmOutcomes']['results'][number];
export type Withdrawal = Schemas['Withdrawal'];

export type PublicationChecklist = Schemas['PublicationChecklist'];
export type ChecklistItem = PublicationChecklist['problems'][number] | PublicationChecklist['warnings'][number];
export type PublicResults = Schemas['PublicResults'];
export type Winner = PublicResults['winners'][number];
export type MyOutcome = Schemas['MyOutcome'];
export type FeedbackReport = Schemas['FeedbackReport'];
export type Matches = Schemas['Matches'];
export type Match = Matches['matches'][number];
export type Notification = Schemas['Notifications']['items'][number];
export type OutboxEmail = Schemas['Outbox']['items'][number];

const AWARD_TYPE_WORDS: Record<AwardType, MessageKey> = {
  prize: 'types.awardType.prize',
  'lump-sum': 'types.awardType.lumpSum',
  voucher: 'types.awardType.voucher',
  category: 'types.awardType.category',
};

/** The kinds of award; `label` is read in the reader's language each time. */
export const AWARD_TYPES: { value: AwardType; readonly label: string }[] = (Object.keys(AWARD_TYPE_WORDS) as AwardType[]).map((value) => ({
  value,
  get label() {
    return t(AWARD_TYPE_WORDS[value]);
  },
}));

/** A kind of award in the reader's language ("Lump sum"); the raw value if unknown. */
export function awardTypeLabel(type: string): string {
  const key = AWARD_TYPE_WORDS[type as AwardType] as MessageKey | undefined;
  return key ? t(key) : type;
}

/**
 * An award's label in the reader's language: the organiser's own words as written, the ones the
 * platform wrote (lump sums, vouchers, "(ranked 3rd)": shared/award-labels.ts) in the reader's
 * words; the award's type where it has no label.
 */
export function awardLabel(a: { type: string; label?: string }): string {
  return a.label ? sayAwardLabel(a.label, (key, params) => t(AWARD_LABEL_WORDS[key], params)) : awardTypeLabel(a.type);
}

/** The web's words for each label the platform writes (a key shared/award-labels.ts names missing here fails to compile). */
const AWARD_LABEL_WORDS = {
  'awardLabel.lumpSum': 'awardLabel.lumpSum',
  'awardLabel.lumpSumPlain': 'awardLabel.lumpSumPlain',
  'awardLabel.voucher': 'awardLabel.voucher',
  'awardLabel.ranked': 'awardLabel.ranked',
} as const satisfies Record<AwardLabelKey, MessageKey>;
