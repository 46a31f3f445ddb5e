/**
 * An expo (pairwise) round in the final ranking (domain/ranking.ts `RoundSpec.pairwise`): its
 * precomputed scores count as a weighted round like any other, its standard errors widen the
 * band, a submission without comparisons has no score there, and the rules say how it works.
 */
import { describe, expect, it } from 'vitest';
import type { Round } from '../../functions/domain/evaluation.ts';
import { rankSubmissions, TIE_BREAK_RULES, type PairwiseScore, type RankingInput, type RankingResult, type ReviewInput, type RoundSpec } from '../../functions/domain/ranking.ts';
import { buildResults, rankingInputOf } from '../../functions/domain/results.ts';
import type { Submission } from '../../functions/domain/submission.ts';

const T0 = '2027-01-10T12:00:00.000Z';
const OFF = { shrinkage: Number.POSITIVE_INFINITY }; // calibration off: the review round's score is the plain mean
const review = (id: string, weight: number): RoundSpec => ({ id, name: `Round ${id}`, weight, rubric: [{ id: 'c', weight: 1, scale: { min: 0, max: 10 } }] });
const expo = (id: string, weight: number, scores: PairwiseScore[]): RoundSpec => ({
  id,
  name: 'Expo',
  weight,
  rubric: [],
  pairwise: { method: 'crowd-bt', description: 'Crowd-BT posterior mean of each project, judges weighted by their reliability.', scores },
});
const rv = (roundId: string, reviewerId: string, submissionId: string, c: number): ReviewInput => ({ roundId, reviewerId, submissionId, scores: { c } });
const subs = (...ids: string[]) => ids.map((id) => ({ id, submittedAt: T0 }));
const get = (r: RankingResult, id: string) => {
  const e = r.ranked.find((x) => x.submissionId === id);
  if (!e) throw new Error(`${id} not ranked`);
  return e;
};
const half = (r: RankingResult, id: string) => (get(r, id).band.high - get(r, id).band.low) / 2;

/** Review round A (weight 60): s1 → 70 (8 and 6 of 10), s2 → 40, s3 → 100. Expo round E (weight 40): s1 30, s2 90, s3 not compared. */
const base = (se = { s1: 5, s2: 4 }): RankingInput => ({
  rounds: [review('A', 60), expo('E', 40, [
    { submissionId: 's1', score: 30, se: se.s1, comparisons: 4 },
    { submissionId: 's2', score: 90, se: se.s2, comparisons: 3 },
  ])],
  reviews: [rv('A', 'r1', 's1', 8), rv('A', 'r2', 's1', 6), rv('A', 'r1', 's2', 4), rv('A', 'r2', 's3', 10)],
  submissions: subs('s1', 's2', 's3'),
  options: OFF,
});

