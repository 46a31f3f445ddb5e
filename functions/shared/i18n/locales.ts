/**
 * The languages Podium speaks: one catalogue file each in this folder (listed by `npm run
 * generate` into locales.generated.ts), English the source and the fallback.
 */
import { LOCALES } from './locales.generated.ts';

export { LOCALES };
export type Locale = (typeof LOCALES)[number];
export const SOURCE_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best of our languages for a list of preferred ones (the browser's `navigator.languages`, or
 * an `Accept-Language` header with its q-values): exact match first, then the base language
 * ("fr-BE" → "fr"), else English.
 */
export function negotiateLocale(preferred: string | readonly string[] | undefined | null): Locale {
  for (const tag of preferenceOrder(preferred)) {
    const lower = tag.toLowerCase();
    if (isLocale(lower)) return lower;
    const base = lower.split('-')[0];
    if (isLocale(base)) return base;
  }
  return SOURCE_LOCALE;
}

/** "fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5" → ["fr-CH", "fr", "en"], by q then by position. */
function preferenceOrder(preferred: string | readonly string[] | undefined | null): string[] {
  if (!preferred) return [];
  if (typeof preferred !== 'string') return [...preferred];
  return preferred
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((p) => p.tag && p.tag !== '*' && p.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i)
    .map((p) => p.tag);
}

/** A language's own name ("Français", "Deutsch"), for the picker. */
export function languageName(locale: Locale): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
    return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  } catch {
    return locale;
  }
}
