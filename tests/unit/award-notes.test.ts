/**
 * An award proposal's notes (functions/shared/award-notes.ts): the English sentence the server
 * sends and the words the web shows (web/src/award-notes.ts) name the same facts, in every
 * language, with amounts and shares in the reader's formats.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposeAwards, type PrizePlan } from '../../functions/domain/awards.ts';
import { AWARD_NOTE_MONEY, AWARD_NOTE_SHARES, AWARD_NOTES, awardNote, type AwardNoteCode } from '../../functions/shared/award-notes.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { rankingReason } from '../../functions/shared/ranking-reasons.ts';
import { setLocale } from '../../web/src/i18n.ts';
import { awardNoteText } from '../../web/src/award-notes.ts';
import { humanPath } from '../../web/src/field-paths.ts';

const CODES = Object.keys(AWARD_NOTES) as AwardNoteCode[];
const paramsOf = (c: AwardNoteCode) => [...AWARD_NOTES[c].matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
const isMoney = (n: string) => (AWARD_NOTE_MONEY as readonly string[]).includes(n);
const isShare = (n: string) => (AWARD_NOTE_SHARES as readonly string[]).includes(n);
/** The catalogue's typography (“…”, ’) read as the server's plain quotes. */
const plain = (s: string) => s.replace(/[“”]/g, '"').replace(/’/g, "'");

describe('award notes', () => {
  it('in English, the web says what the server says, whatever the facts', async () => {
    await setLocale('en', { remember: false });
    const text = fc.string({ maxLength: 12 }).filter((s) => !/[{}'“”’"]/.test(s));
    fc.assert(
      fc.property(fc.constantFrom(...CODES), fc.array(fc.tuple(text, fc.nat(10_000_000), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 8, maxLength: 8 }), (code, values) => {
        const params = Object.fromEntries(paramsOf(code).map((n, i) => [n, isMoney(n) ? values[i]![1] : isShare(n) ? values[i]![2] : values[i]![0]]));
        const note = awardNote(code, params, 'EUR');
        // A plan problem's field is named as the plan editor names it (the server's sentence has its path).
        const expected = code === 'planProblem' ? awardNote(code, { ...params, field: humanPath(String(params.field)) }, 'EUR') : note;
        expect(plain(awardNoteText(note, 'EUR'))).toBe(plain(expected.message));
      }),
    );
  });

  for (const locale of LOCALES) {
    it(`${locale}: every note names all its facts, amounts in the plan's currency`, async () => {
      await setLocale(locale, { remember: false });
      for (const code of CODES) {
        const params = Object.fromEntries(paramsOf(code).map((n) => [n, isMoney(n) ? 1_234_500 : isShare(n) ? 0.25 : `«${n}»`]));
        const said = awardNoteText(awardNote(code, params, 'EUR'), 'EUR');
        expect(said, code).not.toMatch(/[{}]/);
        for (const n of paramsOf(code)) if (!isMoney(n) && !isShare(n) && n !== 'reason') expect(said, `${code} ${n}`).toContain(`«${n}»`);
        if (paramsOf(code).some(isMoney)) expect(said, code).toMatch(/12[\s.,\u202f\u00a0]?345/);
      }
    });
  }

  it('a real proposal words its notes and skipped entries in French, ineligibility reasons included', async () => {
    const plan: PrizePlan = { currency: 'EUR', totalBudget: 50_000_00, programmeBudget: 50_000_00, minSmeShare: 0, perThirdPartyCap: 50_000_00, smeOnly: true, rankPrizes: [{ rank: 1, amount: 10_000_00, label: '1st' }], categories: [], reserveListLength: 0 };
    const p = proposeAwards({ plan, ranking: ['a', 'b'], categoryPicks: [], candidates: [{ submissionId: 'a', organisationKey: 'oa', isSme: false, eligible: true }, { submissionId: 'b', organisationKey: 'ob', isSme: true, eligible: true }] });
    expect(p.skipped.map((s) => s.reason)).toEqual([rankingReason('notSme')]);
    expect(p.warnings.map((w) => w.code)).toEqual(['budgetLeftOver']);
    await setLocale('fr', { remember: false });
    expect(awardNoteText(p.skipped[0]!, plan.currency)).toBe('Pas une PME ; ce plan ne récompense que des PME.');
    expect(awardNoteText(p.warnings[0]!, plan.currency)).toMatch(/^Budget restant : 40\s000\s€\.$/);
  });
});
