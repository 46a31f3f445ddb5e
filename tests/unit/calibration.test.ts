import { describe, expect, it } from 'vitest';
import { fitField, leniencyVariance, logGamma, reliabilityPrior } from '../../functions/domain/calibration.ts';
import { rankSubmissions, type RankingInput, type ReviewInput, type RoundSpec } from '../../functions/domain/ranking.ts';

// ---- helpers -------------------------------------------------------------------------------
const T0 = '2027-01-10T12:00:00.000Z';
const round = (id: string, weight: number, min = 0, max = 100): RoundSpec => ({ id, name: id, weight, rubric: [{ id: 'c', weight: 1, scale: { min, max } }] });
const rv = (reviewerId: string, submissionId: string, c: number, roundId = 'peer'): ReviewInput => ({ roundId, reviewerId, submissionId, scores: { c } });
const subs = (...ids: string[]) => ids.map((id) => ({ id, submittedAt: T0 }));
const get = (r: ReturnType<typeof rankSubmissions>, id: string) => r.ranked.find((x) => x.submissionId === id)!;

/** mulberry32, for seeded instances. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A jury: nSubs submissions, `per` reviews each from the least-loaded of nRev reviewers. */
function simulated(seed: number, o: { nSubs: number; nRev: number; per: number; bias: (r: number) => number; noise: (r: number) => number }) {
  const rnd = prng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const load = new Array<number>(o.nRev).fill(0);
  const truth = new Map<string, number>();
  const reviews: ReviewInput[] = [];
  const ids: string[] = [];
  for (let s = 0; s < o.nSubs; s++) {
    const id = `s${String(s).padStart(3, '0')}`;
    ids.push(id);
    const q = 50 + 15 * gauss();
    truth.set(id, q);
    const tie = load.map(() => rnd());
    const chosen = load.map((_, r) => r).sort((a, b) => load[a]! - load[b]! || tie[a]! - tie[b]!).slice(0, o.per);
    for (const r of chosen) {
      load[r]!++;
      reviews.push(rv(`r${r}`, id, Math.min(100, Math.max(0, q + o.bias(r) + o.noise(r) * gauss()))));
    }
  }
  return { input: { rounds: [round('peer', 1)], reviews, submissions: subs(...ids) } as RankingInput, truth };
}
const plainMeans = (input: RankingInput) => {
  const acc = new Map<string, number[]>();
  for (const r of input.reviews) acc.set(r.submissionId, [...(acc.get(r.submissionId) ?? []), r.scores.c!]);
  return new Map([...acc].map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]));
};
const rmse = (est: Map<string, number>, truth: Map<string, number>) => Math.sqrt([...truth].reduce((a, [k, t]) => a + (est.get(k)! - t) ** 2, 0) / truth.size);

