/**
 * What the API takes: the zod schemas that validate path, query and body at run time (and, at
 * build time, document them in the OpenAPI document). Written with zod/mini, whose functional
 * form bundles at a quarter of classic zod's size; what the API answers is response-schemas.ts,
 * which no Lambda loads.
 */
import * as z from 'zod/mini';
import { COMPETITION_KINDS, LIMITS } from '../domain/competition.ts';
import { LOCALES } from '../shared/i18n/locales.ts';
import { ROUND_KINDS } from '../domain/evaluation.ts';
import { EXPO_DEFAULTS, EXPO_LIMITS } from '../domain/expo.ts';
import { PAIRWISE_METHODS } from '../domain/pairwise-methods.ts';
import { ASSIGNMENT_OBJECTIVES } from '../domain/assignment.ts';
import { DEFAULT_PITCH_POLICY, PITCH_FORMATS, PITCH_LIMITS, UNPLAYABLE_POLICIES } from '../domain/pitch.ts';
import { CAPTION_LIMITS, LANGUAGE_TAG } from '../domain/captions.ts';
import { SUBMISSION_LIMITS, SUBMISSION_STATUSES } from '../domain/submission.ts';
import { DATE_PATTERN, FILE_KINDS, QUESTION_LIMITS } from '../domain/questions.ts';
import { countryCodeProblem, isCountryCode } from '../domain/countries.ts';
import { MAX_AMOUNT } from '../domain/awards.ts';
import { EXPORT_FILES } from '../domain/exports.ts';
import { EXCLUSION_REASON_MAX, SPREAD_SORTS } from '../domain/moderation.ts';
import { PROGRAMME_ROLES } from '../domain/programme.ts';
import { COMPETITION_MESSAGE_KINDS, TEMPLATE_LIMITS } from '../domain/message-kinds.ts';

/** Documentation for the OpenAPI document (a name for its component, a description, examples). */
function meta<T extends z.ZodMiniType>(schema: T, m: { id?: string; description?: string; examples?: unknown[] }): T {
  const documented = schema.clone();
  z.globalRegistry.add(documented, m);
  return documented;
}

/**
 * A schema built on first use (the first request to a route that takes it, or the document
 * builder) instead of when this module loads: a Lambda cold start then builds the schemas of the
 * request it answers, not the few hundred zod objects of the whole API (≈ 7 ms of each cold start
 * here, bench/lambda.ts; no zod code runs at all before a request needs validating). Validation,
 * errors and the document are the same (`z.lazy` parses with, and documents as, what it wraps).
 * So every exported schema and every shared piece below is `deferred` (`deferredObject` for path
 * and query parameters, whose `shape` is read); groups of fields are functions; add new ones alike.
 */
// Pure (esbuild drops the schemas a bundle does not use: each area's carries only its routes').
const deferred = /* @__NO_SIDE_EFFECTS__ */ <T extends z.ZodMiniType>(build: () => T): z.ZodMiniLazy<T> => z.lazy(build);

/** `deferred` for an object whose `shape` is read (path and query parameters, by the document builder). */
/* @__NO_SIDE_EFFECTS__ */ function deferredObject<T extends z.ZodMiniObject>(build: () => T): z.ZodMiniLazy<T> & { readonly shape: T['shape'] } {
  const schema = z.lazy(build);
  return Object.defineProperty(schema, 'shape', { get: () => schema._zod.innerType.shape }) as z.ZodMiniLazy<T> & { readonly shape: T['shape'] };
}

const text = (max: number) => z.string().check(z.trim(), z.maxLength(max, `At most ${max} characters.`));
const requiredText = (max: number) => text(max).check(z.minLength(1, 'Required.'));
const tag = deferred(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.tagMax)));
const id = deferred(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid id.')));
const instantOrWallClock = deferred(() => meta(
  z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/, 'Use 2026-12-01T17:00 (in the competition time zone) or an ISO instant.'),
  ),
  { examples: ['2026-12-01T17:00'] },
));
/** A whole number from `min` to `max`; range checks come first, so 1e300 reads "too large". */
const whole = (min: number, max: number, messages: { min?: string; max?: string } = {}) =>
  z.number().check(z.minimum(min, messages.min), z.maximum(max, messages.max), z.int());

// Every number is bounded by what it means, which also keeps it inside what DynamoDB stores
// (magnitudes between 1e-130 and 1e125; anything else is a ValidationException, i.e. a 500).
/** Relative weights of criteria and rounds. */
const weightRange = `Must be from ${LIMITS.weightMin} to ${LIMITS.weightMax}.`;
const weight = deferred(() => z.number().check(z.minimum(LIMITS.weightMin, weightRange), z.maximum(LIMITS.weightMax, weightRange)));
/** Optimistic-locking versions as read from the server (a billion edits is beyond any competition). */
const MAX_VERSION = 1_000_000_000;
const version = (min: 0 | 1 = 1) => whole(min, MAX_VERSION);
/** ISO 3166-1 alpha-2, officially assigned (domain/countries.ts). */
const countryCode = deferred(() => z.string().check(
  z.superRefine((code: string, ctx) => {
    if (!isCountryCode(code)) ctx.addIssue({ code: 'custom', message: countryCodeProblem(code) });
  }),
));
const list = <T extends z.ZodMiniType>(item: T, max: number, min?: { length: number; message?: string }, maxMessage?: string) =>
  z.array(item).check(...(min ? [z.minLength(min.length, min.message)] : []), z.maxLength(max, maxMessage));

export const CriterionInput = deferred(() => z.object({
  id: z.optional(id),
  name: requiredText(LIMITS.criterionNameMax),
  description: z._default(text(LIMITS.criterionDescriptionMax), ''),
  weight: z._default(weight, 1),
  scale: z._default(z.object({ min: whole(0, 100), max: whole(1, 100) }), { min: 1, max: 5 }),
}));

