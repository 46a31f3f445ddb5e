/**
 * A submission and its rules: drafts may be incomplete, a submitted entry must be complete, and
 * nothing changes once submissions close (domain/lifecycle.ts).
 */
import { LIMITS, type Competition } from './competition.ts';
import { InvalidState, RuleViolation, type FieldErrors } from './errors.ts';
import { assertAllowed } from './lifecycle.ts';
import { inZone } from './time.ts';

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
  answers: Record<string, string>;
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

/** Answers must belong to the competition's questions and fit their length. */
export function answerErrors(c: Competition, answers: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  const byId = new Map(c.questions.map((q) => [q.id, q]));
  for (const [id, text] of Object.entries(answers)) {
    const q = byId.get(id);
    if (!q) errors[`answers.${id}`] = 'This competition has no such question.';
    else if (text.length > q.maxLength) errors[`answers.${id}`] = `At most ${q.maxLength} characters.`;
  }
  return errors;
}

/** What is still missing before a submission can be submitted. */
export function completenessErrors(c: Competition, s: SubmissionContent): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of ['title', 'summary', 'problem', 'solution'] as const)
    if (s[f].trim() === '') errors[f] = 'Required before submitting.';
  for (const q of c.questions)
    if (q.required && (s.answers[q.id] ?? '').trim() === '') errors[`answers.${q.id}`] = 'Required before submitting.';
  return errors;
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
export function assertCanSubmit(c: Competition, s: Submission, now: Date, hasReadyPitch = false): void {
  assertAllowed(c, now, 'submit');
  if (s.status === 'submitted') throw new InvalidState('This submission is already submitted.');
  const errors = { ...completenessErrors(c, s), ...answerErrors(c, s.answers) };
  if (c.pitch?.required && !hasReadyPitch) errors.pitch = 'Upload your video pitch before submitting.';
  if (Object.keys(errors).length > 0)
    throw new RuleViolation('SUBMISSION_INCOMPLETE', 'Complete the highlighted fields before submitting.', errors);
}

/** Withdrawing, like every change to an entry, is possible only while submissions are open. */
export function assertCanWithdraw(c: Competition, s: Submission, now: Date): void {
  assertAllowed(c, now, 'withdraw-submission');
  if (s.status === 'withdrawn') throw new InvalidState('This submission is already withdrawn.');
}
