/**
 * Money in the web app. The API counts in minor units (cents for EUR); people type and read whole
 * currency units. `formatMoney` and `formatShare` are the server's own (pure) formatters, imported
 * from the one module both sides share (functions/shared/money.ts), so the amounts on screen match
 * the ones in e-mails and notifications.
 */
import { currencyDigits, formatMoney, formatShare } from '../../functions/shared/money.ts';
import { currentLocale } from './i18n.ts';

// In the reader's language: i18n.ts sets the shared formatters' default locale when it changes.
export { formatMoney, formatShare };

/** 100 for EUR, 1 for JPY; 100 for an unknown code (the server rejects it anyway). */
export function minorFactor(currency: string): number {
  try {
    return 10 ** currencyDigits(currency);
  } catch {
    return 100;
  }
}

/** Cents → "50000" / "1234.5" ("1234,5" in French and German) for an input; unitsToCents reads it back. */
export function centsToUnits(cents: number | undefined, currency: string): string {
  if (cents === undefined) return '';
  const text = String(cents / minorFactor(currency));
  return decimalSeparator(currentLocale()) === ',' ? text.replace('.', ',') : text;
}

/**
 * "50,000" / "50 000" / "1234.56" (English), "50 000,50" (French), "50.000,50" (German) → cents;
 * undefined when it is not an amount (empty, letters, negative, more decimals than the currency has).
 */
export function unitsToCents(text: string, currency: string, locale: string = currentLocale()): number | undefined {
  const decimal = decimalSeparator(locale);
  const group = decimal === ',' ? /[\s.\u00a0\u202f_']/g : /[\s,\u00a0\u202f_']/g;
  let t = text.trim().replace(/^[€$£]|[€$£]$/g, '').replace(group, '');
  if (decimal === ',') t = t.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const factor = minorFactor(currency);
  const cents = Math.round(Number(t) * factor);
  if (!Number.isSafeInteger(cents) || Math.abs(cents / factor - Number(t)) > 1e-9) return undefined;
  return cents;
}

/** The currency's symbol for a field label: "€", "$", or the code itself. */
export function currencySymbol(currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

function decimalSeparator(locale: string): string {
  try {
    return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  } catch {
    return '.';
  }
}

type Params = Record<string, string | number>;

/**
 * A message's parameters with the named amounts (minor units of `currency`) written as money in
 * the reader's language, and the named shares (fractions) as percentages; the rest as they are.
 * The one place the server's facts become words for award notes, refusals and field problems.
 */
export function moneyWords(params: Params, currency: string, money: readonly string[], shares: readonly string[] = []): Params {
  const words: Params = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'number' && money.includes(k)) words[k] = formatMoney(v, currency);
    else if (typeof v === 'number' && shares.includes(k)) words[k] = formatShare(v);
    else words[k] = v;
  }
  return words;
}
