/**
 * Stable codes for what is wrong with one field (issue 14 §1), so the web can say each in the
 * reader's language (`fieldError.<CODE>` in the catalogues) while `fields` keeps the English
 * sentence for API clients. zod failures get theirs from the issue (app/validation-errors.ts);
 * the domain's own field rules, written as sentences in many places, are recognised here by their
 * wording — one list, so a rule that says "At most 300 characters." anywhere is `TOO_LONG {max: 300}`.
 * A sentence matched by no pattern gets no code (the web then shows the English).
 */
export const FIELD_CODES = [
  'REQUIRED',
  'TOO_LONG',
  'TOO_SHORT',
  'TOO_MANY_WORDS',
  'TOO_BIG',
  'TOO_SMALL',
  'OUT_OF_RANGE',
  'TOO_MANY_ITEMS',
  'TOO_FEW_ITEMS',
  'INVALID_CHOICE',
  'INVALID_EMAIL',
  'INVALID_URL',
  'INVALID_DATE',
  'INVALID_DATETIME',
  'NOT_A_NUMBER',
  'NOT_AN_INTEGER',
  'TEXT_EXPECTED',
  'INVALID_FORMAT',
  'INVALID_VALUE',
  'UNKNOWN_FIELD',
  'NOT_MULTIPLE_OF',
  'LOCKED',
  'STALE',
  'MALFORMED',
  'DATE_TOO_EARLY',
  'DATE_TOO_LATE',
  // Answers, reviews and the organiser's forms (shared/questions.ts, domain/*.ts), by their sentences.
  'ONE_LINE',
  'NUMBER_TOO_LARGE',
  'NOT_AN_OPTION',
  'UNKNOWN_QUESTION',
  'UNKNOWN_CRITERION',
  'PROBABILITY_RANGE',
  'WHOLE_NUMBER_RANGE',
  'MINUTES_RANGE',
  'SECONDS_RANGE',
  'LISTED_TWICE',
  'NOT_SUBMITTED_ENTRY',
  'LENGTH_RANGE',
  'WINNER_NOT_IN_PAIR',
  'SOURCE_LANGUAGE',
  'CHOSEN_TWICE',
  'YES_OR_NO',
  'FILE_REQUIRED',
  'FILE_BEING_CHECKED',
  'REQUIRED_TO_SUBMIT',
  'DUPLICATE_QUESTION_ID',
  'EMPTY_OPTION',
  'MORE_THAN_OPTIONS',
  'MAX_BELOW_MIN',
  'LATEST_BEFORE_EARLIEST',
  'NO_FILE_KIND',
  'CONDITION_NOT_EARLIER',
  'CONDITION_INCLUDES',
  'CONDITION_VALUE',
  'UNKNOWN_TIME_ZONE',
  'DUPLICATE_CRITERION',
  'SCALE_UPSIDE_DOWN',
  'SCORE_RANGE',
  'SCORE_MISSING',
  'YEARS_RANGE',
  'PURPOSE_EMPTY',
  // The prize plan's own rules (domain/awards.ts planProblems); amounts in minor units of `currency`.
  'INVALID_CURRENCY',
  'AMOUNT_OUT_OF_RANGE',
  'AMOUNT_ABOVE',
  'SHARE_OUT_OF_RANGE',
  'OVER_CAP',
  'RANK_TAKEN',
  'RANK_GAP',
  'RANK_ORDER',
  'DUPLICATE_ID',
  'WHOLE_NUMBER_MIN',
  // A plan that would undo confirmed awards (use-cases/awards.ts planConflicts).
  'BUDGET_BELOW_COMMITTED',
  'CAP_BELOW_HELD',
  'FEWER_THAN_CONFIRMED',
  'UNKNOWN_CATEGORY',
  'NOT_A_LANGUAGE',
  'ACCEPT_VERSION',
  'STALE_PAGE_LINK',
] as const;
export type FieldCode = (typeof FIELD_CODES)[number];
export type ErrorParams = Record<string, string | number>;
export interface FieldProblem {
  code: FieldCode;
  params?: ErrorParams;
}
export type FieldCodes = Record<string, FieldProblem>;

/** Parameters that are amounts in minor units of the problem's `currency` parameter (the web formats them). */
export const FIELD_MONEY_PARAMS = ['min', 'max', 'cap', 'amount', 'betterAmount'] as const;
/** Parameters that are calendar days ("2026-12-24"; the web writes them as the reader's language does). */
export const FIELD_DAY_PARAMS = ['date'] as const;