describe('an expo round in the final score', () => {
  it('is weighted like any round: final score = weighted mean of the review round and the expo round', () => {
    const r = rankSubmissions(base());
    expect(get(r, 's1').finalScore).toBeCloseTo((60 * 70 + 40 * 30) / 100, 6); // 54
    expect(get(r, 's2').finalScore).toBeCloseTo((60 * 40 + 40 * 90) / 100, 6); // 60
    expect(get(r, 's1').rounds.map((o) => [o.roundId, o.calibratedMean, o.reviews])).toEqual([
      ['A', 70, 2],
      ['E', 30, 4],
    ]);
    // The expo round decides here: s2 is behind on reviews but ahead on comparisons.
    expect(r.ranked.map((e) => e.submissionId)).toEqual(['s2', 's1', 's3']);
  });

  it('changing the expo round weight changes the final score accordingly', () => {
    const heavy = base();
    heavy.rounds[1] = { ...heavy.rounds[1]!, weight: 240 };
    const r = rankSubmissions(heavy);
    expect(get(r, 's1').finalScore).toBeCloseTo((60 * 70 + 240 * 30) / 300, 6);
  });

  it('a submission without comparisons has no score in the expo round and ranks after those with one', () => {
    const r = rankSubmissions(base());
    const s3 = get(r, 's3');
    expect(s3.rounds.map((o) => o.roundId)).toEqual(['A']);
    expect(s3.finalScore).toBe(100); // its review round alone
    expect(s3.rank).toBe(3); // fewer rounds scored: after every submission with both
  });

  it("the band uses the expo round's standard error: w_E × se_E adds in quadrature", () => {
    const withSe = rankSubmissions(base({ s1: 5, s2: 4 }));
    const noSe = rankSubmissions(base({ s1: 0, s2: 0 }));
    const w = 40 / 100;
    for (const [id, se] of [['s1', 5], ['s2', 4]] as const) {
      const d = half(withSe, id) ** 2 - half(noSe, id) ** 2;
      expect(d).toBeCloseTo((1.96 * w * se) ** 2, 3);
    }
  });

  it('ranks an expo-only competition by the pairwise scores; entries without comparisons are unranked', () => {
    const r = rankSubmissions({
      rounds: [expo('E', 1, [
        { submissionId: 'b', score: 80, se: 3, comparisons: 5 },
        { submissionId: 'a', score: 20, se: 3, comparisons: 5 },
        { submissionId: 'c', score: 55, se: 6, comparisons: 2 },
      ])],
      reviews: [],
      submissions: subs('a', 'b', 'c', 'd'),
    });
    expect(r.ranked.map((e) => [e.submissionId, e.finalScore])).toEqual([
      ['b', 80],
      ['c', 55],
      ['a', 20],
    ]);
    expect(get(r, 'b').band).toEqual({ low: 80 - 1.96 * 3, high: 80 + 1.96 * 3 });
    expect(r.unranked).toEqual([{ submissionId: 'd', reason: "No submitted reviews or judges' comparisons yet." }]);
    expect(r.calibration).toEqual([]); // nothing to calibrate
  });

  it('does not depend on the order of the pairwise scores', () => {
    const a = base();
    const b = base();
    b.rounds[1]!.pairwise!.scores.reverse();
    b.rounds.reverse();
    expect(rankSubmissions(b).ranked).toEqual(rankSubmissions(a).ranked);
  });

  it('leaves out reviews given in an expo round, with the reason', () => {
    const input = base();
    input.reviews.push({ roundId: 'E', reviewerId: 'r9', submissionId: 's3', scores: {} });
    const r = rankSubmissions(input);
    expect(r.excludedReviews).toEqual([{ roundId: 'E', reviewerId: 'r9', submissionId: 's3', reason: "the round \"Expo\" is scored by its judges' comparisons, not by reviews" }]);
    expect(get(r, 's3').rounds.map((o) => o.roundId)).toEqual(['A']);
  });

  it('scores of submissions not being ranked are ignored', () => {
    const input = base();
    input.rounds[1]!.pairwise!.scores.push({ submissionId: 'gone', score: 100, se: 1, comparisons: 9 });
    const r = rankSubmissions(input);
    expect([...r.ranked.map((e) => e.submissionId), ...r.unranked.map((u) => u.submissionId)].sort()).toEqual(['s1', 's2', 's3']);
  });

  it('the rules name the expo round and its method (a last step on the rules page)', () => {
    const plain = rankSubmissions({ ...base(), rounds: [review('A', 60)] }).rules;
    const r = rankSubmissions(base()).rules;
    expect(r).toEqual({ ...plain, pairwise: [{ name: 'Expo', method: 'crowd-bt' }] });
  });

  it('refuses pairwise scores outside 0–100, negative standard errors and duplicates', () => {
    const bad = (e: Partial<PairwiseScore>, extra: PairwiseScore[] = []) => () =>
      rankSubmissions({ ...base(), rounds: [expo('E', 1, [{ submissionId: 'x', score: 50, se: 1, comparisons: 1, ...e }, ...extra])] });
    expect(bad({ score: 101 })).toThrow(RangeError);
    expect(bad({ score: Number.NaN })).toThrow(RangeError);
    expect(bad({ se: -1 })).toThrow(RangeError);
    expect(bad({ comparisons: 0 })).toThrow(RangeError);
    expect(bad({}, [{ submissionId: 'x', score: 10, se: 1, comparisons: 1 }])).toThrow(/duplicate/);
    expect(bad({})).not.toThrow();
  });

  it("the z-score method counts the expo round the same way", () => {
    const r = rankSubmissions({ ...base(), options: { method: 'z-score', shrinkage: Number.POSITIVE_INFINITY, trimWhenAtLeast: Number.POSITIVE_INFINITY } });
    expect(get(r, 's2').finalScore).toBeCloseTo(60, 6);
    expect(get(r, 's1').finalScore).toBeCloseTo(54, 6);
  });

  it('a results snapshot keeps the expo scores: the ranking recomputes from it, with no per-criterion rows for the expo round', () => {
    const input = base();
    const ranking = rankSubmissions(input);
    const round = (id: string, kind: Round['kind']): Round => ({
      id, competitionId: 'c', name: id === 'E' ? 'Expo' : `Round ${id}`, kind, k: 1, maxLoad: 9, blind: false, opensAt: T0, closesAt: T0, weight: 1,
      rubric: [{ id: 'c', name: 'Overall', description: '', weight: 1, scale: { min: 0, max: 10 } }],
      requireReviewDuty: false, showPeerComments: false, pins: [], createdAt: T0, updatedAt: T0, version: 1,
    });
    const submission = (id: string): Submission => ({ id, competitionId: 'c', ownerSub: `o-${id}`, organisationName: id, country: 'BE', title: id, summary: '', problem: '', solution: '', valueChain: [], sectors: [], answers: {}, status: 'submitted', createdAt: T0, updatedAt: T0, submittedAt: T0, version: 2 });
    const subsList = ['s1', 's2', 's3'].map(submission);
    const { header, entries } = buildResults({
      competitionId: 'c', version: 1, decidedAt: T0, visibleFrom: T0, rounds: [round('A', 'jury'), round('E', 'expo')], rankingInput: input, ranking, tieBreakRules: TIE_BREAK_RULES,
      submissions: subsList, comments: new Map(), candidates: subsList.map((x) => ({ submissionId: x.id, organisationKey: x.id, isSme: true, eligible: true })), awards: [],
      totals: { committed: 0, left: 0, toSmes: 0, smeShare: 0, smeShareHolds: true, perOrganisation: {} },
    });
    expect(header.rounds.find((r) => r.id === 'E')).toMatchObject({ kind: 'expo', pairwise: input.rounds[1]!.pairwise });
    expect(rankSubmissions(rankingInputOf(header, entries)).ranked).toEqual(ranking.ranked);
    for (const e of entries) expect(e.criteria.map((c) => c.roundId)).toEqual(['A']);
  });
});