// ---- the model ---------------------------------------------------------------------------------
describe('calibration model', () => {
  it('with no leniency differences it is exactly the plain mean (nothing is corrected)', () => {
    // Each reviewer is above the other on one submission and below on the other: no leniency.
    const r = rankSubmissions({ rounds: [round('peer', 1)], reviews: [rv('r1', 'A', 60), rv('r2', 'A', 80), rv('r1', 'B', 80), rv('r2', 'B', 60), rv('r1', 'C', 50), rv('r2', 'C', 50)], submissions: subs('A', 'B', 'C') });
    expect(r.calibration).toEqual([{ roundId: 'peer', name: 'peer', reviews: 6, leniencySd: 0, noiseSd: expect.any(Number), reliabilityDof: Number.POSITIVE_INFINITY }]);
    expect(r.ranked.map((e) => [e.submissionId, e.finalScore, e.rounds[0]!.rawMean])).toEqual([['A', 70, 70], ['B', 70, 70], ['C', 50, 50]]);
    expect(r.rules).toEqual({ method: 'model', calibration: true, fitted: [{ name: 'peer', leniencySd: 0, noiseSd: r.calibration![0]!.noiseSd, weighted: false }], pairwise: [] });
  });

  it('on simulated juries without leniency or reliability differences it often equals the mean exactly, and is never much worse', () => {
    let exact = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { input, truth } = simulated(seed, { nSubs: 60, nRev: 15, per: 4, bias: () => 0, noise: () => 12 });
      const r = rankSubmissions(input);
      const means = plainMeans(input);
      if (r.ranked.every((e) => Math.abs(e.finalScore - Math.min(100, Math.max(0, means.get(e.submissionId)!))) < 1e-6)) exact++;
      const model = new Map(r.ranked.map((e) => [e.submissionId, e.finalScore]));
      expect(rmse(model, truth)).toBeLessThanOrEqual(1.03 * rmse(means, truth));
    }
    expect(exact).toBeGreaterThanOrEqual(4); // 5 of these 12: the leniency variance is 0 (a boundary maximum) about half the time by chance
  });

  it('corrects a harsh and a lenient reviewer through the submissions they share', () => {
    // H scores 20 points below L on both shared submissions; alone, H gives A 60, L gives B 90.
    const r = rankSubmissions({
      rounds: [round('peer', 1)],
      reviews: [rv('H', 'S1', 40), rv('L', 'S1', 80), rv('H', 'S2', 50), rv('L', 'S2', 90), rv('H', 'A', 60), rv('L', 'B', 90)],
      submissions: subs('A', 'B', 'S1', 'S2'),
    });
    expect(get(r, 'A').rounds[0]!.rawMean).toBe(60);
    expect(get(r, 'A').finalScore).toBeGreaterThan(60);
    expect(get(r, 'B').finalScore).toBeLessThan(90);
    expect(get(r, 'A').rank).toBeLessThan(get(r, 'B').rank); // the plain mean puts B first
    expect(r.calibration![0]!.leniencySd).toBeGreaterThan(0);
    // Calibration off: the plain mean, B first.
    const off = rankSubmissions({ ...(r as unknown as RankingInput), rounds: [round('peer', 1)], reviews: [rv('H', 'S1', 40), rv('L', 'S1', 80), rv('H', 'S2', 50), rv('L', 'S2', 90), rv('H', 'A', 60), rv('L', 'B', 90)], submissions: subs('A', 'B', 'S1', 'S2'), options: { shrinkage: Number.POSITIVE_INFINITY } });
    expect(get(off, 'B').rank).toBeLessThan(get(off, 'A').rank);
    expect(get(off, 'A').finalScore).toBe(60);
  });

  it('recovers quality much better than the mean when reviewers differ in leniency', () => {
    for (const seed of [1, 2, 3]) {
      const { input, truth } = simulated(seed, { nSubs: 80, nRev: 16, per: 4, bias: (r) => (r % 2 ? 15 : -15), noise: () => 6 });
      const r = rankSubmissions(input);
      const model = new Map(r.ranked.map((e) => [e.submissionId, e.finalScore]));
      expect(rmse(model, truth)).toBeLessThan(0.7 * rmse(plainMeans(input), truth));
      expect(r.calibration![0]!.leniencySd).toBeGreaterThan(8);
    }
  });

  it('weights a reviewer whose scores scatter less than the others', () => {
    const { input } = simulated(7, { nSubs: 80, nRev: 10, per: 4, bias: () => 0, noise: (r) => (r === 3 ? 30 : 4) });
    const order = [...new Set(input.reviews.map((x) => x.reviewerId))].sort();
    const rows = [...input.reviews].sort((a, b) => order.indexOf(a.reviewerId) - order.indexOf(b.reviewerId) || (a.submissionId < b.submissionId ? -1 : 1));
    const fit = fitField({
      item: Int32Array.from(rows, (x) => Number(x.submissionId.slice(1))),
      rater: Int32Array.from(rows, (x) => order.indexOf(x.reviewerId)),
      y: Float64Array.from(rows, (x) => x.scores.c!),
      nItems: 80,
      nRaters: order.length,
    });
    expect(fit.reliabilityDof).toBeLessThan(Number.POSITIVE_INFINITY);
    const noisy = fit.precision[order.indexOf('r3')]!;
    for (let r = 0; r < order.length; r++) if (order[r] !== 'r3') expect(fit.precision[r]!).toBeGreaterThan(5 * noisy);
    // Equal weights once calibration is off.
    const off = fitField({ item: new Int32Array([0, 1, 0, 1]), rater: new Int32Array([0, 0, 1, 1]), y: new Float64Array([10, 20, 30, 60]), nItems: 2, nRaters: 2 }, { calibrate: false });
    expect([...off.quality]).toEqual([20, 40]);
    expect(off.precision[0]).toBe(off.precision[1]);
  });

  it('unanimity with unequal reliability: a copy of a submission scored lower by the same reviewers never ends higher', () => {
    for (const seed of [3, 4, 5, 6]) {
      const { input } = simulated(seed, { nSubs: 60, nRev: 10, per: 4, bias: (r) => (r % 3) * 4, noise: (r) => (r % 2 ? 3 : 20) });
      const X = input.reviews.filter((x) => x.submissionId === 's007');
      const drops = [0, 5, 1, 12];
      const reviews = [...input.reviews.filter((x) => x.submissionId !== 's008'), ...X.map((x, i) => ({ ...x, submissionId: 's008', scores: { c: Math.max(0, x.scores.c! - drops[i % 4]!) } }))];
      const r = rankSubmissions({ ...input, reviews });
      expect(r.calibration![0]!.reliabilityDof).toBeLessThan(Number.POSITIVE_INFINITY);
      expect(get(r, 's007').finalScore).toBeGreaterThanOrEqual(get(r, 's008').finalScore);
    }
  });

  it('its band narrows with more reviews and stays inside 0–100', () => {
    const reviews = [rv('r1', 'A', 60), rv('r2', 'A', 70), rv('r3', 'A', 65), rv('r4', 'A', 62), rv('r1', 'B', 40), rv('r2', 'B', 55), rv('r3', 'C', 90), rv('r4', 'C', 99)];
    const r = rankSubmissions({ rounds: [round('peer', 1)], reviews, submissions: subs('A', 'B', 'C') });
    const width = (id: string) => get(r, id).band.high - get(r, id).band.low;
    expect(width('A')).toBeLessThan(width('B'));
    for (const e of r.ranked) {
      expect(e.band.low).toBeLessThanOrEqual(e.finalScore);
      expect(e.band.high).toBeGreaterThanOrEqual(e.finalScore);
      expect(e.band.high).toBeLessThanOrEqual(100);
    }
  });
});

