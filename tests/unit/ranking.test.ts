import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calibrate,
  DEFAULT_SHRINKAGE,
  DEFAULT_TRIM_WHEN_AT_LEAST,
  percentileOf,
  rankSubmissions,
  TIE_BREAK_RULES,
  type RankingInput,
  type RankingResult,
  type ReviewInput,
  type RoundSpec,
} from '../../functions/domain/ranking.ts';

// ---- helpers -------------------------------------------------------------------------------
const T0 = '2027-01-10T12:00:00.000Z';
/** A round with one criterion named `c` on the given scale. */
const round = (id: string, weight: number, min = 0, max = 100): RoundSpec => ({ id, name: id, weight, rubric: [{ id: 'c', weight: 1, scale: { min, max } }] });
const rv = (roundId: string, reviewerId: string, submissionId: string, c: number): ReviewInput => ({ roundId, reviewerId, submissionId, scores: { c } });
const subs = (...ids: string[]) => ids.map((id) => ({ id, submittedAt: T0 }));
const order = (r: RankingResult) => r.ranked.map((e) => e.submissionId);
const get = (r: RankingResult, id: string) => {
  const e = r.ranked.find((x) => x.submissionId === id);
  if (!e) throw new Error(`${id} not ranked`);
  return e;
};
const OFF = { shrinkage: Number.POSITIVE_INFINITY }; // calibration off: calibrated = raw (the plain mean)
/** The z-score calibration used before the model (kept for stored rankings and the bench). */
const Z = { method: 'z-score' } as const;
const RULE = {
  rounds: TIE_BREAK_RULES[0],
  score: TIE_BREAK_RULES[1],
  roundScores: TIE_BREAK_RULES[2],
  reviews: TIE_BREAK_RULES[3],
  submittedAt: TIE_BREAK_RULES[4],
  id: TIE_BREAK_RULES[5],
};

