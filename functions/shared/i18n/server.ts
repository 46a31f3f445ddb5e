/**
 * The server's messages (e-mails, notifications, the words put into them): each catalogue's
 * "server" section only (server-catalogues.generated.ts, written by `npm run generate` from the
 * catalogue files), formatted with the same ICU formatter as the web (translate.ts), English the
 * fallback. One translator per language, made on first use.
 */
import { isLocale, SOURCE_LOCALE, type Locale } from './locales.ts';
import { SERVER_CATALOGUES } from './server-catalogues.generated.ts';
import { makeTranslator, type MessageParams, type Translator } from './translate.ts';

const translators = new Map<Locale, Translator>();

export function serverTranslator(locale: Locale): Translator {
  let t = translators.get(locale);
  if (!t) {
    t = makeTranslator(locale, SERVER_CATALOGUES[locale] ?? {}, SERVER_CATALOGUES[SOURCE_LOCALE]);
    translators.set(locale, t);
  }
  return t;
}

/** A server message in `locale` (an unknown language: English). */
export function serverText(locale: Locale | string | undefined, key: string, params?: MessageParams): string {
  return serverTranslator(isLocale(locale) ? locale : SOURCE_LOCALE).text(key, params);
}

/**
 * An instant in a competition's zone, in `locale`, the zone named: "10 January 2027, 17:00
 * (Europe/Brussels)". English keeps the ISO-like form e-mails have always had ("2027-01-10 17:00
 * (Europe/Brussels)").
 */
export function instantInZone(iso: string, zone: string, locale: Locale): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  let time: string;
  if (locale === SOURCE_LOCALE) time = isoWallClock(at, zone);
  else time = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'long', timeStyle: 'short' }).format(at);
  return serverText(locale, 'time.inZone', { time, zone });
}

/** "2027-01-10 17:00": the wall clock in `zone` (what domain/time.ts' inZone writes). */
function isoWallClock(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}