// Issue 14 §3: question types (domain/questions.ts). A question sent without `type` is long text, as before.
const questionBase = () => ({
  id: z.optional(id),
  label: requiredText(LIMITS.questionLabelMax),
  help: z._default(text(1000), ''),
  required: z._default(z.boolean(), false),
  showIf: meta(
    z.optional(z.union([
      z.object({ questionId: id, equals: z.union([z.string().check(z.maxLength(QUESTION_LIMITS.optionMax)), z.number().check(z.minimum(-QUESTION_LIMITS.numberAbsMax), z.maximum(QUESTION_LIMITS.numberAbsMax)), z.boolean()]) }),
      z.object({ questionId: id, includes: z.string().check(z.maxLength(QUESTION_LIMITS.optionMax)) }),
    ])),
    { description: 'Show the question only when an earlier question (by id) has this answer (`equals`), or a multiple-choice answer includes this option (`includes`).' },
  ),
});
const boundedNumber = () => z.number().check(z.minimum(-QUESTION_LIMITS.numberAbsMax), z.maximum(QUESTION_LIMITS.numberAbsMax));
const options = () => list(requiredText(QUESTION_LIMITS.optionMax), QUESTION_LIMITS.optionsMax, { length: 2, message: 'Give at least two options.' });
const isoDay = () => z.string().check(z.regex(DATE_PATTERN, 'Use YYYY-MM-DD.'));

export const QuestionInput = deferred(() => meta(
  z.discriminatedUnion('type', [
    z.object({ ...questionBase(), type: z.literal('shortText'), maxLength: z._default(whole(1, QUESTION_LIMITS.shortTextMax), 200) }),
    z.object({ ...questionBase(), type: z.optional(z.literal('longText')), maxLength: z._default(whole(1, LIMITS.answerMax), 2000), maxWords: z.optional(whole(1, QUESTION_LIMITS.wordsMax)) }),
    z.object({ ...questionBase(), type: z.literal('number'), unit: z._default(text(QUESTION_LIMITS.unitMax), ''), min: z.optional(boundedNumber()), max: z.optional(boundedNumber()), integer: z._default(z.boolean(), false) }),
    z.object({ ...questionBase(), type: z.literal('singleChoice'), options: options() }),
    z.object({ ...questionBase(), type: z.literal('multipleChoice'), options: options(), minSelections: z._default(whole(0, QUESTION_LIMITS.optionsMax), 0), maxSelections: z.optional(whole(1, QUESTION_LIMITS.optionsMax)) }),
    z.object({ ...questionBase(), type: z.literal('yesNo') }),
    z.object({ ...questionBase(), type: z.literal('date'), min: z.optional(isoDay()), max: z.optional(isoDay()) }),
    z.object({
      ...questionBase(),
      type: z.literal('file'),
      kinds: z._default(z.array(z.enum(FILE_KINDS)).check(z.minLength(1, 'Accept at least one kind of file.')), ['pdf']),
      maxBytes: meta(z._default(whole(1, QUESTION_LIMITS.fileMaxBytes, { max: `At most ${QUESTION_LIMITS.fileMaxBytes} bytes (the platform's cap).` }), 10 * 1024 * 1024), { description: `At most ${QUESTION_LIMITS.fileMaxBytes} bytes.` }),
    }),
  ]),
  { id: 'QuestionInput', description: 'A question; `type` picks its kind and settings (no `type`: long text).' },
));

export const ScheduleInput = deferred(() => z.object({
  timeZone: meta(z.string().check(z.minLength(1), z.maxLength(64)), { examples: ['Europe/Brussels'] }),
  submissionsOpen: instantOrWallClock,
  submissionsClose: instantOrWallClock,
  evaluationStart: instantOrWallClock,
  evaluationEnd: instantOrWallClock,
  resultsDate: instantOrWallClock,
}));

export const PitchPolicyInput = deferred(() => meta(
  z.object({
    required: z._default(z.boolean(), DEFAULT_PITCH_POLICY.required),
    maxDurationSeconds: z._default(whole(10, PITCH_LIMITS.maxDurationSeconds), DEFAULT_PITCH_POLICY.maxDurationSeconds),
    maxSizeBytes: z._default(whole(1024 * 1024, PITCH_LIMITS.maxSizeBytes), DEFAULT_PITCH_POLICY.maxSizeBytes),
    formats: z._default(z.array(z.enum(PITCH_FORMATS)).check(z.minLength(1, 'Allow at least one format.')), [...DEFAULT_PITCH_POLICY.formats]),
    unplayable: meta(z.optional(z.enum(UNPLAYABLE_POLICIES)), {
      description: "A video not every current browser plays (e.g. HEVC): 'reject' it with export advice (the default), accept it with a 'warn'ing, or 'transcode' it to H.264/AAC where the deployment can (else rejected).",
    }),
  }),
  { id: 'PitchPolicy' },
));

const CompetitionFields = () => ({
  title: requiredText(LIMITS.titleMax),
  description: z._default(text(LIMITS.descriptionMax), ''),
  kind: z.enum(COMPETITION_KINDS),
  sectors: z._default(list(tag, LIMITS.sectorsMax), []),
  eligibility: z._default(
    z.object({
      countries: z._default(list(countryCode, LIMITS.countriesMax), []),
      smeOnly: z._default(z.boolean(), true),
    }),
    { countries: [], smeOnly: true },
  ),
  schedule: ScheduleInput,
  rubric: z._default(list(CriterionInput, LIMITS.criteriaMax), []),
  questions: z._default(list(QuestionInput, LIMITS.questionsMax), []),
  pitch: z._default(PitchPolicyInput, { ...DEFAULT_PITCH_POLICY, formats: [...DEFAULT_PITCH_POLICY.formats] }),
  malwareScan: meta(z._default(z.boolean(), false), { description: 'Scan uploaded answer files for malware before anyone but the uploader may open them.' }),
});

export const CompetitionInput = deferred(() => meta(z.object(CompetitionFields()), { id: 'CompetitionInput' }));

export const CompetitionUpdate = deferred(() => meta(
  z.object({ ...CompetitionFields(), version: meta(version(), { description: 'The version you read; stale versions get 409.' }) }),
  { id: 'CompetitionUpdate' },
));

export const TeamMember = deferred(() => z.object({
  name: requiredText(120),
  email: z.email('Not an e-mail address.').check(z.maxLength(254)),
  role: z._default(text(80), ''),
}));

export const RegistrationInput = deferredObject(() => meta(
  z.object({
    organisationName: requiredText(200),
    country: meta(countryCode, { examples: ['BE'], description: 'ISO 3166-1 alpha-2 country code.' }),
    registryId: meta(requiredText(40), { examples: ['BE0123456789'] }),
    smeDeclaration: z.boolean(),
    team: list(TeamMember, 10, { length: 1, message: 'Add at least one team member.' }, 'At most 10 team members.'),
    // Issue 14 §2: the privacy notice and the competition's purposes accepted, as shown (else 422 CONSENT_REQUIRED).
    privacy: meta(z.optional(z.object({ noticeVersion: z.optional(z.string().check(z.maxLength(40))), purposesVersion: z.optional(version(0)) })), {
      description: 'The privacy notice version and the competition’s purposes version the registrant accepted (GET …/privacy). Without the current ones the registration is refused with 422 CONSENT_REQUIRED.',
    }),
  }),
  { id: 'RegistrationInput' },
));

