/** Time-zone arithmetic with Intl only: wall-clock times in a competition's zone ⇄ UTC instants. */

export function isValidTimeZone(tz: string): boolean {
  try {
    formatterIn(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * One formatter per time zone: making an `Intl.DateTimeFormat` costs ≈ 0.1 ms (ICU), more than
 * a request's own work here, and a view formats several instants (bench/api.ts' profile).
 */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
function formatterIn(tz: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    // Bounded: time zones are a few hundred names (an unknown one throws above, unkept).
    if (FORMATTERS.size < 1000) FORMATTERS.set(tz, f);
  }
  return f;
}

/** Offset of `tz` from UTC at instant `utcMs`, in minutes (e.g. +60 for Europe/Brussels in winter). */
export function zoneOffsetMinutes(utcMs: number, tz: string): number {
  const parts = formatterIn(tz).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/**
 * Turns `2026-12-01T17:00` (wall clock in `tz`) or any ISO instant with an offset into a UTC ISO
 * string. Returns undefined when the text is neither.
 */
export function toUtcInstant(text: string, tz: string): string | undefined {
  if (HAS_OFFSET.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  const m = LOCAL.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  // Reject dates that roll over, e.g. 30 February.
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 16) !== `${y}-${mo}-${d}T${h}:${mi}`) return undefined;
  // Two passes settle the offset also on the day a zone changes to or from summer time.
  let guess = wall - zoneOffsetMinutes(wall, tz) * 60000;
  guess = wall - zoneOffsetMinutes(guess, tz) * 60000;
  return new Date(guess).toISOString();
}

/** `2026-12-01T17:00` as seen on a wall clock in `tz`. */
export function toWallClock(iso: string, tz: string): string {
  const ms = Date.parse(iso);
  const local = new Date(ms + zoneOffsetMinutes(ms, tz) * 60000);
  return local.toISOString().slice(0, 16);
}

/** `2027-01-15 17:00 (Europe/Brussels)`: how deadlines are shown to people. */
export function inZone(iso: string, tz: string): string {
  return `${toWallClock(iso, tz).replace('T', ' ')} (${tz})`;
}
