/**
 * A ranking's rules page in the reader's language. The server stores with every ranking the facts
 * of its rules (functions/domain/ranking.ts `RankingRules`: the method, its amounts, what the
 * calibration model found, the expo rounds and their method); the words are `rankingRules.*`.
 * Rankings stored before carry their rules as English sentences, shown as they are.
 */
import { readRankingReason } from '../../functions/shared/ranking-reasons.ts';
import { formatNumber } from './format.ts';
import { t, type MessageKey } from './i18n.ts';
import type { RankingRules, RoundInput } from './types.ts';
type Facts = Exclude<RankingRules, string[]>;

/** The pairwise methods' sentences; a method this page does not know yet gets a neutral one. */
const METHOD_SENTENCE: Record<NonNullable<NonNullable<RoundInput['expo']>['method']>, MessageKey> = {
  'crowd-bt': 'rankingRules.method.crowdBt',
  'noisy-sorting': 'rankingRules.method.noisySorting',
};

/**
 * The ranking order's rules, in the order the server applies them (domain/ranking-rules.ts
 * `TIE_BREAK_RULES`, which the API sends as `tieBreakRules` and names in a row's `tieBreak`).
 */
const TIE_BREAK_KEYS: MessageKey[] = [
  'rankingRules.tie.rounds',
  'rankingRules.tie.score',
  'rankingRules.tie.roundScores',
  'rankingRules.tie.reviews',
  'rankingRules.tie.submittedAt',
  'rankingRules.tie.id',
];

/** The order's rules in words; a list the page does not know (another count) is shown as sent. */
export function tieBreakRulesText(sent: readonly string[]): string[] {
  return sent.length === TIE_BREAK_KEYS.length ? TIE_BREAK_KEYS.map((k) => t(k)) : [...sent];
}

/** The rule that broke a row's tie (`tieBreak`, one of `sent`), in words. */
export function tieBreakText(rule: string, sent: readonly string[]): string {
  const i = sent.indexOf(rule);
  return i >= 0 && sent.length === TIE_BREAK_KEYS.length ? t(TIE_BREAK_KEYS[i]!) : rule;
}

/** Step 6: the order, rule by rule. */
const orderStep = () =>
  t('rankingRules.order', {
    rules: TIE_BREAK_KEYS.map((k, i) => t('rankingRules.orderItem', { letter: String.fromCharCode(97 + i), rule: t(k) })).join(t('rankingRules.orderThen')),
  });

/** Points on 0–100 with one decimal, as the model's findings are stated. */
const points = (x: number) => formatNumber(x, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The steps of the rules, in order, each a short heading sentence and then the rule (no numbering). */
export function rankingRulesText(rules: RankingRules): string[] {
  if (Array.isArray(rules)) return rules.map((rule) => rule.replace(/^\d+\.\s*/, ''));
  const steps = rules.method === 'z-score' ? zScoreSteps(rules) : modelSteps(rules);
  if (rules.pairwise.length === 0) return steps;
  const methods = rules.pairwise.map((r) =>
    t('rankingRules.expoMethod', { name: r.name, method: r.method, description: t((METHOD_SENTENCE as Partial<Record<string, MessageKey>>)[r.method] ?? 'rankingRules.method.other') }),
  );
  return [...steps, t('rankingRules.expo', { methods: methods.join(' ') })];
}

/** True when the rules have a step for expo (pairwise) rounds. */
export function hasExpoStep(rules: RankingRules): boolean {
  return Array.isArray(rules) ? rules.some((m) => /^\d+\. Expo rounds/.test(m)) : rules.pairwise.length > 0;
}

function zScoreSteps(r: Facts): string[] {
  return [
    t('rankingRules.review'),
    r.calibration && r.shrinkage !== undefined ? t('rankingRules.zscore.calibration', { kappa: r.shrinkage }) : t('rankingRules.zscore.calibrationOff'),
    typeof r.trimWhenAtLeast === 'number' ? t('rankingRules.zscore.round', { trim: r.trimWhenAtLeast }) : t('rankingRules.zscore.roundUntrimmed'),
    t('rankingRules.final'),
    t('rankingRules.zscore.uncertainty'),
    orderStep(),
    t('rankingRules.zscore.criteria'),
    t('rankingRules.last'),
  ];
}

function modelSteps(r: Facts): string[] {
  const found = r.calibration
    ? (r.fitted ?? []).map((f) =>
        t('rankingRules.model.fitted', {
          name: f.name,
          leniency: f.leniencySd > 0 ? t('rankingRules.model.leniency', { points: points(f.leniencySd) }) : t('rankingRules.model.noLeniency'),
          weights: f.weighted ? t('rankingRules.model.weighted') : t('rankingRules.model.equalWeights'),
          noise: points(f.noiseSd),
        }),
      )
    : [];
  return [
    t('rankingRules.review'),
    r.calibration ? t('rankingRules.model.calibration') : t('rankingRules.model.calibrationOff'),
    found.length > 0 ? t('rankingRules.model.roundFound', { rounds: found.join('; ') }) : t('rankingRules.model.round'),
    t('rankingRules.final'),
    t('rankingRules.model.uncertainty'),
    orderStep(),
    t('rankingRules.model.criteria'),
    t('rankingRules.last'),
  ];
}

/**
 * Why a submission is not ranked, or a review was left out, in the reader's language: the stored
 * English sentence read back into its reason (functions/shared/ranking-reasons.ts); one the page
 * does not recognise is shown as stored.
 */
export function rankingReasonText(sentence: string): string {
  const read = readRankingReason(sentence);
  return read ? t(`rankingReason.${read.code}`, read.params) : sentence;
}
