/**
 * A competition's own texts (title, description, questions, rubric) in the reader's language, where
 * its organisers gave them (issue 14 §1; functions/shared/content.ts), else in the language they
 * were written in. Pages that show a competition's content call `localised(c)` on what the API
 * returned; the editors keep using the raw competition.
 */
import { localise } from '../../functions/shared/content.ts';
import { currentLocale } from './i18n.ts';

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
 * round's criteria (a round using the competition's rubric shares its criterion ids) and the
 * questions the answers reply to. Scores and answers themselves are never translated.
 */
export function localisedReview<
  W extends {
    round: { rubric: { id: string; name: string; description: string }[] };
    competition: { title: string; content?: Translations };
    submission: { answers: { question: string; questionId?: string }[] };
  },
>(w: W): W {
  const content = w.competition.content;
  const text = content && content.source !== currentLocale() ? content.texts[currentLocale()] : undefined;
  if (!text) return w;
  return {
    ...w,
    competition: { ...w.competition, title: text.title ?? w.competition.title },
    round: { ...w.round, rubric: w.round.rubric.map((c) => ({ ...c, name: text.rubric?.[c.id]?.name ?? c.name, description: text.rubric?.[c.id]?.description ?? c.description })) },
    submission: { ...w.submission, answers: w.submission.answers.map((a) => ({ ...a, question: (a.questionId && text.questions?.[a.questionId]?.label) || a.question })) },
  };
}
