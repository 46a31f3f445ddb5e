/**
 * Strategic peer reviewing: does giving every competitor the minimum pay, and what does it cost
 * the selection? A simulated peer round, seeded, over 50 seeds:
 * - 100 entrants, each the reviewer of 4 competitors and reviewed by 4 (a rotation over a random
 *   order that keeps every pair between different impartial clusters — one assignment, valid for
 *   both modes, so the two modes see the same reviews). One criterion on a 1–10 scale; a sincere
 *   score is round(5.5 + 1.5 × quality + noise), quality and noise standard normal, capped to 1–10.
 *   A strategic reviewer gives every competitor 1.
 * - Modes: `impartial` (Exact Dollar Partition, domain/impartial.ts, k = 10, the default 2 clusters) and
 *   `ranking` (rankSubmissions' public shape: its top 10).
 * Figures:
 * - `strategic.<mode>.rank_gain`: mean places a single entrant gains by turning strategic while
 *   everyone else is sincere (6 entrants per seed). For `ranking`, places in the ranking; for
 *   `impartial`, places within its cluster (the only ranking the mechanism has) — exactly 0.
 * - `strategic.impartial.chance_gain`: the same entrant's change in its chance of selection — exactly 0.
 * - `strategic.<mode>.<pct>.top10_recall`: share of the true top 10 selected, with 0/10/30/50 % of
 *   the entrants strategic (chosen at random). With 2 clusters EDP's quotas are fixed by cluster
 *   size, and even the drawn selection cannot move. `impartial_4clusters`: the impartial mode with
 *   4 clusters (same qualities, its own rotation so that every review crosses the 4 clusters), whose
 *   quotas follow the other clusters' ratings (the chance of selection cannot move, the draw can).
 *
 * Alone: npx tsx -e "import('./bench/strategic.ts').then(m => m.benchStrategic()).then(r => console.table(r))"
 */
import { clustersOf, DEFAULT_CLUSTERS, impartialSelection, usableClusters, type ImpartialReview } from '../functions/domain/impartial.ts';
import { rankSubmissions, type ReviewInput } from '../functions/domain/ranking.ts';
import type { BenchResult } from './result.ts';
import { prng } from './seeded-random.ts';

const N = 100;
const PER = 4;
const K = 10;
/** The product's default (2: even the drawn selection cannot move); `impartial_4clusters` compares 4. */
const CLUSTERS = DEFAULT_CLUSTERS;
const SEEDS = 50;
const DEVIATORS = 6;
const SHARES = [0, 10, 30, 50];

interface Instance {
  subs: string[];
  quality: Map<string, number>;
  /** reviewer's own submission → the submissions it reviews, with its sincere scores (1–10). */
  sincere: Map<string, { submissionId: string; score: number }[]>;
  seed: string;
}

function instance(seed: number, clusters = CLUSTERS): Instance {
  const rnd = prng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const subs = Array.from({ length: N }, (_, i) => `e${String(i).padStart(3, '0')}`);
  const quality = new Map(subs.map((s) => [s, gauss()]));
  const roundSeed = `bench-${seed}`;
  const l = usableClusters(N, K, clusters)!;
  // The impartial partition, and an order in which position i is in cluster i mod l.
  const cluster = clustersOf(subs, l, roundSeed);
  const byCluster = Array.from({ length: l }, (_, c) => subs.filter((s) => cluster.get(s) === c).sort(() => rnd() - 0.5));
  const order: string[] = [];
  for (let i = 0; i < N / l; i++) for (let c = 0; c < l; c++) order.push(byCluster[c]![i]!);
  // PER distinct offsets that are not multiples of l: reviewer order[i] reviews order[i + d].
  const offsets = new Set<number>();
  while (offsets.size < PER) {
    const d = 1 + Math.floor(rnd() * (N - 1));
    if (d % l !== 0) offsets.add(d);
  }
  const sincere = new Map<string, { submissionId: string; score: number }[]>();
  order.forEach((me, i) => {
    sincere.set(
      me,
      [...offsets].map((d) => {
        const s = order[(i + d) % N]!;
        return { submissionId: s, score: Math.min(10, Math.max(1, Math.round(5.5 + 1.5 * quality.get(s)! + gauss()))) };
      }),
    );
  });
  return { subs, quality, sincere, seed: roundSeed };
}

