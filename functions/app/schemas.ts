/**
 * The API's request and response shapes. The same zod schemas validate requests and generate the
 * OpenAPI document (GET /api/openapi.json), so the docs cannot drift from the code.
 */
import * as z from 'zod';
import { COMPETITION_KINDS, LIMITS } from '../domain/competition.ts';
import { STATES } from '../domain/lifecycle.ts';
import { ROLES } from '../domain/membership.ts';
import { ROUND_KINDS } from '../domain/evaluation.ts';
import { DEFAULT_PITCH_POLICY, PITCH_FORMATS, PITCH_LIMITS } from '../domain/pitch.ts';
import { SUBMISSION_LIMITS, SUBMISSION_STATUSES } from '../domain/submission.ts';
import { countryCodeProblem, isCountryCode } from '../domain/countries.ts';
import { MAX_AMOUNT } from '../domain/awards.ts';

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`);
const requiredText = (max: number) => text(max).min(1, 'Required.');
const tag = z.string().trim().min(1).max(LIMITS.tagMax);
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid id.');
const instantOrWallClock = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/,
    'Use 2026-12-01T17:00 (in the competition time zone) or an ISO instant.',
  )
  .meta({ examples: ['2026-12-01T17:00'] });

// Every number is bounded by what it means, which also keeps it inside what DynamoDB stores
// (magnitudes between 1e-130 and 1e125; anything else is a ValidationException, i.e. a 500).
/** Relative weights of criteria and rounds. */
const weight = z
  .number()
  .min(LIMITS.weightMin, `Must be from ${LIMITS.weightMin} to ${LIMITS.weightMax}.`)
  .max(LIMITS.weightMax, `Must be from ${LIMITS.weightMin} to ${LIMITS.weightMax}.`);
/** Optimistic-locking versions as read from the server (a billion edits is beyond any competition). */
const MAX_VERSION = 1_000_000_000;
// Range checks come before .int(), so 1e300 is reported as too large rather than as not whole.
const version = (min: 0 | 1 = 1) => z.number().min(min).max(MAX_VERSION).int();
/** ISO 3166-1 alpha-2, officially assigned (domain/countries.ts). */
const countryCode = z.string().superRefine((code, ctx) => {
  if (!isCountryCode(code)) ctx.addIssue({ code: 'custom', message: countryCodeProblem(code) });
});

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ examples: ['VALIDATION_FAILED'] }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().meta({ examples: [{ title: 'Required.' }] }),
    }),
  })
  .meta({ id: 'Error' });

export const CriterionInput = z.object({
  id: id.optional(),
  name: requiredText(LIMITS.criterionNameMax),
  description: text(LIMITS.criterionDescriptionMax).default(''),
  weight: weight.default(1),
  scale: z
    .object({ min: z.number().int().min(0).max(100), max: z.number().int().min(1).max(100) })
    .default({ min: 1, max: 5 }),
});

export const QuestionInput = z.object({
  id: id.optional(),
  label: requiredText(LIMITS.questionLabelMax),
  help: text(1000).default(''),
  required: z.boolean().default(false),
  maxLength: z.number().int().min(1).max(LIMITS.answerMax).default(2000),
});

export const ScheduleInput = z.object({
  timeZone: z.string().min(1).max(64).meta({ examples: ['Europe/Brussels'] }),
  submissionsOpen: instantOrWallClock,
  submissionsClose: instantOrWallClock,
  evaluationStart: instantOrWallClock,
  evaluationEnd: instantOrWallClock,
  resultsDate: instantOrWallClock,
});

export const PitchPolicyInput = z
  .object({
    required: z.boolean().default(DEFAULT_PITCH_POLICY.required),
    maxDurationSeconds: z.number().int().min(10).max(PITCH_LIMITS.maxDurationSeconds).default(DEFAULT_PITCH_POLICY.maxDurationSeconds),
    maxSizeBytes: z.number().int().min(1024 * 1024).max(PITCH_LIMITS.maxSizeBytes).default(DEFAULT_PITCH_POLICY.maxSizeBytes),
    formats: z.array(z.enum(PITCH_FORMATS)).min(1, 'Allow at least one format.').default([...DEFAULT_PITCH_POLICY.formats]),
  })
  .meta({ id: 'PitchPolicy' });

export const CompetitionInput = z
  .object({
    title: requiredText(LIMITS.titleMax),
    description: text(LIMITS.descriptionMax).default(''),
    kind: z.enum(COMPETITION_KINDS),
    sectors: z.array(tag).max(LIMITS.sectorsMax).default([]),
    eligibility: z
      .object({
        countries: z
          .array(countryCode)
          .max(LIMITS.countriesMax)
          .default([]),
        smeOnly: z.boolean().default(true),
      })
      .default({ countries: [], smeOnly: true }),
    schedule: ScheduleInput,
    rubric: z.array(CriterionInput).max(LIMITS.criteriaMax).default([]),
    questions: z.array(QuestionInput).max(LIMITS.questionsMax).default([]),
    pitch: PitchPolicyInput.default({ ...DEFAULT_PITCH_POLICY, formats: [...DEFAULT_PITCH_POLICY.formats] }),
  })
  .meta({ id: 'CompetitionInput' });

export const CompetitionUpdate = CompetitionInput.extend({
  version: version().meta({ description: 'The version you read; stale versions get 409.' }),
}).meta({ id: 'CompetitionUpdate' });

export const Competition = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    kind: z.enum(COMPETITION_KINDS),
    sectors: z.array(z.string()),
    eligibility: z.object({ countries: z.array(z.string()), smeOnly: z.boolean() }),
    schedule: z.object({
      timeZone: z.string(),
      submissionsOpen: z.string(),
      submissionsClose: z.string(),
      evaluationStart: z.string(),
      evaluationEnd: z.string(),
      resultsDate: z.string(),
    }),
    rubric: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        weight: z.number(),
        scale: z.object({ min: z.number(), max: z.number() }),
      }),
    ),
    questions: z.array(
      z.object({ id: z.string(), label: z.string(), help: z.string(), required: z.boolean(), maxLength: z.number() }),
    ),
    pitch: z.object({
      required: z.boolean(),
      maxDurationSeconds: z.number(),
      maxSizeBytes: z.number(),
      formats: z.array(z.enum(PITCH_FORMATS)),
    }),
    status: z.enum(['draft', 'published']),
    phase: z.enum(STATES).meta({ description: 'The lifecycle state (functions/domain/lifecycle.ts).' }),
    phaseLabel: z.string().meta({ description: 'The state in words, e.g. "Results published".' }),
    resultsVersion: z.number().optional().meta({ description: 'The results snapshot shown (1 at publication, +1 per amendment).' }),
    amendment: z.object({ reason: z.string(), openedBy: z.string(), openedAt: z.string() }).optional(),
    amendments: z.array(z.object({ reason: z.string(), by: z.string().optional(), at: z.string(), version: z.number() })).optional(),
    publicationOverride: z.object({ reason: z.string(), by: z.string(), at: z.string(), problems: z.array(z.string()) }).optional(),
    archivedAt: z.string().optional(),
    closesAt: z.string().meta({ description: 'When submissions really close (early close included).' }),
    closedEarlyAt: z.string().optional(),
    publishedAt: z.string().optional(),
    resultsPublishedAt: z.string().optional().meta({ description: 'When the results are (or will be) visible to everyone.' }),
    resultsNotifiedAt: z.string().optional(),
    feedbackReleasedAt: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    myRoles: z.array(z.enum(ROLES)).meta({ description: "The caller's roles in this competition." }),
  })
  .meta({ id: 'Competition' });

export const TeamMember = z.object({
  name: requiredText(120),
  email: z.email('Not an e-mail address.').max(254),
  role: text(80).default(''),
});

export const RegistrationInput = z
  .object({
    organisationName: requiredText(200),
    country: countryCode.meta({ examples: ['BE'], description: 'ISO 3166-1 alpha-2 country code.' }),
    registryId: requiredText(40).meta({ examples: ['BE0123456789'] }),
    smeDeclaration: z.boolean(),
    team: z.array(TeamMember).min(1, 'Add at least one team member.').max(10, 'At most 10 team members.'),
  })
  .meta({ id: 'RegistrationInput' });

export const Registration = RegistrationInput.extend({
  competitionId: z.string(),
  registeredAt: z.string(),
}).meta({ id: 'Registration' });

const answers = z
  .record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), z.string().max(SUBMISSION_LIMITS.answerMax))
  .meta({ examples: [{ q1: 'Our answer' }] });

export const SubmissionContentInput = z
  .object({
    title: text(SUBMISSION_LIMITS.titleMax).default(''),
    summary: text(SUBMISSION_LIMITS.summaryMax).default(''),
    problem: text(SUBMISSION_LIMITS.problemMax).default(''),
    solution: text(SUBMISSION_LIMITS.solutionMax).default(''),
    valueChain: z.array(tag).max(SUBMISSION_LIMITS.tagsMax).default([]),
    sectors: z.array(tag).max(SUBMISSION_LIMITS.tagsMax).default([]),
    answers: answers.default({}),
  })
  .meta({ id: 'SubmissionContent' });

export const SubmissionUpdate = SubmissionContentInput.extend({
  version: version(),
}).meta({ id: 'SubmissionUpdate' });

export const Submission = z
  .object({
    id: z.string(),
    competitionId: z.string(),
    organisationName: z.string(),
    country: z.string(),
    title: z.string(),
    summary: z.string(),
    problem: z.string(),
    solution: z.string(),
    valueChain: z.array(z.string()),
    sectors: z.array(z.string()),
    answers: z.record(z.string(), z.string()),
    status: z.enum(SUBMISSION_STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().optional(),
    withdrawnAt: z.string().optional(),
    version: z.number(),
    editable: z.boolean().meta({ description: 'Whether the deadline still allows editing.' }),
  })
  .meta({ id: 'Submission' });

export const MySubmission = Submission.extend({
  competitionTitle: z.string(),
  closesAt: z.string(),
}).meta({ id: 'MySubmission' });

export const VersionInput = z.object({ version: version() }).meta({ id: 'VersionInput' });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});

export const SubmissionListQuery = PageQuery.extend({
  status: z.enum(SUBMISSION_STATUSES).optional(),
  sector: z.string().max(LIMITS.tagMax).optional(),
  q: z.string().max(100).optional(),
});

export const CompetitionIdParam = z.object({ competitionId: id });
export const SubmissionIdParams = CompetitionIdParam.extend({
  submissionId: id,
});

export const AuditEntry = z
  .object({
    competitionId: z.string(),
    id: z.string(),
    at: z.string(),
    actor: z.object({ sub: z.string(), email: z.string() }),
    action: z.string(),
    target: z.string(),
    // What changed is recorded as it was: any JSON, on purpose.
    before: z.unknown().optional().meta({ 'x-free-form': true, description: 'The state before the change, as recorded.' }),
    after: z.unknown().optional().meta({ 'x-free-form': true, description: 'The state after the change, as recorded.' }),
  })
  .meta({ id: 'AuditEntry' });

export const Me = z
  .object({
    sub: z.string(),
    email: z.string(),
    name: z.string(),
    groups: z.array(z.string()),
    emailVerified: z.boolean().optional().meta({ description: 'Whether the identity provider verified the e-mail address (invitations need it).' }),
    canCreateCompetitions: z.boolean(),
  })
  .meta({ id: 'Me' });

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() }).meta({ id: name });

export const StartUploadInput = z
  .object({
    fileName: requiredText(255).meta({ examples: ['pitch.mp4'] }),
    sizeBytes: z.number().int().min(1, 'The file is empty.').meta({ examples: [104857600] }),
    contentType: z.string().max(100).meta({ examples: ['video/mp4'] }),
  })
  .meta({ id: 'StartUploadInput' });

export const PartInput = z.object({ etag: z.string().regex(/^"?[0-9a-fA-F]{32}"?$/, 'Not an S3 part ETag.').meta({ examples: ['"9b2cf535f27731c974343645a3985328"'] }) }).meta({ id: 'PartInput' });

const PITCH_STATES = ['uploading', 'verifying', 'ready', 'rejected', 'aborted'] as const;

export const Upload = z
  .object({
    id: z.string(),
    state: z.enum(PITCH_STATES),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    partSize: z.number(),
    partCount: z.number(),
    completedParts: z.array(z.object({ partNumber: z.number(), etag: z.string() })),
    pendingParts: z
      .array(z.object({ partNumber: z.number(), url: z.string() }))
      .meta({ description: 'Presigned S3 UploadPart URLs for the parts still to send: PUT each part there, then report its ETag.' }),
    urlsExpireAt: z.string().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: 'Upload' });

export const PitchStatus = z
  .object({
    policy: z.object({ required: z.boolean(), maxDurationSeconds: z.number(), maxSizeBytes: z.number(), formats: z.array(z.enum(PITCH_FORMATS)) }),
    current: z
      .object({
        pitchId: z.string(),
        fileName: z.string(),
        sizeBytes: z.number(),
        format: z.enum(PITCH_FORMATS),
        durationSeconds: z.number(),
        width: z.number().optional(),
        height: z.number().optional(),
        readyAt: z.string(),
        playbackUrl: z.string().meta({ description: 'Short-lived presigned URL; supports range requests (seeking).' }),
        playbackExpiresAt: z.string(),
      })
      .optional(),
    upload: z
      .object({ id: z.string(), state: z.enum(PITCH_STATES), fileName: z.string(), partCount: z.number(), partsDone: z.number() })
      .optional()
      .meta({ description: 'The upload in progress (shown to the owning team only).' }),
    last: z
      .object({ pitchId: z.string(), state: z.enum(PITCH_STATES), reason: z.string().optional(), fileName: z.string(), at: z.string() })
      .optional()
      .meta({ description: 'How the most recent upload ended, e.g. rejected with a reason.' }),
  })
  .meta({ id: 'PitchStatus' });

export const UploadParams = SubmissionIdParams.extend({
  uploadId: id,
});
export const PartParams = UploadParams.extend({
  partNumber: z.coerce.number().int().min(1).max(10_000),
});

// ——— Evaluation (tag `reviews`) ———

const CriterionOut = z.object({ id: z.string(), name: z.string(), description: z.string(), weight: z.number(), scale: z.object({ min: z.number(), max: z.number() }) });

export const RoundInput = z
  .object({
    name: requiredText(120),
    kind: z.enum(ROUND_KINDS),
    rubric: z.array(CriterionInput).min(1).max(LIMITS.criteriaMax).optional().meta({ description: "Omit to use the competition's rubric." }),
    k: z.number().int().min(1).max(20),
    maxLoad: z.number().int().min(1).max(500),
    blind: z.boolean().default(true),
    opensAt: instantOrWallClock,
    closesAt: instantOrWallClock,
    weight: weight.meta({ description: 'Relative weight of the round in the final score, e.g. 40.' }),
    shortlist: z.object({ fromRoundId: id, topN: z.number().int().min(1).max(1000) }).optional(),
    requireReviewDuty: z.boolean().default(false),
    showPeerComments: z.boolean().default(false),
  })
  .meta({ id: 'RoundInput' });

export const RoundUpdate = RoundInput.extend({ version: version() }).meta({ id: 'RoundUpdate' });

export const Round = z
  .object({
    id: z.string(),
    competitionId: z.string(),
    name: z.string(),
    kind: z.enum(ROUND_KINDS),
    rubric: z.array(CriterionOut),
    k: z.number(),
    maxLoad: z.number(),
    blind: z.boolean(),
    opensAt: z.string(),
    closesAt: z.string(),
    weight: z.number(),
    shortlist: z.object({ fromRoundId: z.string(), topN: z.number() }).optional(),
    requireReviewDuty: z.boolean(),
    showPeerComments: z.boolean(),
    pins: z.array(z.object({ submissionId: z.string(), reviewerSub: z.string() })),
    phase: z.enum(['upcoming', 'open', 'closed']),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: 'Round' });

export const RoundIdParams = CompetitionIdParam.extend({ roundId: id });
export const RoundSubmissionParams = RoundIdParams.extend({ submissionId: id });
export const RoundReviewerParams = RoundIdParams.extend({ reviewerSub: z.string().min(1).max(128) });

export const InviteInput = z
  .object({ emails: z.array(z.email('Not an e-mail address.')).min(1).max(200) })
  .meta({ id: 'InviteInput' });

export const InvitationParams = CompetitionIdParam.extend({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not an invitation token.') });

export const AcceptInvitationInput = z
  .object({ interests: z.array(tag).max(20).default([]).meta({ description: 'Sectors and value-chain areas you want to review.' }) })
  .meta({ id: 'AcceptInvitationInput' });

export const PairInput = z.object({ submissionId: id, reviewerSub: z.string().min(1).max(128) }).meta({ id: 'PairInput' });
export const ForbidInput = PairInput.extend({ reason: requiredText(500) }).meta({ id: 'ForbidInput' });
export const DeclareConflictInput = z.object({ reason: requiredText(500) }).meta({ id: 'DeclareConflictInput' });

export const ReviewContentInput = z
  .object({
    // Every scale lies within 0–100; whether a score fits its criterion's scale is the round's rule (422).
    scores: z.record(z.string().max(64), z.number().min(0, 'Scores are from 0 to 100.').max(100, 'Scores are from 0 to 100.')).default({}),
    comments: z.record(z.string().max(64), z.string().max(5000)).default({}),
    overallComment: text(10_000).default(''),
    meet: z.boolean().default(false),
    privateNote: text(5000).default(''),
    version: version(),
  })
  .meta({ id: 'ReviewInput' });

/** Response shapes documented by their use case's types; described loosely in the OpenAPI document. */

// ——— Awards and results (tags `awards`, `results`) ———

/**
 * A share of a budget, 0–1, in steps of 0.01 %, stored rounded to that step: 75.25 % / 100 is
 * 0.7525000000000001 in floating point, and a share of 1e-200 means 0 (DynamoDB cannot store it).
 */
const share = z
  .number()
  .min(0, 'Enter a share from 0 % to 100 %.')
  .max(1, 'Enter a share from 0 % to 100 %.')
  .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, 'Enter a share in steps of 0.01 %, e.g. 75.25 %.')
  .transform((v) => Math.round(v * 10_000) / 10_000);

// The web converts whole currency units to cents, so these messages name no unit.
const cents = z
  .number()
  .min(0, 'Must not be negative.')
  .max(MAX_AMOUNT, 'Too large: at most one billion.')
  .int('Use whole cents (an integer amount in minor units).')
  .meta({ description: 'Amount in cents (minor units), at most 1,000,000,000.00.' });

export const PrizePlanInput = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'Use a three-letter currency code, e.g. EUR.').default('EUR'),
    totalBudget: cents,
    programmeBudget: cents.optional().meta({ description: 'The programme budget the SME share is measured against; defaults to totalBudget.' }),
    minSmeShare: share.default(0.75).meta({ description: '0.75 = 75 %; in steps of 0.01 %.' }),
    perThirdPartyCap: cents.default(6_000_000),
    smeOnly: z.boolean().default(true),
    rankPrizes: z.array(z.object({ rank: z.number().int().min(1).max(100), amount: cents, label: requiredText(80) })).max(50).default([]),
    lumpSum: z.object({ amount: cents, topN: z.number().int().min(1).max(1000) }).optional(),
    vouchers: z.object({ amount: cents, count: z.number().int().min(1).max(10_000) }).optional(),
    categories: z.array(z.object({ id: id, name: requiredText(120), amount: cents })).max(20).default([]),
    reserveListLength: z.number().int().min(0).max(100).default(3),
  })
  .meta({ id: 'PrizePlanInput' });

export const PrizePlanUpdate = z
  .object({
    plan: PrizePlanInput,
    categoryPicks: z.array(z.object({ categoryId: id, submissionId: id })).max(20).default([]),
    version: version(0),
  })
  .meta({ id: 'PrizePlanUpdate' });

export const AwardRequestInput = z
  .object({
    submissionId: id,
    type: z.enum(['prize', 'lump-sum', 'voucher', 'category']),
    rank: z.number().int().min(1).max(100).optional(),
    categoryId: id.optional(),
  })
  .meta({ id: 'AwardRequest' });

export const ConfirmAwardsInput = z.object({ awards: z.array(AwardRequestInput).min(1).max(500) }).meta({ id: 'ConfirmAwardsInput' });
export const AwardKeyParams = CompetitionIdParam.extend({ awardKey: z.string().regex(/^[a-z-]+:[A-Za-z0-9_-]{1,64}$/) });
export const MeetingOptInInput = z.object({ open: z.boolean() }).meta({ id: 'MeetingOptInInput' });
export const NotificationParams = z.object({ notificationId: id });

const reason = z.string().trim().min(10, 'Give a reason of at least 10 characters.').max(2000, 'At most 2000 characters.');

export const PublishInput = VersionInput.extend({
  when: z.enum(['now', 'scheduled']).default('now').meta({ description: "'scheduled' publishes at the competition's results date." }),
  override: z
    .object({ reason })
    .optional()
    .meta({ description: 'Publish despite the checklist\'s problems (GET …/results/checklist); the reason is recorded in the audit trail.' }),
}).meta({ id: 'PublishInput' });

export const AmendmentInput = VersionInput.extend({ reason }).meta({ id: 'AmendmentInput' });
