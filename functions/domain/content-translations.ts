/**
 * The rules for a competition's translations (issue 14 §1): the organiser writes the title,
 * description, questions and rubric once in the competition's own language (`source`), and may add
 * each of them in other languages. Readers see their language's text where there is one and the
 * source's where there is not — text by text, so a half-done translation still reads whole
 * (functions/shared/content.ts localises; the web applies it).
 */
import type { ContentText, ContentTranslations } from '../shared/content.ts';
import { isLocale, LOCALES, type Locale } from '../shared/i18n/locales.ts';
import type { Competition } from './competition.ts';
import { LIMITS } from './competition.ts';
import type { FieldErrors } from './errors.ts';

export const CONTENT_LIMITS = { helpMax: 1_000, unitMax: 40, optionMax: 200 } as const;

type Content = Pick<Competition, 'title' | 'description' | 'questions' | 'rubric'>;

/** Field errors for a translation set against the competition it translates (`texts.fr.questions.q-1.label`). */
export function translationErrors(c: Content, t: ContentTranslations): FieldErrors {
  const errors: FieldErrors = {};
  if (!isLocale(t.source)) errors.source = `One of ${LOCALES.join(', ')}.`;
  const tooLong = (path: string, text: string | undefined, max: number) => {
    if (text !== undefined && text.length > max) errors[path] = `At most ${max} characters.`;
  };
  for (const [locale, text] of Object.entries(t.texts) as [string, ContentText][]) {
    const at = `texts.${locale}`;
    if (!isLocale(locale)) {
      errors[at] = `One of ${LOCALES.join(', ')}.`;
      continue;
    }
    if (locale === t.source) {
      errors[at] = 'The competition’s own language needs no translation.';
      continue;
    }
    tooLong(`${at}.title`, text.title, LIMITS.titleMax);
    tooLong(`${at}.description`, text.description, LIMITS.descriptionMax);
    for (const [id, q] of Object.entries(text.questions ?? {})) {
      const question = c.questions.find((x) => x.id === id);
      const qAt = `${at}.questions.${id}`;
      if (!question) {
        errors[qAt] = 'This competition has no such question.';
        continue;
      }
      tooLong(`${qAt}.label`, q.label, LIMITS.questionLabelMax);
      tooLong(`${qAt}.help`, q.help, CONTENT_LIMITS.helpMax);
      tooLong(`${qAt}.unit`, q.unit, CONTENT_LIMITS.unitMax);
      const options = 'options' in question ? (question.options as string[]) : [];
      for (const [option, label] of Object.entries(q.options ?? {})) {
        if (!options.includes(option)) errors[`${qAt}.options`] = `"${option}" is not one of this question’s options.`;
        else tooLong(`${qAt}.options`, label, CONTENT_LIMITS.optionMax);
      }
    }
    for (const [id, r] of Object.entries(text.rubric ?? {})) {
      const rAt = `${at}.rubric.${id}`;
      if (!c.rubric.some((x) => x.id === id)) {
        errors[rAt] = 'This competition has no such criterion.';
        continue;
      }
      tooLong(`${rAt}.name`, r.name, LIMITS.criterionNameMax);
      tooLong(`${rAt}.description`, r.description, LIMITS.criterionDescriptionMax);
    }
  }
  return errors;
}

/** Drops empty texts (a cleared field means "use the source's"), so what is stored is what is translated. */
export function compactTranslations(t: ContentTranslations): ContentTranslations {
  const filled = (s: string | undefined) => (s !== undefined && s.trim() !== '' ? s : undefined);
  const clean = <T extends object>(o: T): T | undefined => {
    const kept = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(typeof v === 'object' && Object.keys(v).length === 0)));
    return Object.keys(kept).length > 0 ? (kept as T) : undefined;
  };
  const texts: ContentTranslations['texts'] = {};
  for (const [locale, text] of Object.entries(t.texts) as [Locale, ContentText][]) {
    const questions = clean(
      Object.fromEntries(
        Object.entries(text.questions ?? {}).map(([id, q]) => [
          id,
          clean({ label: filled(q.label), help: filled(q.help), unit: filled(q.unit), options: clean(Object.fromEntries(Object.entries(q.options ?? {}).map(([k, v]) => [k, filled(v)]))) }),
        ]),
      ),
    );
    const rubric = clean(Object.fromEntries(Object.entries(text.rubric ?? {}).map(([id, r]) => [id, clean({ name: filled(r.name), description: filled(r.description) })])));
    const kept = clean({ title: filled(text.title), description: filled(text.description), questions, rubric });
    if (kept) texts[locale] = kept as ContentText;
  }
  return { source: t.source, texts };
}

