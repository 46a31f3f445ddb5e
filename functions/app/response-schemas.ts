/**
 * What the API answers. Each schema lists every field its use case returns (the API tests check
 * every response against the document built from these, extra fields included), so the contract
 * cannot drift. Routes name these schemas (`ok('Competition')`) instead of importing them:
 * this module is loaded only to build the document (openapi-document.ts), never by a Lambda,
 * so its schemas cost no cold start.
 */
import * as z from 'zod';
import { AWARD_TYPES } from '../domain/awards.ts';
import { COMPETITION_KINDS } from '../domain/competition.ts';
import { LOCALES } from '../shared/i18n/locales.ts';
import { PITCH_PROBLEM_CODES } from '../shared/pitch-problems.ts';
import { AWARD_NOTES, type AwardNoteCode } from '../shared/award-notes.ts';
import { CONFLICT_SOURCES } from '../domain/conflicts.ts';
import { CONSENSUS_FLAGS } from '../domain/impartial.ts';
import { ROUND_KINDS } from '../domain/evaluation.ts';
import { PAIRWISE_METHODS } from '../domain/pairwise-methods.ts';
import { ASSIGNMENT_OBJECTIVES } from '../domain/assignment.ts';
import { STATES } from '../domain/lifecycle.ts';
import { ROLES } from '../domain/membership.ts';
import { PITCH_FORMATS, UNPLAYABLE_POLICIES } from '../domain/pitch.ts';
import { SUBMISSION_STATUSES } from '../domain/submission.ts';
import { ANSWER_FILE_STATES } from '../domain/answer-file.ts';
import { ANSWER_FILE_PROBLEM_CODES, FILE_KINDS } from '../domain/questions.ts';
import { JOB_STATES } from '../domain/job.ts';
import { RegistrationInput, TeamMember } from './schemas.ts';
import { EXPORT_FILES } from '../domain/exports.ts';
import { PROGRAMME_ROLES, STAFF_CAPABILITIES } from '../domain/programme.ts';
import { COMPETITION_MESSAGE_KINDS } from '../domain/messages.ts';
import { JUDGE_MESSAGE_CODES } from '../domain/expo.ts';

// ---- core entities ---------------------------------------------------------------------------

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ examples: ['VALIDATION_FAILED'] }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().meta({ examples: [{ title: 'Required.' }] }),
      params: z
        .record(z.string(), z.union([z.string(), z.number()]))
        .optional()
        .meta({ description: 'Values the message was made with, for translating `code` (e.g. `{ "max": 300 }`).' }),
      fieldCodes: z
        .record(z.string(), z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }))
        .optional()
        .meta({
          description: 'Per field (the keys of `fields`), a stable code and its parameters, for saying `fields` in the reader’s language.',
          examples: [{ 'answers.q1': { code: 'TOO_LONG', params: { max: 300 } } }],
        }),
      requestId: z.string().optional().meta({ description: 'On a 500: the id its log line carries.' }),
    }),
  })
  .meta({ id: 'Error' });

/** Issue 14 §3: a question of any type (domain/questions.ts). */
const questionBase = {
  id: z.string(),
  label: z.string(),
  help: z.string(),
  required: z.boolean(),
  showIf: z.union([z.object({ questionId: z.string(), equals: z.union([z.string(), z.number(), z.boolean()]) }), z.object({ questionId: z.string(), includes: z.string() })]).optional(),
};
export const Question = z
  .discriminatedUnion('type', [
    z.object({ ...questionBase, type: z.literal('shortText'), maxLength: z.number() }),
    z.object({ ...questionBase, type: z.literal('longText'), maxLength: z.number(), maxWords: z.number().optional() }),
    z.object({ ...questionBase, type: z.literal('number'), unit: z.string(), min: z.number().optional(), max: z.number().optional(), integer: z.boolean() }),
    z.object({ ...questionBase, type: z.literal('singleChoice'), options: z.array(z.string()) }),
    z.object({ ...questionBase, type: z.literal('multipleChoice'), options: z.array(z.string()), minSelections: z.number(), maxSelections: z.number().optional() }),
    z.object({ ...questionBase, type: z.literal('yesNo') }),
    z.object({ ...questionBase, type: z.literal('date'), min: z.string().optional(), max: z.string().optional() }),
    z.object({ ...questionBase, type: z.literal('file'), kinds: z.array(z.enum(FILE_KINDS)), maxBytes: z.number() }),
  ])
  .meta({ id: 'Question' });
export const Answers = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.object({ fileId: z.string() })]))
  .meta({ id: 'Answers', description: 'Answers by question id: text, number, yes/no, chosen option(s), date (YYYY-MM-DD) or an uploaded file ({ fileId }).' });

export const AnswerFile = z
  .object({
    questionId: z.string(),
    fileId: z.string(),
    state: z.enum(ANSWER_FILE_STATES),
    fileName: z.string().meta({ description: 'The uploaded name, or a neutral one (answer-3.pdf) in blind rounds.' }),
    sizeBytes: z.number().optional(),
    format: z.string().optional(),
    reason: z.string().optional(),
    problem: z
      .object({ code: z.enum(ANSWER_FILE_PROBLEM_CODES), maxBytes: z.number().optional(), extension: z.string().optional(), accepted: z.array(z.enum(FILE_KINDS)).optional() })
      .optional()
      .meta({ description: 'Why it was rejected, as facts (`reason` says it in English).' }),
    scan: z.boolean(),
    scanNote: z.string().optional().meta({ description: 'Set where the local stand-in "scanned" the file (no real malware scan).' }),
    downloadUrl: z.string().optional().meta({ description: 'A presigned GET for a few minutes; only once the file may be opened by the caller.' }),
  })
  .meta({ id: 'AnswerFile' });
export const AnswerFileList = z.object({ files: z.array(AnswerFile) }).meta({ id: 'AnswerFileList' });
export const AnswerFileUpload = z
  .object({ file: AnswerFile, upload: z.object({ url: z.string(), fields: z.record(z.string(), z.string()), expiresAt: z.string() }) })
  .meta({ id: 'AnswerFileUpload', description: 'POST the file as multipart/form-data to `upload.url` with every field of `upload.fields` and the file last (field `file`).' });

/** A competition's texts in other languages (issue 14 §1; functions/shared/content.ts). */
const ContentTranslationsOut = z.object({
  source: z.enum(LOCALES),
  texts: z.partialRecord(
    z.enum(LOCALES),
    z.object({
      title: z.string().optional(),
      description: z.string().optional(),
      questions: z.record(z.string(), z.object({ label: z.string().optional(), help: z.string().optional(), unit: z.string().optional(), options: z.record(z.string(), z.string()).optional() })).optional(),
      rubric: z.record(z.string(), z.object({ name: z.string().optional(), description: z.string().optional() })).optional(),
    }),
  ),
});

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
    questions: z.array(Question),
    content: ContentTranslationsOut
      .optional()
      .meta({ description: "The competition's texts in other languages (issue 14 §1): shown to readers of that language, the source's text where one is missing." }),
    malwareScan: z.boolean().optional().meta({ description: 'Whether uploaded answer files are scanned for malware (issue 14 §3).' }),
    pitch: z.object({
      required: z.boolean(),
      maxDurationSeconds: z.number(),
      maxSizeBytes: z.number(),
      formats: z.array(z.enum(PITCH_FORMATS)),
      unplayable: z.enum(UNPLAYABLE_POLICIES).optional(),
    }),
    status: z.enum(['draft', 'published']),
    phase: z.enum(STATES).meta({ description: 'The lifecycle state (functions/domain/lifecycle.ts).' }),
    phaseLabel: z.string().meta({ description: 'The state in words, e.g. "Results published".' }),
    resultsVersion: z.number().optional().meta({ description: 'The results snapshot shown (1 at publication, +1 per amendment).' }),
    amendment: z.object({ reason: z.string(), openedBy: z.string(), openedAt: z.string() }).optional(),
    amendments: z.array(z.object({ reason: z.string(), by: z.string().optional(), at: z.string(), version: z.number() })).optional(),
    publicationOverride: z.object({ reason: z.string(), by: z.string(), at: z.string(), problems: z.array(z.string()) }).optional(),
    publishing: z
      .object({
        version: z.number(),
        jobId: z.string(),
        when: z.enum(['now', 'scheduled']),
        visibleFrom: z.string(),
        decidedAt: z.string(),
        closesEarly: z.boolean(),
        by: z.object({ sub: z.string(), email: z.string() }),
        override: z.object({ reason: z.string(), problems: z.array(z.string()) }).optional(),
        amends: z.object({ fromVersion: z.number(), reason: z.string() }).optional().meta({ description: 'Set when it publishes an amendment of that version.' }),
      })
      .optional()
      .meta({ description: 'Organisers only: a publication under way (its job stores the results snapshot).' }),
    archivedAt: z.string().optional(),
    programmeId: z.string().optional().meta({ description: 'The programme this competition is a call of (absent: a programme of one).' }),
    // issue 12 (H10): pages ask for GET …/audience-vote only when this is set
    audienceVote: z.boolean().optional().meta({ description: 'true once an audience vote is configured (`GET …/audience-vote` has one to show while the competition is public); false when none is; absent on competitions stored before this was recorded (ask).' }),
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
    // Programme staff access (H2): what the caller may do as an organiser or programme staff.
    myCapabilities: z.array(z.enum(STAFF_CAPABILITIES)).meta({ description: "What the caller may do here as an organiser or as staff of the competition's programme: read, manage, evaluate, finance (organisers: all four)." }),
  })
  .meta({ id: 'Competition' });

