/**
 * The award labels the platform writes (shared/award-labels.ts) read back into their parts and
 * said in every language, by the web (types.ts awardLabel) and by the e-mails (serverText): in
 * English exactly as stored, in the others in their own words; the organiser's own labels as written.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LUMP_SUM_LABEL, lumpSumLabel, rankedLabel, readAwardLabel, sayAwardLabel, VOUCHER_LABEL } from '../../functions/shared/award-labels.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { serverText } from '../../functions/shared/i18n/server.ts';
import { setLocale } from '../../web/src/i18n.ts';
import { awardLabel } from '../../web/src/types.ts';

const own = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '' && readAwardLabel(s).kind === 'own');
/** Any label the platform or an organiser writes. */
const label = fc.oneof(
  fc.integer({ min: 1, max: 10_000 }).map(lumpSumLabel),
  fc.constant(LUMP_SUM_LABEL),
  fc.constant(VOUCHER_LABEL),
  own,
  fc.tuple(own, fc.integer({ min: 1, max: 10_000 })).map(([l, r]) => rankedLabel(l, r)),
);

describe('award labels', () => {
  it('read back into what wrote them', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
      expect(readAwardLabel(lumpSumLabel(n))).toEqual({ kind: 'lumpSum', topN: n });
    }));
    fc.assert(fc.property(own, fc.integer({ min: 1, max: 10_000 }), (l, r) => {
      expect(readAwardLabel(rankedLabel(l, r))).toEqual({ kind: 'ranked', label: { kind: 'own', label: l }, rank: r });
    }));
    expect(readAwardLabel(rankedLabel(VOUCHER_LABEL, 3))).toEqual({ kind: 'ranked', label: { kind: 'voucher' }, rank: 3 });
    expect(readAwardLabel('1st prize')).toEqual({ kind: 'own', label: '1st prize' });
    expect(rankedLabel('2nd prize', 3)).toBe('2nd prize (ranked 3rd)');
    expect(rankedLabel('2nd prize', 11)).toBe('2nd prize (ranked 11th)');
  });

  it('in English, the web and the e-mails say every label as it is stored', async () => {
    await setLocale('en', { remember: false });
    fc.assert(
      fc.property(label, (l) => {
        expect(awardLabel({ type: 'prize', label: l })).toBe(l);
        expect(sayAwardLabel(l, (key, params) => serverText('en', key, params))).toBe(l);
      }),
    );
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale}: the platform’s labels in its own words, the organiser’s as written`, async () => {
      await setLocale(locale, { remember: false });
      for (const l of [lumpSumLabel(5), LUMP_SUM_LABEL, VOUCHER_LABEL, rankedLabel('2nd prize', 3)]) {
        const web = awardLabel({ type: 'prize', label: l });
        expect(web, l).not.toBe(l);
        expect(sayAwardLabel(l, (key, params) => serverText(locale, key, params)), l).toBe(web);
      }
      expect(awardLabel({ type: 'prize', label: rankedLabel('2nd prize', 3) })).toContain('2nd prize');
      fc.assert(
        fc.property(own, (l) => {
          expect(awardLabel({ type: 'category', label: l })).toBe(l);
        }),
      );
    });
  }
});
