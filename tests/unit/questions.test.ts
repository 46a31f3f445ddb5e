import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answerProblem,
  answersErrors,
  isShown,
  keptAnswers,
  missingAnswers,
  normalizeQuestion,
  questionsErrors,
  sameQuestion,
  wordCount,
  type Question,
} from '../../functions/domain/questions.ts';

const base = { label: 'Q', help: '', required: false };
const Q = {
  short: { ...base, id: 'short', type: 'shortText', maxLength: 20 },
  long: { ...base, id: 'long', type: 'longText', maxLength: 100, maxWords: 5 },
  num: { ...base, id: 'num', type: 'number', unit: 'EUR', min: 0, max: 1000, integer: true },
  one: { ...base, id: 'one', type: 'singleChoice', options: ['Energy', 'Water', 'Food'] },
  many: { ...base, id: 'many', type: 'multipleChoice', options: ['A', 'B', 'C', 'D'], minSelections: 1, maxSelections: 2 },
  yes: { ...base, id: 'yes', type: 'yesNo' },
  date: { ...base, id: 'date', type: 'date', min: '2026-01-01', max: '2026-12-31' },
  file: { ...base, id: 'file', type: 'file', kinds: ['pdf'], maxBytes: 1000 },
} satisfies Record<string, Question>;

describe('question types', () => {
  it('reads a stored question without a type as long text', () => {
    expect(normalizeQuestion({ id: 'q', label: 'Old', help: '', required: true, maxLength: 300 })).toEqual({ id: 'q', label: 'Old', help: '', required: true, maxLength: 300, type: 'longText' });
  });

  it('judges each type by its own rule', () => {
    expect(answerProblem(Q.short, 'fine')).toBeUndefined();
    expect(answerProblem(Q.short, 'two\nlines')).toMatch(/One line/);
    expect(answerProblem(Q.short, 'x'.repeat(21))).toMatch(/20 characters/);
    expect(answerProblem(Q.long, 'one two three four five six')).toMatch(/5 words/);
    expect(answerProblem(Q.num, 12.5)).toMatch(/whole number/);
    expect(answerProblem(Q.num, -1)).toMatch(/At least 0 EUR/);
    expect(answerProblem(Q.num, '12')).toMatch(/number/);
    expect(answerProblem(Q.one, 'Water')).toBeUndefined();
    expect(answerProblem(Q.one, 'Air')).toMatch(/Choose one/);
    expect(answerProblem(Q.many, ['A', 'B', 'C'])).toMatch(/at most 2/);
    expect(answerProblem(Q.many, ['A', 'A'])).toMatch(/once/);
    expect(answerProblem(Q.yes, 'yes')).toMatch(/yes or no/);
    expect(answerProblem(Q.date, '2026-02-30')).toMatch(/date/);
    expect(answerProblem(Q.date, '2025-12-31')).toMatch(/On or after/);
    expect(answerProblem(Q.file, { fileId: 'f1' })).toBeUndefined();
    expect(answerProblem(Q.file, 'deck.pdf')).toMatch(/Upload/);
  });

  it('accepts exactly the numbers inside the bounds, whole ones only', () => {
    fc.assert(
      fc.property(fc.double({ min: -2000, max: 2000, noNaN: true }), (n) => {
        const ok = Number.isInteger(n) && n >= 0 && n <= 1000;
        expect(answerProblem(Q.num, n) === undefined).toBe(ok);
      }),
    );
  });

  it('accepts exactly the selections of allowed size from the options', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('A', 'B', 'C', 'D', 'E')), (picked) => {
        const ok = picked.length <= 2 && new Set(picked).size === picked.length && picked.every((p) => p !== 'E');
        // An empty selection is no answer (the "required" rule's business), never an error.
        expect(answerProblem(Q.many, picked) === undefined).toBe(picked.length === 0 || ok);
      }),
    );
  });

  it('accepts exactly the texts within the character and word limits', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'bb', ' ', '\n', 'ccc'), { maxLength: 60 }).map((a) => a.join('')), (text) => {
        const ok = text.length <= 100 && wordCount(text) <= 5;
        expect(answerProblem(Q.long, text) === undefined).toBe(text.trim() === '' || ok);
      }),
    );
  });

  it('rejects values of the wrong type for every question type', () => {
    const wrong: Record<string, unknown[]> = {
      short: [1, true, ['x'], { fileId: 'f' }],
      num: ['1', true, ['1'], Number.NaN, Infinity],
      one: [1, true, ['Energy']],
      many: ['A', 1, true],
      yes: [1, 'true', ['x']],
      date: [20260101, true],
      file: ['f', 1, true, { fileId: 'f', extra: 1 }, { fileId: '../x' }],
    };
    for (const [k, values] of Object.entries(wrong)) for (const v of values) expect(answerProblem(Q[k as keyof typeof Q], v), `${k} ${JSON.stringify(v)}`).toBeDefined();
  });
});

