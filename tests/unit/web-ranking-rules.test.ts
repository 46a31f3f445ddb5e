/**
 * The rules page in every language (web/src/ranking-rules.ts): the facts a real ranking stores
 * (domain/ranking.ts) worded with the figures in force, a step for expo rounds with each method's
 * own sentence, and rankings stored before as their sentences.
 */
import { describe, expect, it } from 'vitest';
import { rankSubmissions, type RankingInput, type RoundSpec } from '../../functions/domain/ranking.ts';
import { PAIRWISE_METHODS } from '../../functions/domain/pairwise-methods.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { setLocale, t } from '../../web/src/i18n.ts';
import { formatNumber } from '../../web/src/format.ts';
import { hasExpoStep, rankingRulesText, tieBreakRulesText, tieBreakText } from '../../web/src/ranking-rules.ts';
import { TIE_BREAK_RULES } from '../../functions/domain/ranking-rules.ts';

const T0 = '2027-01-10T12:00:00.000Z';
const round = (id: string): RoundSpec => ({ id, name: `Round ${id}`, weight: 1, rubric: [{ id: 'c', weight: 1, scale: { min: 0, max: 100 } }] });
const rulesOf = (input: Partial<RankingInput>) => rankSubmissions({ rounds: [round('peer')], reviews: [], submissions: [], ...input }).rules;
/** Two reviewers, one consistently 20 points above the other: the model finds leniency. */
const lenient = (): Partial<RankingInput> => ({
  reviews: ['A', 'B', 'C', 'D', 'E', 'F'].flatMap((s, i) => [
    { roundId: 'peer', reviewerId: 'r1', submissionId: s, scores: { c: 30 + 8 * i } },
    { roundId: 'peer', reviewerId: 'r2', submissionId: s, scores: { c: 50 + 8 * i + (i % 2) } },
  ]),
  submissions: ['A', 'B', 'C', 'D', 'E', 'F'].map((id) => ({ id, submittedAt: T0 })),
});

describe('the ranking rules in the reader’s language', () => {
  for (const locale of LOCALES) {
    it(`${locale}: words each method with its figures, in eight steps`, async () => {
      await setLocale(locale, { remember: false });
      const z = rankingRulesText(rulesOf({ options: { method: 'z-score', shrinkage: 5, trimWhenAtLeast: 6 } }));
      expect(z).toHaveLength(8);
      expect(z[1]).toContain('κ = 5');
      expect(z[2]).toContain(formatNumber(6));
      const off = rankingRulesText(rulesOf({ options: { method: 'z-score', shrinkage: Number.POSITIVE_INFINITY, trimWhenAtLeast: Number.POSITIVE_INFINITY } }));
      expect(off[1]).not.toEqual(z[1]);
      expect(off[2]).not.toEqual(z[2]);

      const facts = rulesOf(lenient());
      const fitted = !Array.isArray(facts) && facts.fitted?.[0];
      expect(fitted && fitted.leniencySd).toBeGreaterThan(0);
      const model = rankingRulesText(facts);
      expect(model).toHaveLength(8);
      expect(model[2]).toContain('Round peer');
      expect(model[2]).toContain(formatNumber(fitted ? fitted.noiseSd : NaN, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
      expect(rankingRulesText(rulesOf({ options: { shrinkage: Number.POSITIVE_INFINITY } }))[1]).not.toEqual(model[1]);
      for (const step of [...z, ...model]) expect(step).not.toMatch(/\{|\}/);
    });

    it(`${locale}: adds a last step for expo rounds, with each method's own sentence`, async () => {
      await setLocale(locale, { remember: false });
      const other = t('rankingRules.method.other');
      const sentences = PAIRWISE_METHODS.map((method) => {
        const rules = rulesOf({ rounds: [round('peer'), { ...round('expo'), pairwise: { method, scores: [] } }] });
        expect(hasExpoStep(rules)).toBe(true);
        const text = rankingRulesText(rules);
        expect(text).toHaveLength(9);
        expect(text[8]).toContain('Round expo');
        expect(text[8]).not.toContain(other);
        return text[8];
      });
      expect(new Set(sentences).size).toBe(PAIRWISE_METHODS.length);
      expect(hasExpoStep(rulesOf({}))).toBe(false);
    });
  }

  for (const locale of LOCALES) {
    it(`${locale}: words the ranking order the server sends, rule by rule, and the rule that broke a tie`, async () => {
      await setLocale(locale, { remember: false });
      const rules = tieBreakRulesText(TIE_BREAK_RULES);
      expect(new Set(rules).size).toBe(TIE_BREAK_RULES.length);
      TIE_BREAK_RULES.forEach((rule, i) => expect(tieBreakText(rule, TIE_BREAK_RULES)).toBe(rules[i]));
      for (const rule of rules) expect(rankingRulesText(rulesOf({}))[5]).toContain(rule);
      expect(tieBreakText('a rule of another list', TIE_BREAK_RULES)).toBe('a rule of another list');
      expect(tieBreakRulesText(['only one rule'])).toEqual(['only one rule']);
    });
  }

  it('shows the sentences of a ranking stored before, without their numbers', () => {
    const stored = ['1. Review score. Every criterion…', '9. Expo rounds (pairwise judging). Judges walk…'];
    expect(rankingRulesText(stored)).toEqual(['Review score. Every criterion…', 'Expo rounds (pairwise judging). Judges walk…']);
    expect(hasExpoStep(stored)).toBe(true);
  });
});
