/**
 * Every sentence the domain writes about one field of an answer, a review or an organiser's form
 * (the `errors[path] = '…'` and `return '…'` of the validating modules) has a field code, so the
 * web says it in the reader's language (shared/field-codes.ts, `fieldError.<CODE>`): read from the
 * source, so a new sentence without a code fails here. In English the catalogue's words are the
 * server's sentence; in French and German they are their own.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fieldCodeOf } from '../../functions/shared/field-codes.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { fieldProblemText } from '../../web/src/error-text.ts';
import { setLocale } from '../../web/src/i18n.ts';

const MODULES = ['functions/shared/questions.ts', 'functions/domain/competition.ts', 'functions/domain/evaluation.ts', 'functions/domain/submission.ts', 'functions/domain/privacy.ts', 'functions/domain/personal-data.ts', 'functions/domain/content-translations.ts', 'functions/domain/expo.ts'];
/** A sample for each interpolation (`${criterion.name}` → "Impact"; numbers and days as such). */
const sample = (expression: string) => (/name/.test(expression) ? 'Impact' : /\bmax\b/.test(expression) ? '5' : /\bmin\b/.test(expression) ? '1' : '3');
/** The catalogue's typography (“…”, ’) read as the server's plain quotes. */
const plain = (s: string) => s.replace(/[“”]/g, '"').replace(/’/g, "'");

async function sentences(): Promise<string[]> {
  const found = new Set<string>();
  for (const file of MODULES) {
    const source = await readFile(new URL(`../../${file}`, import.meta.url), 'utf8');
    for (const m of source.matchAll(/(?:errors\[[^\]]+\]\s*=\s*|return\s+|\?\s*undefined\s*:\s*)(['`])([A-Z][^'`]{3,160}\.)\1/g)) {
      // Days in bounds ("On or after ${q.min}") as a day; other interpolations as a sample.
      found.add(m[2]!.replace(/\$\{([^}]+)\}/g, (_, e: string) => (/q\.(min|max)\b/.test(e) ? '2026-12-24' : sample(e))));
    }
  }
  return [...found];
}

describe('the domain’s field sentences', async () => {
  const all = await sentences();
  it('are found in the source (the scan works)', () => {
    expect(all.length).toBeGreaterThan(30);
    expect(all).toContain('Give at least two options.');
    expect(all).toContain('Score Impact from 1 to 5.');
  });

  it('each has a code, and in English its words are the sentence', async () => {
    await setLocale('en', { remember: false });
    const without = all.filter((s) => !fieldCodeOf(s));
    expect(without).toEqual([]);
    // Codes shared by several rules (REQUIRED, TOO_FEW_ITEMS, …) have general words; the others say exactly the sentence.
    const general = new Set(['REQUIRED', 'TOO_FEW_ITEMS', 'TOO_MANY_ITEMS', 'INVALID_VALUE', 'INVALID_DATE', 'TOO_BIG', 'TOO_SMALL', 'OUT_OF_RANGE', 'TOO_LONG', 'TOO_SHORT', 'INVALID_CHOICE', 'NOT_AN_OPTION', 'UNKNOWN_CRITERION']);
    for (const s of all) {
      const p = fieldCodeOf(s)!;
      if (!general.has(p.code)) expect(plain(fieldProblemText(p) ?? ''), s).toBe(plain(s.replace(/2026-12-24/g, '24 Dec 2026')));
    }
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale}: each in its own words`, async () => {
      await setLocale(locale, { remember: false });
      for (const s of all) {
        const said = fieldProblemText(fieldCodeOf(s)!);
        expect(said, s).toBeDefined();
        expect(said, s).not.toBe(s);
      }
      await setLocale('en', { remember: false });
    });
  }
});
