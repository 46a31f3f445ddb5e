/**
 * Money as people read it, the same on the server (e-mails, notifications, error messages) and in
 * the web app, which imports this file directly. Amounts are integers in the currency's minor unit
 * (cents for EUR). Pure code with no imports, so the web bundle takes nothing else from the server.
 */

/**
 * The language amounts are written in when none is given: English, except in the browser, where
 * web/src/i18n.ts sets the reader's. The server always passes the recipient's explicitly.
 */
let defaultLocale = 'en';
export function setDefaultMoneyLocale(locale: string): void {
  defaultLocale = locale;
}

// Intl.NumberFormat objects are costly to build; keep one per (locale, currency, digits).
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, currency: string, fractionDigits?: { min: number; max: number }): Intl.NumberFormat {
  const key = `${locale}\u0000${currency}\u0000${fractionDigits ? `${fractionDigits.min}-${fractionDigits.max}` : ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(fractionDigits ? { minimumFractionDigits: fractionDigits.min, maximumFractionDigits: fractionDigits.max } : {}),
    });
    if (formatters.size > 200) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/** The currency's number of minor-unit digits (EUR 2, JPY 0); throws RangeError for an unknown code. */
export function currencyDigits(currency: string): number {
  return formatter('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "€30,000" / "€1,234.56" (fraction digits only when the amount has some). */
export function formatMoney(cents: number, currency: string, locale = defaultLocale): string {
  let digits: number;
  try {
    digits = currencyDigits(currency);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
  const factor = 10 ** digits;
  const whole = Number.isInteger(cents) && cents % factor === 0;
  return formatter(locale, currency, { min: whole ? 0 : digits, max: digits }).format(cents / factor);
}

/**
 * 0.8234 → "82.3 %", 0.825 → "82.5 %", 0.8 → "80 %" ("82,3 %" in French and German); rounded down
 * to 0.1 so a share just below a minimum never shows as meeting it.
 */
export function formatShare(share: number, locale = defaultLocale): string {
  const tenths = Math.floor(share * 1000 + 1e-9);
  const text = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  return `${locale === 'en' ? text : text.replace('.', new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.')} %`;
}