/** Typed answers (domain/questions.ts judges each against its question). */
const answerValue = () => z.union([
  z.string().check(z.maxLength(SUBMISSION_LIMITS.answerMax)),
  z.number().check(z.minimum(-QUESTION_LIMITS.numberAbsMax), z.maximum(QUESTION_LIMITS.numberAbsMax)),
  z.boolean(),
  z.array(z.string().check(z.maxLength(QUESTION_LIMITS.optionMax))).check(z.maxLength(QUESTION_LIMITS.optionsMax)),
  z.object({ fileId: id }),
]);
const answers = deferred(() => meta(
  z.record(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)), answerValue()),
  { examples: [{ q1: 'Our answer', q2: 42, q3: ['Energy', 'Water'], q4: true, q5: { fileId: '01J0000000000000000000000' } }], description: 'Answers by question id: text, a number, yes/no (boolean), the chosen option(s), a date (YYYY-MM-DD) or an uploaded file ({ fileId }).' },
));

const SubmissionFields = () => ({
  title: z._default(text(SUBMISSION_LIMITS.titleMax), ''),
  summary: z._default(text(SUBMISSION_LIMITS.summaryMax), ''),
  problem: z._default(text(SUBMISSION_LIMITS.problemMax), ''),
  solution: z._default(text(SUBMISSION_LIMITS.solutionMax), ''),
  valueChain: z._default(list(tag, SUBMISSION_LIMITS.tagsMax), []),
  sectors: z._default(list(tag, SUBMISSION_LIMITS.tagsMax), []),
  answers: z._default(answers, {}),
});

export const SubmissionContentInput = deferred(() => meta(z.object(SubmissionFields()), { id: 'SubmissionContent' }));

export const SubmissionUpdate = deferred(() => meta(z.object({ ...SubmissionFields(), version: version() }), { id: 'SubmissionUpdate' }));

export const VersionInput = deferred(() => meta(z.object({ version: version() }), { id: 'VersionInput' }));
// Issue 10 cost: "Submit" may send the form with it (`content`, as a save would): saved and
// submitted in one write and one request instead of a save and then a submit.
export const SubmitSubmissionInput = deferred(() => meta(
  z.object({
    version: version(),
    content: z.optional(z.object(SubmissionFields())),
  }),
  { id: 'SubmitSubmissionInput' },
));

