/**
 * The server's long texts — the privacy notice and the records of processing (use-cases/
 * personal-data.ts) — in each language: the catalogues' server keys under DOCUMENT_PREFIXES
 * (functions/local/i18n-cli.ts), compiled into a module of their own so that only the bundle
 * serving the privacy pages carries them. English is the fallback.
 */
import { isLocale, SOURCE_LOCALE, type Locale } from './locales.ts';
import { makeTranslator, type Translator } from './translate.ts';

const translators = new Map<Locale, Translator>();

/**
 * The long texts in `locale` (an unknown language: English), as a function of their keys. Their
 * module is loaded on the first call: a chunk of its own in a Lambda bundle, not compiled at start.
 */
export async function documentTexts(locale: Locale | string | undefined): Promise<(key: string) => string> {
  const l = isLocale(locale) ? locale : SOURCE_LOCALE;
  let t = translators.get(l);
  if (!t) {
    const { SERVER_DOCUMENTS } = await import('./server-documents.generated.ts');
    t = makeTranslator(l, SERVER_DOCUMENTS[l] ?? {}, SERVER_DOCUMENTS[SOURCE_LOCALE]);
    translators.set(l, t);
  }
  return (key) => t.text(key);
}
