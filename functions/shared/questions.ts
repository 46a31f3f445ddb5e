/**
 * Application questions (issue 14 §3): their types, the conditions that show or hide them, and
 * every rule about their answers — one validator per type, here and nowhere else. A question is a
 * discriminated union on `type`; questions stored before types existed (no `type`) read as long
 * text (`normalizeQuestion`, on read — no data migration). An answer is a typed value: text,
 * number, yes/no, the chosen option(s), a date (YYYY-MM-DD) or a reference to an uploaded file.
 * Hidden questions (their `showIf` is not met) are neither required nor kept.
 */
/** Field path → sentence (the same shape as domain/errors.ts's FieldErrors). */
type FieldErrors = Record<string, string>;

export const QUESTION_TYPES = ['shortText', 'longText', 'number', 'singleChoice', 'multipleChoice', 'yesNo', 'date', 'file'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  shortText: 'Short text',
  longText: 'Long text',
  number: 'Number',
  singleChoice: 'Single choice',
  multipleChoice: 'Multiple choice',
  yesNo: 'Yes / no',
  date: 'Date',
  file: 'File upload',
};

/** What file questions may accept, recognised by content (domain/file-sniff.ts), never by name. */
export const FILE_KINDS = ['pdf', 'image', 'office'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export const FILE_KIND_LABELS: Record<FileKind, string> = { pdf: 'PDF', image: 'Image (PNG, JPEG, GIF, WebP)', office: 'Office document (Word, Excel, PowerPoint, OpenDocument)' };

/**
 * What is wrong with an uploaded answer file, as facts: stored beside the server's English sentence
 * (domain/answer-file.ts `answerFileProblemSentence`) for the web to say in the team's language.
 */
export const ANSWER_FILE_PROBLEM_CODES = ['TOO_LARGE', 'EMPTY', 'ZIP_NOT_OFFICE', 'NOT_RECOGNISED', 'KIND_NOT_ACCEPTED', 'SCAN_FAILED', 'ERASED'] as const;
export interface AnswerFileProblem {
  code: (typeof ANSWER_FILE_PROBLEM_CODES)[number];
  /** TOO_LARGE: the question's limit. */
  maxBytes?: number;
  /** KIND_NOT_ACCEPTED: what the file is (its usual extension, e.g. `png`) and what the question accepts. */
  extension?: string;
  accepted?: FileKind[];
}

export const QUESTION_LIMITS = {
  shortTextMax: 300,
  longTextMax: 5_000,
  wordsMax: 1_000,
  optionsMax: 30,
  optionMax: 200,
  unitMax: 20,
  /** The platform's cap on one answer file (the organiser may set less per question). */
  fileMaxBytes: 25 * 1024 * 1024,
  /** Numbers stay well inside what DynamoDB stores. */
  numberAbsMax: 1e15,
} as const;

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Shown only when an earlier question's answer `equals` a value (any type) or `includes` an option (multiple choice). */
export type Condition = { questionId: string; equals: string | number | boolean; includes?: undefined } | { questionId: string; includes: string; equals?: undefined };

interface Base {
  id: string;
  label: string;
  help: string;
  required: boolean;
  showIf?: Condition;
}

export interface ShortTextQuestion extends Base { type: 'shortText'; maxLength: number }
/** A character limit always (at most 5 000); optionally a word limit too. */
export interface LongTextQuestion extends Base { type: 'longText'; maxLength: number; maxWords?: number }
export interface NumberQuestion extends Base { type: 'number'; unit: string; min?: number; max?: number; integer: boolean }
export interface SingleChoiceQuestion extends Base { type: 'singleChoice'; options: string[] }
export interface MultipleChoiceQuestion extends Base { type: 'multipleChoice'; options: string[]; minSelections: number; maxSelections?: number }
export interface YesNoQuestion extends Base { type: 'yesNo' }
export interface DateQuestion extends Base { type: 'date'; min?: string; max?: string }
export interface FileQuestion extends Base { type: 'file'; kinds: FileKind[]; maxBytes: number }

export type Question =
  | ShortTextQuestion
  | LongTextQuestion
  | NumberQuestion
  | SingleChoiceQuestion
  | MultipleChoiceQuestion
  | YesNoQuestion
  | DateQuestion
  | FileQuestion;

/** A reference to the file uploaded for a file question (its state is the file's: use-cases/answer-files.ts). */
export interface FileAnswer { fileId: string }
export type AnswerValue = string | number | boolean | string[] | FileAnswer;
export type Answers = Record<string, AnswerValue>;

/** A stored question as it is now: those from before types existed are long text. */
export function normalizeQuestion(q: Question | (Omit<LongTextQuestion, 'type'> & { type?: undefined })): Question {
  if (q.type !== undefined) return q;
  return { ...q, type: 'longText', help: q.help ?? '', maxLength: q.maxLength ?? QUESTION_LIMITS.longTextMax };
}

export function normalizeQuestions(qs: readonly Parameters<typeof normalizeQuestion>[0][] | undefined): Question[] {
  return (qs ?? []).map(normalizeQuestion);
}

export function isFileAnswer(v: unknown): v is FileAnswer {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as FileAnswer).fileId === 'string';
}