const num = (s: string): string | number => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);
/** A sentence with no parameters, and one naming a whole-number range: shared, as every area's bundle carries this list. */
const none = () => undefined;
const range = (m: RegExpExecArray) => ({ min: Number(m[1]), max: Number(m[2]) });

/** Sentences always said the same way → code. */
const EXACT: Readonly<Record<string, FieldCode>> = {
  'Too large.': 'TOO_BIG',
  'Not an e-mail address.': 'INVALID_EMAIL',
  'Not a web address.': 'INVALID_URL',
  'Listed twice.': 'LISTED_TWICE',
  'Not a submitted entry of this competition.': 'NOT_SUBMITTED_ENTRY',
  'The winner must be one of the two teams compared.': 'WINNER_NOT_IN_PAIR',
  'The competition’s own language needs no translation.': 'SOURCE_LANGUAGE',
  'No such category in the plan.': 'UNKNOWN_CATEGORY',
  'Not a page link of this list; start from the first page.': 'STALE_PAGE_LINK',
  'One line only.': 'ONE_LINE',
  'This number is too large.': 'NUMBER_TOO_LARGE',
  'This competition has no such question.': 'UNKNOWN_QUESTION',
  'A probability from 0.01 to 1, in hundredths (e.g. 0.5).': 'PROBABILITY_RANGE',
  'Each option may be chosen once.': 'CHOSEN_TWICE',
  'Answer yes or no.': 'YES_OR_NO',
  'Upload a file.': 'FILE_REQUIRED',
  'This file is still being checked; try again in a moment.': 'FILE_BEING_CHECKED',
  'Required before submitting.': 'REQUIRED_TO_SUBMIT',
  'Two questions have the same id.': 'DUPLICATE_QUESTION_ID',
  'An option is empty.': 'EMPTY_OPTION',
  'More than there are options.': 'MORE_THAN_OPTIONS',
  'The maximum must not be below the minimum.': 'MAX_BELOW_MIN',
  'The latest date must not be before the earliest.': 'LATEST_BEFORE_EARLIEST',
  'Accept at least one kind of file.': 'NO_FILE_KIND',
  'A condition must refer to an earlier question.': 'CONDITION_NOT_EARLIER',
  'Use "includes" with one of an earlier multiple-choice question’s options.': 'CONDITION_INCLUDES',
  'The condition’s value does not fit the earlier question.': 'CONDITION_VALUE',
  'Unknown time zone.': 'UNKNOWN_TIME_ZONE',
  'Two criteria have the same name.': 'DUPLICATE_CRITERION',
  'The top of the scale must be above the bottom.': 'SCALE_UPSIDE_DOWN',
  'Write the purpose, or remove it.': 'PURPOSE_EMPTY',
  'Enter a number.': 'NOT_A_NUMBER',
  'Enter a whole number.': 'NOT_AN_INTEGER',
  'Enter text.': 'TEXT_EXPECTED',
  'Not in the expected format.': 'INVALID_FORMAT',
  'locked': 'LOCKED',
  'stale': 'STALE',
  'malformed': 'MALFORMED',
};