const reviewsOf = (inst: Instance, strategic: ReadonlySet<string>) =>
  [...inst.sincere].flatMap(([me, list]) => list.map((r) => ({ reviewer: me, submissionId: r.submissionId, score: strategic.has(me) ? 1 : r.score })));

function impartial(inst: Instance, strategic: ReadonlySet<string>, clusters = CLUSTERS) {
  const reviews: ImpartialReview[] = reviewsOf(inst, strategic).map((r) => ({ reviewerId: `u-${r.reviewer}`, submissionId: r.submissionId, score: ((r.score - 1) * 100) / 9 }));
  return impartialSelection({ entrants: inst.subs.map((s) => ({ submissionId: s, reviewerId: `u-${s}` })), reviews, k: K, clusters, seed: inst.seed });
}

function ranking(inst: Instance, strategic: ReadonlySet<string>): string[] {
  const reviews: ReviewInput[] = reviewsOf(inst, strategic).map((r) => ({ roundId: 'peer', reviewerId: `u-${r.reviewer}`, submissionId: r.submissionId, scores: { q: r.score } }));
  const result = rankSubmissions({
    rounds: [{ id: 'peer', name: 'Peer review', weight: 1, rubric: [{ id: 'q', weight: 1, scale: { min: 1, max: 10 } }] }],
    reviews,
    submissions: inst.subs.map((s) => ({ id: s, submittedAt: '2027-01-01T00:00:00.000Z' })),
  });
  return result.ranked.map((r) => r.submissionId);
}

const trueTop = (inst: Instance) => [...inst.subs].sort((a, b) => inst.quality.get(b)! - inst.quality.get(a)!).slice(0, K);
const recall = (chosen: readonly string[], top: readonly string[]) => top.filter((s) => chosen.includes(s)).length / top.length;

export async function benchStrategic(): Promise<BenchResult[]> {
  const gains = { ranking: [] as number[], impartial: [] as number[], chance: [] as number[] };
  const recalls = new Map<string, number[]>();
  const push = (key: string, v: number) => recalls.set(key, [...(recalls.get(key) ?? []), v]);
  for (let seed = 1; seed <= SEEDS; seed++) {
    const inst = instance(20270000 + seed);
    const four = instance(20270000 + seed, 4);
    const rnd = prng(seed * 7919);
    const top = trueTop(inst);
    // Rank gain of one strategic entrant.
    const none = new Set<string>();
    const baseRank = ranking(inst, none);
    const baseImp = impartial(inst, none);
    const deviators = [...inst.subs].sort(() => rnd() - 0.5).slice(0, DEVIATORS);
    for (const d of deviators) {
      const alone = new Set([d]);
      const r = ranking(inst, alone);
      gains.ranking.push(baseRank.indexOf(d) - r.indexOf(d));
      const imp = impartial(inst, alone);
      const before = baseImp.entrants.find((e) => e.submissionId === d)!;
      const after = imp.entrants.find((e) => e.submissionId === d)!;
      gains.impartial.push(before.position - after.position);
      gains.chance.push(after.chance - before.chance);
    }
    // Recall of the true top 10 with a share of strategic entrants.
    for (const pct of SHARES) {
      const strategic = new Set([...inst.subs].sort(() => rnd() - 0.5).slice(0, (N * pct) / 100));
      push(`ranking.${pct}`, recall(ranking(inst, strategic).slice(0, K), top));
      push(`impartial.${pct}`, recall(impartial(inst, strategic).selected, top));
      push(`impartial_4clusters.${pct}`, recall(impartial(four, strategic, 4).selected, trueTop(four)));
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const out: BenchResult[] = [
    { name: 'strategic.ranking.rank_gain', value: r6(mean(gains.ranking)), unit: 'places' },
    { name: 'strategic.impartial.rank_gain', value: r6(mean(gains.impartial)), unit: 'places' },
    { name: 'strategic.impartial.chance_gain', value: r6(mean(gains.chance)), unit: 'probability' },
  ];
  for (const mode of ['impartial', 'impartial_4clusters', 'ranking'])
    for (const pct of SHARES) out.push({ name: `strategic.${mode}.${pct}.top10_recall`, value: r6(mean(recalls.get(`${mode}.${pct}`)!)), unit: 'share' });
  return out;
}