// ---- hand-computed cases -----------------------------------------------------------------------
describe('hand-computed cases (z-score method)', () => {
  // Scale 1–5. Harsh reviewer H scores A,B,C 1,2,3 → raw 0,25,50; lenient L scores D,E,F 3,4,5 →
  // raw 50,75,100. Pool of the round: M = 50, S² = (2500+625+0+0+625+2500)/5 = 1250.
  // With κ = 0: H has m̂ = 25, ŝ = √(1250/2) = 25; L has m̂ = 75, ŝ = 25.
  // A = 50 + √1250·(0−25)/25 = 50 − √1250 ≈ 14.645 = D; B = E = 50; C = F = 50 + √1250 ≈ 85.355.
  const harshLenient: RankingInput = {
    rounds: [round('peer', 1, 1, 5)],
    reviews: [rv('peer', 'H', 'A', 1), rv('peer', 'H', 'B', 2), rv('peer', 'H', 'C', 3), rv('peer', 'L', 'D', 3), rv('peer', 'L', 'E', 4), rv('peer', 'L', 'F', 5)],
    submissions: subs('A', 'B', 'C', 'D', 'E', 'F'),
    options: Z,
  };

  it('harsh and lenient reviewers count alike (κ = 0): a harsh 2/5 equals a lenient 4/5', () => {
    const r = rankSubmissions({ ...harshLenient, options: { ...Z, shrinkage: 0 } });
    const S = Math.sqrt(1250);
    expect(get(r, 'A').finalScore).toBeCloseTo(50 - S, 6);
    expect(get(r, 'C').finalScore).toBeCloseTo(50 + S, 6);
    for (const [h, l] of [['A', 'D'], ['B', 'E'], ['C', 'F']] as const) expect(get(r, h).finalScore).toBe(get(r, l).finalScore);
    expect(get(r, 'B').finalScore).toBe(50);
    expect(get(r, 'E').rounds[0]).toMatchObject({ reviews: 1, rawMean: 75, calibratedMean: 50, trimmed: false });
    // Equal pairs are ordered by the last rule (same time, same review count): id.
    expect(order(r)).toEqual(['C', 'F', 'B', 'E', 'A', 'D']);
    expect(get(r, 'C').tieBreak).toBe(RULE.id);
    expect(get(r, 'F').tieBreak).toBe(RULE.id);
    // Without calibration every lenient-reviewed submission would come first.
    expect(order(rankSubmissions({ ...harshLenient, options: { ...Z, ...OFF } })).slice(0, 2)).toEqual(['F', 'E']);
  });

  it('with the default κ = 3, three reviews are weak evidence: the gap shrinks but stays', () => {
    // H: m̂ = (75 + 3·50)/6 = 37.5, ŝ² = (1250 + 3·1250)/(2 + 3) = 1000, so S/ŝ = √1.25.
    // A = 50 − 37.5·√1.25 ≈ 8.074; L: m̂ = (225 + 150)/6 = 62.5, D = 50 − 12.5·√1.25 ≈ 36.025.
    const r = rankSubmissions(harshLenient);
    expect(get(r, 'A').finalScore).toBeCloseTo(50 - 37.5 * Math.sqrt(1.25), 6);
    expect(get(r, 'D').finalScore).toBeCloseTo(50 - 12.5 * Math.sqrt(1.25), 6);
    // Raw gap D − A was 50 points; calibrated it is 25·√1.25 ≈ 27.95.
  });

  it('shrinkage: a one-review reviewer is assumed close to average, so their score mostly stands', () => {
    // R1 scores A,B,C,D 2,4,6,8 on 0–10 → 20,40,60,80; R2 scores only E: 9 → 90.
    // Pool: M = 290/5 = 58; deviations −38,−18,2,22,32 → S² = 3280/4 = 820.
    // κ = 3, R2: m̂ = (90 + 3·58)/(1 + 3) = 66, ŝ² = (0 + 3·820)/(0 + 3) = 820 = S² → E = 58 + (90 − 66) = 82.
    // R1: m̂ = (200 + 174)/7 = 374/7, Q = 2000, ŝ² = (2000 + 2460)/(3 + 3) = 4460/6.
    const input: RankingInput = {
      rounds: [round('peer', 1, 0, 10)],
      reviews: [rv('peer', 'R1', 'A', 2), rv('peer', 'R1', 'B', 4), rv('peer', 'R1', 'C', 6), rv('peer', 'R1', 'D', 8), rv('peer', 'R2', 'E', 9)],
      submissions: subs('A', 'B', 'C', 'D', 'E'),
      options: Z,
    };
    const r = rankSubmissions(input);
    expect(get(r, 'E').finalScore).toBeCloseTo(82, 6);
    expect(get(r, 'A').finalScore).toBeCloseTo(58 + (Math.sqrt(820) * (20 - 374 / 7)) / Math.sqrt(4460 / 6), 6);
    // κ = 0 removes all information from a single review: E gets the pool mean.
    expect(get(rankSubmissions({ ...input, options: { ...Z, shrinkage: 0 } }), 'E').finalScore).toBeCloseTo(58, 6);
    // The exported step-2 helper gives the same numbers (uncapped).
    const c = calibrate(input.reviews.map((x) => ({ reviewerId: x.reviewerId, itemId: x.submissionId, score: x.scores.c! * 10 })));
    expect(c.poolMean).toBe(58);
    expect(c.poolSd).toBeCloseTo(Math.sqrt(820), 12);
    expect(c.calibrated[4]).toBeCloseTo(82, 9);
  });

  it('weighted criteria, each normalised by its own scale', () => {
    // innovation (weight 3, 1–5) = 4 → 75; feasibility (weight 1, 0–10) = 2 → 20; raw = (225 + 20)/4 = 61.25.
    const r = rankSubmissions({
      rounds: [{ id: 'peer', name: 'Peer', weight: 1, rubric: [{ id: 'innovation', weight: 3, scale: { min: 1, max: 5 } }, { id: 'feasibility', weight: 1, scale: { min: 0, max: 10 } }] }],
      reviews: [{ roundId: 'peer', reviewerId: 'R', submissionId: 'A', scores: { innovation: 4, feasibility: 2, ignored: 99 } }],
      submissions: subs('A'),
    });
    // A single review: S = 0, so calibrated = raw.
    expect(get(r, 'A')).toMatchObject({ finalScore: 61.25, rounds: [{ rawMean: 61.25, calibratedMean: 61.25 }], criteria: { peer: { innovation: 75, feasibility: 20 } } });
    expect(get(r, 'A').band).toEqual({ low: 61.25, high: 61.25 }); // one review, pool SD 0
  });

  it('weighted rounds (peer 40 %, investor 60 %); the heavier round breaks an equal final score', () => {
    // A: 0.4·80 + 0.6·50 = 62; B: 0.4·50 + 0.6·70 = 62; C: 0.4·90 + 0.6·60 = 72.
    const r = rankSubmissions({
      rounds: [round('peer', 40), round('investor', 60)],
      reviews: [rv('peer', 'p', 'A', 80), rv('investor', 'i', 'A', 50), rv('peer', 'p', 'B', 50), rv('investor', 'i', 'B', 70), rv('peer', 'p', 'C', 90), rv('investor', 'i', 'C', 60)],
      submissions: subs('A', 'B', 'C'),
      options: OFF,
    });
    expect(r.ranked.map((e) => [e.submissionId, e.rank, e.finalScore])).toEqual([['C', 1, 72], ['B', 2, 62], ['A', 3, 62]]);
    expect(get(r, 'B').tieBreak).toBe(RULE.roundScores);
    expect(get(r, 'A').tieBreak).toBe(RULE.roundScores);
    expect(get(r, 'C').tieBreak).toBeUndefined();
  });

  it('an outlier among 4 reviews is trimmed; with 3 it is not', () => {
    // A: 60, 62, 64, 100 → drop 60 and 100 → (62 + 64)/2 = 63. B: 60, 62, 100 → 74.
    const reviews = [rv('peer', 'r1', 'A', 60), rv('peer', 'r2', 'A', 62), rv('peer', 'r3', 'A', 64), rv('peer', 'r4', 'A', 100), rv('peer', 'r1', 'B', 60), rv('peer', 'r2', 'B', 62), rv('peer', 'r4', 'B', 100)];
    const base = { rounds: [round('peer', 1)], reviews, submissions: subs('A', 'B') };
    const r = rankSubmissions({ ...base, options: { ...Z, ...OFF } });
    expect(get(r, 'A').rounds[0]).toEqual({ roundId: 'peer', reviews: 4, rawMean: 63, calibratedMean: 63, trimmed: true });
    expect(get(r, 'B').rounds[0]).toMatchObject({ reviews: 3, calibratedMean: 74, trimmed: false });
    expect(get(rankSubmissions({ ...base, options: { ...Z, ...OFF, trimWhenAtLeast: 5 } }), 'A').finalScore).toBe(71.5);
    // The model never trims: the plain mean with calibration off.
    expect(get(rankSubmissions({ ...base, options: OFF }), 'A').rounds[0]).toEqual({ roundId: 'peer', reviews: 4, rawMean: 71.5, calibratedMean: 71.5, trimmed: false });
  });

  it('uncertainty band: ±1.96·SE, combined over rounds with the normalised weights, capped to 0–100', () => {
    // One round: A has 60, 80 → 70, SD √200, SE = √200/√2 = 10 → [50.4, 89.6].
    // B has one review, 90: SD = SD of all calibrated scores of the round (60, 80, 90) = √(700/3).
    const one = rankSubmissions({ rounds: [round('peer', 1)], reviews: [rv('peer', 'r1', 'A', 60), rv('peer', 'r2', 'A', 80), rv('peer', 'r1', 'B', 90)], submissions: subs('A', 'B'), options: { ...Z, ...OFF } });
    expect(get(one, 'A').band).toEqual({ low: 50.4, high: 89.6 });
    expect(get(one, 'B').band.low).toBeCloseTo(90 - 1.96 * Math.sqrt(700 / 3), 6);
    expect(get(one, 'B').band.high).toBe(100);
    // Two rounds 40/60: peer 60, 80 (SE 10), investor 50, 70 (SE 10): final 0.4·70 + 0.6·60 = 64,
    // SE = √((0.4·10)² + (0.6·10)²) = √52.
    const two = rankSubmissions({
      rounds: [round('peer', 40), round('investor', 60)],
      reviews: [rv('peer', 'p1', 'A', 60), rv('peer', 'p2', 'A', 80), rv('investor', 'i1', 'A', 50), rv('investor', 'i2', 'A', 70)],
      submissions: subs('A'),
      options: { ...Z, ...OFF },
    });
    expect(get(two, 'A').finalScore).toBe(64);
    expect(get(two, 'A').band.low).toBeCloseTo(64 - 1.96 * Math.sqrt(52), 6);
    expect(get(two, 'A').band.high).toBeCloseTo(64 + 1.96 * Math.sqrt(52), 6);
  });

  it('a submission reviewed in fewer rounds ranks after all reviewed in more rounds', () => {
    // A: both rounds, 60 → 60. B: peer only, 60 → 60 (equal score, fewer rounds). C: peer only, 90.
    const r = rankSubmissions({
      rounds: [round('peer', 40), round('investor', 60)],
      reviews: [rv('peer', 'p', 'A', 60), rv('investor', 'i', 'A', 60), rv('peer', 'p', 'B', 60), rv('peer', 'p', 'C', 90)],
      submissions: subs('A', 'B', 'C'),
      options: OFF,
    });
    expect(r.ranked.map((e) => [e.submissionId, e.finalScore])).toEqual([['A', 60], ['C', 90], ['B', 60]]);
    expect(get(r, 'C').rounds.map((x) => x.roundId)).toEqual(['peer']);
    expect(get(r, 'A').tieBreak).toBeUndefined(); // its neighbour C has a different score
    expect(get(r, 'B').tieBreak).toBeUndefined();
    const tied = rankSubmissions({
      rounds: [round('peer', 40), round('investor', 60)],
      reviews: [rv('peer', 'p', 'B', 60), rv('peer', 'p', 'A', 60), rv('investor', 'i', 'B', 60)],
      submissions: subs('A', 'B'),
      options: OFF,
    });
    expect(order(tied)).toEqual(['B', 'A']);
    expect(get(tied, 'A').tieBreak).toBe(RULE.rounds);
    expect(get(tied, 'B').tieBreak).toBe(RULE.rounds);
  });
});

