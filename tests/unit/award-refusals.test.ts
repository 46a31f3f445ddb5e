/**
 * Why an award confirmation was refused, in the reader's language (web/src/award-refusals.ts):
 * the server's code and facts, money formatted as the reader writes it, an ineligible entry's
 * ranking reason worded too; English readers get the server's sentence.
 */
import { describe, expect, it } from 'vitest';
import { rankingReason } from '../../functions/shared/ranking-reasons.ts';
import { setLocale } from '../../web/src/i18n.ts';
import { formatMoney } from '../../web/src/money.ts';
import { awardRefusalText } from '../../web/src/award-refusals.ts';

const REFUSALS: [code: string, params: Record<string, string | number>][] = [
  ['ALREADY_AWARDED', { label: '1st prize' }],
  ['NONE_LEFT', { count: 3, kind: 'voucher' }],
  ['OVER_BUDGET', { left: 250_000, amount: 1_000_000, currency: 'EUR' }],
  ['OVER_CAP', { organisation: 'Alpha BV', cap: 6_000_000, currency: 'EUR' }],
  ['RESULTS_FROZEN', {}],
  ['PLAN_CHANGED', {}],
  ['AWARDS_BUSY', {}],
  ['PROGRAMME_CAP', { organisation: 'Alpha BV', received: 5_500_000, amount: 1_000_000, cap: 6_000_000, currency: 'EUR', programme: 'GreenChain' }],
  ['PROGRAMME_BUDGET', { left: 100, budget: 9_000_000, amount: 1_000_000, currency: 'EUR', programme: 'GreenChain' }],
  ['NOT_ELIGIBLE', { reason: rankingReason('notSubmitted') }],
  ['NOT_IN_PLAN', { kind: 'prize', rank: 4 }],
  ['NOT_IN_PLAN', { kind: 'category' }],
  ['NOT_IN_PLAN', { kind: 'lumpSum' }],
  ['NOT_IN_PLAN', { kind: 'voucher' }],
];

describe('an award refusal', () => {
  it('reads in English as the server wrote it, and a code without words as its sentence', async () => {
    await setLocale('en', { remember: false });
    expect(awardRefusalText('OVER_BUDGET', 'Only €2,500 of the budget is left; this award needs €10,000.', REFUSALS[2]![1])).toBe('Only €2,500 of the budget is left; this award needs €10,000.');
    await setLocale('fr', { remember: false });
    expect(awardRefusalText('NO_SUCH_CODE', 'No such prize.', {})).toBe('No such prize.');
  });

  for (const locale of ['fr', 'de'] as const) {
    it(`${locale}: says every refusal with its facts, money as the reader writes it`, async () => {
      await setLocale(locale, { remember: false });
      const said = REFUSALS.map(([code, params]) => awardRefusalText(code, `english ${code}`, params)!);
      said.forEach((s, i) => expect(s, REFUSALS[i]![0]).not.toBe(`english ${REFUSALS[i]![0]}`));
      expect(new Set(said).size).toBe(REFUSALS.length);
      expect(said[2]).toContain(formatMoney(250_000, 'EUR'));
      expect(said[7]).toContain('GreenChain');
      expect(said[7]).toContain(formatMoney(5_500_000, 'EUR'));
      // The ineligible entry's reason is the ranking's sentence, worded too.
      expect(said[9]).not.toContain(rankingReason('notSubmitted'));
      expect(said[10]).toContain('4');
    });
  }
});