export const Registration = z
  .object({
    ...RegistrationInput.shape,
    competitionId: z.string(),
    registeredAt: z.string(),
  })
  .meta({ id: 'Registration' });

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
    answers: Answers,
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
  teamRole: z.enum(['owner', 'editor', 'viewer']).meta({ description: "The caller's role in the entry's team: owner, editor (edits, uploads the pitch) or viewer (reads)." }),
}).meta({ id: 'MySubmission' });

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
    erased: z
      .object({ at: z.string(), personal: z.string() })
      .optional()
      .meta({ description: 'Set when an erasure pseudonymised this entry: `personal` is the digest of the values it replaced (audit digest scheme 2).' }),
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
    language: z.enum(LOCALES).meta({ description: 'The language the account reads Podium and its e-mails in: the one saved (PUT /api/me/settings), else the best match of this request’s Accept-Language, saved at once.' }),
  })
  .meta({ id: 'Me' });

export const MySettings = z.object({ language: z.enum(LOCALES) }).meta({ id: 'MySettings' });

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() }).meta({ id: name });

const PITCH_STATES = ['uploading', 'verifying', 'transcoding', 'ready', 'rejected', 'aborted'] as const;

/** functions/shared/pitch-problems.ts: what is wrong with a pitch video, as facts the web words. */
const PitchProblem = z
  .object({
    code: z.enum(PITCH_PROBLEM_CODES),
    format: z.string().optional(),
    allowed: z.array(z.string()).optional(),
    declared: z.string().optional(),
    sizeBytes: z.number().optional(),
    maxSizeBytes: z.number().optional(),
    durationSeconds: z.number().optional(),
    maxDurationSeconds: z.number().optional(),
    track: z.enum(['video', 'audio']).optional(),
    codec: z.string().optional(),
    codecId: z.string().optional(),
    detail: z.string().optional(),
    notConverted: z.string().optional(),
  })
  .meta({ id: 'PitchProblem', description: 'What is wrong with the video, as facts (`reason` says it in English).' });

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
    problem: PitchProblem.optional(),
  })
  .meta({ id: 'Upload' });

const Codecs = z.object({
  video: z.object({ codec: z.string(), id: z.string() }).optional(),
  audio: z.object({ codec: z.string(), id: z.string() }).optional(),
  audioUnread: z.literal(true).optional(),
});

