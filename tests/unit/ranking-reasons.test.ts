/**
 * Why a submission is not ranked and why a review was left out (functions/shared/ranking-reasons.ts):
 * the sentences the ranking stores read back into their reasons, whatever the parameters, and the
 * web says them in every language (web/src/ranking-rules.ts `rankingReasonText`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankSubmissions, type RankingInput, type RoundSpec } from '../../functions/domain/ranking.ts';
import { RANKING_REASONS, rankingReason, readRankingReason, type RankingReasonCode } from '../../functions/shared/ranking-reasons.ts';
import { LOCALES } from '../../functions/shared/i18n/locales.ts';
import { setLocale } from '../../web/src/i18n.ts';
import { rankingReasonText } from '../../web/src/ranking-rules.ts';

const T0 = '2027-01-10T12:00:00.000Z';
const round = (id: string, weight = 1): RoundSpec => ({ id, name: `Round ${id}`, weight, rubric: [{ id: 'c', weight: 1, scale: { min: 0, max: 10 } }] });
const subs = (...ids: string[]) => ids.map((id) => ({ id, submittedAt: T0 }));
const CODES = Object.keys(RANKING_REASONS) as RankingReasonCode[];
const paramsOf = (code: RankingReasonCode) => [...RANKING_REASONS[code].matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** The reasons a real ranking gives, by code. */
function reasonsOf(input: RankingInput): RankingReasonCode[] {
  const r = rankSubmissions(input);
  return [...r.unranked, ...r.excludedReviews].map((x) => {
    const read = readRankingReason(x.reason);
    expect(read, x.reason).toBeDefined();
    return read!.code;
  });
}

describe('the reasons a ranking gives', () => {
  it('are each read back from what the ranking stores', () => {
    expect(reasonsOf({ rounds: [], reviews: [], submissions: subs('A') })).toEqual(['noRounds']);
    expect(reasonsOf({ rounds: [round('r', 0)], reviews: [{ roundId: 'r', reviewerId: 'x', submissionId: 'A', scores: { c: 5 } }], submissions: subs('A') }).sort()).toEqual(['noCountedRound', 'roundWeightZero']);
    expect(reasonsOf({ rounds: [round('r')], reviews: [], submissions: subs('A') })).toEqual(['noReviews']);
    const bad: RankingInput = {
      rounds: [round('r')],
      reviews: [
        { roundId: 'r', reviewerId: 'x', submissionId: 'A', scores: {} },
        { roundId: 'r', reviewerId: 'y', submissionId: 'A', scores: { c: 11 } },
        { roundId: 'gone', reviewerId: 'x', submissionId: 'B', scores: { c: 5 } },
        { roundId: 'r', reviewerId: 'z', submissionId: 'C', scores: { c: 5 } },
        { roundId: 'r', reviewerId: 'z', submissionId: 'C', scores: { c: 6 } },
      ],
      submissions: subs('A', 'B', 'C'),
    };
    expect(reasonsOf(bad).sort()).toEqual(['duplicateReviews', 'duplicateReviews', 'noScore', 'oneReviewLeftOut', 'reviewsLeftOut', 'reviewsLeftOut', 'scoreOutsideScale', 'unknownRound'].sort());
    const outside = rankSubmissions(bad).excludedReviews.find((e) => e.reviewerId === 'y')!;
    expect(readRankingReason(outside.reason)!.params).toEqual({ score: '11', criterion: 'c', min: '0', max: '10' });
  });

  it('read back whatever their parameters, to the very sentence', () => {
    const code = fc.constantFrom(...CODES);
    const value = fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom('"', '{count}', ' reviews were', 'Round “1”'));
    fc.assert(
      fc.property(code, fc.array(value, { minLength: 4, maxLength: 4 }), (c, values) => {
        const params = Object.fromEntries(paramsOf(c).map((name, i) => [name, values[i]!]));
        const sentence = rankingReason(c, params);
        const read = readRankingReason(sentence);
        expect(read).toBeDefined();
        expect(rankingReason(read!.code, read!.params)).toBe(sentence);
      }),
    );
  });

  it('are not read into sentences no template made', () => {
    expect(readRankingReason('Withdrawn by the team.')).toBeUndefined();
    expect(readRankingReason(`${RANKING_REASONS.noReviews} `)).toBeUndefined();
  });
});

describe('the reasons in the reader’s language', () => {
  const sample = (c: RankingReasonCode) => rankingReason(c, Object.fromEntries(paramsOf(c).map((n) => [n, `«${n}-value»`])));
  for (const locale of LOCALES) {
    it(`${locale}: says every reason with its parameters, and an unknown one as stored`, async () => {
      await setLocale(locale, { remember: false });
      const said = CODES.map((c) => rankingReasonText(sample(c)));
      expect(new Set(said).size).toBe(CODES.length);
      CODES.forEach((c, i) => {
        for (const n of paramsOf(c)) expect(said[i], c).toContain(`«${n}-value»`);
        if (locale !== 'en') expect(said[i], c).not.toBe(sample(c));
      });
      expect(rankingReasonText('Withdrawn by the team.')).toBe('Withdrawn by the team.');
    });
  }
});
