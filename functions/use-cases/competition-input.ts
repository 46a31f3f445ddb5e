/** Turns what an organiser typed into a valid CompetitionDraft (UTC instants, ids on every row). */
import type { CompetitionDraft, Criterion, Question, Schedule } from '../domain/competition.ts';
import { assertValidDraft } from '../domain/competition.ts';
import { normalizeQuestions } from '../domain/questions.ts';
import { ValidationFailed, type FieldErrors } from '../domain/errors.ts';
import { problemsMessage } from '../domain/field-labels.ts';
import { isValidTimeZone, toUtcInstant } from '../domain/time.ts';
import type { IdGenerator } from './ports.ts';

/** A question as sent: its id optional, and without `type` it is long text (domain/questions.ts). */
type QuestionSent = Question extends infer Q ? (Q extends Question ? Omit<Q, 'id' | 'type'> & { id?: string; type?: Q['type'] } : never) : never;

export interface CompetitionDraftInput extends Omit<CompetitionDraft, 'rubric' | 'questions'> {
  rubric: (Omit<Criterion, 'id'> & { id?: string })[];
  questions: QuestionSent[];
}

const SCHEDULE_FIELDS = ['submissionsOpen', 'submissionsClose', 'evaluationStart', 'evaluationEnd', 'resultsDate'] as const;

/**
 * `previous` lets rows sent without an id keep the id of the existing row with the same name
 * (criteria) or label (questions), so re-saving a form does not look like a new rubric.
 */
export function toDraft(input: CompetitionDraftInput, ids: IdGenerator, previous?: CompetitionDraft): CompetitionDraft {
  const tz = input.schedule.timeZone;
  if (!isValidTimeZone(tz)) {
    const fields = { 'schedule.timeZone': 'Unknown time zone.' };
    throw new ValidationFailed(problemsMessage(fields), fields);
  }
  const errors: FieldErrors = {};
  const schedule = { timeZone: tz } as Schedule;
  for (const f of SCHEDULE_FIELDS) {
    const utc = toUtcInstant(input.schedule[f], tz);
    if (!utc) errors[`schedule.${f}`] = 'Not a valid date and time.';
    else schedule[f] = utc;
  }
  if (Object.keys(errors).length > 0) throw new ValidationFailed(problemsMessage(errors), errors);
  const draft: CompetitionDraft = {
    ...input,
    sectors: dedupe(input.sectors),
    eligibility: { ...input.eligibility, countries: dedupe(input.eligibility.countries) },
    schedule,
    rubric: withIds(input.rubric, previous?.rubric ?? [], (c) => c.name, () => `c-${ids.next().toLowerCase()}`),
    questions: normalizeQuestions(withIds(input.questions, previous?.questions ?? [], (q) => q.label, () => `q-${ids.next().toLowerCase()}`) as Question[]),
  };
  assertValidDraft(draft);
  return draft;
}

/**
 * Ids for rows sent without one: the id of the stored row with the same name (criteria) or label
 * (questions) — so an unchanged form re-sent without ids means an unchanged rubric — unless
 * another row of the request already has that id; otherwise a new one.
 */
function withIds<R extends { id?: string }, P extends { id: string }>(
  rows: R[],
  previous: P[],
  nameOf: (row: R | P) => string,
  newId: () => string,
): (R & { id: string })[] {
  const taken = new Set(rows.flatMap((r) => (r.id === undefined ? [] : [r.id])));
  return rows.map((r) => {
    if (r.id !== undefined) return { ...r, id: r.id };
    const match = previous.find((p) => !taken.has(p.id) && nameOf(p).trim() === nameOf(r).trim());
    const id = match?.id ?? newId();
    taken.add(id);
    return { ...r, id };
  });
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}
