/** Days and moments typed in each language read back as the API's ISO text (web/src/date-text.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateText, parseDateText } from '../../web/src/date-text.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { fieldCodeOf } from '../../functions/shared/field-codes.ts';
import { fieldProblemText } from '../../web/src/error-text.ts';
import { setLocale } from '../../web/src/i18n.ts';

const two = (n: number) => String(n).padStart(2, '0');
/** Any real day from year 1000 to 9999, as "YYYY-MM-DD". */
const isoDay = fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const isoMoment = fc.tuple(isoDay, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([d, h, m]) => `${d}T${two(h)}:${two(m)}`);

describe('date text per language', () => {
  for (const locale of LOCALES) {
    it(`${locale}: a day and a moment as shown read back as themselves, and so does ISO text`, () => {
      fc.assert(
        fc.property(isoDay, (iso) => {
          const shown = formatDateText(iso, locale, 'date');
          expect(shown).not.toBe(iso);
          expect(parseDateText(shown, locale, 'date')).toEqual({ ok: true, value: iso });
          expect(parseDateText(iso, locale, 'date')).toEqual({ ok: true, value: iso });
          expect(parseDateText(shown.replace(/[^0-9]/g, ''), locale, 'date')).toEqual({ ok: true, value: iso });
        }),
      );
      fc.assert(
        fc.property(isoMoment, (iso) => {
          const shown = formatDateText(iso, locale, 'dateTime');
          expect(parseDateText(shown, locale, 'dateTime')).toEqual({ ok: true, value: iso });
          expect(parseDateText(iso, locale, 'dateTime')).toEqual({ ok: true, value: iso });
          expect(parseDateText(shown.replace(/[^0-9]/g, ''), locale, 'dateTime')).toEqual({ ok: true, value: iso });
        }),
      );
    });
  }

  it('writes each language’s own order and separator, day first', () => {
    expect(formatDateText('2026-12-24', 'en', 'date')).toBe('24/12/2026');
    expect(formatDateText('2026-12-24', 'fr', 'date')).toBe('24/12/2026');
    expect(formatDateText('2026-12-24', 'de', 'date')).toBe('24.12.2026');
    expect(formatDateText('2026-12-24T17:05', 'de', 'dateTime')).toBe('24.12.2026 17:05');
    expect(parseDateText('3.4.2027 9.30', 'de', 'dateTime')).toEqual({ ok: true, value: '2027-04-03T09:30' });
    expect(parseDateText('03/04/2027 17h30', 'fr', 'dateTime')).toEqual({ ok: true, value: '2027-04-03T17:30' });
    expect(parseDateText('  ', 'en', 'date')).toEqual({ ok: true, value: '' });
  });

  it('refuses what is not a real day and time', () => {
    for (const text of ['31/02/2027', '29/02/2027', '24/13/2026', '24/12/26', '24/12', 'tomorrow', '2026-02-30', '0999-01-01']) expect(parseDateText(text, 'en', 'date'), text).toEqual({ ok: false });
    for (const text of ['24/12/2026 24:00', '24/12/2026 17:60', '24/12/2026', '2026-12-24T7:00']) expect(parseDateText(text, 'en', 'dateTime'), text).toEqual({ ok: false });
    expect(parseDateText('29/02/2028', 'en', 'date')).toEqual({ ok: true, value: '2028-02-29' });
  });

  it('a date answer outside its question’s bounds is said with the day in the reader’s words', async () => {
    const early = fieldCodeOf('On or after 2021-03-15.');
    expect(early).toEqual({ code: 'DATE_TOO_EARLY', params: { date: '2021-03-15' } });
    expect(fieldCodeOf('On or before 2030-01-31.')).toEqual({ code: 'DATE_TOO_LATE', params: { date: '2030-01-31' } });
    await setLocale('fr', { remember: false });
    expect(fieldProblemText(early!)).toBe('Le 15 mars 2021 ou après.');
    await setLocale('de', { remember: false });
    expect(fieldProblemText(early!)).toBe('Am 15. März 2021 oder später.');
    await setLocale('en', { remember: false });
  });
});
