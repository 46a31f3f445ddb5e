/**
 * Why a submission is not ranked (or may not receive awards), and why a review was left out of the ranking: each reason's
 * English sentence, written once. The ranking (domain/ranking.ts, use-cases/ranking-compute.ts)
 * stores these sentences — they are part of a published results package, which must recompute
 * byte for byte, so a sentence here never changes once shipped (add a new reason instead). The
 * web app reads a stored sentence back into its reason and parameters (`readRankingReason`) and
 * says it in the reader's language (catalogue keys `rankingReason.<code>`); a sentence it does
 * not recognise is shown as stored. Pure code with no imports: the web imports this file.
 */
export const RANKING_REASONS = {
  // A submission not ranked.
  noRounds: 'No evaluation rounds yet.',
  noCountedRound: 'No evaluation round counts towards the ranking: every round has weight 0.',
  oneReviewLeftOut: 'No valid review: 1 review was left out (see the reviews left out).',
  reviewsLeftOut: 'No valid review: {count} reviews were left out (see the reviews left out).',
  noReviewsOrComparisons: "No submitted reviews or judges' comparisons yet.",
  noReviews: 'No submitted reviews yet.',
  peerDutyFailed: 'Did not complete its peer reviews in "{round}".',
  notSubmitted: 'This entry was not submitted.',
  notRanked: 'Not ranked.',
  // A submission that may not receive awards (results packages store the first two).
  notSme: 'Not an SME; this plan awards SMEs only.',
  noFacts: 'No eligibility facts.',
  noEligibilityFacts: 'No eligibility facts for this submission.',
  contradictoryFacts: 'Contradictory eligibility facts for this submission.',
  notEligible: 'Not eligible.',
  // A review left out of the ranking.
  roundWeightZero: 'the round "{round}" has weight 0, so it does not count towards the ranking',
  unknownRound: 'unknown round "{roundId}"',
  pairwiseRound: "the round \"{round}\" is scored by its judges' comparisons, not by reviews",
  noScore: 'no score for criterion "{criterion}"',
  scoreOutsideScale: 'score {score} for criterion "{criterion}" is outside its scale {min}–{max}',
  duplicateReviews: 'duplicate: {count} reviews of this submission by this reviewer in this round',
  excludedByOrganisers: 'Excluded by the organisers: {reason}',
} as const;

export type RankingReasonCode = keyof typeof RANKING_REASONS;
export type RankingReasonParams = Record<string, string | number>;

const PARAM = /\{(\w+)\}/g;

/** A template's `{name}` placeholders filled in by `value` (also award-notes.ts). */
export function fillTemplate(template: string, value: (name: string) => string): string {
  return template.replace(PARAM, (_, name: string) => value(name));
}

/** The sentence of a reason with its parameters filled in (what the ranking stores). */
export function rankingReason(code: RankingReasonCode, params: RankingReasonParams = {}): string {
  return fillTemplate(RANKING_REASONS[code], (name) => String(params[name]));
}

let patterns: [RankingReasonCode, RegExp, string[]][] | undefined;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A stored sentence read back into its reason and parameters (as strings), or undefined for one
 * no template here made (stored by an older Podium, or typed by a person).
 */
export function readRankingReason(sentence: string): { code: RankingReasonCode; params: Record<string, string> } | undefined {
  patterns ??= (Object.entries(RANKING_REASONS) as [RankingReasonCode, string][]).map(([code, template]) => {
    const names = [...template.matchAll(PARAM)].map((m) => m[1]!);
    const source = template.split(PARAM).map((part, i) => (i % 2 === 1 ? '([\\s\\S]*?)' : escape(part))).join('');
    return [code, new RegExp(`^${source}$`), names];
  });
  for (const [code, pattern, names] of patterns) {
    const m = pattern.exec(sentence);
    if (m) return { code, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])) };
  }
  return undefined;
}
