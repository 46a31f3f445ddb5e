/** functions/shared/content.ts and domain/content-translations.ts: localising never changes what is not text, and falls back text by text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactTranslations, translationErrors } from '../../functions/domain/content-translations.ts';
import { localise, type ContentTranslations } from '../../functions/shared/content.ts';

const competition = (content?: ContentTranslations) => ({
  title: 'Green logistics',
  description: 'Ideas for the last mile.',
  questions: [
    { id: 'q1', type: 'singleChoice', label: 'Stage?', help: 'Pick one', required: true, options: ['Idea', 'Prototype'] },
    { id: 'q2', type: 'number', label: 'Staff', help: '', required: false, unit: 'employees', integer: true },
  ],
  rubric: [{ id: 'c1', name: 'Impact', description: 'CO₂ saved', weight: 1, scale: { min: 1, max: 5 } }],
  ...(content ? { content } : {}),
});

const maybeText = fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''), { nil: undefined });

describe('localise', () => {
  it('changes texts only: ids, types, options as stored, weights and scales stay; every text is either the translation or the source', () => {
    fc.assert(
      fc.property(maybeText, maybeText, maybeText, maybeText, maybeText, maybeText, (title, description, label, unit, option, name) => {
        const content = compactTranslations({ source: 'en', texts: { fr: { title, description, questions: { q1: { label, options: option ? { Idea: option } : {} }, q2: { unit } }, rubric: { c1: { name } } } } });
        const c = competition(content);
        const fr = localise(c, 'fr');
        expect(fr.title).toBe(title ?? c.title);
        expect(fr.description).toBe(description ?? c.description);
        expect(fr.questions.map((q) => [q.id, q.type, q.required, (q as { options?: string[] }).options])).toEqual(c.questions.map((q) => [q.id, q.type, q.required, (q as { options?: string[] }).options]));
        expect(fr.questions[0]!.label).toBe(label ?? 'Stage?');
        expect((fr.questions[1] as { unit?: string }).unit).toBe(unit ?? 'employees');
        if (option) expect((fr.questions[0] as { optionLabels?: Record<string, string> }).optionLabels).toEqual({ Idea: option, Prototype: 'Prototype' });
        expect(fr.rubric[0]).toEqual({ ...c.rubric[0], name: name ?? 'Impact' });
        // Another language, or none given: the source, untouched.
        expect(localise(c, 'de')).toEqual({ ...c, shownIn: 'en' });
      }),
    );
  });

  it('reads a competition with no translations, or in its own language, as it is', () => {
    expect(localise(competition(), 'fr')).toEqual({ ...competition(), shownIn: 'en' });
    const c = competition({ source: 'fr', texts: { en: { title: 'In English' } } });
    expect(localise(c, 'fr').title).toBe('Green logistics');
    expect(localise(c, 'en').title).toBe('In English');
  });
});

describe('translationErrors', () => {
  it('names the field of each text the competition cannot take', () => {
    const c = competition() as unknown as Parameters<typeof translationErrors>[0];
    expect(translationErrors(c, { source: 'en', texts: { fr: { questions: { q1: { options: { Nope: 'Non' } } }, rubric: { c9: { name: 'x' } }, title: 'x'.repeat(121) } } })).toEqual({
      'texts.fr.questions.q1.options': '"Nope" is not one of this question’s options.',
      'texts.fr.rubric.c9': 'This competition has no such criterion.',
      'texts.fr.title': 'At most 120 characters.',
    });
    expect(translationErrors(c, { source: 'en', texts: { fr: { title: 'Logistique verte', questions: { q1: { options: { Idea: 'Idée' } } } } } })).toEqual({});
  });
});