export function wordCount(s: string): number {
  const t = s.trim();
  return t === '' ? 0 : t.split(/\s+/u).length;
}

function isRealDate(s: string): boolean {
  if (!DATE_PATTERN.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Whether a value counts as "no answer" (so a required question is still open). */
export function isEmptyAnswer(v: AnswerValue | undefined | null): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The one rule per type: what is wrong with a non-empty answer to `q`, in a sentence, or undefined.
 * (Whether an empty answer is acceptable is `required`'s business: `missingAnswers`.)
 */
const VALIDATORS: { [T in QuestionType]: (q: Extract<Question, { type: T }>, v: unknown) => string | undefined } = {
  shortText: (q, v) => {
    if (typeof v !== 'string') return 'Enter text.';
    if (/[\r\n]/.test(v)) return 'One line only.';
    return v.length > q.maxLength ? `At most ${q.maxLength} characters.` : undefined;
  },
  longText: (q, v) => {
    if (typeof v !== 'string') return 'Enter text.';
    if (v.length > q.maxLength) return `At most ${q.maxLength} characters.`;
    if (q.maxWords !== undefined && wordCount(v) > q.maxWords) return `At most ${plural(q.maxWords, 'word')}.`;
    return undefined;
  },
  number: (q, v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return 'Enter a number.';
    if (Math.abs(v) > QUESTION_LIMITS.numberAbsMax) return 'This number is too large.';
    if (q.integer && !Number.isInteger(v)) return 'Enter a whole number.';
    const unit = q.unit ? ` ${q.unit}` : '';
    if (q.min !== undefined && v < q.min) return `At least ${q.min}${unit}.`;
    if (q.max !== undefined && v > q.max) return `At most ${q.max}${unit}.`;
    return undefined;
  },
  singleChoice: (q, v) => (typeof v === 'string' && q.options.includes(v) ? undefined : 'Choose one of the options.'),
  multipleChoice: (q, v) => {
    if (!Array.isArray(v) || !v.every((o) => typeof o === 'string' && q.options.includes(o))) return 'Choose from the options.';
    if (new Set(v).size !== v.length) return 'Each option may be chosen once.';
    if (v.length < q.minSelections) return `Choose at least ${plural(q.minSelections, 'option')}.`;
    if (q.maxSelections !== undefined && v.length > q.maxSelections) return `Choose at most ${plural(q.maxSelections, 'option')}.`;
    return undefined;
  },
  yesNo: (_q, v) => (typeof v === 'boolean' ? undefined : 'Answer yes or no.'),
  date: (q, v) => {
    if (typeof v !== 'string' || !isRealDate(v)) return 'Enter a date (YYYY-MM-DD).';
    if (q.min !== undefined && v < q.min) return `On or after ${q.min}.`;
    if (q.max !== undefined && v > q.max) return `On or before ${q.max}.`;
    return undefined;
  },
  file: (_q, v) => (isFileAnswer(v) && /^[A-Za-z0-9_-]{1,64}$/.test(v.fileId) && Object.keys(v).length === 1 ? undefined : 'Upload a file.'),
};

/** What is wrong with `value` as an answer to `q` (undefined: nothing; empty answers are always fine here). */
export function answerProblem(q: Question, value: unknown): string | undefined {
  if (isEmptyAnswer(value as AnswerValue | undefined)) return undefined;
  return VALIDATORS[q.type](q as never, value);
}

/** Whether `q` is shown, given the answers so far (a hidden question hides those that depend on it). */
export function isShown(q: Question, questions: readonly Question[], answers: Readonly<Record<string, unknown>>, seen = new Set<string>()): boolean {
  if (!q.showIf) return true;
  if (seen.has(q.id)) return false; // cannot happen for valid drafts (conditions point back); never loop
  seen.add(q.id);
  const on = questions.find((p) => p.id === q.showIf!.questionId);
  if (!on || !isShown(on, questions, answers, seen)) return false;
  const v = answers[on.id];
  if (q.showIf.includes !== undefined) return Array.isArray(v) && v.includes(q.showIf.includes);
  return v === q.showIf.equals;
}

/** The questions shown for these answers. */
export function shownQuestions(questions: readonly Question[], answers: Readonly<Record<string, unknown>>): Question[] {
  return questions.filter((q) => isShown(q, questions, answers));
}

/**
 * Answers as they are kept: only for questions that exist and are shown, and never empty
 * (an empty text or selection is no answer).
 */
export function keptAnswers(questions: readonly Question[], answers: Readonly<Record<string, unknown>>): Answers {
  const kept: Answers = {};
  for (const q of shownQuestions(questions, answers)) {
    const v = answers[q.id] as AnswerValue | undefined;
    if (!isEmptyAnswer(v)) kept[q.id] = v!;
  }
  return kept;
}

/** Answers for unknown questions and answers that break their question's rule, keyed `answers.<id>`. */
export function answersErrors(questions: readonly Question[], answers: Readonly<Record<string, unknown>>): FieldErrors {
  const errors: FieldErrors = {};
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const [id, value] of Object.entries(answers)) {
    const q = byId.get(id);
    if (!q) {
      errors[`answers.${id}`] = 'This competition has no such question.';
      continue;
    }
    if (!isShown(q, questions, answers)) continue; // dropped, not judged
    const problem = answerProblem(q, value);
    if (problem) errors[`answers.${id}`] = problem;
  }
  return errors;
}

/**
 * Required questions that are shown and not answered. `fileState` tells, for a file answer, what
 * became of the upload: only a file that passed its checks (`verified`, `clean`, or still
 * `awaiting-scan`) answers its question.
 */
export function missingAnswers(
  questions: readonly Question[],
  answers: Readonly<Record<string, unknown>>,
  fileState?: (questionId: string, fileId: string) => string | undefined,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const q of shownQuestions(questions, answers)) {
    const v = answers[q.id] as AnswerValue | undefined;
    if (q.type === 'file' && isFileAnswer(v) && fileState) {
      const state = fileState(q.id, v.fileId);
      if (state === 'rejected' || state === 'infected' || state === undefined) errors[`answers.${q.id}`] = q.required ? 'Upload an acceptable file before submitting.' : 'This file was not accepted; remove it or upload another.';
      else if (state === 'uploaded') errors[`answers.${q.id}`] = 'This file is still being checked; try again in a moment.';
      continue;
    }
    if (q.required && isEmptyAnswer(v)) errors[`answers.${q.id}`] = 'Required before submitting.';
  }
  return errors;
}

/** Problems of a question list an organiser wrote, keyed `questions.<i>.<field>`. */
export function questionsErrors(questions: readonly Question[]): FieldErrors {
  const errors: FieldErrors = {};
  const ids = new Set<string>();
  questions.forEach((q, i) => {
    const at = (f: string) => `questions.${i}.${f}`;
    if (ids.has(q.id)) errors[at('id')] = 'Two questions have the same id.';
    if (q.type === 'singleChoice' || q.type === 'multipleChoice') {
      const seen = new Set<string>();
      if (q.options.length < 2) errors[at('options')] = 'Give at least two options.';
      q.options.forEach((o) => {
        if (o.trim() === '') errors[at('options')] = 'An option is empty.';
        else if (seen.has(o.trim())) errors[at('options')] = `"${o}" is listed twice.`;
        seen.add(o.trim());
      });
    }
    if (q.type === 'multipleChoice') {
      if (q.minSelections > q.options.length) errors[at('minSelections')] = 'More than there are options.';
      if (q.maxSelections !== undefined && q.maxSelections < Math.max(1, q.minSelections)) errors[at('maxSelections')] = 'Must be at least the minimum (and at least 1).';
    }
    if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.max < q.min) errors[at('max')] = 'The maximum must not be below the minimum.';
    if (q.type === 'date') {
      if (q.min !== undefined && !isRealDate(q.min)) errors[at('min')] = 'Not a date (YYYY-MM-DD).';
      if (q.max !== undefined && !isRealDate(q.max)) errors[at('max')] = 'Not a date (YYYY-MM-DD).';
      if (q.min && q.max && q.max < q.min) errors[at('max')] = 'The latest date must not be before the earliest.';
    }
    if (q.type === 'file') {
      if (q.kinds.length === 0) errors[at('kinds')] = 'Accept at least one kind of file.';
      if (!(q.maxBytes >= 1 && q.maxBytes <= QUESTION_LIMITS.fileMaxBytes)) errors[at('maxBytes')] = `At most ${QUESTION_LIMITS.fileMaxBytes / (1024 * 1024)} MB.`;
    }
    if (q.showIf) {
      // Only an earlier question: conditions then can never form a cycle.
      const on = questions.slice(0, i).find((p) => p.id === q.showIf!.questionId);
      if (!on) errors[at('showIf')] = 'A condition must refer to an earlier question.';
      else if (q.showIf.includes !== undefined) {
        if (on.type !== 'multipleChoice' || !on.options.includes(q.showIf.includes)) errors[at('showIf')] = 'Use "includes" with one of an earlier multiple-choice question’s options.';
      } else {
        const e = q.showIf.equals;
        const ok =
          on.type === 'yesNo' ? typeof e === 'boolean'
          : on.type === 'singleChoice' ? typeof e === 'string' && on.options.includes(e)
          : on.type === 'number' ? typeof e === 'number'
          : on.type === 'shortText' || on.type === 'date' ? typeof e === 'string'
          : false;
        if (!ok) errors[at('showIf')] = 'The condition’s value does not fit the earlier question.';
      }
    }
    ids.add(q.id);
  });
  return errors;
}

/** Canonical JSON (keys sorted), so stored and sent questions compare by meaning, not key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return typeof v === 'string' ? JSON.stringify(v.trim()) : JSON.stringify(v);
}

/** Whether two questions mean the same to an entrant (every setting; texts compared trimmed). */
export function sameQuestion(a: Question, b: Question): boolean {
  return canonical({ ...normalizeQuestion(a), required: Boolean(a.required), help: a.help ?? '' }) === canonical({ ...normalizeQuestion(b), required: Boolean(b.required), help: b.help ?? '' });
}

/** An answer in words, for exports and reader views (files by the name given, e.g. the neutral one). */
export function answerText(q: Question, v: AnswerValue | undefined, fileName?: (f: FileAnswer) => string): string {
  if (v === undefined || v === null) return '';
  if (q.type === 'yesNo') return v === true ? 'Yes' : v === false ? 'No' : '';
  if (q.type === 'number' && typeof v === 'number') return q.unit ? `${v} ${q.unit}` : String(v);
  if (Array.isArray(v)) return v.join('; ');
  if (isFileAnswer(v)) return fileName ? fileName(v) : 'File';
  return String(v);
}
