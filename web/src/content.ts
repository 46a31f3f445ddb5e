/**
 * A competition's own texts (title, description, questions, rubric) in the reader's language, where
 * its organisers gave them (issue 14 §1; functions/shared/content.ts), else in the language they
 * were written in. Pages that show a competition's content call `localised(c)` on what the API
 * returned; the editors keep using the raw competition.
 */
import { localise } from '../../functions/shared/content.ts';
import { formatDay, formatList, formatNumber } from './format.ts';
import { currentLocale, t } from './i18n.ts';

export function localised<C extends Parameters<typeof localise>[0]>(c: C): ReturnType<typeof localise<C>> {
  return localise(c, currentLocale());
}

/** A choice question's option as the reader reads it (answers store the source's option). */
export function optionLabel(q: object, option: string): string {
  return (q as { optionLabels?: Record<string, string> }).optionLabels?.[option] ?? option;
}

type Translations = Parameters<typeof localise>[0]['content'];

/**
 * A review sheet's competition texts in the reader's language: the competition's title, the
 * round's criteria (a round using the competition's rubric shares its criterion ids), the
 * questions the answers reply to, and the answers' words — yes/no, numbers, dates and the
 * options chosen, from their typed `value` (free texts are never translated).
 */
export function localisedReview<
  W extends {
    round: { rubric: { id: string; name: string; description: string }[] };
    competition: { title: string; content?: Translations };
    submission: { answers: ReviewAnswer[] };
  },
>(w: W): W {
  const content = w.competition.content;
  const text = content && content.source !== currentLocale() ? content.texts[currentLocale()] : undefined;
  const answers = w.submission.answers.map((a) => ({
    ...a,
    question: (text && a.questionId && text.questions?.[a.questionId]?.label) || a.question,
    answer: answerWords(a, (a.questionId && text?.questions?.[a.questionId]?.options) || {}),
  }));
  if (!text) return { ...w, submission: { ...w.submission, answers } };
  return {
    ...w,
    competition: { ...w.competition, title: text.title ?? w.competition.title },
    round: { ...w.round, rubric: w.round.rubric.map((c) => ({ ...c, name: text.rubric?.[c.id]?.name ?? c.name, description: text.rubric?.[c.id]?.description ?? c.description })) },
    submission: { ...w.submission, answers },
  };
}

interface ReviewAnswer {
  question: string;
  questionId?: string;
  answer: string;
  type?: string;
  value?: string | number | boolean | string[];
  unit?: string;
}

/** An answer in the reader's words (the server's English `answer` where there is no typed value). */
function answerWords(a: ReviewAnswer, options: Record<string, string>): string {
  const v = a.value;
  if (a.type === 'yesNo' && typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
  if (a.type === 'number' && typeof v === 'number') return a.unit ? `${formatNumber(v)} ${a.unit}` : formatNumber(v);
  if (a.type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDay(v);
  if ((a.type === 'singleChoice' || a.type === 'multipleChoice') && v !== undefined) {
    const chosen = (Array.isArray(v) ? v : [String(v)]).map((o) => options[o] ?? o);
    return formatList(chosen);
  }
  return a.answer;
}
