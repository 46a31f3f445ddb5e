/**
 * Dates as people type them, in the reader's language: "24/12/2026" (English, as European readers
 * write it, and French), "24.12.2026" (German), with "17:00" after it for a moment. The API takes
 * calendar days as "2026-12-24" and wall-clock moments as "2026-12-24T17:00" (in the competition's
 * zone); these functions turn one into the other.
 *
 * Why not <input type=date>: a browser draws its date and time inputs in its own language and
 * order, not the page's (an English Chromium shows mm/dd/yyyy and AM/PM on a French page). The
 * order and separator here come from Intl for the locale, so a language added by a catalogue file
 * gets its own order without code. ISO text ("2026-12-24", "2026-12-24T17:00") is always accepted.
 */
import { dateLocale } from './format.ts';

export type DateKind = 'date' | 'dateTime';

interface Shape {
  order: ('day' | 'month' | 'year')[];
  separator: string;
}

const shapes = new Map<string, Shape>();

/** The order of day, month and year in the locale's numeric dates, and what separates them. */
export function dateShape(locale: string): Shape {
  let shape = shapes.get(locale);
  if (!shape) {
    const parts = new Intl.DateTimeFormat(dateLocale(locale), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2026, 11, 24)));
    const order = parts.flatMap((p) => (p.type === 'day' || p.type === 'month' || p.type === 'year' ? [p.type] : []));
    const separator = parts.find((p) => p.type === 'literal')?.value.trim() || '/';
    shape = order.length === 3 ? { order, separator } : { order: ['day', 'month', 'year'], separator: '/' };
    shapes.set(locale, shape);
  }
  return shape;
}

export const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MOMENT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d{1,3})?)?$/;

/** "2026-12-24" / "2026-12-24T17:00" as the locale writes it; anything else is shown as it is. */
export function formatDateText(value: string | undefined, locale: string, kind: DateKind): string {
  if (!value) return '';
  const m = (kind === 'date' ? ISO_DAY : ISO_MOMENT).exec(value);
  if (!m) return value;
  const { order, separator } = dateShape(locale);
  const fields = { year: m[1]!, month: m[2]!, day: m[3]! };
  const day = order.map((k) => fields[k]).join(separator);
  return kind === 'date' ? day : `${day} ${m[4]}:${m[5]}`;
}

export type ParsedDate = { ok: true; value: string } | { ok: false };

/**
 * What the person typed, as the API's "2026-12-24" (or "2026-12-24T17:00"): the locale's order
 * with any separators ("24/12/2026", "24.12.2026", "24-12-2026 17h00") or none ("24122026"), or
 * ISO; '' for nothing.
 * Not ok when it is not a real day and time (31/02, 24:00, a two-digit year).
 */
export function parseDateText(text: string, locale: string, kind: DateKind): ParsedDate {
  const typed = text.trim();
  if (typed === '') return { ok: true, value: '' };
  const iso = (kind === 'date' ? ISO_DAY : ISO_MOMENT).exec(typed);
  let fields: { year: number; month: number; day: number; hour: number; minute: number } | undefined;
  if (iso) {
    fields = { year: +iso[1]!, month: +iso[2]!, day: +iso[3]!, hour: kind === 'date' ? 0 : +iso[4]!, minute: kind === 'date' ? 0 : +iso[5]! };
  } else {
    const { order } = dateShape(locale);
    let numbers = typed.split(/[^0-9]+/).filter(Boolean);
    // Digits alone ("24122026", "241220261700": a phone's number pad has no separators), in the locale's order.
    if (numbers.length === 1 && numbers[0]!.length === (kind === 'date' ? 8 : 12)) {
      const digits = numbers[0]!;
      let at = 0;
      numbers = [...order, 'hour', 'minute'].slice(0, kind === 'date' ? 3 : 5).map((k) => digits.slice(at, (at += k === 'year' ? 4 : 2)));
    }
    if (numbers.length !== (kind === 'date' ? 3 : 5)) return { ok: false };
    const byName = Object.fromEntries(order.map((k, i) => [k, numbers[i]!])) as Record<'day' | 'month' | 'year', string>;
    if (byName.year.length !== 4) return { ok: false };
    fields = { year: +byName.year, month: +byName.month, day: +byName.day, hour: kind === 'date' ? 0 : +numbers[3]!, minute: kind === 'date' ? 0 : +numbers[4]! };
  }
  const { year, month, day, hour, minute } = fields;
  const probe = new Date(Date.UTC(year, month - 1, day));
  const realDay = year >= 1000 && probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  if (!realDay || hour > 23 || minute > 59) return { ok: false };
  const two = (n: number) => String(n).padStart(2, '0');
  const dayText = `${year}-${two(month)}-${two(day)}`;
  return { ok: true, value: kind === 'date' ? dayText : `${dayText}T${two(hour)}:${two(minute)}` };
}