const pageFields = () => ({
  limit: z._default(z.coerce.number().check(z.minimum(1), z.maximum(100), z.int()), 20),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
export const PageQuery = deferredObject(() => z.object(pageFields()));
/** An instant (ISO, UTC) or a day (YYYY-MM-DD, UTC) that an audit filter's range starts or ends at. */
const instantOrDay = () => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/, 'Use a day (2026-12-01) or an instant (2026-12-01T17:00:00Z).'));
/** The audit trail, a page at a time, narrowed by action, by who acted (their e-mail) and by a range of time. */
export const AuditQuery = deferredObject(() => z.object({
  ...pageFields(),
  action: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  actor: z.optional(z.string().check(z.minLength(1), z.maxLength(320))),
  from: z.optional(instantOrDay()),
  to: z.optional(instantOrDay()),
}));
/** The ranking's rows, a page at a time (each row is small; a page of 500 stays far below 1 MB). */
export const RankingQuery = deferredObject(() => z.object({
  limit: z._default(z.coerce.number().check(z.minimum(1), z.maximum(500), z.int()), 100),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
}));
/** Paged lists of the organiser's and reviewer's pages (reviews, reviewers, conflicts, invitations, inbox): up to 200 a page. */
export const ListPageQuery = deferredObject(() => z.object({
  limit: z._default(z.coerce.number().check(z.minimum(1), z.maximum(200), z.int()), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
}));
/** GET /api/privacy and /api/records-of-processing: the text in this language (else the best match of Accept-Language). */
export const LanguageQuery = deferredObject(() => z.object({ language: z.optional(z.enum(LOCALES)) }));
/** PUT /api/me/settings (issue 14): the language Podium and its e-mails speak to me in, one of the catalogues'. */
export const MySettingsInput = deferredObject(() => z.strictObject({ language: z.enum(LOCALES) }));
/** A round's reviews, a page at a time; `submissionId` narrows them to one submission's. */
export const RoundReviewsQuery = deferredObject(() => z.object({
  limit: z._default(z.coerce.number().check(z.minimum(1), z.maximum(200), z.int()), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  submissionId: z.optional(id),
}));

const filterFields = () => ({
  status: z.optional(z.enum(SUBMISSION_STATUSES)),
  sector: z.optional(z.string().check(z.maxLength(LIMITS.tagMax))),
  q: z.optional(z.string().check(z.maxLength(100))),
});
export const SubmissionFilterQuery = deferredObject(() => z.object(filterFields()));
export const SubmissionListQuery = deferredObject(() => z.object({ ...pageFields(), ...filterFields() }));

export const ExportInput = deferred(() => meta(
  z.object({
    file: z.enum(EXPORT_FILES),
    filter: z.optional(z.object(filterFields())),
  }),
  { id: 'ExportInput', description: 'Which file to prepare; `filter` (submissions.csv only) takes the submission list\'s filters.' },
));
export const JobIdParams = deferredObject(() => z.object({ competitionId: id, jobId: id }));

export const CompetitionIdParam = deferredObject(() => z.object({ competitionId: id }));
export const SubmissionIdParams = deferredObject(() => z.object({ competitionId: id, submissionId: id }));

export const StartUploadInput = deferred(() => meta(
  z.object({
    fileName: meta(requiredText(255), { examples: ['pitch.mp4'] }),
    sizeBytes: meta(z.number().check(z.minimum(1, 'The file is empty.'), z.int()), { examples: [104857600] }),
    contentType: meta(z.string().check(z.maxLength(100)), { examples: ['video/mp4'] }),
  }),
  { id: 'StartUploadInput' },
));

export const PartInput = deferred(() => meta(
  z.object({ etag: meta(z.string().check(z.regex(/^"?[0-9a-fA-F]{32}"?$/, 'Not an S3 part ETag.')), { examples: ['"9b2cf535f27731c974343645a3985328"'] }) }),
  { id: 'PartInput' },
));

export const AnswerFileParams = deferredObject(() => z.object({ competitionId: id, submissionId: id, questionId: id }));
export const StartAnswerFileInput = deferred(() => meta(
  z.object({
    fileName: meta(requiredText(255), { examples: ['pitch-deck.pdf'] }),
    sizeBytes: meta(z.number().check(z.minimum(1, 'The file is empty.'), z.maximum(QUESTION_LIMITS.fileMaxBytes, 'Larger than the platform allows.'), z.int()), { examples: [1048576] }),
  }),
  { id: 'StartAnswerFileInput', description: 'The file’s name and size (checked against the question’s limit, enforced by S3 and measured again on arrival).' },
));
export const UploadParams = deferredObject(() => z.object({ competitionId: id, submissionId: id, uploadId: id }));

// Captions (issue 14 §4).
const languageTag = deferred(() => meta(z.string().check(z.regex(LANGUAGE_TAG, 'Not a language code such as "en" or "de-CH".')), { examples: ['en'] }));
export const StartCaptionUploadInput = deferred(() => meta(
  z.object({ sizeBytes: meta(z.number().check(z.minimum(1, 'The file is empty.'), z.int()), { examples: [4096] }) }),
  { id: 'StartCaptionUploadInput', description: `The caption file's size (at most ${CAPTION_LIMITS.maxBytes} bytes; measured again on arrival).` },
));
export const CompleteCaptionInput = deferred(() => meta(
  z.object({
    language: languageTag,
    label: z.optional(z.string().check(z.maxLength(CAPTION_LIMITS.maxLabelChars))),
    fileName: meta(requiredText(255), { examples: ['captions.srt'] }),
  }),
  { id: 'CompleteCaptionInput' },
));
export const CaptionLanguageParams = deferredObject(() => z.object({ competitionId: id, submissionId: id, language: languageTag }));
export const AutomaticCaptionsInput = deferred(() => meta(
  z.object({
    language: z.optional(meta(z.string().check(z.regex(/^(?:auto|[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2})$/, 'Not a language code such as "en" or "de-CH", nor "auto".')), { examples: ['auto'] })),
  }),
  { id: 'AutomaticCaptionsInput', description: "The pitches' spoken language (a language code), or 'auto' (the default) to let Amazon Transcribe identify it." },
));
export const PartParams = deferredObject(() => z.object({ competitionId: id, submissionId: id, uploadId: id, partNumber: z.coerce.number().check(z.minimum(1), z.maximum(10_000), z.int()) }));

// ——— Evaluation (tag `reviews`) ———

const ExpoSettingsInput = deferred(() => meta(
  z.object({
    method: meta(z.optional(z.enum(PAIRWISE_METHODS)), { description: 'How votes become the ranking (the rules page states it). Omit for the default.' }),
    compareCriteria: meta(z.optional(z.boolean()), { description: `Judges also compare the two teams on each criterion of the rubric (default ${EXPO_DEFAULTS.compareCriteria}).` }),
    minVisits: meta(z.optional(whole(1, EXPO_LIMITS.minVisitsMax)), { description: `Judge visits every team gets before any gets many more (default ${EXPO_DEFAULTS.minVisits}), as far as the round's vote budget allows: at most a third of judges × window ÷ 5 minutes, spread over the teams, and at least 1.` }),
    maxJudgesPerTable: meta(z.optional(whole(1, EXPO_LIMITS.maxJudgesPerTableMax)), { description: `Judges sent to one table at once while another is free (default ${EXPO_DEFAULTS.maxJudgesPerTable}).` }),
    skipCooldownMinutes: meta(z.optional(whole(0, EXPO_LIMITS.skipCooldownMinutesMax)), { description: `A skipped team is not offered to that judge again for this long (default ${EXPO_DEFAULTS.skipCooldownMinutes}).` }),
    undoSeconds: meta(z.optional(whole(0, EXPO_LIMITS.undoSecondsMax)), { description: `How long a judge may take back their last vote (default ${EXPO_DEFAULTS.undoSeconds}).` }),
  }),
  { id: 'ExpoSettingsInput' },
));

const RoundFields = () => ({
  name: requiredText(120),
  kind: z.enum(ROUND_KINDS),
  rubric: meta(z.optional(list(CriterionInput, LIMITS.criteriaMax, { length: 1 })), { description: "Omit to use the competition's rubric." }),
  k: whole(1, 20),
  maxLoad: whole(1, 500),
  minLoad: meta(z.optional(whole(0, 500)), { description: 'Fewest reviews per reviewer (hard). Omit: 1 in a peer round, 0 otherwise.' }),
  assignmentObjective: meta(z.optional(z.enum(ASSIGNMENT_OBJECTIVES)), {
    description: "After the most reviews and every minimum: 'balance-first' (default: even loads, then affinity) or 'affinity-first'.",
  }),
  blind: z._default(z.boolean(), true),
  opensAt: instantOrWallClock,
  closesAt: instantOrWallClock,
  weight: meta(weight, { description: 'Relative weight of the round in the final score, e.g. 40.' }),
  shortlist: z.optional(z.object({ fromRoundId: id, topN: whole(1, 1000) })),
  requireReviewDuty: z._default(z.boolean(), false),
  showPeerComments: z._default(z.boolean(), false),
  randomise: meta(z.optional(z.object({ q: z.number().check(z.minimum(0.01, 'At least 0.01.'), z.maximum(1, 'At most 1.'), z.multipleOf(0.01, 'In hundredths, e.g. 0.5.')) })), {
    description: 'Randomised assignment: each (submission, reviewer) pair is chosen with probability at most q, so no entrant can predict whom they review. Omit for the deterministic optimum.',
  }),
  impartial: meta(z.optional(z.object({ k: whole(1, 1000), clusters: z.optional(whole(2, 12)) })), {
    description: 'Peer rounds: choose an impartial shortlist of k (Exact Dollar Partition over `clusters` clusters, default 2 — with 2 no entrant’s reviews can change their own selection at all; with more, never their chance of it); teams review only outside their own cluster.',
  }),
  expo: meta(z.optional(ExpoSettingsInput), { description: 'Expo rounds only (kind expo): pairwise judging at the tables; a setting left out takes its default.' }),
});

export const RoundInput = deferred(() => meta(z.object(RoundFields()), { id: 'RoundInput' }));

export const RoundUpdate = deferred(() => meta(z.object({ ...RoundFields(), version: version() }), { id: 'RoundUpdate' }));

const reviewerSub = deferred(() => z.string().check(z.minLength(1), z.maxLength(128)));
export const RoundIdParams = deferredObject(() => z.object({ competitionId: id, roundId: id }));
export const RoundSubmissionParams = deferredObject(() => z.object({ competitionId: id, roundId: id, submissionId: id }));
export const RoundReviewerParams = deferredObject(() => z.object({ competitionId: id, roundId: id, reviewerSub }));
export const RoundJobParams = deferredObject(() => z.object({ competitionId: id, roundId: id, jobId: id }));

/** Issue 14: the language an invitation e-mail is written in (the address may have no account yet); default the inviter's own. */
const invitationLanguage = () => z.optional(meta(z.enum(LOCALES), { description: 'The language of the invitation e-mail; default the inviter’s own.' }));
export const InviteInput = deferred(() => meta(z.object({ emails: list(z.email('Not an e-mail address.'), 200, { length: 1 }), language: invitationLanguage() }), { id: 'InviteInput' }));

export const InvitationParams = deferredObject(() => z.object({ competitionId: id, token: z.string().check(z.regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not an invitation token.')) }));

export const AcceptInvitationInput = deferred(() => meta(
  z.object({ interests: meta(z._default(list(tag, 20), []), { description: 'Sectors and value-chain areas you want to review.' }) }),
  { id: 'AcceptInvitationInput' },
));

export const PairInput = deferred(() => meta(z.object({ submissionId: id, reviewerSub }), { id: 'PairInput' }));
export const ForbidInput = deferred(() => meta(z.object({ submissionId: id, reviewerSub, reason: requiredText(500) }), { id: 'ForbidInput' }));
export const DeclareConflictInput = deferred(() => meta(z.object({ reason: requiredText(500) }), { id: 'DeclareConflictInput' }));

/** Moderation (use-cases/moderation.ts): one review of a round, by submission and reviewer. */
export const RoundReviewParams = deferredObject(() => z.object({ competitionId: id, roundId: id, submissionId: id, reviewerSub }));
export const ExclusionInput = deferred(() => meta(
  z.object({
    reason: meta(requiredText(EXCLUSION_REASON_MAX), { description: 'Why the review is left out of the ranking; the reviewer sees it, other reviewers and the teams do not.' }),
    dutyDone: meta(z.boolean(), { description: "Whether the reviewer's peer-review duty counts as done for this review." }),
    version: z.optional(version()),
  }),
  { id: 'ExclusionInput' },
));
export const SpreadQuery = deferredObject(() => z.object({
  limit: z._default(z.coerce.number().check(z.minimum(1), z.maximum(200), z.int()), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  sort: z._default(z.enum(SPREAD_SORTS), 'sd'),
  submissionId: z.optional(id),
}));

const scoreRange = 'Scores are from 0 to 100.';
const reviewContentFields = () => ({
  // Every scale lies within 0–100; whether a score fits its criterion's scale is the round's rule (422).
  scores: z._default(z.record(z.string().check(z.maxLength(64)), z.number().check(z.minimum(0, scoreRange), z.maximum(100, scoreRange))), {}),
  comments: z._default(z.record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(5000))), {}),
  overallComment: z._default(text(10_000), ''),
  meet: z._default(z.boolean(), false),
  privateNote: z._default(text(5000), ''),
});
export const ReviewContentInput = deferred(() => meta(
  z.object({
    ...reviewContentFields(),
    version: version(),
  }),
  { id: 'ReviewInput' },
));
// Issue 10 cost: "Submit review" may send the form with it (`content`, as a save would): saved and
// submitted in one write and one request instead of a save and then a submit.
export const SubmitReviewInput = deferred(() => meta(
  z.object({
    version: version(),
    content: z.optional(z.object(reviewContentFields())),
  }),
  { id: 'SubmitReviewInput' },
));

// ——— Awards and results (tags `awards`, `results`) ———

/**
 * A share of a budget, 0–1, in steps of 0.01 %, stored rounded to that step: 75.25 % / 100 is
 * 0.7525000000000001 in floating point, and a share of 1e-200 means 0 (DynamoDB cannot store it).
 */
const shareRange = 'Enter a share from 0 % to 100 %.';
const share = deferred(() => z.pipe(
  z.number().check(
    z.minimum(0, shareRange),
    z.maximum(1, shareRange),
    z.refine((v: number) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, 'Enter a share in steps of 0.01 %, e.g. 75.25 %.'),
  ),
  z.transform((v: number) => Math.round(v * 10_000) / 10_000),
));

// The web converts whole currency units to cents, so these messages name no unit.
const cents = deferred(() => meta(
  z.number().check(z.minimum(0, 'Must not be negative.'), z.maximum(MAX_AMOUNT, 'Too large: at most one billion.'), z.int('Use whole cents (an integer amount in minor units).')),
  { description: 'Amount in cents (minor units), at most 1,000,000,000.00.' },
));

export const PrizePlanInput = deferred(() => meta(
  z.object({
    currency: z._default(z.string().check(z.regex(/^[A-Z]{3}$/, 'Use a three-letter currency code, e.g. EUR.')), 'EUR'),
    totalBudget: cents,
    programmeBudget: meta(z.optional(cents), { description: 'The programme budget the SME share is measured against; defaults to totalBudget.' }),
    minSmeShare: meta(z._default(share, 0.75), { description: '0.75 = 75 %; in steps of 0.01 %.' }),
    perThirdPartyCap: z._default(cents, 6_000_000),
    smeOnly: z._default(z.boolean(), true),
    rankPrizes: z._default(list(z.object({ rank: whole(1, 100), amount: cents, label: requiredText(80) }), 50), []),
    lumpSum: z.optional(z.object({ amount: cents, topN: whole(1, 1000) })),
    vouchers: z.optional(z.object({ amount: cents, count: whole(1, 10_000) })),
    categories: z._default(list(z.object({ id, name: requiredText(120), amount: cents, audienceVote: meta(z.optional(z.boolean()), { description: "The audience vote's winner takes this category (once the vote has closed)." }) }), 20), []),
    reserveListLength: z._default(whole(0, 100), 3),
  }),
  { id: 'PrizePlanInput' },
));

export const PrizePlanUpdate = deferred(() => meta(
  z.object({
    plan: PrizePlanInput,
    categoryPicks: z._default(list(z.object({ categoryId: id, submissionId: id }), 20), []),
    version: version(0),
  }),
  { id: 'PrizePlanUpdate' },
));

export const AwardRequestInput = deferred(() => meta(
  z.object({
    submissionId: id,
    type: z.enum(['prize', 'lump-sum', 'voucher', 'category']),
    rank: z.optional(whole(1, 100)),
    categoryId: z.optional(id),
  }),
  { id: 'AwardRequest' },
));

export const ConfirmAwardsInput = deferred(() => meta(z.object({ awards: list(AwardRequestInput, 500, { length: 1 }) }), { id: 'ConfirmAwardsInput' }));
export const AwardKeyParams = deferredObject(() => z.object({ competitionId: id, awardKey: z.string().check(z.regex(/^[a-z-]+:[A-Za-z0-9_-]{1,64}$/)) }));
export const MeetingOptInInput = deferred(() => meta(z.object({ open: z.boolean() }), { id: 'MeetingOptInInput' }));
export const NotificationParams = deferredObject(() => z.object({ notificationId: id }));

const reason = deferred(() => z.string().check(z.trim(), z.minLength(10, 'Give a reason of at least 10 characters.'), z.maxLength(2000, 'At most 2000 characters.')));

export const PublishInput = deferred(() => meta(
  z.object({
    version: version(),
    when: meta(z._default(z.enum(['now', 'scheduled']), 'now'), { description: "'scheduled' publishes at the competition's results date." }),
    override: meta(z.optional(z.object({ reason })), {
      description: "Publish despite the checklist's problems (GET …/results/checklist); the reason is recorded in the audit trail.",
    }),
  }),
  { id: 'PublishInput' },
));

export const AmendmentInput = deferred(() => meta(z.object({ version: version(), reason }), { id: 'AmendmentInput' }));

/** The outbox's filter (routes/dev.ts). */
export const OutboxQuery = deferredObject(() => z.object({
  competitionId: meta(z.optional(id), { description: 'Only the mail of this competition.' }),
}));

// ---- expo rounds (routes/expo.ts) ----
export const ExpoSubmissionParams = deferredObject(() => z.object({ competitionId: id, roundId: id, submissionId: id }));
export const ExpoVoteParams = deferredObject(() => z.object({ competitionId: id, roundId: id, voteId: id }));
export const ExpoVoteInput = deferred(() => meta(
  z.object({
    voteId: meta(id, { description: "Made by the judge's phone (a uuid): the same id sent again is the same vote, counted once." }),
    previousId: meta(id, { description: 'The team seen before (the pair the judge was shown).' }),
    currentId: meta(id, { description: 'The team at this table.' }),
    winner: meta(id, { description: 'The better of the two: previousId or currentId.' }),
    criteria: meta(z.optional(z.record(id, id)), { description: 'When the round compares criteria: criterion id → the better team of the two.' }),
  }),
  { id: 'ExpoVoteInput' },
));
export const ExpoSkipInput = deferred(() => meta(
  z.object({ submissionId: id, reason: meta(z.enum(['absent', 'busy']), { description: 'Why the judge moves on without judging this team.' }) }),
  { id: 'ExpoSkipInput' },
));
export const ExpoNoteInput = deferred(() => meta(z.object({ text: text(EXPO_LIMITS.noteMax) }), { id: 'ExpoNoteInput' }));
export const ExpoTablesInput = deferred(() => meta(
  z.object({
    items: list(
      z.object({
        submissionId: id,
        table: meta(requiredText(EXPO_LIMITS.tableMax), { description: 'What the judge is told: "Go to table 14".', examples: ['14'] }),
        position: meta(z.optional(z.number().check(z.minimum(0), z.maximum(EXPO_LIMITS.positionMax))), { description: "Place along the hall, for walking distance; omit for the table's number." }),
        zone: meta(z.optional(text(EXPO_LIMITS.zoneMax)), { description: 'Hall zone; judges rarely cross zones.' }),
      }),
      EXPO_LIMITS.tablesPerRequest,
      { length: 1 },
    ),
  }),
  { id: 'ExpoTablesInput' },
));
export const ExpoAbsentInput = deferred(() => meta(z.object({ absent: z.boolean() }), { id: 'ExpoAbsentInput' }));

// ---- the audience vote (routes/votes.ts) ----
export const AudienceVoteInput = deferred(() => meta(
  z.object({
    opensAt: instantOrWallClock,
    closesAt: instantOrWallClock,
    maxChoices: meta(whole(1, 10, { min: 'At least 1.', max: 'At most 10.' }), { description: 'How many different entries one ballot may name.' }),
    liveCounts: meta(z.boolean(), { description: 'Show the counts while the vote is open (else only once it closes).' }),
    version: z.optional(version(0)),
  }),
  { id: 'AudienceVoteInput' },
));
export const BallotInput = deferred(() => meta(
  z.object({ choices: list(id, 10, { length: 1, message: 'Choose at least one entry.' }, 'At most 10 entries.') }),
  { id: 'BallotInput' },
));
export const BallotReviewQuery = deferredObject(() => z.object({
  flagged: meta(z.optional(z.enum(['true', 'false', '1', '0'])), { description: 'Only flagged ballots (`true` or `1`).' }),
  limit: z._default(z.coerce.number().check(z.minimum(1), z.maximum(200), z.int()), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
}));
export const BallotParams = deferredObject(() => z.object({ competitionId: id, ballotId: id }));
export const VoidBallotInput = deferred(() => meta(
  z.object({ reason: meta(requiredText(1000), { description: 'Why the ballot does not count (kept in the audit trail).' }) }),
  { id: 'VoidBallotInput' },
));

// ---- message templates and invitation resend/revoke (issue 13, H5: routes/messages.ts, routes/reviews.ts) ----
export const MessageKindParams = deferredObject(() => z.object({
  competitionId: id,
  kind: meta(z.enum(COMPETITION_MESSAGE_KINDS, 'Not a message kind of a competition.'), { description: 'The message kind (domain/message-kinds.ts).' }),
}));
const templateText = (max: number) => z.string().check(z.maxLength(max, `At most ${max} characters.`));
/** Issue 14: the language of a template (each has its own; default English). */
const templateLanguage = () => z.optional(meta(z.enum(LOCALES), { description: 'The language of the template (each language has its own, or its default); default `en`.' }));
export const TemplateLanguageQuery = deferredObject(() => z.object({ language: templateLanguage() }));
export const MessageTemplateInput = deferred(() => meta(
  z.object({
    subject: meta(templateText(TEMPLATE_LIMITS.subject), { description: 'One line; merge fields as `{{competition}}`.' }),
    body: meta(templateText(TEMPLATE_LIMITS.body), { description: 'Plain text; merge fields as `{{link}}`. Sent as text and as HTML (values escaped).' }),
    version: meta(version(0), { description: 'The version read (0: the default, nothing saved yet).' }),
    language: templateLanguage(),
  }),
  { id: 'MessageTemplateInput' },
));
export const MessagePreviewInput = deferred(() => meta(
  z.object({ subject: z.optional(templateText(TEMPLATE_LIMITS.subject)), body: z.optional(templateText(TEMPLATE_LIMITS.body)), language: templateLanguage() }),
  { id: 'MessagePreviewInput', description: 'Unsaved text to preview; without it, the saved template (or the default).' },
));
export const ResetTemplateInput = deferred(() => meta(z.object({ version: version(0), language: templateLanguage() }), { id: 'ResetTemplateInput' }));
/** Issue 13: an organiser clears the suppression of an address their competition mails (routes/messages.ts). */
export const ClearSuppressionInput = deferred(() => meta(
  z.object({ address: meta(z.email('Not an e-mail address.').check(z.maxLength(254, 'At most 254 characters.')), { description: 'The address to send to again.' }) }),
  { id: 'ClearSuppressionInput' },
));
export const InvitationIdParams = deferredObject(() => z.object({
  competitionId: id,
  invitationId: z.string().check(z.regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not an invitation id.')),
}));


// ---- programmes (routes/programmes.ts, H1) ----
const day = () => meta(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a day like 2026-01-31.')), { examples: ['2026-01-01'] });
const PartnerInput = deferred(() => z.object({
  id: z.optional(id),
  name: requiredText(200),
  country: meta(countryCode, { examples: ['DE'], description: 'ISO 3166-1 alpha-2 country code.' }),
  contactName: requiredText(120),
  contactEmail: z.email('Not an e-mail address.').check(z.maxLength(254)),
}));
const ProgrammeFields = () => ({
  name: requiredText(200),
  description: z._default(text(4000), ''),
  partners: list(PartnerInput, 40, { length: 1, message: 'Add at least the coordinating partner.' }, 'At most 40 partners.'),
  coordinatorPartnerId: meta(z.optional(id), { description: 'The id of the coordinating partner (one of `partners`); the first partner when absent.' }),
  period: z.object({ start: day(), end: day() }),
  currency: meta(z.string().check(z.regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as EUR.')), { examples: ['EUR'] }),
});
/** Programme amounts are minor units (cents), as prize plans and awards (domain/programme.ts). */
const programmeCents = () => whole(1, MAX_AMOUNT, { min: 'Enter an amount above 0.', max: 'That amount is too large.' });
export const ProgrammeInput = deferred(() => meta(
  z.object({
    ...ProgrammeFields(),
    totalBudget: meta(programmeCents(), { description: 'The project’s total budget, in minor units (cents), as prize plans.' }),
    minSmeShare: meta(z._default(share, 0.75), { description: 'The minimum share of the budget that goes to SMEs as direct support: 0.75 = 75 %, in steps of 0.01 %.' }),
    thirdPartyCap: meta(z.optional(programmeCents()), { description: 'At most this much support per third party across all calls, in minor units (cents); 60,000 in whole units of the currency (6,000,000 cents for EUR) when absent.' }),
  }),
  { id: 'ProgrammeInput' },
));
export const ProgrammeUpdate = deferred(() => meta(
  z.object({ ...ProgrammeFields(), version: meta(version(), { description: 'The version you read; stale versions get 409.' }) }),
  { id: 'ProgrammeUpdate' },
));
export const ProgrammeIdParam = deferredObject(() => z.object({ programmeId: id }));
export const ProgrammePersonParams = deferredObject(() => z.object({ programmeId: id, userSub: reviewerSub }));
export const ProgrammeCallParams = deferredObject(() => z.object({ programmeId: id, competitionId: id }));
export const ProgrammeCallOrganiserParams = deferredObject(() => z.object({ programmeId: id, competitionId: id, userSub: reviewerSub }));
const invitationId = deferred(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not an invitation id.')));
export const ProgrammeInvitationIdParams = deferredObject(() => z.object({ programmeId: id, invitationId }));
export const ProgrammeInvitationParams = deferredObject(() => z.object({ programmeId: id, token: z.string().check(z.regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not an invitation token.')) }));
export const ProgrammeInviteInput = deferred(() => meta(
  z.object({
    email: z.email('Not an e-mail address.').check(z.maxLength(254)),
    role: z.enum(PROGRAMME_ROLES),
    partnerId: meta(z.optional(id), { description: 'The partner organisation the person works for.' }),
    language: invitationLanguage(),
  }),
  { id: 'ProgrammeInviteInput' },
));
export const ProgrammeRoleInput = deferred(() => meta(
  z.object({ role: z.enum(PROGRAMME_ROLES), partnerId: z.optional(id) }),
  { id: 'ProgrammeRoleInput' },
));
export const AttachCallInput = deferred(() => meta(z.object({ partnerId: z.optional(id) }), { id: 'AttachCallInput' }));
export const OrganiserInviteInput = deferred(() => meta(z.object({ email: z.email('Not an e-mail address.').check(z.maxLength(254)), language: invitationLanguage() }), { id: 'OrganiserInviteInput' }));
export const CompetitionOrganiserParams = deferredObject(() => z.object({ competitionId: id, userSub: reviewerSub }));
export const OrganiserInvitationIdParams = deferredObject(() => z.object({ competitionId: id, invitationId }));

// ---- entrant teams (H4, issue 13 §3) ------------------------------------------------------------
const teamToken = deferred(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not an invitation token.')));
const teamInvitationId = deferred(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not an invitation id.')));
const teamMemberSub = deferred(() => z.string().check(z.minLength(1, 'Required.'), z.maxLength(128)));
export const TeamInvitationParams = deferredObject(() => z.object({ competitionId: id, token: teamToken }));
export const TeamInvitationIdParams = deferredObject(() => z.object({ competitionId: id, invitationId: teamInvitationId }));
export const TeamMemberParams = deferredObject(() => z.object({ competitionId: id, memberSub: teamMemberSub }));
export const TeamInviteInput = deferred(() => meta(
  z.object({
    email: z.email('Not an e-mail address.').check(z.maxLength(254)),
    role: meta(z.enum(['editor', 'viewer'], 'Choose editor or viewer.'), { description: 'editor: edits the submission, uploads the pitch, reviews as the team; viewer: reads.' }),
    language: invitationLanguage(),
  }),
  { id: 'TeamInviteInput' },
));
export const TeamTransferInput = deferred(() => meta(z.object({ memberSub: teamMemberSub }), { id: 'TeamTransferInput' }));

// ---- reminders (H6, issue 13 §4) ----------------------------------------------------------------
export const ReminderParams = deferredObject(() => z.object({
  competitionId: id,
  kind: meta(z.enum(['reminder-draft', 'reminder-review', 'reminder-invitation'], 'Choose reminder-draft, reminder-review or reminder-invitation.'), { description: 'The reminder kind.' }),
}));
export const ReminderSwitchInput = deferred(() => meta(z.object({ enabled: z.boolean('Must be true or false.') }), { id: 'ReminderSwitchInput' }));

// ---- programme ledger: limits, non-SME spending, exports (routes/programme-ledger.ts, H3) ----
export const ProgrammeLimitsInput = deferred(() => meta(
  z.object({
    totalBudget: meta(whole(0, MAX_AMOUNT, { max: 'That amount is too large.' }), { description: 'The programme budget, in minor units (cents), like the programme’s own fields and awards.' }),
    thirdPartyCap: meta(whole(1, MAX_AMOUNT, { min: 'Enter an amount above 0.', max: 'That amount is too large.' }), { description: 'At most this much per third party across all calls, in minor units (cents).' }),
    minSmeShare: meta(share, { description: 'The minimum share of the budget going to SMEs directly: 0.75 = 75 %.' }),
    version: meta(version(), { description: 'The limits version you read; a stale one gets 409.' }),
  }),
  { id: 'ProgrammeLimitsInput' },
));
const SpendingFields = () => ({
  label: requiredText(200),
  category: meta(z.enum(['services', 'events', 'other'], 'Choose services, events or other.'), { description: 'What kind of non-SME spending it is.' }),
  amount: cents,
  date: meta(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a day like 2026-01-31.')), { examples: ['2026-03-15'] }),
});
export const SpendingInput = deferred(() => meta(z.object(SpendingFields()), { id: 'SpendingInput' }));
export const SpendingUpdate = deferred(() => meta(z.object({ ...SpendingFields(), version: version() }), { id: 'SpendingUpdate' }));
export const ProgrammeSpendingParams = deferredObject(() => z.object({ programmeId: id, spendingId: id }));
export const VersionQuery = deferredObject(() => z.object({ version: z.coerce.number().check(z.minimum(1), z.maximum(MAX_VERSION), z.int()) }));
export const ProgrammeJobParams = deferredObject(() => z.object({ programmeId: id, jobId: id }));
export const ProgrammeExportInput = deferred(() => meta(
  z.object({ file: meta(z.enum(['recipients.csv', 'calls.csv', 'spending.csv'], 'Choose recipients.csv, calls.csv or spending.csv.'), { description: 'Which table of the programme.' }) }),
  { id: 'ProgrammeExportInput' },
));

// ---- GDPR: consents, a competition's privacy settings, your data (routes/personal-data.ts, issue 14 §2) ----
export const PrivacyAcceptInput = deferred(() => meta(
  z.object({ noticeVersion: meta(z.string().check(z.minLength(1, 'Required.'), z.maxLength(40)), { description: 'The version of the privacy notice read (GET /api/privacy).' }) }),
  { id: 'PrivacyAcceptInput' },
));
const years = deferred(() => whole(0, 15, { min: 'At least 0 years.', max: 'At most 15 years.' }));
export const CompetitionPrivacyInput = deferred(() => meta(
  z.object({
    purposes: meta(list(requiredText(500), 10, undefined, 'At most 10 purposes.'), { description: 'Purposes this competition adds to the platform notice; registrants accept them.' }),
    retention: meta(z.optional(z.object({ awardedYears: years, othersYears: years, noticeDays: whole(1, 180, { min: 'At least 1 day.', max: 'At most 180 days.' }) })), {
      description: 'Years after the results that personal data is kept (awarded organisations; the others), and days of notice to the organisers before the scheduler erases the others’. Absent: 5, 1 and 30.',
    }),
    version: meta(version(0), { description: 'The settings version you read (0: never saved); a stale one gets 409.' }),
  }),
  { id: 'CompetitionPrivacyInput' },
));
export const PersonalDataExportInput = deferred(() => meta(
  z.object({ format: meta(z.enum(['json', 'csv'], 'Choose json or csv.'), { description: '`json`: one document; `csv`: a zip of readable CSV files.' }) }),
  { id: 'PersonalDataExportInput' },
));

// ——— A competition's content in other languages (issue 14 §1; domain/content-translations.ts) ———
const translatedText = () => z.optional(z.string().check(z.maxLength(LIMITS.descriptionMax, `At most ${LIMITS.descriptionMax} characters.`)));
export const ContentTranslationsInput = deferred(() => meta(
  z.object({
    source: z.enum(LOCALES),
    texts: z.partialRecord(
      z.enum(LOCALES),
      z.object({
        title: translatedText(),
        description: translatedText(),
        questions: z.optional(z.record(z.string(), z.object({ label: translatedText(), help: translatedText(), unit: translatedText(), options: z.optional(z.record(z.string(), z.string())) }))),
        rubric: z.optional(z.record(z.string(), z.object({ name: translatedText(), description: translatedText() }))),
      }),
    ),
    version: version(),
  }),
  {
    id: 'ContentTranslationsInput',
    description: "The competition's texts in other languages: `source` is the language its own texts are written in; under `texts`, per language, any of title, description, questions (by id: label, help, unit, options by the source option) and rubric (by criterion id: name, description). An empty or absent text shows the source's. `version`: the competition's version you read.",
  },
));
