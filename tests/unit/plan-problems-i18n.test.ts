/**
 * A prize plan's problems (domain/awards.ts planProblems) in every language: the web's words for
 * each problem's code and facts (web/src/error-text.ts fieldProblemText) say in English exactly
 * what the server's sentence says, and in the other languages their own words, with the plan's
 * amounts in the reader's money format — in the plan editor and in a proposal's notes alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planProblems, proposeAwards, type PrizePlan } from '../../functions/domain/awards.ts';
import { planFixture } from '../support/domain-fixtures.ts';
import { FIELD_CODES } from '../../functions/shared/field-codes.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { awardNoteText } from '../../web/src/award-notes.ts';
import { fieldProblemText } from '../../web/src/error-text.ts';
import { setLocale } from '../../web/src/i18n.ts';

const K = 100_000; // €1,000 in cents
const plan = planFixture;

/** Plans that break every rule between them. */
const BROKEN: PrizePlan[] = [
  plan({ currency: 'euro', categories: [{ id: 'g', name: 'Green', amount: 0 }] }),
  plan({
    rankPrizes: [
      { rank: 1, amount: 30 * K, label: '1st place' },
      { rank: 1, amount: 20 * K, label: 'also 1st' },
      { rank: 2, amount: 40 * K, label: '2nd place' },
      { rank: 4, amount: 70 * K, label: '' },
      { rank: 0, amount: 1 * K, label: 'none' },
    ],
    totalBudget: -1,
    minSmeShare: 2,
    lumpSum: { amount: 0, topN: 0 },
    categories: [
      { id: 'g', name: 'Green', amount: 5 * K },
      { id: 'g', name: '', amount: 5 * K },
    ],
    reserveListLength: 1.5,
  }),
];
const PLAN_CODES = FIELD_CODES.slice(FIELD_CODES.indexOf('INVALID_CURRENCY'), FIELD_CODES.indexOf('WHOLE_NUMBER_MIN') + 1);
/** The catalogue's typography (“…”, ’) read as the server's plain quotes. */
const plain = (s: string) => s.replace(/[“”]/g, '"').replace(/’/g, "'");

describe('prize plan problems in the reader’s language', () => {
  const problems = BROKEN.flatMap((p) => Object.values(planProblems(p)));

  it('the broken plans here break every rule the plan has a code for', () => {
    expect(new Set(problems.map((p) => p.code))).toEqual(new Set([...PLAN_CODES, 'REQUIRED', 'INVALID_VALUE']));
  });

  it('in English, the words for the code say what the server says, whatever the amounts', async () => {
    await setLocale('en', { remember: false });
    // The plan's own codes. A generic one (REQUIRED, INVALID_VALUE, and WHOLE_NUMBER_MIN for "how many
    // vouchers") has generic words; English readers see the server's more specific sentence.
    const general = (p: (typeof problems)[number]) => p.code === 'WHOLE_NUMBER_MIN' && p.message !== 'Enter a whole number, 0 or more.';
    for (const p of problems.filter((x) => PLAN_CODES.includes(x.code) && !general(x))) expect(plain(fieldProblemText(p) ?? ''), p.code).toBe(plain(p.message));
    const amount = fc.integer({ min: 1, max: 1_000_000_000_00 });
    fc.assert(
      fc.property(amount, amount, amount, (cap, first, second) => {
        const broken = plan({ perThirdPartyCap: cap, rankPrizes: [{ rank: 1, amount: first, label: '1st' }, { rank: 2, amount: second, label: '2nd' }], lumpSum: undefined, vouchers: undefined, categories: [] });
        for (const p of Object.values(planProblems(broken))) expect(plain(fieldProblemText(p) ?? ''), p.code).toBe(plain(p.message));
      }),
    );
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale}: every problem in its own words, amounts as ${locale} writes money; the proposal’s notes too`, async () => {
      await setLocale(locale, { remember: false });
      for (const p of problems) {
        const said = fieldProblemText(p);
        expect(said, p.code).toBeDefined();
        expect(said, p.code).not.toBe(p.message);
        expect(said, p.code).not.toMatch(/\{|\}/);
      }
      const overCap = problems.find((p) => p.code === 'OVER_CAP')!;
      expect(fieldProblemText(overCap)).toMatch(/60[\s.]000/);
      expect(fieldProblemText(overCap)).not.toContain('€60,000');
      const notes = proposeAwards({ plan: BROKEN[1]!, ranking: [], candidates: [], categoryPicks: [] }).warnings.filter((w) => w.code === 'planProblem');
      expect(notes.length).toBeGreaterThan(5);
      for (const n of notes) {
        const text = awardNoteText(n, 'EUR');
        expect(text).not.toContain(String(n.params.message));
        expect(text).not.toMatch(/rankPrizes|lumpSum/);
      }
    });
  }

  it('a plan that would undo confirmed awards is refused in words with the same facts (use-cases/awards.ts planConflicts)', async () => {
    const refusals = [
      [{ code: 'BUDGET_BELOW_COMMITTED', params: { amount: 5_000_000, currency: 'EUR' } }, 'Confirmed awards already commit €50,000; the budget cannot be lower.'],
      [{ code: 'CAP_BELOW_HELD', params: { amount: 1_200_000, currency: 'EUR' } }, 'An organisation already holds €12,000 in confirmed awards; the cap cannot be lower.'],
      [{ code: 'FEWER_THAN_CONFIRMED', params: { count: 3, kind: 'lumpSum' } }, '3 lump sums are confirmed; the plan cannot offer fewer.'],
      [{ code: 'FEWER_THAN_CONFIRMED', params: { count: 4, kind: 'voucher' } }, '4 vouchers are confirmed; the plan cannot offer fewer.'],
    ] as const;
    await setLocale('en', { remember: false });
    for (const [problem, english] of refusals) expect(fieldProblemText(problem)).toBe(english);
    await setLocale('fr', { remember: false });
    expect(fieldProblemText(refusals[0][0])).toMatch(/^Les prix confirmés engagent déjà 50\s000\s€/);
    await setLocale('en', { remember: false });
  });
});
