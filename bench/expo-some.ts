/**
 * Expo ranking methods on the SoME voting benchmark — fcrozatier/voting-systems-benchmark (the
 * Summer of Math Exposition's study; read at commit 709c0bd), rebuilt from its source:
 * - 500 entries, true ranking `random_list(N)` (src/votes.py L14, src/utilities.py L9–28; here
 *   bench/expo-sim.ts `someField`);
 * - 15,000 votes (notebooks: `b = 15000`), one per pair (rematch = 1), pairs `sample(range(N), 2)`
 *   — uniformly random distinct pairs (src/pairings.py L30–35; `randomPairVotes`);
 * - each vote agrees with the true order with probability p = 0.9, whatever the two entries' gap
 *   (`vote`, src/utilities.py L161–178; `noisyVote`);
 * - score `top_10` (src/utilities.py L118–131): 1 − |computed top ⌊N/10⌋ ∩ true top ⌊N/10⌋| / ⌊N/10⌋,
 *   i.e. the share of the true top 50 not in the computed top 50 (`topMissed`), per run, averaged.
 * Judges: SoME's random-pair methods have none; here vote k is cast by judge k mod 50 (equally
 * reliable), for the estimators that model judges.
 *
 * What the SoME write-up's figures are (the notebooks' benchmark.json, means): iterated PageRank
 * 0.080 (40 runs) — with ADAPTIVE pairs: after a random cycle, each further 500 votes pair the
 * neighbours of the current PageRank order (src/pagerank/pagerank.py L69–84, `IteratedPageRank`,
 * pageRank.ipynb cell 11); Crowd-BT 0.215 (20 runs) — with Crowd-BT's OWN pair choice, Gavel's
 * information gain over 500 annotators (src/crowd_bt/crowd_bt.py L132–164, crowd_bt.ipynb cell 3);
 * PageRank with random pairs 0.609 (40 runs); Bradley–Terry (20 MM iterations) with random pairs
 * 0.234. So the issue's "Crowd-BT 0.215, iterated PageRank 0.080" compares two ADAPTIVE schedules,
 * and its target "best ≤ 0.08 with random pairs" asks random pairs to match an adaptive figure.
 * This bench reproduces those set-ups (figures `expo.some.reproduced.*`) and then measures ours.
 *
 * Figures (means over SEEDS seeds; seed s builds the field from simRandom(s, 0), votes from (s, 1)):
 * - random pairs, ranked through `rankPairwise` (domain/pairwise-ranking.ts, what the expo round
 *   uses): `expo.some.<m>.top10_missed`, `.kendall_tau`, `.fit_ms` (one call, 500 × 15,000, median,
 *   wall clock) and `.fit_cpu_ms` (the process's CPU time for it; both noisy on a shared machine),
 *   `<m>` = `crowd_bt` and `best` = DEFAULT_PAIRWISE_METHOD (noisy sorting); alternatives that lost:
 *   `bradley_terry`, `rank_centrality`, `pagerank` (our PageRank: loser → winner links, the most
 *   PageRank best);
 * - `expo.some.bayes.top10_missed`: the Bayes-optimal top 50 (bench/expo-bayes.ts: the 50 largest
 *   posterior probabilities of being in the true top 10 %, Gibbs sampling the exact posterior over
 *   orders, ε = 0.1 known; BAYES_BURN + BAYES_SWEEPS sweeps from noisy sorting's order), and
 *   `expo.some.bayes.expected_top10_missed`: its posterior expected miss averaged over the seeds —
 *   the Bayes risk, the least expected miss ANY method can have with 15,000 random-pair votes.
 *   (Checked while writing this: a chain from a random start, 600 sweeps burn-in, gives the same
 *   risk on an instance to 5e-4 as one from noisy sorting's order; tests/unit/expo-bench.test.ts
 *   checks π against the exact posterior of a 6-entry field. Both Monte Carlo errors — too few
 *   sweeps, choosing the top 50 on noisy π — make the estimated risk LOWER than the true one, so
 *   the bound errs on the side of calling 0.08 reachable.)
 *
 * Measured (20 seeds, ± one standard error of the mean over the seeds): with random pairs noisy
 * sorting misses 0.104 ± 0.006, Crowd-BT 0.197 ± 0.008; the Bayes-optimal choice 0.100 ± 0.005 and
 * its expected miss — the Bayes risk — 0.103 ± 0.003. So with 15,000 random-pair votes the issue's
 * 0.08 is out of reach of ANY method (a bound every estimator must respect, not an oracle that knows
 * more than the votes; the old oracle's 0.073 is not one), and noisy sorting is at the bound.
 * SoME's own set-ups come out as published: its PageRank with random pairs 0.604 (SoME 0.609),
 * Crowd-BT with its own pairs 0.205 (0.215), iterated PageRank with neighbour pairs 0.091 ± 0.009
 * (0.080 over 40 runs). On that neighbours schedule noisy sorting misses 0.004 ± 0.002 and Crowd-BT
 * 0.027: the target is met where the 0.08 came from — adaptive pairs. (somePageRankOrder was checked
 * against networkx's own pagerank on one instance: the same order, all 500 places.)
 * - SoME's own set-ups, reproduced: `expo.some.reproduced.pagerank_random.top10_missed` (SoME's
 *   PageRank, `somePageRankOrder`, on the random pairs; SoME 0.609),
 *   `expo.some.reproduced.crowd_bt_own_pairs.top10_missed` (`someCrowdBtRun`; SoME 0.215),
 *   `expo.some.neighbours.pagerank.top10_missed` (SoME's iterated PageRank, `neighbourVotes` ranked
 *   by `somePageRankOrder`; SoME 0.080);
 * - the neighbours schedule with our estimators: `expo.some.neighbours.<m>.top10_missed` (and
 *   `.kendall_tau`), `<m>` = `best`, `crowd_bt`: the same schedule, each cycle pairing the neighbours
 *   of the method's own current ranking, the method ranking the final votes.
 * - `expo.some.oracle.top10_missed` (kept from the first version; NOT a bound): each entry's
 *   posterior probability of the top 10 % given its own votes and its opponents' TRUE places.
 *
 * Alone: npx tsx -e "import('./bench/expo-some.ts').then(m => m.benchExpoSome()).then(r => console.table(r))"
 */
