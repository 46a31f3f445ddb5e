/** Amounts typed and shown in each language read back as the same cents (web/src/money.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToUnits, unitsToCents } from '../../web/src/money.ts';
import { setLocale } from '../../web/src/i18n.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';

describe('money inputs per language', () => {
  for (const locale of LOCALES) {
    it(`${locale}: centsToUnits then unitsToCents is the identity`, async () => {
      await setLocale(locale, { remember: false });
      fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (cents) => unitsToCents(centsToUnits(cents, 'EUR'), 'EUR') === cents));
    });
  }
  it('reads each language’s own way of writing 50,000.50', () => {
    expect(unitsToCents('50,000.50', 'EUR', 'en')).toBe(5_000_050);
    expect(unitsToCents('50 000,50', 'EUR', 'fr')).toBe(5_000_050);
    expect(unitsToCents('50.000,50', 'EUR', 'de')).toBe(5_000_050);
    expect(unitsToCents('50000', 'JPY', 'de')).toBe(50_000);
    expect(unitsToCents('12,34', 'EUR', 'fr')).toBe(1_234);
    expect(unitsToCents('1,234', 'EUR', 'fr')).toBeUndefined();
  });
});
