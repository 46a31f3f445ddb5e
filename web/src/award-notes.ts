/**
 * An award proposal's notes (its warnings, and why it skipped an entry) in the reader's language:
 * the server sends each note's code and the facts it names (functions/shared/award-notes.ts:
 * amounts in minor units of the plan's currency, shares as fractions); the words are
 * `awardNote.<code>`. An ineligibility reason inside a note is itself read back into the reader's
 * language (rankingReasonText).
 */
import { AWARD_NOTE_MONEY, AWARD_NOTE_SHARES, type AwardNoteCode } from '../../functions/shared/award-notes.ts';
import { t } from './i18n.ts';
import { formatMoney, formatShare } from './money.ts';
import { rankingReasonText } from './ranking-rules.ts';

type Params = Record<string, string | number>;

export function awardNoteText(note: { code: AwardNoteCode; params: Params }, currency: string): string {
  const words: Params = {};
  for (const [k, v] of Object.entries(note.params)) {
    if (typeof v === 'number' && (AWARD_NOTE_MONEY as readonly string[]).includes(k)) words[k] = formatMoney(v, currency);
    else if (typeof v === 'number' && (AWARD_NOTE_SHARES as readonly string[]).includes(k)) words[k] = formatShare(v);
    else if (k === 'reason' && typeof v === 'string') words[k] = rankingReasonText(v);
    else words[k] = v;
  }
  return t(`awardNote.${note.code}`, words);
}
