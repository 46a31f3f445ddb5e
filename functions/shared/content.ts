/**
 * A competition's content in several languages (issue 14 §1), the part both sides need: the shape
 * of the translations and `localise`, which the web app applies to what it shows. The rules for
 * saving them are functions/domain/content-translations.ts.
 *
 * Only texts are translated: ids, answers' stored values (a choice is stored as the source's option)
 * and numbers stay the source's, so a translation can never change what an answer means.
 */
import { isLocale, type Locale } from './i18n/locales.ts';

export interface QuestionText {
  label?: string;
  help?: string;
  /** Number questions: the unit ("employees" → "salariés"). */
  unit?: string;
  /** Choice questions: the source option → its text in this language. */
  options?: Record<string, string>;
}

export interface CriterionText {
  name?: string;
  description?: string;
}

export interface ContentText {
  title?: string;
  description?: string;
  /** By question id. */
  questions?: Record<string, QuestionText>;
  /** By criterion id. */
  rubric?: Record<string, CriterionText>;
}

export interface ContentTranslations {
  /** The language the competition's own texts are written in. */
  source: Locale;
  /** Other languages' texts (never the source's). */
  texts: Partial<Record<Locale, ContentText>>;
}

/** The parts of a competition localise reads and rewrites. */
interface Content {
  title: string;
  description: string;
  questions: readonly ({ id: string; label: string; help: string } & Record<string, unknown>)[];
  rubric: readonly ({ id: string; name: string; description: string } & Record<string, unknown>)[];
  content?: ContentTranslations;
}

/**
 * The competition's texts in `locale`: each one translated where the organiser gave it, the
 * source's otherwise. Everything else (ids, options as stored, numbers) is untouched.
 */
export function localise<C extends Content>(c: C, locale: string): C & { shownIn: Locale } {
  const source = c.content?.source ?? 'en';
  const text = isLocale(locale) && locale !== source ? c.content?.texts[locale] : undefined;
  if (!text) return { ...c, shownIn: source };
  return {
    ...c,
    shownIn: locale as Locale,
    title: text.title ?? c.title,
    description: text.description ?? c.description,
    questions: c.questions.map((q) => {
      const qt = text.questions?.[q.id];
      if (!qt) return q;
      return {
        ...q,
        label: qt.label ?? q.label,
        help: qt.help ?? q.help,
        ...('unit' in q && qt.unit ? { unit: qt.unit } : {}),
        ...('options' in q && qt.options ? { optionLabels: Object.fromEntries((q.options as string[]).map((o) => [o, qt.options?.[o] ?? o])) } : {}),
      };
    }),
    rubric: c.rubric.map((r) => {
      const rt = text.rubric?.[r.id];
      return rt ? { ...r, name: rt.name ?? r.name, description: rt.description ?? r.description } : r;
    }),
  };
}
