/** Dates: instants are UTC ISO strings; people see them in the competition's time zone. */
import { currentLocale, t } from './i18n.ts';

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
/** Dates in British order for English ("2 Dec 2026, 17:00": day first, 24-hour), as European readers expect. */
export const dateLocale = (locale: string) => (locale === 'en' ? 'en-GB' : locale);

function dateTimeFormat(locale: string, timeZone: string | undefined, kind: 'full' | 'time' | 'date'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}|${kind}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    const day = { day: 'numeric', month: 'short', year: 'numeric' } as const;
    const time = { hour: '2-digit', minute: '2-digit' } as const;
    f = new Intl.DateTimeFormat(dateLocale(locale), { timeZone, ...(kind === 'time' ? time : kind === 'date' ? day : { ...day, ...time }) });
    dateTimeFormats.set(key, f);
  }
  return f;
}

/**
 * A moment in a competition's own zone, named, plus the reader's local time where it differs:
 * "1 Dec 2026, 17:00 Europe/Brussels (16:00 your time)" — in the reader's language.
 */
export function formatInZone(instant: string | undefined, timeZone: string, opts: { local?: boolean } = {}): string {
  if (!instant) return '—';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const locale = currentLocale();
  const zoned = t('time.inZone', { time: dateTimeFormat(locale, timeZone, 'full').format(d), zone: timeZone });
  const reader = browserTimeZone();
  if (opts.local === false || sameWallClock(d, timeZone, reader)) return zoned;
  const sameDay = dateTimeFormat(locale, timeZone, 'date').format(d) === dateTimeFormat(locale, reader, 'date').format(d);
  const local = dateTimeFormat(locale, reader, sameDay ? 'time' : 'full').format(d);
  return t('time.inZoneAndLocal', { zoned, local });
}

function sameWallClock(d: Date, a: string, b: string): boolean {
  return a === b || dateTimeFormat('en', a, 'full').format(d) === dateTimeFormat('en', b, 'full').format(d);
}

/** In the reader's own zone, for timestamps like "updated" (the zone is theirs, so not named). */
export function formatLocal(instant: string | undefined): string {
  if (!instant) return '—';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  return dateTimeFormat(currentLocale(), undefined, 'full').format(d);
}

/** A calendar day ("2026-12-01") in the reader's language: "1 Dec 2026", "1 déc. 2026". */
export function formatDay(day: string): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : dateTimeFormat(currentLocale(), 'UTC', 'date').format(d);
}

/** Items as the reader's language lists them ("A, B and C"; `disjunction`: "A, B or C"; `unit`: "A, B, C"). */
export function formatList(items: readonly string[], type: 'conjunction' | 'disjunction' | 'unit' = 'conjunction'): string {
  return new Intl.ListFormat(currentLocale(), { type, style: type === 'unit' ? 'short' : 'long' }).format(items);
}

/** A count in the reader's language: "12,345", "12 345", "12.345". */
export function formatNumber(n: number, opts?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(currentLocale(), opts).format(n);
}

/** An instant as the wall-clock "2026-12-01T17:00" in a zone — the API's text for a moment, what DateInput (kind dateTime) takes. */
export function toWallClock(instant: string | undefined, timeZone: string): string {
  if (!instant) return '';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant.slice(0, 16);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** Splits "a, b ,c" into ["a","b","c"]. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "2 min 41 s", "12.3 MiB": the server's own wording (its pitch verdicts use the same functions). */
export { formatBytes, formatDuration } from '../../functions/shared/units.ts';
