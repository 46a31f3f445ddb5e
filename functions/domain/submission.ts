/**
 * A submission and its rules: drafts may be incomplete, a submitted entry must be complete, and
 * nothing changes once submissions close (domain/lifecycle.ts).
 */
import { LIMITS, type Competition } from './competition.ts';
import { InvalidState, RuleViolation, type FieldErrors } from './errors.ts';
import { assertAllowed } from './lifecycle.ts';
import { inZone } from './time.ts';
import { answersErrors, keptAnswers, missingAnswers, type Answers } from './questions.ts';

export { inZone };

export const SUBMISSION_STATUSES = ['draft', 'submitted', 'withdrawn'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const SUBMISSION_LIMITS = {
  titleMax: 120,
  summaryMax: 1_000,
  problemMax: 5_000,
  solutionMax: 5_000,
  tagsMax: 12,
  tagMax: 40,
  answerMax: LIMITS.answerMax,
} as const;

/** The parts of a submission its team writes. */
export interface SubmissionContent {
  title: string;
  summary: string;
  problem: string;
  solution: string;
  valueChain: string[];
  sectors: string[];
  /** Typed answers by question id (domain/questions.ts); only shown questions' answers are kept. */
  answers: Answers;
}

export interface Submission extends SubmissionContent {
  id: string;
  competitionId: string;
  ownerSub: string;
  organisationName: string;
  country: string;
  status: SubmissionStatus;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  withdrawnAt?: string;
  version: number;
}

export function emptyContent(): SubmissionContent {
  return { title: '', summary: '', problem: '', solution: '', valueChain: [], sectors: [], answers: {} };
}

/** Answers must belong to the competition's questions and keep their rules (domain/questions.ts). */
export function answerErrors(c: Competition, answers: Readonly<Record<string, unknown>>): FieldErrors {
  return answersErrors(c.questions, answers);
}

/** The answers a submission keeps: those of shown questions, none empty. */
export function keptContent<S extends SubmissionContent>(c: Competition, s: S): S {
  return { ...s, answers: keptAnswers(c.questions, s.answers) };
}

/**
 * What is still missing before a submission can be submitted. `fileState` says what became of an
 * answer file (use-cases/answer-files.ts); without it, a file reference counts as an answer.
 */
export function completenessErrors(
  c: Competition,
  s: SubmissionContent,
  fileState?: (questionId: string, fileId: string) => string | undefined,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of ['title', 'summary', 'problem', 'solution'] as const)
    if (s[f].trim() === '') errors[f] = 'Required before submitting.';
  return { ...errors, ...missingAnswers(c.questions, s.answers, fileState) };
}

export function assertContentValid(c: Competition, s: SubmissionContent): void {
  const errors = answerErrors(c, s.answers);
  if (Object.keys(errors).length > 0) throw new RuleViolation('INVALID_ANSWERS', 'Some answers need attention.', errors);
}

export function assertCanCreate(c: Competition, now: Date): void {
  assertAllowed(c, now, 'edit-submission');
}

export function assertCanEdit(c: Competition, s: Submission, now: Date): void {
  assertAllowed(c, now, 'edit-submission');
  if (s.status === 'withdrawn') throw new InvalidState('This submission was withdrawn; submit it again to edit it.');
}

/** `hasReadyPitch`: whether a verified video pitch is attached (required by some competitions). */
export function assertCanSubmit(
  c: Competition,
  s: Submission,
  now: Date,
  hasReadyPitch = false,
  fileState?: (questionId: string, fileId: string) => string | undefined,
): void {
  assertAllowed(c, now, 'submit');
  if (s.status === 'submitted') throw new InvalidState('This submission is already submitted.');
  const errors = { ...completenessErrors(c, s, fileState), ...answerErrors(c, s.answers) };
  if (c.pitch?.required && !hasReadyPitch) errors.pitch = 'Upload your video pitch before submitting.';
  if (Object.keys(errors).length > 0)
    throw new RuleViolation('SUBMISSION_INCOMPLETE', 'Complete the highlighted fields before submitting.', errors);
}

/** Withdrawing, like every change to an entry, is possible only while submissions are open. */
export function assertCanWithdraw(c: Competition, s: Submission, now: Date): void {
  assertAllowed(c, now, 'withdraw-submission');
  if (s.status === 'withdrawn') throw new InvalidState('This submission is already withdrawn.');
}
