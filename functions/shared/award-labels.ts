/**
 * The award labels the platform writes itself, beside the organiser's own ("1st prize", a
 * category's name): a lump sum's and a voucher's, and the note on a prize that went to another rank
 * than its own ("2nd prize (ranked 3rd)"). They are stored in English, in the ledger and in the
 * published results (which never change once published); `readAwardLabel` reads one back into its
 * parts, so that the web and the e-mails say it in the reader's language (`awardLabel.<kind>` in
 * both catalogue sections). Pure code: the web imports this file.
 */
const ORDINAL = new Intl.PluralRules('en', { type: 'ordinal' });
const SUFFIX: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
/** 1st, 2nd, 3rd, 4th, 11th, 21st (English). */
export const ordinal = (n: number) => `${n}${SUFFIX[ORDINAL.select(n)] ?? 'th'}`;

export const lumpSumLabel = (topN: number) => `Lump sum (top ${topN})`;
/** A lump sum confirmed by hand, not from the proposal's top N. */
export const LUMP_SUM_LABEL = 'Lump sum';
export const VOUCHER_LABEL = 'Innovation voucher';
/** A prize shown for an entry whose own rank is another: "2nd prize (ranked 3rd)". */
export const rankedLabel = (label: string, ownRank: number) => `${label} (ranked ${ordinal(ownRank)})`;

export type AwardLabelParts =
  | { kind: 'lumpSum'; topN?: number }
  | { kind: 'voucher' }
  | { kind: 'ranked'; label: AwardLabelParts; rank: number }
  /** The organiser's own words, shown as written. */
  | { kind: 'own'; label: string };

/** A stored label's parts: one the platform wrote (above), or the organiser's own. */
export function readAwardLabel(label: string): AwardLabelParts {
  const ranked = /^(.*) \(ranked (\d+)(?:st|nd|rd|th)\)$/.exec(label);
  if (ranked) return { kind: 'ranked', label: readAwardLabel(ranked[1]!), rank: Number(ranked[2]) };
  const lump = /^Lump sum \(top (\d+)\)$/.exec(label);
  if (lump) return { kind: 'lumpSum', topN: Number(lump[1]) };
  if (label === LUMP_SUM_LABEL) return { kind: 'lumpSum' };
  if (label === VOUCHER_LABEL) return { kind: 'voucher' };
  return { kind: 'own', label };
}

export type AwardLabelKey = 'awardLabel.lumpSum' | 'awardLabel.lumpSumPlain' | 'awardLabel.voucher' | 'awardLabel.ranked';

/** A label in a language, given that language's words for `awardLabel.<kind>` (`say`). */
export function sayAwardLabel(label: string, say: (key: AwardLabelKey, params: Record<string, string | number>) => string): string {
  const words = (p: AwardLabelParts): string => {
    switch (p.kind) {
      case 'lumpSum':
        return p.topN === undefined ? say('awardLabel.lumpSumPlain', {}) : say('awardLabel.lumpSum', { topN: p.topN });
      case 'voucher':
        return say('awardLabel.voucher', {});
      case 'ranked':
        return say('awardLabel.ranked', { label: words(p.label), rank: p.rank });
      case 'own':
        return p.label;
    }
  };
  return words(readAwardLabel(label));
}