import { DEFAULT_PAIRWISE_METHOD, pairwiseStrengths, rankPairwise, type PairwiseMethod, type StrengthMethod } from '../functions/domain/pairwise-ranking.ts';
import type { PairwiseVote } from '../functions/domain/crowd-bt.ts';
import { bayesTopK } from './expo-bayes.ts';
import { kendallTau, neighbourVotes, randomPairVotes, simRandom, someCrowdBtRun, someField, somePageRankOrder, topMissed, type SimField } from './expo-sim.ts';
import type { BenchResult } from './result.ts';

const ENTRIES = 500;
const VOTES = 15_000;
const FLIP = 0.1;
const JUDGES = 50;
const SEEDS = 20;
const BAYES_BURN = 100;
const BAYES_SWEEPS = 400;

function orderOf(field: SimField, theta: Float64Array): string[] {
  return field.items
    .map((id, i) => [id, theta[i]!] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([id]) => id);
}

/** The oracle (not a bound; see the header): P(top 10 %) per entry from its own votes and its opponents' true places. */
export function oracleOrder(field: SimField, votes: readonly PairwiseVote[], flip: number): string[] {
  const n = field.items.length;
  const k = Math.max(1, Math.round(n * 0.1));
  const games = new Map<string, { place: number; won: boolean }[]>();
  const add = (id: string, place: number, won: boolean) => {
    let g = games.get(id);
    if (!g) games.set(id, (g = []));
    g.push({ place, won });
  };
  for (const v of votes) {
    add(v.winner, field.place.get(v.loser)!, true);
    add(v.loser, field.place.get(v.winner)!, false);
  }
  const agree = Math.log(1 - flip);
  const disagree = Math.log(flip);
  const ll = new Float64Array(n);
  const scored = field.items.map((id) => {
    const g = games.get(id) ?? [];
    let max = -Infinity;
    for (let t = 0; t < n; t += 1) {
      let s = 0;
      for (const { place, won } of g) if (place !== t) s += (won ? t < place : t > place) ? agree : disagree;
      ll[t] = s;
      max = Math.max(max, s);
    }
    let z = 0;
    let top = 0;
    for (let t = 0; t < n; t += 1) {
      const p = Math.exp(ll[t]! - max);
      z += p;
      if (t < k) top += p;
    }
    return [id, top / z] as const;
  });
  return scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

export async function benchExpoSome(seeds = SEEDS): Promise<BenchResult[]> {
  const published: [string, PairwiseMethod][] = [
    ['crowd_bt', 'crowd-bt'],
    ['best', DEFAULT_PAIRWISE_METHOD],
  ];
  const alternatives: [string, StrengthMethod][] = [
    ['bradley_terry', 'bradley-terry'],
    ['rank_centrality', 'rank-centrality'],
    ['pagerank', 'pagerank'],
  ];
  const sums = new Map<string, { missed: number[]; tau: number[]; ms: number[]; cpu: number[] }>();
  const at = (name: string) => {
    let s = sums.get(name);
    if (!s) sums.set(name, (s = { missed: [], tau: [], ms: [], cpu: [] }));
    return s;
  };
  const record = (name: string, field: SimField, order: readonly string[], ms?: number, cpu?: number) => {
    const s = at(name);
    s.missed.push(topMissed(field, order));
    s.tau.push(kendallTau(field, order));
    if (ms !== undefined) s.ms.push(ms);
    if (cpu !== undefined) s.cpu.push(cpu);
  };
  const timed = <T>(run: () => T): [T, number, number] => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const out = run();
    const used = process.cpuUsage(cpu);
    return [out, performance.now() - started, (used.user + used.system) / 1000];
  };
  const risks: number[] = [];
  const started = performance.now();
  for (let seed = 1; seed <= seeds; seed += 1) {
    const field = someField(ENTRIES, simRandom(seed, 0));
    const votes = randomPairVotes(field, VOTES, FLIP, JUDGES, simRandom(seed, 1));
    let bestOrder: string[] = [];
    for (const [name, method] of published) {
      const [{ standings }, ms, cpu] = timed(() => rankPairwise(method, field.items, votes));
      const order = standings.map((s) => s.id);
      if (name === 'best') bestOrder = order;
      record(name, field, order, ms, cpu);
    }
    for (const [name, method] of alternatives) {
      const [{ theta }, ms, cpu] = timed(() => pairwiseStrengths(method, field.items, votes));
      record(name, field, orderOf(field, theta), ms, cpu);
    }
    const [bayes, bayesMs] = timed(() => bayesTopK(field.items, votes, { flip: FLIP, start: bestOrder, burn: BAYES_BURN, sweeps: BAYES_SWEEPS, random: simRandom(seed, 5) }));
    // The Bayes choice is a set; complete it to an order for τ with noisy sorting's order below it.
    const chosen = new Set(bayes.chosen);
    record('bayes', field, [...bayes.chosen, ...bestOrder.filter((id) => !chosen.has(id))], bayesMs);
    risks.push(bayes.risk);
    record('oracle', field, oracleOrder(field, votes, FLIP));

    // SoME's own set-ups.
    record('reproduced.pagerank_random', field, somePageRankOrder(field.items, votes));
    record('reproduced.crowd_bt_own_pairs', field, someCrowdBtRun(field, VOTES, FLIP, simRandom(seed, 6)));
    const prVotes = neighbourVotes(field, VOTES, FLIP, JUDGES, (v) => somePageRankOrder(field.items, v), simRandom(seed, 7));
    record('neighbours.pagerank', field, somePageRankOrder(field.items, prVotes));
    for (const [name, method] of published) {
      const rank = (v: readonly PairwiseVote[]) => rankPairwise(method, field.items, v).standings.map((s) => s.id);
      const nVotes = neighbourVotes(field, VOTES, FLIP, JUDGES, rank, simRandom(seed, 8));
      record(`neighbours.${name}`, field, rank(nVotes));
    }
    process.stdout.write(`  seed ${seed}: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const round = (x: number, digits: number) => Number(x.toFixed(digits));
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const sem = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1) / xs.length);
  const someFigure: Record<string, number> = { 'reproduced.pagerank_random': 0.609, 'reproduced.crowd_bt_own_pairs': 0.215, 'neighbours.pagerank': 0.08 };
  const results: BenchResult[] = [];
  for (const [name, s] of sums) {
    const published = someFigure[name];
    results.push({ name: `expo.some.${name}.top10_missed`, value: round(mean(s.missed), 4), unit: 'share', ...(published !== undefined ? { baseline: published } : {}) });
    results.push({ name: `expo.some.${name}.top10_missed_sem`, value: round(sem(s.missed), 4), unit: 'share' });
    results.push({ name: `expo.some.${name}.kendall_tau`, value: round(mean(s.tau), 4), unit: 'tau' });
    if (s.ms.length) results.push({ name: `expo.some.${name}.fit_ms`, value: round(median(s.ms), 1), unit: 'ms' });
    if (s.cpu.length) results.push({ name: `expo.some.${name}.fit_cpu_ms`, value: round(median(s.cpu), 1), unit: 'ms' });
  }
  results.push({ name: 'expo.some.bayes.expected_top10_missed', value: round(mean(risks), 4), unit: 'share' });
  results.push({ name: 'expo.some.bayes.expected_top10_missed_sem', value: round(sem(risks), 4), unit: 'share' });
  const crowd = mean(sums.get('crowd_bt')!.missed);
  const best = mean(sums.get('best')!.missed);
  results.push({ name: 'expo.some.best_vs_crowd_bt.top10_missed', value: round(best, 4), unit: 'share', baseline: round(crowd, 4), ratio: round(best / crowd, 3) });
  results.push({ name: 'expo.some.seeds', value: seeds, unit: 'seeds' });
  return results;
}