// ---- tie-breaks -------------------------------------------------------------------------------
describe('tie-breaks, each rule deciding a constructed tie', () => {
  const peer = [round('peer', 1)];
  it('more reviews', () => {
    const r = rankSubmissions({ rounds: peer, reviews: [rv('peer', 'r1', 'b', 60), rv('peer', 'r1', 'a', 60), rv('peer', 'r2', 'b', 60)], submissions: subs('a', 'b'), options: OFF });
    expect(order(r)).toEqual(['b', 'a']);
    expect(get(r, 'a').tieBreak).toBe(RULE.reviews);
  });
  it('earlier submission time', () => {
    const r = rankSubmissions({
      rounds: peer,
      reviews: [rv('peer', 'r1', 'a', 60), rv('peer', 'r2', 'b', 60)],
      submissions: [{ id: 'a', submittedAt: '2027-01-10T12:00:00Z' }, { id: 'b', submittedAt: '2027-01-10T13:00:00+02:00' }], // b is 1 h earlier
      options: OFF,
    });
    expect(order(r)).toEqual(['b', 'a']);
    expect(get(r, 'b').tieBreak).toBe(RULE.submittedAt);
  });
  it('submission id, in character-code order', () => {
    const r = rankSubmissions({ rounds: peer, reviews: [rv('peer', 'r1', 'b', 60), rv('peer', 'r2', 'B', 60), rv('peer', 'r3', 'a', 60)], submissions: subs('b', 'a', 'B'), options: OFF });
    expect(order(r)).toEqual(['B', 'a', 'b']); // 'B' < 'a' < 'b' in code units, not in a locale
    expect(r.ranked.map((e) => e.tieBreak)).toEqual([RULE.id, RULE.id, RULE.id]);
  });
  it('float noise below 6 decimals does not decide', () => {
    // 0.1·3 = 0.30000000000000004 on a 0–1 scale → raw 30.000000000000004, vs exactly 30.
    const r = rankSubmissions({
      rounds: [round('peer', 1, 0, 1)],
      reviews: [rv('peer', 'r1', 'b', 0.1 * 3), rv('peer', 'r2', 'a', 0.3)],
      submissions: [{ id: 'b', submittedAt: '2027-01-01T00:00:00Z' }, { id: 'a', submittedAt: '2027-01-02T00:00:00Z' }],
      options: OFF,
    });
    expect(order(r)).toEqual(['b', 'a']);
    expect(get(r, 'a').tieBreak).toBe(RULE.submittedAt);
  });
});