describe('conditions', () => {
  const questions: Question[] = [
    { ...Q.yes, id: 'startup' },
    { ...Q.short, id: 'founded', required: true, showIf: { questionId: 'startup', equals: true } },
    { ...Q.many, id: 'areas' },
    { ...Q.file, id: 'water-plan', required: true, showIf: { questionId: 'areas', includes: 'B' } },
    // Depends on a question that is itself conditional.
    { ...Q.num, id: 'age', showIf: { questionId: 'founded', equals: 'long ago' } },
  ];

  it('shows a question only when the earlier answer says so, hiding its dependants too', () => {
    expect(isShown(questions[1]!, questions, { startup: true })).toBe(true);
    expect(isShown(questions[1]!, questions, { startup: false })).toBe(false);
    expect(isShown(questions[3]!, questions, { areas: ['A', 'B'] })).toBe(true);
    expect(isShown(questions[3]!, questions, { areas: ['A'] })).toBe(false);
    expect(isShown(questions[4]!, questions, { startup: false, founded: 'long ago' })).toBe(false);
    expect(isShown(questions[4]!, questions, { startup: true, founded: 'long ago' })).toBe(true);
  });

  it('neither requires nor keeps hidden questions', () => {
    const answers = { startup: false, founded: 'secret', areas: ['A'], age: 3 };
    expect(missingAnswers(questions, answers)).toEqual({});
    expect(keptAnswers(questions, answers)).toEqual({ startup: false, areas: ['A'] });
    expect(missingAnswers(questions, { startup: true, areas: ['B'] })).toEqual({ 'answers.founded': expect.any(String), 'answers.water-plan': expect.any(String) });
  });

  it('never keeps an answer to a hidden question, whatever the answers', () => {
    fc.assert(
      fc.property(
        fc.record({ startup: fc.boolean(), founded: fc.constantFrom('x', 'long ago', ''), areas: fc.subarray(['A', 'B', 'C']), age: fc.integer({ min: 0, max: 9 }), 'water-plan': fc.constant({ fileId: 'f' }) }, { requiredKeys: [] }),
        (answers) => {
          const kept = keptAnswers(questions, answers);
          for (const id of Object.keys(kept)) expect(isShown(questions.find((q) => q.id === id)!, questions, answers)).toBe(true);
          // Keeping is stable: what is kept shows the same questions again.
          expect(keptAnswers(questions, kept)).toEqual(kept);
        },
      ),
    );
  });

  it('refuses conditions on later or unknown questions, and values that do not fit', () => {
    const later: Question[] = [{ ...Q.short, showIf: { questionId: 'yes', equals: true } }, Q.yes];
    expect(questionsErrors(later)).toEqual({ 'questions.0.showIf': expect.stringMatching(/earlier/) });
    expect(questionsErrors([Q.yes, { ...Q.short, showIf: { questionId: 'yes', equals: 'true' } }])).toEqual({ 'questions.1.showIf': expect.any(String) });
    expect(questionsErrors([Q.many, { ...Q.short, showIf: { questionId: 'many', includes: 'Z' } }])).toEqual({ 'questions.1.showIf': expect.any(String) });
    expect(questionsErrors(questions)).toEqual({});
  });

  it('checks each type’s settings', () => {
    expect(questionsErrors([{ ...Q.one, options: ['Same', 'Same'] }])).toHaveProperty('questions.0.options');
    expect(questionsErrors([{ ...Q.num, min: 5, max: 1 }])).toHaveProperty('questions.0.max');
    expect(questionsErrors([{ ...Q.file, maxBytes: 10 ** 9 }])).toHaveProperty('questions.0.maxBytes');
    expect(questionsErrors([{ ...Q.many, minSelections: 3, maxSelections: 2 }])).toHaveProperty('questions.0.maxSelections');
  });
});

describe('answers as a whole', () => {
  it('names unknown questions and broken answers by field', () => {
    expect(answersErrors([Q.num, Q.one], { num: 5000, one: 'Water', ghost: 'x' })).toEqual({ 'answers.num': 'At most 1000 EUR.', 'answers.ghost': 'This competition has no such question.' });
  });

  it('counts a file answer only once the file passed its checks', () => {
    const qs: Question[] = [{ ...Q.file, required: true }];
    const a = { file: { fileId: 'f1' } };
    expect(missingAnswers(qs, a, () => 'verified')).toEqual({});
    expect(missingAnswers(qs, a, () => 'clean')).toEqual({});
    for (const state of ['rejected', 'infected', 'uploaded', undefined]) expect(missingAnswers(qs, a, () => state)).toHaveProperty('answers.file');
  });

  it('compares questions by meaning', () => {
    expect(sameQuestion(Q.many, { ...Q.many })).toBe(true);
    expect(sameQuestion(Q.many, { ...Q.many, options: ['A', 'B', 'C'] })).toBe(false);
    expect(sameQuestion({ id: 'q', label: 'Q', help: '', required: false, maxLength: 5 } as never, { id: 'q', label: 'Q', help: '', required: false, maxLength: 5, type: 'longText' })).toBe(true);
  });
});
