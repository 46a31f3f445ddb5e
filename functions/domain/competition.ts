/**
 * A competition and what an organiser configures: schedule, eligibility, rubric, questions and
 * pitch rules, with their validation. Which state a competition is in, and what each state
 * allows, is domain/lifecycle.ts.
 */
import { InvalidState, ValidationFailed, type FieldErrors } from './errors.ts';
import { problemsMessage } from './field-labels.ts';
import type { ContentTranslations } from '../shared/content.ts';
import type { PitchPolicy } from './pitch.ts';
import { isValidTimeZone } from './time.ts';
import { questionsErrors, sameQuestion, type Question } from './questions.ts';

export const COMPETITION_KINDS = ['idea', 'hackathon', 'pitch'] as const;
export type CompetitionKind = (typeof COMPETITION_KINDS)[number];

export const LIMITS = {
  titleMax: 120,
  descriptionMax: 10_000,
  sectorsMax: 12,
  tagMax: 40,
  countriesMax: 60,
  criteriaMax: 12,
  criterionNameMax: 80,
  criterionDescriptionMax: 1_000,
  questionsMax: 10,
  questionLabelMax: 300,
  answerMax: 5_000,
  /** Criterion and round weights are relative: 0.01–100 covers "1, 2, 3" as well as "40 %". */
  weightMin: 0.01,
  weightMax: 100,
} as const;

export interface Criterion {
  id: string;
  name: string;
  description: string;
  /** Relative weight; weights are normalised when scores are combined. */
  weight: number;
  scale: { min: number; max: number };
}

/** Application questions and their answers' rules live in domain/questions.ts. */
export type { Question } from './questions.ts';

export interface Eligibility {
  /** ISO 3166-1 alpha-2 codes; empty means every country. */
  countries: string[];
  /** Entrants must declare they are an SME (EU definition). */
  smeOnly: boolean;
}

/** All instants are UTC ISO strings; `timeZone` is how people see them. */
export interface Schedule {
  timeZone: string;
  submissionsOpen: string;
  submissionsClose: string;
  evaluationStart: string;
  evaluationEnd: string;
  resultsDate: string;
}

export type CompetitionStatus = 'draft' | 'published';

/**
 * A publication under way: what the organiser decided (when the results become visible, the
 * checklist override) and the job that computes and stores the snapshot (use-cases/publication-job.ts).
 */
export interface Publishing {
  version: number;
  jobId: string;
  when: 'now' | 'scheduled';
  visibleFrom: string;
  decidedAt: string;
  /** Publishing while submissions were open closes them (at `decidedAt`). */
  closesEarly: boolean;
  by: { sub: string; email: string };
  override?: { reason: string; problems: string[] };
  /** Publishing an amendment of `fromVersion` (the competition's `amendment` gives its reason). */
  amends?: { fromVersion: number; reason: string };
}