// ---- unranked and excluded ---------------------------------------------------------------------
describe('unranked submissions and left-out reviews', () => {
  it('lists each with its reason and ignores reviews of submissions not being ranked', () => {
    const input: RankingInput = {
      rounds: [{ id: 'peer', name: 'Peer', weight: 1, rubric: [{ id: 'c', weight: 1, scale: { min: 1, max: 5 } }, { id: 'd', weight: 1, scale: { min: 1, max: 5 } }] }],
      reviews: [
        { roundId: 'peer', reviewerId: 'r1', submissionId: 'ok', scores: { c: 3, d: 4 } },
        { roundId: 'peer', reviewerId: 'r2', submissionId: 'ok', scores: { c: 5, d: 5 } },
        { roundId: 'peer', reviewerId: 'r1', submissionId: 'out', scores: { c: 7, d: 4 } },
        { roundId: 'peer', reviewerId: 'r1', submissionId: 'half', scores: { c: 3 } },
        { roundId: 'peer', reviewerId: 'r2', submissionId: 'dup', scores: { c: 3, d: 3 } },
        { roundId: 'peer', reviewerId: 'r2', submissionId: 'dup', scores: { c: 4, d: 4 } },
        { roundId: 'pitch', reviewerId: 'r1', submissionId: 'ok', scores: { c: 1, d: 1 } },
      ],
      submissions: subs('ok', 'none', 'out', 'half', 'dup'),
    };
    const r = rankSubmissions(input);
    expect(order(r)).toEqual(['ok']);
    expect(r.unranked).toEqual([
      { submissionId: 'dup', reason: 'No valid review: 2 reviews were left out (see the reviews left out).' },
      { submissionId: 'half', reason: 'No valid review: 1 review was left out (see the reviews left out).' },
      { submissionId: 'none', reason: 'No submitted reviews yet.' },
      { submissionId: 'out', reason: 'No valid review: 1 review was left out (see the reviews left out).' },
    ]);
    expect(r.excludedReviews.map((x) => [x.submissionId, x.roundId, x.reason])).toEqual([
      ['dup', 'peer', 'duplicate: 2 reviews of this submission by this reviewer in this round'],
      ['dup', 'peer', 'duplicate: 2 reviews of this submission by this reviewer in this round'],
      ['half', 'peer', 'no score for criterion "d"'],
      ['ok', 'pitch', 'unknown round "pitch"'],
      ['out', 'peer', 'score 7 for criterion "c" is outside its scale 1–5'],
    ]);
    // Reviews of a submission that is not being ranked change nothing (also not the calibration).
    const withStranger = rankSubmissions({ ...input, reviews: [...input.reviews, { roundId: 'peer', reviewerId: 'r1', submissionId: 'withdrawn', scores: { c: 1, d: 1 } }] });
    expect(JSON.stringify(withStranger)).toBe(JSON.stringify(r));
  });

  it('rejects a configuration it cannot rank', () => {
    const ok: RankingInput = { rounds: [round('peer', 1)], reviews: [], submissions: subs('a') };
    expect(() => rankSubmissions({ ...ok, submissions: subs('a', 'a') })).toThrow(/duplicate id "a"/);
    expect(() => rankSubmissions({ ...ok, submissions: [{ id: 'a', submittedAt: 'soon' }] })).toThrow(/submittedAt/);
    expect(() => rankSubmissions({ ...ok, rounds: [round('peer', -1)] })).toThrow(/weight/);
    expect(() => rankSubmissions({ ...ok, rounds: [round('peer', Number.NaN)] })).toThrow(/weight/);
    expect(() => rankSubmissions({ ...ok, rounds: [round('peer', 1, 5, 5)] })).toThrow(/scale/);
    expect(() => rankSubmissions({ ...ok, rounds: [round('peer', 1), round('peer', 2)] })).toThrow(/duplicate round/);
    expect(() => rankSubmissions({ ...ok, options: { trimWhenAtLeast: 2 } })).toThrow(/trimWhenAtLeast/);
    expect(() => rankSubmissions({ ...ok, options: { shrinkage: -1 } })).toThrow(/shrinkage/);
    expect(rankSubmissions(ok)).toMatchObject({ ranked: [], unranked: [{ submissionId: 'a' }] });
  });

  it('answers every state of a competition with a ranking, never an error', () => {
    // No rounds yet: everyone is listed, unranked, with the reason.
    expect(rankSubmissions({ rounds: [], reviews: [], submissions: subs('b', 'a') })).toMatchObject({
      ranked: [],
      unranked: [
        { submissionId: 'a', reason: 'No evaluation rounds yet.' },
        { submissionId: 'b', reason: 'No evaluation rounds yet.' },
      ],
      excludedReviews: [],
    });
    expect(rankSubmissions({ rounds: [], reviews: [], submissions: [] })).toMatchObject({ ranked: [], unranked: [] });
    // Rounds, but no review submitted yet.
    expect(rankSubmissions({ rounds: [round('peer', 1), round('jury', 2)], reviews: [], submissions: subs('a') }).unranked).toEqual([
      { submissionId: 'a', reason: 'No submitted reviews yet.' },
    ]);
  });

  it('counts a round of weight 0 (stored before such rounds were refused) for nothing, listing its reviews', () => {
    const reviews = [rv('peer', 'r1', 'a', 80), rv('peer', 'r1', 'b', 40), rv('zero', 'r2', 'a', 0), rv('zero', 'r2', 'b', 100), rv('zero', 'r2', 'c', 50)];
    const withZero = rankSubmissions({ rounds: [round('peer', 1), round('zero', 0)], reviews, submissions: subs('a', 'b', 'c'), options: OFF });
    const without = rankSubmissions({ rounds: [round('peer', 1)], reviews: reviews.filter((r) => r.roundId === 'peer'), submissions: subs('a', 'b', 'c'), options: OFF });
    expect(withZero.ranked).toEqual(without.ranked);
    expect(order(withZero)).toEqual(['a', 'b']);
    expect(withZero.unranked).toEqual([{ submissionId: 'c', reason: 'No valid review: 1 review was left out (see the reviews left out).' }]);
    expect(withZero.excludedReviews.filter((x) => x.roundId === 'zero').map((x) => [x.submissionId, x.reason])).toEqual([
      ['a', 'the round "zero" has weight 0, so it does not count towards the ranking'],
      ['b', 'the round "zero" has weight 0, so it does not count towards the ranking'],
      ['c', 'the round "zero" has weight 0, so it does not count towards the ranking'],
    ]);
    // Only rounds of weight 0: nobody is ranked, and the reason says why.
    expect(rankSubmissions({ rounds: [round('zero', 0)], reviews, submissions: subs('a') }).unranked).toEqual([
      { submissionId: 'a', reason: 'No evaluation round counts towards the ranking: every round has weight 0.' },
    ]);
  });
});

