/**
 * The web app's language: `t('key', params)` for text, `tx('key', { link: (c) => <a>{c}</a> })` for
 * messages with tags. Messages live in functions/shared/i18n/<locale>.json (`web` section), ICU
 * syntax; English is bundled (the source and the fallback), other languages load on demand.
 *
 * The language is chosen, in order, by: the signed-in user's saved setting (GET /api/me), the
 * choice made on this device (localStorage), the browser's languages. Changing it re-renders the
 * whole app (app.tsx keys the tree by locale), so a module-level `t` is enough — no hook needed.
 */
import type { ComponentChildren } from 'preact';
import en from '../../functions/shared/i18n/en.json';
import { isLocale, negotiateLocale, SOURCE_LOCALE, type Locale } from '../../functions/shared/i18n/locales.ts';
import { setDefaultMoneyLocale } from '../../functions/shared/money.ts';
import { makeTranslator, type MessageParams, type Translator } from '../../functions/shared/i18n/translate.ts';

export type { Locale };
export { LOCALES, languageName } from '../../functions/shared/i18n/locales.ts';

/** Every key the web may show: a typo is a type error. */
export type MessageKey = keyof (typeof en)['web'];

const STORAGE_KEY = 'podium.locale';
const catalogues = import.meta.glob<{ web: Record<string, string> }>(['../../functions/shared/i18n/*.json', '!../../functions/shared/i18n/en.json']);

let translator: Translator = makeTranslator(SOURCE_LOCALE, en.web);
const listeners = new Set<(l: Locale) => void>();

export function currentLocale(): Locale {
  return translator.locale as Locale;
}

/** The language to start in before anyone is known: this device's choice, else the browser's. */
export function initialLocale(): Locale {
  const saved = safeStorage()?.getItem(STORAGE_KEY);
  if (isLocale(saved)) return saved;
  return negotiateLocale(typeof navigator === 'undefined' ? undefined : navigator.languages);
}

/** Loads a language's messages and makes it current (and remembered on this device). */
export async function setLocale(locale: Locale, opts: { remember?: boolean } = {}): Promise<void> {
  if (opts.remember !== false) safeStorage()?.setItem(STORAGE_KEY, locale);
  if (locale === currentLocale()) return;
  const messages = locale === SOURCE_LOCALE ? en.web : ((await catalogues[`../../functions/shared/i18n/${locale}.json`]?.())?.web ?? {});
  translator = makeTranslator(locale, messages, en.web);
  setDefaultMoneyLocale(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  for (const l of listeners) l(locale);
}

export function onLocaleChange(fn: (l: Locale) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** A message as plain text. */
export function t(key: MessageKey, params?: MessageParams): string {
  return translator.text(key, params);
}

/** A message with tags (`<link>…</link>`, `<strong>…</strong>`): each tag's function renders its chunks. */
export function tx(
  key: MessageKey,
  params: Record<string, string | number | Date | ComponentChildren | ((chunks: ComponentChildren[]) => ComponentChildren)>,
): ComponentChildren[] {
  return translator.parts<ComponentChildren>(key, params as never);
}

/** A message chosen by a value from the server (an error code, a status): undefined if none is defined. */
export function tMaybe(key: string, params?: MessageParams): string | undefined {
  return translator.has(key) ? translator.text(key, params) : undefined;
}

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