export interface Competition {
  id: string;
  title: string;
  description: string;
  kind: CompetitionKind;
  sectors: string[];
  eligibility: Eligibility;
  schedule: Schedule;
  rubric: Criterion[];
  questions: Question[];
  /** Video pitch rules; stored competitions from before pitches existed read as the defaults. */
  pitch: PitchPolicy;
  /** Its texts in other languages (domain/content-translations.ts); absent: only the source's, English. */
  content?: ContentTranslations;
  /** Issue 14 §3: uploaded answer files are scanned for malware before anyone but the uploader may open them. */
  malwareScan?: boolean;
  status: CompetitionStatus;
  /** Set when an organiser closes submissions before the scheduled close. */
  closedEarlyAt?: string;
  publishedAt?: string;
  /** When the outcome becomes visible to anyone but organisers (set by publishing results). */
  resultsPublishedAt?: string;
  /** When entrants were told the results are out (once). */
  resultsNotifiedAt?: string;
  /** When entrants may read their feedback reports. */
  feedbackReleasedAt?: string;
  /** The stored results snapshot people are shown (set when results are decided; +1 per amendment). */
  resultsVersion?: number;
  /** Results being decided: the publication job storing snapshot `version` (cleared when it is done). */
  publishing?: Publishing;
  /** Why the organiser published despite the checklist's warnings. */
  publicationOverride?: { reason: string; by: string; at: string; problems: string[] };
  /** An amendment of published results in preparation (see domain/lifecycle.ts). */
  amendment?: { reason: string; openedBy: string; openedAt: string };
  /** Published amendments, oldest first: the public page says "amended on …". */
  amendments?: { reason: string; by: string; at: string; version: number }[];
  archivedAt?: string;
  /** The programme (domain/programme.ts) the competition is a call of; absent for a programme of one. */
  programmeId?: string;
  /**
   * Whether an audience vote is configured (use-cases/audience-vote.ts sets it), so pages ask for
   * the vote only then. `false` from creation; absent on competitions stored before the flag
   * existed, which pages treat as "perhaps" and ask.
   */
  audienceVote?: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** What an organiser may set; ids and bookkeeping are the server's. */
export type CompetitionDraft = Pick<
  Competition,
  'title' | 'description' | 'kind' | 'sectors' | 'eligibility' | 'schedule' | 'rubric' | 'questions' | 'pitch'
> & Pick<Partial<Competition>, 'malwareScan'>;

/** The instant submissions really close: the scheduled close, or earlier if closed by hand. */
export function effectiveClose(c: Pick<Competition, 'schedule' | 'closedEarlyAt'>): string {
  const scheduled = c.schedule.submissionsClose;
  return c.closedEarlyAt && c.closedEarlyAt < scheduled ? c.closedEarlyAt : scheduled;
}

/** Checks the schedule's order and zone; returns field errors keyed `schedule.<field>`. */
export function scheduleErrors(s: Schedule): FieldErrors {
  const errors: FieldErrors = {};
  if (!isValidTimeZone(s.timeZone)) errors['schedule.timeZone'] = 'Unknown time zone.';
  const order: (keyof Omit<Schedule, 'timeZone'>)[] = [
    'submissionsOpen',
    'submissionsClose',
    'evaluationStart',
    'evaluationEnd',
    'resultsDate',
  ];
  const label: Record<string, string> = {
    submissionsOpen: 'submissions open',
    submissionsClose: 'submissions close',
    evaluationStart: 'evaluation starts',
    evaluationEnd: 'evaluation ends',
    resultsDate: 'results are announced',
  };
  for (let i = 1; i < order.length; i++) {
    const prev = order[i - 1]!;
    const cur = order[i]!;
    const strict = cur === 'submissionsClose' || cur === 'evaluationEnd';
    const bad = strict ? s[cur] <= s[prev] : s[cur] < s[prev];
    if (bad) errors[`schedule.${cur}`] = `Must be ${strict ? 'after' : 'at or after'} the time ${label[prev]}.`;
  }
  return errors;
}

export function rubricErrors(rubric: Criterion[]): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  rubric.forEach((c, i) => {
    const key = c.name.trim().toLowerCase();
    if (seen.has(key)) errors[`rubric.${i}.name`] = 'Two criteria have the same name.';
    seen.add(key);
    if (c.scale.max <= c.scale.min) errors[`rubric.${i}.scale.max`] = 'The top of the scale must be above the bottom.';
    if (!(c.weight >= LIMITS.weightMin && c.weight <= LIMITS.weightMax))
      errors[`rubric.${i}.weight`] = `Must be from ${LIMITS.weightMin} to ${LIMITS.weightMax}.`;
  });
  // Ids may be sent (to keep a criterion's identity across edits); two rows cannot share one.
  const ids = new Set<string>();
  rubric.forEach((c, i) => {
    if (ids.has(c.id)) errors[`rubric.${i}.id`] ??= 'Two criteria have the same id.';
    ids.add(c.id);
  });
  return errors;
}

/** Validates a whole draft beyond field shapes (cross-field rules). Throws ValidationFailed. */
export function assertValidDraft(d: CompetitionDraft): void {
  const errors = { ...scheduleErrors(d.schedule), ...rubricErrors(d.rubric) };
  Object.assign(errors, questionsErrors(d.questions));
  if (Object.keys(errors).length > 0) throw new ValidationFailed(problemsMessage(errors), errors);
}

/**
 * Whether two question lists mean the same to an entrant: same questions (every setting), in the
 * same order. Compared setting by setting (domain/questions.ts), never as serialised JSON: a stored
 * item comes back with its keys in another order than a request has them.
 */
export function sameQuestions(a: readonly Question[], b: readonly Question[]): boolean {
  return a.length === b.length && a.every((q, i) => sameQuestion(q, b[i]!));
}

/** Which changes an organiser may make once the competition is published (`state` from domain/lifecycle.ts). */
export function assertEditable(c: Competition, next: CompetitionDraft, state: string): void {
  if (state === 'draft' || state === 'upcoming') return;
  // Once entrants may be working on submissions, the questions they answer must not change.
  if (!sameQuestions(next.questions, c.questions))
    throw new InvalidState('Submission questions cannot change once submissions have opened.', {
      questions: 'locked',
    });
  if (next.schedule.submissionsOpen !== c.schedule.submissionsOpen)
    throw new InvalidState('The opening date cannot change once submissions have opened.', {
      'schedule.submissionsOpen': 'locked',
    });
}

export function assertPublishable(c: Competition, now: Date): void {
  if (c.status === 'published') throw new InvalidState('This competition is already published.');
  if (c.rubric.length === 0)
    throw new InvalidState('Add at least one rubric criterion before publishing.', { rubric: 'required' });
  if (c.schedule.submissionsClose <= now.toISOString())
    throw new InvalidState('Submissions would already be closed; move the closing date before publishing.', {
      'schedule.submissionsClose': 'in the past',
    });
}

/** Sort key for public listings: open and upcoming first (closing soonest), then the rest. */
export function listingCloseKey(c: Competition): string {
  return effectiveClose(c);
}