describe('percentileOf and the rules text', () => {
  it('counts values below, and half of the equal ones', () => {
    const xs = [10, 20, 20, 30];
    expect(percentileOf(20, xs)).toBe(50); // (1 + 2/2)/4
    expect(percentileOf(30, xs)).toBe(87.5); // (3 + 1/2)/4
    expect(percentileOf(5, xs)).toBe(0);
    expect(percentileOf(35, xs)).toBe(100);
    expect(percentileOf(0.1 + 0.2, [0.3])).toBe(50); // equal after rounding to 6 decimals
    expect(() => percentileOf(1, [])).toThrow(RangeError);
  });
  it('states the method and the parameters in force (the rules page words them: web/src/ranking-rules.ts)', () => {
    const rules = (options?: RankingInput['options']) => rankSubmissions({ rounds: [round('peer', 1)], reviews: [], submissions: [], ...(options ? { options } : {}) }).rules;
    expect(rules({ ...Z, shrinkage: 5, trimWhenAtLeast: 6 })).toEqual({ method: 'z-score', calibration: true, shrinkage: 5, trimWhenAtLeast: 6, pairwise: [] });
    expect(rules(Z)).toEqual({ method: 'z-score', calibration: true, shrinkage: DEFAULT_SHRINKAGE, trimWhenAtLeast: DEFAULT_TRIM_WHEN_AT_LEAST, pairwise: [] });
    expect(rules({ ...Z, ...OFF, trimWhenAtLeast: Number.POSITIVE_INFINITY })).toEqual({ method: 'z-score', calibration: false, trimWhenAtLeast: null, pairwise: [] });
    expect(rules()).toEqual({ method: 'model', calibration: true, fitted: [], pairwise: [] });
    expect(rules(OFF)).toEqual({ method: 'model', calibration: false, pairwise: [] });
    // Facts only: what is stored with a ranking holds no sentences.
    expect(JSON.stringify(rules())).not.toMatch(/ [a-z]+ [a-z]+ /);
  });
});

