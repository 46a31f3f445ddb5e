/**
 * Why an award confirmation was refused, in the reader's language: the server's `code` and the
 * facts it names (`params`: amounts in minor units with `currency`, names, counts; use-cases/
 * awards.ts ConfirmOutcome) worded with `awardRefusal.<code>`. English readers see the server's
 * sentence, as for every API error (error-text.ts serverSentence); a code without words here too.
 */
import { moneyWords } from './money.ts';
import { serverSentence } from './error-text.ts';
import { t } from './i18n.ts';
import { rankingReasonText } from './ranking-rules.ts';

type Params = Record<string, string | number>;
const MONEY = ['left', 'amount', 'cap', 'received', 'budget'];

export function awardRefusalText(code: string | undefined, reason: string | undefined, params: Params = {}): string | undefined {
  return serverSentence(code && `awardRefusal.${code}`, reason, () => {
    const currency = String(params.currency ?? 'EUR');
    const words = moneyWords(params, currency, MONEY);
    if (code === 'NOT_ELIGIBLE' && typeof params.reason === 'string') words.reason = rankingReasonText(params.reason);
    if (code === 'NONE_LEFT') words.kind = params.kind === 'voucher' ? t('awardRefusal.kind.voucher') : t('awardRefusal.kind.lumpSum');
    return words;
  });
}