export const PitchStatus = z
  .object({
    policy: z.object({
      required: z.boolean(),
      maxDurationSeconds: z.number(),
      maxSizeBytes: z.number(),
      formats: z.array(z.enum(PITCH_FORMATS)),
      unplayable: z.enum(UNPLAYABLE_POLICIES).optional(),
    }),
    current: z
      .object({
        pitchId: z.string(),
        fileName: z.string(),
        sizeBytes: z.number(),
        format: z.enum(PITCH_FORMATS),
        durationSeconds: z.number(),
        width: z.number().optional(),
        height: z.number().optional(),
        codecs: Codecs.optional(),
        warning: z.string().optional().meta({ description: 'Set when not every browser may play it (the organiser accepts such videos).' }),
        warningProblem: PitchProblem.optional(),
        transcoded: z.literal(true).optional().meta({ description: 'The video shown is the H.264/AAC conversion of the upload.' }),
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
      .object({ pitchId: z.string(), state: z.enum(PITCH_STATES), reason: z.string().optional(), problem: PitchProblem.optional(), fileName: z.string(), at: z.string() })
      .optional()
      .meta({ description: 'How the most recent upload ended, e.g. rejected with a reason.' }),
    captions: z
      .array(
        z.object({
          language: z.string(),
          label: z.string(),
          fileName: z.string().meta({ description: 'Reviewers see a neutral name (captions-<language>.vtt).' }),
          origin: z.enum(['uploaded', 'automatic']),
          cues: z.number(),
          updatedAt: z.string(),
          url: z.string().meta({ description: 'Short-lived presigned URL of the WebVTT file, for a <track> element.' }),
        }),
      )
      .meta({ description: 'Caption tracks, one per language.' }),
  })
  .meta({ id: 'PitchStatus' });

export const CaptionUpload = z
  .object({ uploadId: z.string(), url: z.string().meta({ description: 'Presigned PUT URL for the raw file.' }), expiresAt: z.string(), maxBytes: z.number() })
  .meta({ id: 'CaptionUpload' });

export const Caption = z
  .object({
    language: z.string(),
    label: z.string(),
    fileName: z.string(),
    source: z.enum(['vtt', 'srt']),
    origin: z.enum(['uploaded', 'automatic']),
    cues: z.number(),
    sizeBytes: z.number(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Caption' });

export const AutomaticCaptionsAvailability = z
  .object({
    available: z.boolean(),
    unavailable: z.string().optional().meta({ description: 'Why not, in a sentence (e.g. the deployment has no Amazon Transcribe).' }),
  })
  .meta({ id: 'AutomaticCaptionsAvailability' });

const CriterionOut = z.object({ id: z.string(), name: z.string(), description: z.string(), weight: z.number(), scale: z.object({ min: z.number(), max: z.number() }) });

export const Round = z
  .object({
    id: z.string(),
    competitionId: z.string(),
    name: z.string(),
    kind: z.enum(ROUND_KINDS),
    rubric: z.array(CriterionOut),
    k: z.number(),
    maxLoad: z.number(),
    minLoad: z.number().optional().meta({ description: 'Fewest reviews per reviewer; absent: 1 in a peer round, 0 otherwise.' }),
    assignmentObjective: z.enum(ASSIGNMENT_OBJECTIVES).optional().meta({ description: "Absent: 'balance-first'." }),
    blind: z.boolean(),
    opensAt: z.string(),
    closesAt: z.string(),
    weight: z.number(),
    shortlist: z.object({ fromRoundId: z.string(), topN: z.number() }).optional(),
    requireReviewDuty: z.boolean(),
    showPeerComments: z.boolean(),
    impartial: z.object({ k: z.number(), clusters: z.number().optional() }).optional(),
    pins: z.array(z.object({ submissionId: z.string(), reviewerSub: z.string() })),
    randomise: z.object({ q: z.number() }).optional().meta({ description: 'Randomised assignment: each pair is chosen with probability at most q.' }),
    assignmentRuns: z.number().optional().meta({ description: 'Randomised runs so far (run n uses the seed derived from the round id and n).' }),
    expo: z
      .object({
        method: z.enum(PAIRWISE_METHODS),
        compareCriteria: z.boolean(),
        minVisits: z.number(),
        maxJudgesPerTable: z.number(),
        skipCooldownMinutes: z.number(),
        undoSeconds: z.number(),
      })
      .optional()
      .meta({ description: 'Expo rounds: pairwise judging at the tables (every setting filled in).' }),
    phase: z.enum(['upcoming', 'open', 'closed']),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
  })
  .meta({ id: 'Round' });

// ---- evaluation, awards, results --------------------------------------------------------------

const str = z.string();
const num = z.number();
const bool = z.boolean();
const awardType = z.enum(AWARD_TYPES);
const roundKind = z.enum(ROUND_KINDS);
const roundPhase = z.enum(['upcoming', 'open', 'closed']);
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
/** H6: what SES reported about an address, shown next to it (absent: nothing reported). */
const mailStatusBadge = z.enum(['bounced', 'complained', 'suppressed']).meta({ description: 'What SES reported about the address: bounced, complained, or suppressed (no longer sent to).' });
/** Issue 13: why an invitation's e-mail did not go out (absent: it went out). */
const mailState = z.enum(['failed', 'suppressed']).meta({ description: 'The e-mail did not go out: `failed` (SES refused it) or `suppressed` (held back: the address bounced or complained); `mailError` says why in a sentence.' });

// ---- evaluation ----------------------------------------------------------------------------------

const sentInvitation = z.object({
  id: str.meta({ description: 'The invitation, for resend and revoke.' }),
  email: str,
  link: str.meta({ description: 'The link the e-mail carries (shown once; copy it if the e-mail does not arrive).' }),
  expiresAt: str,
  sent: bool.meta({ description: 'Whether the e-mail went out (else `mailState` and `mailError` say why; the link still works).' }),
  mailState: mailState.optional(),
  mailError: str.optional(),
});
export const SentInvitations = items(sentInvitation).meta({ id: 'SentInvitations' });
export const SentInvitation = sentInvitation.meta({ id: 'SentInvitation' });

const invitationRow = z.object({
    competitionId: str,
    roundId: str,
    roundKind,
    email: str,
    invitedBy: str,
    createdAt: str,
    expiresAt: str,
    acceptedBy: str.optional(),
    acceptedAt: str.optional(),
    // Sending (H5): the id for resend/revoke, when the e-mail went out, resends, revocation.
    id: str,
    sentAt: str.optional(),
    resentAt: str.optional(),
    resends: num.optional(),
    revokedAt: str.optional(),
    language: z.enum(LOCALES).optional().meta({ description: 'The language of its e-mail as the inviter chose (absent: the inviter’s own).' }),
    mailState: mailState.optional(),
    mailError: str.optional(),
    status: z.enum(['accepted', 'expired', 'pending', 'revoked']),
    mailStatus: mailStatusBadge.optional(), // H6
  });
export const InvitationList = pageOf(invitationRow, 'InvitationList');
export const Invitation = invitationRow.meta({ id: 'Invitation' });

export const InvitationView = z
  .object({
    competitionId: str,
    competitionTitle: str,
    roundName: str,
    roundKind,
    email: str,
    expiresAt: str,
    status: z.enum(['accepted', 'expired', 'pending', 'revoked']),
    sectors: z.array(str),
  })
  .meta({ id: 'InvitationView' });

export const JoinedRound = z.object({ competitionId: str, roundId: str, roundName: str }).meta({ id: 'JoinedRound' });

const conflictRow = z.object({
  submissionId: str,
  reviewerSub: str,
  source: z.enum(CONFLICT_SOURCES),
  reason: str,
  detail: str.optional().meta({ description: 'An automatic conflict’s particular (the shared address or e-mail domain), to say `reason` in another language.' }),
  recordedAt: str.optional().meta({ description: 'When a declared or organiser-entered conflict was recorded.' }),
  submissionTitle: str,
  reviewerEmail: str,
});

const pair = z.object({ submission: str, reviewer: str });
const pairIds = z.object({ submissionId: str, reviewerSub: str });
const shortfallCause = z.enum(['no-reviewers', 'conflicts', 'capacity']);
const shortfall = z.object({
  submission: str,
  missing: num,
  reason: str,
  cause: shortfallCause,
  facts: z
    .object({ cause: shortfallCause, reviewers: num, eligible: num, conflicts: num, others: num, k: num, maxLoad: num.optional() })
    .optional()
    .meta({ id: 'ShortfallFacts', description: 'Why, as numbers (domain/assignment.ts ShortfallFacts), to say `reason` in another language; absent on plans computed before.' }),
});
/** Reviewers whose minimum load no assignment can meet, and why (domain/assignment.ts MinimumShortfall). */
const minimumShortfall = z.object({
  reviewers: z.array(str),
  minimum: num.nullable(),
  needed: num,
  missing: num,
  reason: str,
  detail: str.meta({ description: 'The reason without the reviewers’ ids.' }),
  cause: z.enum(['conflicts', 'demand']),
});
/** What the solver says of a plan beside its pairs (a run's answer and a stored preview's summary). */
const solverFigures = {
  loads: z.record(str, num),
  totalAffinity: num,
  cost: num,
  objective: z.object({ reviews: num, minimums: num.optional(), affinity: num, balance: num, order: z.enum(ASSIGNMENT_OBJECTIVES).optional() }),
  minimumShortfalls: z.array(minimumShortfall).optional(),
  feasible: bool,
  stats: z.object({ rounds: num, phases: num, candidateArcs: num, pricedArcs: num }),
  randomised: z
    .object({
      q: num,
      qFraction: z.object({ a: num, b: num }).meta({ description: 'q as the fraction a/b the flow is scaled by.' }),
      seed: num,
      run: num.optional(),
      maxProbability: num,
      fractionalPairs: num,
      expectedReviews: num,
      expectedAffinity: num,
      deterministicAffinity: num.optional(),
      affinityRatio: num.optional(),
      exact: bool,
      phases: num,
      roundingSteps: num,
    })
    .optional()
    .meta({ description: 'A randomised plan (the round sets `randomise`): the seed it was drawn with (run n of the round), the largest pair probability (≤ q) and the expected affinity against the deterministic optimum.' }),
};

export const AssignmentPlan = z
  .object({
    result: z.object({ pairs: z.array(pair), ...solverFigures, shortfalls: z.array(shortfall) }),
    added: z.array(pairIds),
    removed: z.array(pairIds),
    kept: num,
    reviewers: num,
    submissions: num,
    conflicts: num,
  })
  .meta({ id: 'AssignmentPlan' });

/** A stored assignment preview (use-cases/assignment-preview-job.ts): its summary and one page of its pairs. */
export const AssignmentPreviewPage = z
  .object({
    jobId: str,
    summary: z.object({
      roundId: str,
      submissions: num,
      reviewers: num,
      conflicts: num,
      counts: z.object({ pairs: num, added: num, removed: num, kept: num, items: num }),
      result: z.object({ ...solverFigures, shortfalls: z.array(shortfall), shortfallCount: num }),
      computedAt: str,
    }),
    items: z.array(z.object({ submissionId: str, reviewerSub: str, change: z.enum(['added', 'kept', 'removed']) })),
    nextCursor: str.optional(),
  })
  .meta({ id: 'AssignmentPreviewPage' });

export const ReviewerList = pageOf(
  z.object({
    competitionId: str,
    roundId: str,
    sub: str,
    email: str,
    name: str,
    interests: z.array(str),
    source: z.enum(['entrant', 'invitation']),
    active: bool,
    joinedAt: str,
    assigned: num,
    submitted: num,
  }), 'ReviewerList');

const reviewFields = {
  competitionId: str,
  roundId: str,
  submissionId: str,
  status: z.enum(['assigned', 'draft', 'submitted']),
  origin: z.enum(['solver', 'pinned', 'extra']),
  scores: z.record(str, num),
  comments: z.record(str, str),
  overallComment: str,
  meet: bool,
  assignedAt: str,
  updatedAt: str,
  submittedAt: str.optional(),
  version: num,
};

/** An organiser's exclusion of a review from the ranking (use-cases/moderation.ts), as its reviewer sees it. */
const exclusionFields = {
  reason: str,
  dutyDone: bool.meta({ description: "Whether the reviewer's peer-review duty counts as done." }),
  at: str,
};

/** A reviewer's own review: their private note, never who they are (they know). */
export const MyReview = z
  .object({ ...reviewFields, privateNote: str, exclusion: z.object(exclusionFields).optional().meta({ description: 'Present while the organisers leave this review out of the ranking ("not counted"), with their reason.' }) })
  .meta({ id: 'MyReview' });

/** Organisers see who reviewed, never investors' private notes. */
const roundReview = z.object({
  ...reviewFields,
  reviewerSub: str,
  reviewerEmail: str,
  exclusion: z.object({ ...exclusionFields, by: z.object({ sub: str, email: str }) }).optional().meta({ description: 'Present while the review is left out of the ranking: why, and by which organiser.' }),
});
export const RoundReviewList = pageOf(roundReview, 'RoundReviewList');

/** A review after an organiser excluded or restored it. */
export const ModeratedReview = roundReview.meta({ id: 'ModeratedReview' });

/** The extra review an organiser asked for, and why that reviewer. */
export const ExtraReview = z
  .object({
    review: roundReview,
    affinity: num.meta({ description: "Tags shared by the reviewer's interests and the submission." }),
    load: num.meta({ description: "The reviewer's reviews in the round, this one included." }),
  })
  .meta({ id: 'ExtraReview' });

const figure = num.nullable();
/** Disagreement of each submission's reviews in a round (0–100 review scores). */
export const SpreadList = z
  .object({
    sort: z.enum(['sd', 'range', 'reviews', 'submission']),
    items: z.array(
      z.object({
        submissionId: str,
        title: str,
        reviews: num.meta({ description: 'Reviews that count: submitted, not excluded, every criterion scored.' }),
        excluded: num,
        pending: num,
        mean: figure,
        sd: figure.meta({ description: 'Standard deviation (n − 1) of the counted reviews; null with fewer than 2.' }),
        min: figure,
        max: figure,
        range: figure,
      }),
    ),
    nextCursor: str.optional(),
  })
  .meta({ id: 'SpreadList' });

export const ReviewQueue = items(
  z.object({
    competitionId: str,
    competitionTitle: str,
    competitionPhase: z.enum(STATES),
    competitionPhaseLabel: str,
    roundId: str,
    roundName: str,
    roundKind,
    phase: roundPhase,
    opensAt: str,
    closesAt: str,
    blind: bool,
    done: num,
    total: num,
    /** Expo rounds (no reviews: the judge walks the hall): the web page to judge on. */
    judgePath: str.optional(),
    items: z.array(z.object({ submissionId: str, title: str, status: z.enum(['assigned', 'draft', 'submitted']), updatedAt: str, teamRole: z.enum(['owner', 'editor']).optional().meta({ description: 'Present when the caller reviews as a member of their team (the assignment is the team’s).' }) })),
  }),
).meta({ id: 'ReviewQueue' });

const criterion = z.object({ id: str, name: str, description: str, weight: num, scale: z.object({ min: num, max: num }) });

export const ReviewWorkspace = z
  .object({
    round: z.object({ id: str, name: str, kind: roundKind, blind: bool, rubric: z.array(criterion), phase: roundPhase, opensAt: str, closesAt: str }),
    competition: z.object({ id: str, title: str, phase: z.enum(STATES), phaseLabel: str, content: ContentTranslationsOut.optional().meta({ description: "The competition's texts in other languages: the rubric and the questions as the reviewer reads them." }) }),
    submission: z.object({
      id: str,
      title: str,
      summary: str,
      problem: str,
      solution: str,
      sectors: z.array(str),
      valueChain: z.array(str),
      answers: z.array(z.object({
        question: str,
        answer: str.meta({ description: 'The answer in words, in English.' }),
        questionId: str.optional(),
        type: str.optional().meta({ description: 'The question type, with `value` (not for files): what the web words in the reader\'s language.' }),
        value: z.union([str, z.number(), bool, z.array(str)]).optional(),
        unit: str.optional(),
        file: AnswerFile.optional().meta({ description: 'For a file question: the file, neutrally named in blind rounds, with a download link once verified (or scanned clean).' }) })),
      organisationName: str.optional().meta({ description: 'Absent in blind rounds.' }),
      country: str.optional().meta({ description: 'Absent in blind rounds.' }),
    }),
    pitch: z.object({ durationSeconds: num, width: num.optional(), height: num.optional(), playbackUrl: str }).optional(),
    review: MyReview,
    peerComments: z.array(z.object({ overallComment: str, comments: z.record(str, str) })).optional(),
  })
  .meta({ id: 'ReviewWorkspace' });

// ---- ranking -----------------------------------------------------------------------------------

const roundOutcome = z.object({ roundId: str, reviews: num, rawMean: num, calibratedMean: num, trimmed: bool });
const rankedSubmission = z.object({
  submissionId: str,
  rank: num,
  finalScore: num,
  band: z.object({ low: num, high: num }).meta({ description: "The 95 % interval of the final score, from the calibration model's uncertainty." }),
  rounds: z.array(roundOutcome),
  criteria: z.record(str, z.record(str, num)),
  topK: z
    .object({ k: num, probability: num })
    .optional()
    .meta({ description: 'P(in the top k), k the funding line: the share of seeded draws from the uncertainty in which the submission is among the first k. Absent in rankings stored before it was computed.' }),
  tieBreak: str.optional(),
});
const unranked = z.object({ submissionId: str, reason: str });
const excludedReview = z.object({ roundId: str, reviewerId: str, submissionId: str, reason: str });

/** How a ranking was computed (domain/ranking.ts `RankingRules`); the web words it in the reader's language. */
export const RankingRules = z
  .union([
    z.object({
      method: z.enum(['model', 'z-score']),
      calibration: bool.meta({ description: 'False when reviewer calibration is switched off.' }),
      shrinkage: num.optional().meta({ description: "'z-score' with calibration: κ of the shrinkage." }),
      trimWhenAtLeast: num.nullable().optional().meta({ description: "'z-score': reviews from which the highest and lowest are dropped (null: none is)." }),
      fitted: z
        .array(z.object({ name: str, leniencySd: num, noiseSd: num, weighted: bool }))
        .optional()
        .meta({ description: "'model' with calibration: what it found in each round with reviews (points on 0–100; weighted: reviewers who agree better count more)." }),
      pairwise: z.array(z.object({ name: str, method: str })).meta({ description: 'The counted expo rounds and their pairwise method.' }),
    }),
    z.array(str).meta({ description: 'Rankings stored before 2026-12-03: the rules as English sentences.' }),
  ])
  .meta({ id: 'RankingRules' });

const recomputation = z.object({ jobId: str, state: str, progress: z.object({ done: num, total: num.optional(), step: str.optional() }) }).optional();

export const Ranking = z
  .object({
    ranked: z.array(rankedSubmission),
    unranked: z.array(unranked),
    excludedReviews: z.array(excludedReview),
    rules: RankingRules,
    rounds: z.array(z.object({ id: str, name: str, kind: roundKind, weight: num })),
    submissions: z.record(str, z.object({ title: str, organisationName: str, country: str })),
    tieBreakRules: z.array(str),
    frozen: bool.meta({ description: 'True once results are decided: the stored snapshot, not the live ranking.' }),
    entryCount: num.meta({ description: 'Rows in the whole ranking (ranked and not); this response holds one page of them.' }),
    rankedCount: num,
    nextCursor: str.optional().meta({ description: 'Pass as `cursor` for the next page of rows; absent on the last page.' }),
    inputsVersion: num.meta({ description: 'The counter of changes to what the ranking is computed from.' }),
    computedFromVersion: num.nullable().meta({ description: 'The counter value the rows shown were computed from (null: none computed yet).' }),
    stale: bool.meta({ description: 'True while the rows shown are behind the inputs: a recomputation is due or under way.' }),
    recomputation,
  })
  .meta({ id: 'Ranking' });

// ---- awards ------------------------------------------------------------------------------------

const money = z.number().meta({ description: 'Minor units (cents).' });

export const PrizePlan = z
  .object({
    currency: str,
    totalBudget: money,
    programmeBudget: money,
    minSmeShare: num,
    perThirdPartyCap: money,
    smeOnly: bool,
    rankPrizes: z.array(z.object({ rank: num, amount: money, label: str })),
    lumpSum: z.object({ amount: money, topN: num }).optional(),
    vouchers: z.object({ amount: money, count: num }).optional(),
    categories: z.array(z.object({ id: str, name: str, amount: money, audienceVote: bool.optional() })),
    reserveListLength: num,
  })
  .meta({ id: 'PrizePlan' });

const awardLineFields = {
  submissionId: str,
  organisationKey: str,
  type: awardType,
  amount: money,
  label: str,
  rank: num.optional(),
  categoryId: str.optional(),
};
const awardLine = z.object(awardLineFields);

export const AwardRecord = z
  .object({
    ...awardLineFields,
    key: str,
    slot: str,
    organisationName: str,
    country: str,
    registryId: str,
    isSme: bool,
    confirmedAt: str,
    confirmedBy: str,
  })
  .meta({ id: 'AwardRecord' });

const planTotals = z.object({ committed: money, left: money, toSmes: money, smeShare: num, smeShareHolds: bool, perOrganisation: z.record(str, money) });

export const PrizePlanView = z
  .object({
    plan: PrizePlan,
    categoryPicks: z.array(z.object({ categoryId: str, submissionId: str })),
    awards: z.array(AwardRecord),
    totals: planTotals,
    version: num,
    editable: bool,
    awardsOpen: bool,
  })
  .meta({ id: 'PrizePlanView' });

const named = { title: str, organisationName: str };
/** What a proposal's note names (shared/award-notes.ts): amounts in minor units of the plan's currency, shares as fractions. */
const noteParams = z
  .record(z.string(), z.union([z.string(), z.number()]))
  .meta({ description: "The facts `message` or `reason` names (amounts in minor units of the plan's currency, shares as fractions), to say it in another language." });

export const Proposal = z
  .object({
    lines: z.array(z.object({ ...awardLineFields, ...named, confirmed: bool })),
    reserve: z.array(z.object({ submissionId: str, rank: num, ...named })),
    skipped: z.array(z.object({ submissionId: str, reason: str, code: z.enum(['ineligible', 'capReached']), params: noteParams, ...named })),
    totals: planTotals,
    warnings: z.array(z.object({ code: z.enum(Object.keys(AWARD_NOTES) as [AwardNoteCode, ...AwardNoteCode[]]), message: str, params: noteParams })),
  })
  .meta({ id: 'Proposal' });

export const ConfirmOutcomes = z
  .object({
    results: z.array(
      z.union([
        z.object({ key: str, status: z.enum(['confirmed', 'already-confirmed']) }),
        z.object({
          key: str,
          status: z.literal('refused'),
          code: str,
          reason: str,
          params: z
            .record(z.string(), z.union([z.string(), z.number()]))
            .optional()
            .meta({ description: 'The facts `reason` names (amounts in minor units with `currency`, names, counts), to say it in another language.' }),
        }),
      ]),
    ),
  })
  .meta({ id: 'ConfirmOutcomes' });

export const Withdrawal = z
  .object({
    withdrawn: AwardRecord,
    nextReserve: z
      .union([
        z.object({ submissionId: str, ...named, type: awardType, amount: money }),
        z.object({ submissionId: str, rank: num, ...named }),
      ])
      .nullable(),
    proposal: Proposal,
  })
  .meta({ id: 'Withdrawal' });

// ---- results -----------------------------------------------------------------------------------

const checklistProblem = z.object({
  code: str,
  message: str.meta({ description: 'In English; the web words it from `code` and `params` in the reader\'s language.' }),
  params: z.record(str, z.union([str, z.number()])),
  rounds: z.array(z.object({ name: str, count: z.number(), titles: z.array(str).optional() })).optional(),
});

export const PublicationChecklist = z
  .object({
    state: z.enum(STATES),
    allowed: bool,
    problems: z.array(checklistProblem),
    warnings: z.array(checklistProblem),
    needsOverride: bool,
    rounds: z.array(z.object({ id: str, name: str, phase: roundPhase, closesAt: str, reviews: num, submitted: num })),
    underReviewed: z.array(z.object({ submissionId: str, title: str, roundName: str, reviews: num, wanted: num })),
    underReviewedCount: num,
    awards: z.object({ confirmed: num, proposal: z.object({ proposed: num, confirmed: num, differs: bool }).optional() }),
    budget: z.object({ currency: str, total: money, committed: money, left: money, smeShare: num, minSmeShare: num, smeShareHolds: bool }).optional(),
    recipients: z.object({ told: num, notTold: num }),
    // issue 12 (H10): expo teams no judge compared
    expoUnseen: z
      .array(z.object({ submissionId: str, title: str, roundId: str, roundName: str }))
      .meta({ description: 'The first 100 submitted entries no judge compared in an expo round (they get no score in it); `expoUnseenCount` counts them all.' }),
    expoUnseenCount: num,
    resultsDate: str,
    ranking: z
      .object({ inputsVersion: num, computedFromVersion: num.nullable(), stale: bool, recomputation })
      .meta({ description: 'How current the figures are: they come with the live ranking, and are behind it while `stale` (a recomputation is under way).' }),
  })
  .meta({ id: 'PublicationChecklist' });


const shownAward = z.object({ type: awardType, label: str.meta({ description: 'As people are shown it, e.g. "2nd prize (ranked 3rd)".' }), amount: money });

export const PublicResults = z
  .object({
    competitionId: str,
    title: str,
    published: bool,
    frozen: bool,
    publishedAt: str.optional(),
    amendedAt: str.optional(),
    amendments: z.array(z.object({ at: str, reason: str })),
    currency: str,
    winners: z.array(z.object({ submissionId: str, title: str, organisationName: str, country: str, rank: num.optional(), total: money, awards: z.array(shownAward) })),
  })
  .meta({ id: 'PublicResults' });

export const MyOutcome = z
  .object({
    submissionId: str.optional(),
    submitted: bool,
    rank: num.optional(),
    of: num.optional(),
    awarded: bool,
    total: money,
    currency: str,
    awards: z.array(shownAward),
    feedbackAvailable: bool,
    amendedAt: str.optional(),
  })
  .meta({ id: 'MyOutcome' });

export const FeedbackReport = z
  .object({
    competitionId: str,
    competitionTitle: str,
    submissionId: str,
    frozen: bool,
    finalScore: num.nullable(),
    band: z.object({ low: num, high: num }).nullable(),
    rank: num.nullable(),
    rankBand: str.nullable(),
    unrankedReason: str.nullable(),
    rounds: z.array(roundOutcome.extend({ roundName: str })),
    criteria: z.array(z.object({ roundId: str, roundName: str, criterionId: str, name: str, score: num.nullable(), percentile: num.nullable() })),
    comments: z.array(z.object({ roundName: str, kind: roundKind, overall: str, criteria: z.array(z.object({ name: str, comment: str })) })),
    method: RankingRules,
  })
  .meta({ id: 'FeedbackReport' });

export const Matches = z
  .object({
    available: bool,
    matches: z.array(
      z.union([
        z.object({ with: z.literal('team'), submissionId: str, title: str, organisationName: str, contact: str, team: z.array(TeamMember) }),
        z.object({ with: z.literal('investor'), submissionId: str, investorEmail: str }),
      ]),
    ),
  })
  .meta({ id: 'Matches' });

export const Notifications = pageOf(
  z.object({ userSub: str, id: str, at: str, competitionId: str, subject: str, body: str, link: str, readAt: str.optional() }), 'Notifications');

export const Outbox = items(z.object({ competitionId: str, to: str, subject: str, text: str, html: str.optional(), at: str, id: str, mailStatus: mailStatusBadge.optional() })).meta({ id: 'Outbox' });

// ---- the results package -------------------------------------------------------------------------

const rubricCriterion = z.object({ id: str, weight: num, scale: z.object({ min: num, max: num }) });

export const ResultsPackage = z
  .object({
    format: z.literal('podium-results/1'),
    competition: z.object({ id: str, title: str, resultsPublishedAt: str.optional(), resultsVersion: num.optional() }),
    generatedAt: str,
    rankingInput: z.object({
      rounds: z.array(
        z.object({
          id: str,
          name: str,
          weight: num,
          rubric: z.array(rubricCriterion),
          pairwise: z
            .object({ method: str, description: str.optional(), scores: z.array(z.object({ submissionId: str, score: num, se: num, comparisons: num })) })
            .optional()
            .meta({ description: "An expo round: its scores as ranked from the judges' votes (0–100, with standard errors), in place of reviews." }),
        }),
      ),
      reviews: z.array(z.object({ roundId: str, reviewerId: str, submissionId: str, scores: z.record(str, num) })),
      submissions: z.array(z.object({ id: str, submittedAt: str })),
      options: z.object({ shrinkage: num.optional(), trimWhenAtLeast: num.optional() }).optional(),
    }),
    ranking: z.object({ ranked: z.array(rankedSubmission), unranked: z.array(unranked) }),
    plan: PrizePlan.optional(),
    candidates: z.array(z.object({ submissionId: str, organisationKey: str, isSme: bool, eligible: bool, ineligibleReason: str.optional() })),
    awards: z.array(awardLine),
    audit: z.object({ scheme: z.literal('podium-audit-digest/2').optional(), entries: num, upTo: str, digest: str }),
  })
  .meta({ id: 'ResultsPackage' });


// ---- jobs ----------------------------------------------------------------------------------------

export const Job = z
  .object({
    id: z.string(),
    competitionId: z.string(),
    kind: z.string().meta({ examples: ['export'] }),
    params: z
      .object({
        file: z.enum(EXPORT_FILES).optional(),
        filter: z.object({ status: z.enum(SUBMISSION_STATUSES).optional(), sector: z.string().optional(), q: z.string().optional() }).optional(),
        roundId: z.string().optional().meta({ description: 'The round (an assignment).' }),
        what: z.enum(['results', 'feedback']).optional().meta({ description: 'What entrants are told (notifications).' }),
        version: z.number().optional().meta({ description: 'The results version announced (notifications of results).' }),
        action: z.enum(['retention-erase']).optional().meta({ description: 'A personal-data job of the competition: the scheduler’s erasure at the end of its retention period (issue 14).' }),
        language: z.string().optional().meta({ description: 'Automatic captions: the language asked for, or `auto` (issue 14 §4).' }),
      })
      .meta({ description: 'What the job was started with (an export: `{ file, filter? }`; an assignment: `{ roundId }`; notifications: `{ what, version? }`).' }),
    state: z.enum(JOB_STATES),
    progress: z
      .object({ done: z.number(), total: z.number().optional().meta({ description: 'Absent while not known yet.' }), step: z.string().optional() })
      .meta({ description: '`done` of `total` items; written about once a second while the job runs.' }),
    attempts: z.number().meta({ description: 'Runs started: retries after a failure and continuations included.' }),
    error: z.object({ code: z.string(), message: z.string() }).optional().meta({ description: 'Why it failed, or why the last attempt failed while a retry is queued.' }),
    result: z
      .object({
        rows: z.number().optional().meta({ description: 'Rows written (exports), items handled (other jobs).' }),
        bytes: z.number().optional().meta({ description: "The file's size (exports)." }),
        counts: z.record(z.string(), z.number()).optional().meta({ description: 'What the job counted (assignment: added, removed, kept, shortfalls, and for a randomised round the `seed` and `run` it was drawn with; notifications: emails).' }),
      })
      .optional()
      .meta({ description: 'What a succeeded job made.' }),
    requestedBy: z.object({ sub: z.string(), email: z.string() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    downloadUrl: z.string().optional().meta({ description: 'Once succeeded, for a job that made a file: downloads it, for a few minutes (ask again for a fresh link).' }),
    downloadName: z.string().optional(),
    downloadExpiresAt: z.string().optional(),
  })
  .meta({ id: 'Job' });

// ---- lists and small answers -----------------------------------------------------------------

export const CompetitionPage = pageOf(Competition, 'CompetitionPage');
export const SubmissionPage = pageOf(Submission, 'SubmissionPage');
export const AuditPage = pageOf(AuditEntry, 'AuditPage');
export const JobPage = pageOf(Job, 'JobPage');

/** Publishing answers at once: the competition (its `publishing` names the job) and the job that stores the snapshot. */
export const PublicationStarted = z.object({ competition: Competition, job: Job }).meta({ id: 'PublicationStarted' });

/** A page of a round's conflicts (after Job: it may carry the refresh job). */
export const ConflictList = z
  .object({
    items: z.array(conflictRow),
    nextCursor: z.string().optional(),
    stale: bool.meta({ description: 'True while the automatic conflicts shown are behind their inputs (entries, registrations, reviewers): they are being worked out again (`refresh`). Declared and organiser-entered ones are always current.' }),
    refresh: Job.optional().meta({ description: 'The job working the automatic conflicts out again, while `stale`.' }),
  })
  .meta({ id: 'ConflictList' });
export const CompetitionList = z.object({ items: z.array(Competition) }).meta({ id: 'CompetitionList' });
/** "My competitions" (use-cases/read-competitions.ts listMyCompetitions). */
export const MyCompetition = Competition.extend({
  programme: z
    .object({ id: z.string(), name: z.string(), myRole: z.enum(PROGRAMME_ROLES) })
    .optional()
    .meta({ description: "The programme this competition is a call of and the caller's role in it, when they have one (the label the page shows)." }),
}).meta({ id: 'MyCompetition' });
export const MyCompetitionPage = pageOf(MyCompetition, 'MyCompetitionPage');
export const MySubmissionList = z.object({ items: z.array(MySubmission) }).meta({ id: 'MySubmissionList' });
export const RoundList = z.object({ items: z.array(Round) }).meta({ id: 'RoundList' });
export const AuditTrail = z.object({ items: z.array(AuditEntry) }).meta({ id: 'AuditTrail' });
export const MeetingOptIn = z.object({ open: z.boolean() }).meta({ id: 'MeetingOptIn' });
export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });


/** An impartial peer round's shortlist (use-cases/peer-selection.ts): every entrant, selected or not, a page at a time. */
export const ImpartialShortlist = z
  .object({
    roundId: str,
    k: num.meta({ description: 'Places to fill; exactly this many are selected (all entrants when there are fewer).' }),
    clusters: num.meta({ description: 'Clusters used (may be fewer than asked when k is large).' }),
    entrantCount: num,
    selectedCount: num,
    ignoredReviews: num.meta({ description: "Reviews that counted for nothing: of the reviewer's own cluster (an assignment made before the clusters) or own submission." }),
    clusterOutcomes: z.array(
      z.object({
        cluster: num,
        size: num,
        quota: num.meta({ description: 'k × the dollars the cluster received from other clusters ÷ all dollars handed out.' }),
        places: num.meta({ description: 'Places it got: the quota rounded down or up by the seeded draw.' }),
      }),
    ),
    items: z.array(
      z.object({
        submissionId: str,
        title: str,
        organisationName: str,
        cluster: num,
        position: num.meta({ description: '1 = first in its cluster.' }),
        merit: num.nullable().meta({ description: 'Mean of (score − the reviewer’s own mean score) from reviewers in other clusters, points of 100 (0 = as good as the reviewer’s average); null when none reviewed it.' }),
        dollars: num,
        reviews: num,
        selected: bool,
        chance: num.meta({ description: 'Chance of selection over the draw, which no review of its own team can change.' }),
      }),
    ),
    nextCursor: str.optional(),
  })
  .meta({ id: 'ImpartialShortlist' });

/** Per reviewer of a round, distance from the consensus on the same submissions (shown, never acted on). */
export const ReviewerConsensusList = z
  .object({
    roundId: str,
    farFromConsensus: num.meta({ description: 'Points of 100 that count as far from the consensus in the flags.' }),
    items: z.array(
      z.object({
        reviewerSub: str,
        reviewerEmail: str,
        reviews: num,
        n: num.meta({ description: 'Reviews compared: of submissions someone else reviewed too.' }),
        meanSigned: num.nullable().meta({ description: "Mean of (their score − the other reviewers' mean), in points of 100; negative = harsher." }),
        meanAbsolute: num.nullable(),
        flags: z.array(str),
        flagCodes: z.array(z.enum(CONSENSUS_FLAGS)).meta({ description: 'The flags as stable codes, in the same order, for wording them in other languages.' }),
      }),
    ),
    nextCursor: str.optional(),
  })
  .meta({ id: 'ReviewerConsensusList' });

// ---- expo rounds (routes/expo.ts) ------------------------------------------------------------------

export const ExpoProject = z
  .object({
    submissionId: str,
    title: str,
    table: str.meta({ description: 'Where to go: "Go to table 14".' }),
    zone: str.optional(),
    note: str.meta({ description: "The judge's own note on this team ('' when none)." }),
  })
  .meta({ id: 'ExpoProject' });
export const ExpoJudgeView = z
  .object({
    round: z.object({
      id: str,
      name: str,
      opensAt: str,
      closesAt: str,
      phase: z.enum(['upcoming', 'open', 'closed']),
      criteria: z.array(z.object({ id: str, name: str })).meta({ description: 'The criteria to compare on (empty unless the round compares criteria).' }),
      undoSeconds: num,
    }),
    current: ExpoProject.optional().meta({ description: 'The table the judge was sent to.' }),
    previous: ExpoProject.optional().meta({ description: 'The team the current one is compared with.' }),
    seen: num,
    left: num.meta({ description: 'Teams still to see (not absent, not skipped recently).' }),
    leftNearby: num.meta({ description: 'Of those, the ones a few tables away.' }),
    lastVote: z.object({ voteId: str, undoUntil: str }).optional().meta({ description: 'The last vote, while it may be taken back.' }),
    done: z.boolean().meta({ description: 'Every present team has been seen.' }),
    message: str.optional().meta({ description: 'In English; the web words `messageCode` (with `messageAt`, a time it names) in the judge\'s language.' }),
    messageCode: z.enum(JUDGE_MESSAGE_CODES).optional(),
    messageAt: str.optional(),
  })
  .meta({ id: 'ExpoJudgeView' });
const expoTable = z.object({ submissionId: str, table: str, position: num, zone: str.optional(), absent: z.boolean() });
export const ExpoTable = expoTable.meta({ id: 'ExpoTable' });
export const ExpoTablePage = z
  .object({ items: z.array(expoTable.extend({ title: str })), cursor: str.optional(), nextCursor: str.optional() })
  .meta({ id: 'ExpoTablePage' });
export const ExpoTablesUpdated = z.object({ updated: num }).meta({ id: 'ExpoTablesUpdated' });
export const ExpoNote = z.object({ submissionId: str, text: str, updatedAt: str }).meta({ id: 'ExpoNote' });
export const ExpoLive = z
  .object({
    method: z.enum(PAIRWISE_METHODS),
    votes: num.meta({ description: 'Counted votes (taken-back ones left out).' }),
    // issue 12 bench (H8): the minimum the selection applies, the round's as far as the vote budget allows
    minVisits: num.meta({ description: "Visits every team gets before any gets more: the round's minimum, lowered to what its judges' time allows (a third of judges × window ÷ 5 minutes, spread over the teams; at least 1)." }),
    updatedAt: str,
    judges: z.array(
      z.object({
        sub: str,
        name: str,
        seen: num,
        votes: num,
        skips: num,
        lastAt: str.optional(),
        current: str.optional().meta({ description: 'The team the judge was sent to and has not judged yet.' }),
        alpha: num.optional(),
        beta: num.optional(),
        agreement: num.optional().meta({ description: "Share of the judge's votes that agree with the ranking." }),
      }),
    ),
    teams: z.array(
      z.object({
        submissionId: str,
        title: str,
        table: str,
        zone: str.optional(),
        absent: z.boolean(),
        visits: num,
        votes: num,
        score: num.meta({ description: '0–100: what the round contributes to the final score.' }),
        low: num.meta({ description: 'The score’s 95 % interval, low end.' }),
        high: num,
        rank: num,
      }),
    ),
    // issue 12 (H10): per-criterion standings
    criteria: z
      .array(
        z.object({
          id: str,
          name: str,
          votes: num.meta({ description: 'Counted votes that named a winner on this criterion.' }),
          standings: z.array(z.object({ submissionId: str, rank: num, votes: num, score: num, low: num, high: num })),
        }),
      )
      .meta({ description: "Where the round compares criteria: each criterion of the rubric ranked with the round's method on its own votes alone (empty otherwise)." }),
    unseen: z.array(str).meta({ description: 'Present teams no judge has seen yet.' }),
  })
  .meta({ id: 'ExpoLive' });

// ---- the audience vote (routes/votes.ts) ---------------------------------------------------------

const VOTE_PHASES = ['upcoming', 'open', 'closed'] as const;
const audienceVoteFields = {
  opensAt: str,
  closesAt: str,
  maxChoices: z.number().int(),
  liveCounts: z.boolean(),
  version: z.number().int(),
  updatedAt: str,
  phase: z.enum(VOTE_PHASES),
  method: str.meta({ description: 'The published method: who may vote, the limits, the flags, how voided ballots are handled.' }),
  finalisedAt: str.optional().meta({ description: 'When the closed vote was counted from its ballots and its network hashes deleted.' }),
};
export const AudienceVoteSettings = z.object(audienceVoteFields).meta({ id: 'AudienceVoteSettings' });
export const AudienceVote = z
  .object({
    ...audienceVoteFields,
    myBallot: z.object({ choices: z.array(str), updatedAt: str }).optional(),
    canVote: z.boolean(),
    cannotVoteReason: str.optional(),
  })
  .meta({ id: 'AudienceVote' });
export const AudienceCandidates = z
  .object({
    items: z.array(z.object({ submissionId: str, title: str, organisationName: str, summary: str })),
    cursor: str.optional(),
    nextCursor: str.optional(),
  })
  .meta({ id: 'AudienceCandidates' });
export const MyBallot = z.object({ choices: z.array(str), updatedAt: str }).meta({ id: 'MyBallot' });
export const AudienceResults = z
  .object({
    phase: z.enum(VOTE_PHASES),
    final: z.boolean().meta({ description: 'The counts were recomputed from the ballots after the close.' }),
    ballots: z.number().int().meta({ description: 'Ballots counted (voided ones left out).' }),
    voided: z.number().int(),
    items: z.array(z.object({ submissionId: str, title: str, votes: z.number().int(), rank: z.number().int() })),
  })
  .meta({ id: 'AudienceResults' });
const reviewedBallot = z.object({
  ballotId: str,
  voter: str.meta({ description: 'A pseudonym; the account is never shown.' }),
  choices: z.array(str),
  createdAt: str,
  updatedAt: str,
  flags: z.array(z.enum(['burst', 'new-account-cluster'])),
  voided: z.object({ reason: str, at: str, by: str }).optional(),
});
export const ReviewedBallot = reviewedBallot.meta({ id: 'ReviewedBallot' });
export const BallotReviewPage = z.object({ items: z.array(reviewedBallot), cursor: str.optional(), nextCursor: str.optional() }).meta({ id: 'BallotReviewPage' });

// ---- message templates (issue 13, H5: routes/messages.ts) ----
const messageTemplateView = z.object({
  kind: z.enum(COMPETITION_MESSAGE_KINDS),
  language: z.enum(LOCALES).meta({ description: 'The language of this template and its default.' }),
  label: str,
  subject: str,
  body: str,
  fields: z.array(str).meta({ description: 'The merge fields this kind offers, as `{{name}}`.' }),
  custom: bool.meta({ description: "The competition's own template (else the default)." }),
  version: num.meta({ description: 'Send it back when saving or resetting (0: the default).' }),
  updatedAt: str.optional(),
  updatedBy: str.optional(),
  default: z.object({ subject: str, body: str }),
});
export const MessageTemplate = messageTemplateView.meta({ id: 'MessageTemplate' });
/** Issue 13: one address's mail status after an organiser cleared its suppression. */
export const MailStatusView = z
  .object({
    address: str,
    mailStatus: mailStatusBadge.optional(),
    suppressed: z.object({ reason: z.enum(['permanent-bounce', 'complaint', 'transient-bounces']), at: str, until: str.optional() }).optional().meta({ description: 'Present while mail to the address is held back (absent after clearing).' }),
    bounces: num,
    complaints: num,
    clearedAt: str.optional(),
  })
  .meta({ id: 'MailStatusView' });
export const MessageTemplateList = items(messageTemplateView).meta({ id: 'MessageTemplateList' });
export const MessagePreview = z
  .object({
    kind: z.enum(COMPETITION_MESSAGE_KINDS),
    language: z.enum(LOCALES),
    subject: str,
    text: str.meta({ description: 'The plain-text part (always sent).' }),
    html: str.meta({ description: 'The HTML part (a fragment; merge values escaped).' }),
    fields: z.array(z.object({ name: str, value: str, source: z.enum(['competition', 'sample']) })),
    problems: z.record(str, str).meta({ description: 'What a save of this text would refuse, by field (`subject`, `body`).' }),
  })
  .meta({ id: 'MessagePreview' });


// ---- organiser dashboard (H7, use-cases/dashboard.ts) -----------------------------------------
const dashboardCounts = {
  registered: num.meta({ description: 'Organisations registered.' }),
  drafts: num.meta({ description: 'Entries in draft.' }),
  submitted: num.meta({ description: 'Entries submitted (and not withdrawn).' }),
  withdrawn: num.meta({ description: 'Entries withdrawn.' }),
  pitchesReady: num.meta({ description: 'Entries with a verified pitch video.' }),
  pitchesRejected: num.meta({ description: 'Uploads the server rejected (each one).' }),
};
const daily = z.array(num);
export const Dashboard = z
  .object({
    competitionId: str,
    title: str,
    timeZone: str,
    today: str.meta({ description: "Today (yyyy-mm-dd) on the competition's wall clock." }),
    totals: z.object(dashboardCounts),
    rounds: z.array(
      z.object({
        roundId: str,
        name: str,
        kind: roundKind,
        opensAt: str,
        closesAt: str,
        assigned: num,
        done: num,
        pending: num,
        reviewers: num.nullable().meta({ description: 'Reviewers with a review assigned; null for a round whose reviewer loads were never counted.' }),
        reviewersWithNoneDone: num.nullable(),
      }),
    ),
    series: z
      .object({
        from: str,
        to: str,
        days: z.array(str).meta({ description: 'Every day from `from` to `to` (at most 400), in the competition’s zone.' }),
        counts: z.object(Object.fromEntries(Object.keys(dashboardCounts).map((k) => [k, daily])) as Record<keyof typeof dashboardCounts, typeof daily>),
        rounds: z.array(z.object({ roundId: str, done: daily, pending: daily })),
      })
      .meta({ description: 'Each figure at the end of each day (the arrays run along `days`).' }),
    recount: z.object({ recountedAt: str, jobId: str }).optional().meta({ description: 'The last recount of the counters from the stored items.' }),
  })
  .meta({ id: 'Dashboard' });

// ---- programmes (routes/programmes.ts, H1) -------------------------------------------------------
const programmeRole = z.enum(PROGRAMME_ROLES);
const invitationState = z.enum(['pending', 'accepted', 'expired', 'revoked']);
const partner = z.object({ id: str, name: str, country: str, contactName: str, contactEmail: str });
export const Programme = z
  .object({
    id: str,
    name: str,
    description: str,
    coordinatorPartnerId: str,
    partners: z.array(partner),
    totalBudget: num.meta({ description: 'Minor units (cents), as prize plans and awards.' }),
    minSmeShare: num,
    thirdPartyCap: num.meta({ description: 'Minor units (cents), per third party across all calls.' }),
    currency: str,
    period: z.object({ start: str, end: str }),
    createdBy: str,
    createdAt: str,
    updatedAt: str,
    version: num,
    myRole: programmeRole.meta({ description: "The caller's role in the programme." }),
  })
  .meta({ id: 'Programme' });
export const ProgrammeList = items(Programme).meta({ id: 'ProgrammeList' });
const programmePerson = z.object({ programmeId: str, userSub: str, userEmail: str, role: programmeRole, partnerId: str.optional(), partnerName: str.optional(), addedAt: str, addedBy: str, mailStatus: mailStatusBadge.optional() });
export const ProgrammePerson = programmePerson.meta({ id: 'ProgrammePerson' });
export const ProgrammePeople = pageOf(programmePerson, 'ProgrammePeople');
export const SentProgrammeInvitation = z
  .object({
    id: str,
    email: str,
    role: programmeRole,
    partnerId: str.optional(),
    link: str.meta({ description: 'The link to pass on by hand if the mail does not arrive; shown once.' }),
    expiresAt: str,
    sent: bool.meta({ description: 'Whether the e-mail went out; if not, `mailState` and `mailError` say why (the link works all the same).' }),
    mailState: mailState.optional(),
    mailError: str.optional(),
  })
  .meta({ id: 'SentProgrammeInvitation' });
const invitationRecord = {
  id: str,
  email: str,
  invitedBy: z.object({ sub: str, email: str }),
  createdAt: str,
  expiresAt: str,
  acceptedBy: str.optional(),
  acceptedAt: str.optional(),
  revokedAt: str.optional(),
  replacedBy: str.optional().meta({ description: 'The id of the invitation that replaced this one (resent).' }),
  language: z.enum(LOCALES).optional().meta({ description: 'The language of its e-mail as the inviter chose (absent: the inviter’s own).' }),
  status: invitationState,
  mailState: mailState.optional(),
  mailError: str.optional(),
  mailStatus: mailStatusBadge.optional(),
};
export const ProgrammeInvitationList = pageOf(z.object({ programmeId: str, role: programmeRole, partnerId: str.optional(), ...invitationRecord }), 'ProgrammeInvitationList');
export const ProgrammeInvitationView = z
  .object({ programmeId: str, programmeName: str, email: str, role: programmeRole, roleLabel: str, partnerName: str.optional(), invitedBy: str, expiresAt: str, status: invitationState })
  .meta({ id: 'ProgrammeInvitationView' });
export const JoinedProgramme = z.object({ programmeId: str, role: programmeRole }).meta({ id: 'JoinedProgramme' });
const programmeCall = z.object({
  competitionId: str,
  title: str,
  partnerId: str.optional(),
  partnerName: str.optional(),
  addedAt: str,
  status: z.enum(['draft', 'published']).optional(),
  submissionsOpen: str.optional(),
  submissionsClose: str.optional(),
  timeZone: str.optional(),
});
export const ProgrammeCall = programmeCall.meta({ id: 'ProgrammeCall' });
export const ProgrammeCallList = items(programmeCall).meta({ id: 'ProgrammeCallList' });
export const Organisers = items(z.object({ userSub: str, email: str, mailStatus: mailStatusBadge.optional() })).meta({ id: 'Organisers' });
export const SentOrganiserInvitation = z.object({ id: str, email: str, link: str, expiresAt: str, sent: bool, mailState: mailState.optional(), mailError: str.optional() }).meta({ id: 'SentOrganiserInvitation' });
export const OrganiserInvitationList = pageOf(z.object({ competitionId: str, ...invitationRecord }), 'OrganiserInvitationList');
export const OrganiserInvitationView = z
  .object({ competitionId: str, competitionTitle: str, email: str, invitedBy: str, expiresAt: str, status: invitationState })
  .meta({ id: 'OrganiserInvitationView' });
export const JoinedAsOrganiser = z.object({ competitionId: str }).meta({ id: 'JoinedAsOrganiser' });

// ---- entrant teams (H4, issue 13 §3) ------------------------------------------------------------
const teamRole = z.enum(['owner', 'editor', 'viewer']);
const teamInvitation = z.object({
  id: str.meta({ description: 'The invitation (not its link, which only the e-mail and the answer to inviting carry).' }),
  email: str,
  role: z.enum(['editor', 'viewer']),
  createdAt: str,
  expiresAt: str,
  language: z.enum(LOCALES).optional(),
  status: z.enum(['pending', 'expired']),
  mailState: mailState.optional(),
  mailError: str.optional(),
  mailStatus: mailStatusBadge.optional(),
});
export const TeamView = z
  .object({
    competitionId: str,
    organisationName: str,
    myRole: teamRole,
    members: z.array(z.object({ sub: str, email: str, name: str, role: teamRole, since: str, you: bool, mailStatus: mailStatusBadge.optional() })),
    invitations: z.array(teamInvitation).meta({ description: 'Pending and expired invitations: the owner sees them, members an empty list.' }),
    seats: z.object({ used: num, max: num }),
  })
  .meta({ id: 'TeamView' });
export const TeamInvitationSent = z
  .object({
    invitation: teamInvitation,
    link: str.meta({ description: 'The link the e-mail carries, to copy where mail does not arrive (shown once: only its hash is stored).' }),
    sent: bool.meta({ description: 'Whether the e-mail went out; when not, `mailState` and `mailError` say why and the link is to be sent by hand.' }),
    mailState: mailState.optional(),
    mailError: str.optional(),
  })
  .meta({ id: 'TeamInvitationSent' });
export const TeamInvitationDescription = z
  .object({
    competitionId: str,
    competitionTitle: str,
    organisationName: str,
    email: str,
    role: z.enum(['editor', 'viewer']),
    expiresAt: str,
    status: z.enum(['pending', 'accepted', 'expired', 'revoked']),
  })
  .meta({ id: 'TeamInvitationDescription' });
export const TeamJoined = z.object({ competitionId: str, role: z.enum(['editor', 'viewer']) }).meta({ id: 'TeamJoined' });

// ---- reminders (H6, issue 13 §4) ----------------------------------------------------------------
export const ReminderList = items(
  z.object({
    kind: z.enum(['reminder-draft', 'reminder-review', 'reminder-invitation']),
    label: str,
    what: str.meta({ description: 'What the reminder says.' }),
    when: str.meta({ description: 'When it is sent.' }),
    to: str.meta({ description: 'Who gets it.' }),
    enabled: bool,
    sent: num.meta({ description: 'How many went out so far (e-mails).' }),
  }),
).meta({ id: 'ReminderList' });

// ---- programme ledger (routes/programme-ledger.ts, H3): amounts in minor units (cents) ----
export const ProgrammeLimits = z
  .object({
    currency: str,
    totalBudget: num.meta({ description: 'Minor units (cents), as the programme’s own fields.' }),
    thirdPartyCap: num.meta({ description: 'Minor units (cents), per third party across all calls.' }),
    minSmeShare: num,
    version: num.meta({ description: 'The limits version: send it back with a change.' }),
    committed: num.meta({ description: 'Minor units (cents) committed by the calls so far.' }),
    currencyLocked: str.optional().meta({ description: 'Why the programme’s currency can no longer change (awards are confirmed in it); absent while it can. Only on GET.' }),
  })
  .meta({ id: 'ProgrammeLimits' });
const spendingLine = z.object({ id: str, label: str, category: z.enum(['services', 'events', 'other']), amount: num.meta({ description: 'Minor units (cents).' }), date: str, updatedAt: str, updatedBy: str, version: num });
export const SpendingLine = spendingLine.meta({ id: 'SpendingLine' });
export const SpendingList = z.object({ items: z.array(spendingLine), total: num }).meta({ id: 'SpendingList' });
const programmeRecipient = z.object({
  organisationKey: str,
  organisationName: str,
  registryId: str,
  country: str,
  sectors: z.array(str),
  isSme: z.boolean(),
  total: num.meta({ description: 'Minor units received across the programme’s calls.' }),
  awards: num,
});
export const ProgrammeRecipientPage = pageOf(programmeRecipient, 'ProgrammeRecipientPage');
const supportGroup = z.object({ key: str, smes: num, amount: num });
export const ProgrammeDashboard = z
  .object({
    programmeId: str,
    programmeName: str,
    myRole: z.enum(PROGRAMME_ROLES),
    currency: str,
    limits: z.object({ budget: num, thirdPartyCap: num, minSmeShare: num, limitsVersion: num }).meta({ description: 'Minor units (cents).' }),
    committed: num,
    left: num,
    smeCommitted: num,
    otherSpending: num.meta({ description: 'Non-SME spending (services, events) entered by the coordinator.' }),
    smeShareOfBudget: num,
    smeShareOfSpent: num.meta({ description: 'SME awards ÷ (awards + non-SME spending).' }),
    smeShareHolds: z.boolean(),
    smeShortfall: num,
    calls: z.array(z.object({ competitionId: str, title: str, partnerId: str.optional(), partnerName: str.optional(), planBudget: num, committed: num })),
    topRecipients: z.array(programmeRecipient.extend({ capLeft: num, atCap: z.boolean() })),
    recipients: num,
    byCountry: z.array(supportGroup),
    bySector: z.array(supportGroup),
    inFlight: num,
    spending: z.array(spendingLine),
  })
  .meta({ id: 'ProgrammeDashboard' });
export const ProgrammeJob = Job.extend({
  params: z.object({ file: z.enum(['recipients.csv', 'calls.csv', 'spending.csv']).optional() }).meta({ description: 'A programme export: `{ file }`.' }),
}).meta({ id: 'ProgrammeJob' });

// ---- GDPR (issue 14 §2, routes/personal-data.ts) ---------------------------------------------
export const PrivacyNotice = z
  .object({ version: str, effective: str, language: z.enum(LOCALES), title: str, sections: z.array(z.object({ heading: str, paragraphs: z.array(str) })) })
  .meta({ id: 'PrivacyNotice', description: 'In the language asked for (`language`), else the best match of Accept-Language; one version in every language.' });
export const RecordsOfProcessing = z
  .object({
    version: str,
    language: z.enum(LOCALES),
    records: z.array(z.object({ id: str, data: str, subjects: str, purpose: str, retention: str, recipients: str, storage: str })),
  })
  .meta({ id: 'RecordsOfProcessing', description: 'In the language asked for (`language`), else the best match of Accept-Language.' });
const consent = z.object({
  scope: z.union([z.object({ kind: z.literal('platform') }), z.object({ kind: z.literal('competition'), competitionId: str })]),
  noticeVersion: str,
  purposesVersion: num.optional(),
  acceptedAt: str,
});
const keptBecause = z.enum(['awarded']).optional().meta({ description: 'Why data was kept (`reason` says it in English): `awarded`, the funder’s retention of awarded organisations.' });
const erasureOutcome = z.object({ competitionId: str, title: str, outcome: z.enum(['erased', 'kept']), keptUntil: str.optional(), keptBecause, reason: str.optional() });
export const ErasureRequest = z
  .object({ sub: str, pseudonym: str, requestedAt: str, state: z.enum(['requested', 'done']), jobId: str, outcomes: z.array(erasureOutcome), finishedAt: str.optional() })
  .meta({ id: 'ErasureRequest' });
export const MyPrivacy = z
  .object({
    noticeVersion: str.meta({ description: 'The current platform notice.' }),
    accepted: bool.meta({ description: 'Whether the caller accepted the current platform notice.' }),
    acceptedAt: str.optional(),
    consents: z.array(consent).meta({ description: 'Every notice accepted: what, which version, when.' }),
    erasure: ErasureRequest.optional(),
  })
  .meta({ id: 'MyPrivacy' });
const retention = z.object({ awardedYears: num, othersYears: num, noticeDays: num });
export const CompetitionPrivacy = z
  .object({
    competitionId: str,
    noticeVersion: str,
    purposes: z.array(str),
    purposesVersion: num,
    retention,
    retentionIsDefault: bool,
    othersEraseAt: str.meta({ description: 'When the personal data of applicants without an award is erased.' }),
    othersNoticeAt: str.meta({ description: 'When the organisers are told, before.' }),
    awardedKeptUntil: str.meta({ description: 'Until when awarded organisations’ data is kept (the funder’s audits).' }),
    noticeDays: num,
    retentionNoticeAt: str.optional(),
    retentionErasedAt: str.optional(),
    version: num,
  })
  .meta({ id: 'CompetitionPrivacy' });
export const CompetitionErasureList = z
  .object({
    items: z.array(
      z.object({
        competitionId: str,
        sub: str,
        pseudonym: str,
        requestedAt: str,
        source: z.enum(['person', 'retention']),
        state: z.enum(['requested', 'done']),
        outcome: z.enum(['erased', 'kept']).optional(),
        keptUntil: str.optional(),
        keptBecause,
        reason: str.optional(),
        finishedAt: str.optional(),
      }),
    ),
  })
  .meta({ id: 'CompetitionErasureList' });
export const PersonalDataJob = Job.extend({
  params: z
    .object({ action: z.enum(['export', 'erase', 'retention-erase']), format: z.enum(['json', 'csv']).optional(), requestedAt: str.optional() })
    .meta({ description: 'A personal-data job: an export `{ action, format }` or an erasure `{ action, requestedAt }`.' }),
}).meta({ id: 'PersonalDataJob' });
export const PersonalDataJobList = z.object({ items: z.array(PersonalDataJob) }).meta({ id: 'PersonalDataJobList' });
export const ErasureStarted = z.object({ erasure: ErasureRequest, job: PersonalDataJob }).meta({ id: 'ErasureStarted' });