// ---- properties -------------------------------------------------------------------------------
interface Gen {
  rounds: { weight: number; crit: { weight: number; min: number; span: number }[] }[];
  nSubs: number;
  dates: number[];
  reviews: { round: number; reviewer: number; sub: number; scores: number[] }[];
}
const arbGen = (maxRounds = 2): fc.Arbitrary<Gen> =>
  fc
    .record({
      rounds: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 5 }), crit: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 3 }), min: fc.integer({ min: 0, max: 1 }), span: fc.constantFrom(4, 9) }), { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: maxRounds }),
      nSubs: fc.integer({ min: 1, max: 8 }),
      dates: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
      raw: fc.array(fc.record({ round: fc.nat(), reviewer: fc.integer({ min: 0, max: 4 }), sub: fc.nat(), scores: fc.array(fc.nat({ max: 9 }), { minLength: 3, maxLength: 3 }) }), { maxLength: 40 }),
    })
    .map(({ rounds, nSubs, dates, raw }) => {
      const seen = new Set<string>();
      const reviews = raw
        .map((x) => ({ ...x, round: x.round % rounds.length, sub: x.sub % nSubs }))
        .filter((x) => {
          const k = `${x.round}/${x.reviewer}/${x.sub}`;
          return !seen.has(k) && !!seen.add(k);
        });
      return { rounds, nSubs, dates, reviews };
    });

const toInput = (g: Gen, options?: RankingInput['options']): RankingInput => ({
  rounds: g.rounds.map((r, k) => ({ id: `round${k}`, name: `Round ${k}`, weight: r.weight, rubric: r.crit.map((c, j) => ({ id: `c${j}`, weight: c.weight, scale: { min: c.min, max: c.min + c.span } })) })),
  reviews: g.reviews.map((x) => ({
    roundId: `round${x.round}`,
    reviewerId: `rev${x.reviewer}`,
    submissionId: `s${x.sub}`,
    scores: Object.fromEntries(g.rounds[x.round]!.crit.map((c, j) => [`c${j}`, c.min + (x.scores[j]! % (c.span + 1))])),
  })),
  submissions: Array.from({ length: g.nSubs }, (_, i) => ({ id: `s${i}`, submittedAt: new Date(Date.UTC(2027, 0, 1 + g.dates[i]!)).toISOString() })),
  ...(options ? { options } : {}),
});

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const a = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const kappaArb = fc.constantFrom(0, 1, 3, Number.POSITIVE_INFINITY);

