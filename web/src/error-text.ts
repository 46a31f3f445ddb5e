/**
 * The API's errors in the reader's language (issue 14 §1): the server answers a stable `code`
 * with `params`, and per field a code with its parameters (`fieldCodes`, functions/shared/field-codes.ts),
 * next to its English sentences. English readers see the server's sentences as they are (they are
 * the most specific); other languages see the catalogue's `error.<CODE>` / `fieldError.<CODE>`,
 * falling back to the English where a code has no message.
 */
import { FIELD_DAY_PARAMS, FIELD_MONEY_PARAMS, fieldCodeOf } from '../../functions/shared/field-codes.ts';
import { formatDay } from './format.ts';
import { currentLocale, tMaybe } from './i18n.ts';
import { moneyWords } from './money.ts';

const SOURCE_LOCALE = 'en';

type Params = Record<string, string | number>;

/**
 * A sentence the server wrote in English, in the reader's language: English readers get it as
 * written; others the catalogue's message `key` with `params` (computed only then), else the English.
 */
export function serverSentence<T extends string | undefined>(key: string | undefined, english: T, params?: () => Params): string | T {
  if (currentLocale() === SOURCE_LOCALE || !key) return english;
  return tMaybe(key, params?.()) ?? english;
}

/** An error's sentence: `error.<code>` with its params, else the server's English `message`. */
export function errorMessage(code: string | undefined, message: string, params?: Params): string {
  return serverSentence(code && `error.${code}`, message, () => params ?? {});
}

/**
 * One field's problem: `fieldError.<code>` with its params, else the English sentence. Without a
 * code from the server (a page's own checks, written in English), the code is read from the
 * sentence as the server reads the domain's (functions/shared/field-codes.ts).
 */
export function fieldMessage(english: string, problem?: { code: string; params?: Params }): string {
  if (currentLocale() === SOURCE_LOCALE) return english;
  const p = problem ?? fieldCodeOf(english);
  return (p && fieldProblemText(p)) ?? english;
}

/** A field's problem in the catalogue's words (`fieldError.<code>`), in the reader's language; undefined for a code without words. */
export function fieldProblemText(problem: { code: string; params?: Params }): string | undefined {
  const { params } = problem;
  // Amounts come in minor units of the problem's currency (the prize plan's: shared/field-codes.ts).
  const words = params && typeof params.currency === 'string' ? moneyWords(params, params.currency, FIELD_MONEY_PARAMS) : { ...params };
  for (const k of FIELD_DAY_PARAMS) if (typeof words[k] === 'string') words[k] = formatDay(words[k]);
  return tMaybe(`fieldError.${problem.code}`, words);
}

/** Every field's sentence in the reader's language. */
export function fieldMessages(fields: Record<string, string>, codes: Record<string, { code: string; params?: Params }> = {}): Record<string, string> {
  if (currentLocale() === SOURCE_LOCALE) return fields;
  return Object.fromEntries(Object.entries(fields).map(([path, english]) => [path, fieldMessage(english, codes[path])]));
}