/** Sentence patterns → code (first match wins; the order puts the specific before the general). */
const PATTERNS: [RegExp, FieldCode, (m: RegExpExecArray) => ErrorParams | undefined][] = [
  [/^Required\.?$/, 'REQUIRED', none],
  [/^At most (\d+) characters\b/, 'TOO_LONG', (m) => ({ max: Number(m[1]) })],
  [/^At least (\d+) characters\b/, 'TOO_SHORT', (m) => ({ min: Number(m[1]) })],
  [/^At most (\d+) words?\.$/, 'TOO_MANY_WORDS', (m) => ({ max: Number(m[1]) })],
  [/^At most (\d+) (items|tables per request|purposes)\.$/, 'TOO_MANY_ITEMS', (m) => ({ max: Number(m[1]) })],
  [/^Add at least (\d+)\.$/, 'TOO_FEW_ITEMS', (m) => ({ min: Number(m[1]) })],
  [/^Choose at most (\d+)( options?)?\.$/, 'TOO_MANY_ITEMS', (m) => ({ max: Number(m[1]) })],
  [/^Choose at least (\d+)( options?)?\.$/, 'TOO_FEW_ITEMS', (m) => ({ min: Number(m[1]) })],
  [/^Must be from (\S+) to ([^\s.]+(?:\.\d+)?)\b/, 'OUT_OF_RANGE', (m) => ({ min: num(m[1]!), max: num(m[2]!) })],
  [/^(?:At most|Must be less than) (.+?)\.$/, 'TOO_BIG', (m) => ({ max: num(m[1]!) })],
  [/^(?:At least|Must be more than) (.+?)\.$/, 'TOO_SMALL', (m) => ({ min: num(m[1]!) })],
  [/^Choose one of: (.+)\.$/, 'INVALID_CHOICE', (m) => ({ options: m[1]! })],
  [/^Must be one of (.+)\.$/, 'INVALID_CHOICE', (m) => ({ options: m[1]! })],
  // The request schemas' formats (app/schemas.ts `z.regex`): "Use 2026-12-01T17:00 (…) or an ISO instant.", "Use a day like 2026-01-31.", …
  [/^(Not a valid date and time|Enter a date and time)\.$|^Use (2026-12-01T17:00|a day \(2026-12-01\) or an instant) /, 'INVALID_DATETIME', none],
  [/^(Not a date|Enter a date) \(YYYY-MM-DD\)\.$|^Use (YYYY-MM-DD|a day like [\d-]+)\.$/, 'INVALID_DATE', none],
  [/^Use (a three-letter|an ISO 4217) /, 'INVALID_CURRENCY', none],
  [/^Not a language code\b/, 'NOT_A_LANGUAGE', none],
  [/^On or after (\d{4}-\d{2}-\d{2})\.$/, 'DATE_TOO_EARLY', (m) => ({ date: m[1]! })],
  [/^On or before (\d{4}-\d{2}-\d{2})\.$/, 'DATE_TOO_LATE', (m) => ({ date: m[1]! })],
  [/^Give at least two options\.$/, 'TOO_FEW_ITEMS', () => ({ min: 2 })],
  [/^A whole number from (\d+) to (\d+)\.$/, 'WHOLE_NUMBER_RANGE', range],
  [/^A whole number of minutes from (\d+) to (\d+)\.$/, 'MINUTES_RANGE', range],
  [/^A whole number of seconds from (\d+) to (\d+)\.$/, 'SECONDS_RANGE', range],
  [/^From (\d+) to (\d+) characters\.$/, 'LENGTH_RANGE', range],
  [/^From (-?\d+) to (-?\d+)\.$/, 'OUT_OF_RANGE', range],
  [/^Accept version (\d+)\.$/, 'ACCEPT_VERSION', (m) => ({ version: Number(m[1]) })],
  [/^Choose (?:from|one of) the options\.$/, 'NOT_AN_OPTION', none],
  [/^This (?:competition|round) has no such criterion\.$/, 'UNKNOWN_CRITERION', none],
  [/^Score (.+) from (-?\d+(?:\.\d+)?) to (-?\d+(?:\.\d+)?)\.$/, 'SCORE_RANGE', (m) => ({ criterion: m[1]!, min: num(m[2]!), max: num(m[3]!) })],
  [/^Score (.+) before submitting\.$/, 'SCORE_MISSING', (m) => ({ criterion: m[1]! })],
  [/^Whole years from (\d+) to (\d+)\.$/, 'YEARS_RANGE', range],
  [/^(Not a valid value|Must be .+)\.$/, 'INVALID_VALUE', none],
  [/^Unknown fields?: (.+)\.$/, 'UNKNOWN_FIELD', (m) => ({ fields: m[1]! })],
  [/^Must be a multiple of (.+)\.$/, 'NOT_MULTIPLE_OF', (m) => ({ divisor: num(m[1]!) })],
];

/** The code of one field's English sentence, if it is one of the common rules. */
export function fieldCodeOf(message: string): FieldProblem | undefined {
  const exact = EXACT[message.trim()];
  if (exact) return { code: exact };
  for (const [re, code, params] of PATTERNS) {
    const m = re.exec(message.trim());
    if (m) {
      const p = params(m);
      return p ? { code, params: p } : { code };
    }
  }
  return undefined;
}

/** Codes for every field whose sentence has one (`explicit` ones, e.g. from zod issues, first). */
export function fieldCodesOf(fields: Record<string, string> | undefined, explicit?: FieldCodes): FieldCodes | undefined {
  const out: FieldCodes = {};
  for (const [path, message] of Object.entries(fields ?? {})) {
    const c = explicit?.[path] ?? fieldCodeOf(message);
    if (c) out[path] = c;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