describe('properties', () => {
  it('ranks are 1..n; every submission is ranked or unranked; scores and bands lie in 0–100', () => {
    fc.assert(
      fc.property(arbGen(), kappaArb, (g, shrinkage) => {
        const r = rankSubmissions(toInput(g, { shrinkage }));
        expect(r.ranked.map((e) => e.rank)).toEqual(r.ranked.map((_, i) => i + 1));
        expect([...r.ranked.map((e) => e.submissionId), ...r.unranked.map((e) => e.submissionId)].sort()).toEqual(toInput(g).submissions.map((s) => s.id).sort());
        for (const e of r.ranked) {
          expect(e.finalScore).toBeGreaterThanOrEqual(0);
          expect(e.finalScore).toBeLessThanOrEqual(100);
          expect(e.band.low).toBeGreaterThanOrEqual(0);
          expect(e.band.low).toBeLessThanOrEqual(e.finalScore);
          expect(e.band.high).toBeGreaterThanOrEqual(e.finalScore);
          expect(e.band.high).toBeLessThanOrEqual(100);
          for (const o of e.rounds) expect(o.calibratedMean).toBeGreaterThanOrEqual(0);
        }
        // P(top k): k = 10 % of the ranked by default; each in 0–1; together exactly k.
        if (r.ranked.length > 0) {
          const k = Math.ceil(r.ranked.length / 10);
          expect(r.ranked.every((e) => e.topK?.k === k && e.topK.probability >= 0 && e.topK.probability <= 1)).toBe(true);
          expect(r.ranked.reduce((a, e) => a + e.topK!.probability, 0)).toBeCloseTo(k, 4);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('determinism: the same inputs in any order give byte-identical output', () => {
    fc.assert(
      fc.property(arbGen(), fc.integer(), kappaArb, (g, seed, shrinkage) => {
        const input = toInput(g, { shrinkage });
        const again: RankingInput = {
          rounds: shuffled(input.rounds, seed).map((r) => ({ ...r, rubric: shuffled(r.rubric, seed + 1) })),
          reviews: shuffled(input.reviews, seed + 2).map((x) => ({ ...x, scores: Object.fromEntries(shuffled(Object.entries(x.scores), seed + 3)) })),
          submissions: shuffled(input.submissions, seed + 4),
          options: { shrinkage },
        };
        expect(JSON.stringify(rankSubmissions(again))).toBe(JSON.stringify(rankSubmissions(input)));
      }),
      { numRuns: 150 },
    );
  });

  it('unanimity: same reviewers, each scoring X ≥ Y on every criterion ⇒ X’s final score ≥ Y’s', () => {
    // Exact, also in floating point: within a reviewer calibration is one increasing map, the
    // cap, the (trimmed) mean and the weighted sum are all monotone.
    fc.assert(
      fc.property(arbGen(), kappaArb, fc.array(fc.nat({ max: 9 }), { minLength: 12, maxLength: 12 }), (g, shrinkage, drops) => {
        fc.pre(g.nSubs >= 2);
        const input = toInput(g, { shrinkage });
        // Y = s1 gets a copy of every review of X = s0, each criterion lowered by some amount.
        let d = 0;
        const reviews = input.reviews.filter((x) => x.submissionId !== 's1');
        for (const x of input.reviews.filter((x) => x.submissionId === 's0')) {
          const rubric = input.rounds.find((r) => r.id === x.roundId)!.rubric;
          reviews.push({ ...x, submissionId: 's1', scores: Object.fromEntries(rubric.map((c) => [c.id, Math.max(c.scale.min, x.scores[c.id]! - (drops[d++ % drops.length]! % 3))])) });
        }
        const r = rankSubmissions({ ...input, reviews });
        const x = r.ranked.find((e) => e.submissionId === 's0');
        const y = r.ranked.find((e) => e.submissionId === 's1');
        if (!x || !y) return;
        expect(x.finalScore).toBeGreaterThanOrEqual(y.finalScore);
        if (x.finalScore > y.finalScore) expect(x.rank).toBeLessThan(y.rank);
      }),
      { numRuns: 200 },
    );
  });

  it('z-score method: reviewer-shift invariance (κ = 0, one round, every reviewer ≥ 2 unequal reviews, no calibrated score capped)', () => {
    // Each reviewer scores ≥ 2 distinct submissions with scores 2–7 (0–9 scale), not all equal;
    // one reviewer's scores all move by δ ∈ {±1, ±2}, staying on the scale.
    const arbPanel = fc
      .record({
        nSubs: fc.integer({ min: 3, max: 8 }),
        panel: fc.array(fc.array(fc.record({ sub: fc.nat(), score: fc.integer({ min: 2, max: 7 }) }), { minLength: 2, maxLength: 8 }), { minLength: 2, maxLength: 4 }),
      })
      .map(({ nSubs, panel }) =>
        panel.map((rows, r) => {
          const bySub = new Map<number, number>();
          for (const x of rows) bySub.set(x.sub % nSubs, x.score);
          if (bySub.size < 2) bySub.set(((rows[0]!.sub % nSubs) + 1) % nSubs, rows[0]!.score);
          const list = [...bySub].map(([sub, score]) => ({ sub, score }));
          if (list.every((x) => x.score === list[0]!.score)) list[1]!.score = list[0]!.score === 7 ? 6 : list[0]!.score + 1;
          return list.map((x) => rv('peer', `rev${r}`, `s${x.sub}`, x.score));
        }),
      );
    fc.assert(
      fc.property(arbPanel, fc.nat(), fc.constantFrom(-2, -1, 1, 2), (panel, who, delta) => {
        const reviews = panel.flat();
        const subIds = [...new Set(reviews.map((x) => x.submissionId))].sort();
        const input: RankingInput = { rounds: [round('peer', 1, 0, 9)], reviews, submissions: subs(...subIds), options: { ...Z, shrinkage: 0 } };
        const target = `rev${who % panel.length}`;
        const shifted = reviews.map((x) => (x.reviewerId === target ? { ...x, scores: { c: x.scores.c! + delta } } : x));
        const uncapped = (rs: ReviewInput[]) =>
          calibrate(rs.map((x) => ({ reviewerId: x.reviewerId, itemId: x.submissionId, score: (x.scores.c! * 100) / 9 })), 0).calibrated.every((v) => v >= 0 && v <= 100);
        fc.pre(uncapped(reviews) && uncapped(shifted));
        expect(order(rankSubmissions({ ...input, reviews: shifted }))).toEqual(order(rankSubmissions(input)));
      }),
      { numRuns: 150 },
    );
  });

  it('monotonicity with calibration off: raising a submission’s scores never lowers its rank', () => {
    fc.assert(
      fc.property(arbGen(), fc.nat({ max: 7 }), fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 8 }), (g, xi, ups) => {
        const input = toInput(g, OFF);
        const X = `s${xi % g.nSubs}`;
        let u = 0;
        const raised = input.reviews.map((x) => {
          if (x.submissionId !== X) return x;
          const rubric = input.rounds.find((r) => r.id === x.roundId)!.rubric;
          return { ...x, scores: Object.fromEntries(rubric.map((c) => [c.id, Math.min(c.scale.max, x.scores[c.id]! + ups[u++ % ups.length]!)])) };
        });
        const before = rankSubmissions(input).ranked.find((e) => e.submissionId === X);
        const after = rankSubmissions({ ...input, reviews: raised }).ranked.find((e) => e.submissionId === X);
        if (before && after) expect(after.rank).toBeLessThanOrEqual(before.rank);
      }),
      { numRuns: 150 },
    );
  });

  it('z-score method, NOT guaranteed: raising X’s score can lower its rank (documented case, κ = 0)', () => {
    // Raising X from 80 to 100 at R0 widens R0's spread, which lifts Y's low score at R0 (now
    // less far below R0's mean) by more than X's own gain: X 44.879 > Y 44.812 before,
    // X 49.624 < Y 49.846 after. Random search found no such case with κ = 3 on small
    // instances, but the mechanism is the same, so monotonicity is not claimed for any κ < ∞.
    const mk = (x: number): RankingInput => ({
      rounds: [round('peer', 1)],
      reviews: [rv('peer', 'R0', 'X', x), rv('peer', 'R0', 'Y', 0), rv('peer', 'R0', 'W', 40), rv('peer', 'R1', 'X', 0), rv('peer', 'R1', 'Y', 100), rv('peer', 'R1', 'V', 45)],
      submissions: subs('X', 'Y', 'W', 'V'),
      options: { ...Z, shrinkage: 0 },
    });
    const before = rankSubmissions(mk(80));
    const after = rankSubmissions(mk(100));
    expect(get(before, 'X').finalScore).toBeGreaterThan(get(before, 'Y').finalScore);
    expect(get(after, 'X').finalScore).toBeLessThan(get(after, 'Y').finalScore);
    expect(get(after, 'X').rank).toBeGreaterThan(get(before, 'X').rank);
  });
});