describe('P(in the top k)', () => {
  const { input } = simulated(11, { nSubs: 60, nRev: 12, per: 3, bias: (r) => (r % 3) * 5, noise: () => 10 });
  it('sums to k, lies in 0–1, follows the ranking at its ends and is reproducible', () => {
    for (const topK of [1, 6, 20]) {
      const r = rankSubmissions({ ...input, options: { topK } });
      const ps = r.ranked.map((e) => e.topK!.probability);
      expect(r.ranked.every((e) => e.topK!.k === topK)).toBe(true);
      expect(ps.reduce((a, b) => a + b, 0)).toBeCloseTo(topK, 4);
      for (const p of ps) expect(p >= 0 && p <= 1).toBe(true);
      expect(ps[0]!).toBeGreaterThan(ps[ps.length - 1]!);
      expect(ps[ps.length - 1]).toBe(0);
      expect(JSON.stringify(rankSubmissions({ ...input, options: { topK } }))).toBe(JSON.stringify(r));
    }
    // The seed decides the draws; the ranking itself does not depend on it.
    const a = rankSubmissions({ ...input, options: { topK: 6, seed: 1 } });
    const b = rankSubmissions({ ...input, options: { topK: 6, seed: 2 } });
    expect(b.ranked.map((e) => [e.submissionId, e.finalScore, e.band])).toEqual(a.ranked.map((e) => [e.submissionId, e.finalScore, e.band]));
    expect(b.ranked.map((e) => e.topK!.probability)).not.toEqual(a.ranked.map((e) => e.topK!.probability));
  });
  it('defaults k to 10 % of the ranked submissions, caps it at their number, and refuses a bad k', () => {
    expect(rankSubmissions(input).ranked[0]!.topK!.k).toBe(6);
    const all = rankSubmissions({ ...input, options: { topK: 1000 } });
    expect(all.ranked.every((e) => e.topK!.k === 60 && e.topK!.probability === 1)).toBe(true);
    expect(() => rankSubmissions({ ...input, options: { topK: 0 } })).toThrow(/topK/);
    expect(() => rankSubmissions({ ...input, options: { topK: 2.5 } })).toThrow(/topK/);
    expect(() => rankSubmissions({ ...input, options: { seed: 0.5 } })).toThrow(/seed/);
    expect(() => rankSubmissions({ ...input, options: { method: 'median' as never } })).toThrow(/method/);
  });
  it('puts a submission reviewed in fewer rounds after the others, also in the draws', () => {
    const r = rankSubmissions({
      rounds: [round('peer', 1), round('jury', 1)],
      reviews: [rv('p', 'A', 10), rv('j', 'A', 10, 'jury'), rv('p', 'B', 95)],
      submissions: subs('A', 'B'),
      options: { topK: 1 },
    });
    expect(r.ranked.map((e) => [e.submissionId, e.topK!.probability])).toEqual([['A', 1], ['B', 0]]);
  });
});

describe('numerics', () => {
  it('logGamma matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10.5)).toBeCloseTo(13.940625219403763, 10);
  });
  it('leniency variance: 0 when the spread is what chance gives, the moment estimate when variances are equal', () => {
    expect(leniencyVariance([1, -1, 0.5, -0.5], [4, 4, 4, 4], 4)).toBe(0);
    // Equal v: the ML estimate is mean(β²) − v.
    expect(leniencyVariance([10, -10, 6, -6], [4, 4, 4, 4], 4)).toBeCloseTo((100 + 100 + 36 + 36) / 4 - 4, 9);
  });
  it('reliability prior: ∞ when every reviewer scatters alike, finite when one does not', () => {
    expect(reliabilityPrior([100, 100, 100, 100, 100], [10, 10, 10, 10, 10], 5).nu).toBe(Number.POSITIVE_INFINITY);
    expect(reliabilityPrior([10, 100, 1000, 20, 2000, 50], [10, 10, 10, 10, 10, 10], 6).nu).toBeLessThan(Number.POSITIVE_INFINITY);
  });
});
