/** Turns what an organiser typed into a valid CompetitionDraft (UTC instants, ids on every row). */
import type { CompetitionDraft, Criterion, Question, Schedule } from '../domain/competition.ts';
import { assertValidDraft } from '../domain/competition.ts';
import { ValidationFailed, type FieldErrors } from '../domain/errors.ts';
import { isValidTimeZone, toUtcInstant } from '../domain/time.ts';
import type { IdGenerator } from './ports.ts';

export interface CompetitionDraftInput extends Omit<CompetitionDraft, 'rubric' | 'questions'> {
  rubric: (Omit<Criterion, 'id'> & { id?: string })[];
  questions: (Omit<Question, 'id'> & { id?: string })[];
}

const SCHEDULE_FIELDS = ['submissionsOpen', 'submissionsClose', 'evaluationStart', 'evaluationEnd', 'resultsDate'] as const;

/**
 * `previous` lets rows sent without an id keep the id of the existing row with the same name
 * (criteria) or label (questions), so re-saving a form does not look like a new rubric.
 */
export function toDraft(input: CompetitionDraftInput, ids: IdGenerator, previous?: CompetitionDraft): CompetitionDraft {
  const tz = input.schedule.timeZone;
  if (!isValidTimeZone(tz)) throw new ValidationFailed('Unknown time zone.', { 'schedule.timeZone': 'Unknown time zone.' });
  const errors: FieldErrors = {};
  const schedule = { timeZone: tz } as Schedule;
  for (const f of SCHEDULE_FIELDS) {
    const utc = toUtcInstant(input.schedule[f], tz);
    if (!utc) errors[`schedule.${f}`] = 'Not a valid date and time.';
    else schedule[f] = utc;
  }
  if (Object.keys(errors).length > 0) throw new ValidationFailed('Some dates are not valid.', errors);
  const draft: CompetitionDraft = {
    ...input,
    sectors: dedupe(input.sectors),
    eligibility: { ...input.eligibility, countries: dedupe(input.eligibility.countries) },
    schedule,
    rubric: input.rubric.map((c) => ({
      ...c,
      id: c.id ?? previous?.rubric.find((p) => p.name === c.name)?.id ?? `c-${ids.next().toLowerCase()}`,
    })),
    questions: input.questions.map((q) => ({
      ...q,
      id: q.id ?? previous?.questions.find((p) => p.label === q.label)?.id ?? `q-${ids.next().toLowerCase()}`,
    })),
  };
  assertValidDraft(draft);
  return draft;
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}
