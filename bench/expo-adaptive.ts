/**
 * Expo: adaptive pair selection (functions/domain/expo-selection.ts `chooseNext`) against Gavel's
 * rule and random pairs, on the SoME set-up of issue 12 §2 (bench/expo-sim.ts): 500 entries with a
 * known true order (`someField`, SoME's `random_list`), each vote the true order flipped with probability 0.1, 2,000 votes, SEEDS seeds.
 *
 * The hall: table numbers a seeded shuffle of the entries, ZONES zones of consecutive tables.
 * JUDGES judges (20, equally reliable) take turns; a turn is: choose the next table (`crowd` = the
 * tables the other judges stand at), walk there, vote "this one or the previous one?" (a judge's
 * first table has no vote). The Crowd-BT posterior and the judge's (α, β) are updated after every
 * vote (crowd-bt.ts `update`), as the product does. The votes are then ranked with both estimators
 * of functions/domain/pairwise-ranking.ts `rankPairwise`.
 * Ways of choosing (figure prefix `expo.adaptive.2000.<label>.`):
 * - (no label) Podium's rule with the product's defaults, as use-cases/expo.ts applies them: 1 judge
 *   per table, the default walking cost, and the minimum visits (EXPO_DEFAULTS 3) lowered to what
 *   the round's vote budget allows (expo-selection.ts budgetedMinVisits: a third of the expected
 *   visits, 20 judges × a window of WINDOW = 101 visits of MINUTES_PER_VISIT each, over 500 teams:
 *   ⌊4.04 / 3⌋ = 1 visit);
 * - `min_visits_3`: the same with the minimum as set, 3 (the defaults before the budget rule);
 *   `free_walk`: walking costs nothing (walkScale Infinity); `walk_scale_8`: a steep walking cost;
 * - `gavel`: Gavel's rule (gavel/controllers/judge.py): the unseen table of largest expected
 *   information gain, a random unseen one with probability ε = 0.25; no crowding, no minimum, no
 *   walking cost.
 * - Random pairs: 2,000 uniformly random pairs (`expo.random.2000.`), the SoME set-up with fewer votes.
 * Figures (means over the seeds): `top10_missed` (share of the true top 10 % not in the ranking's
 * top 10 %, best estimator = DEFAULT_PAIRWISE_METHOD; baseline: random pairs), `crowd_bt.top10_missed`,
 * `kendall_tau`, `walk_tables_per_vote` (mean walk between a judge's consecutive tables, a zone
 * change counting ZONE_STEP more).
 * The issue's target: adaptive with 2,000 votes at least as good as random pairs with 15,000
 * (bench/expo-some.ts `expo.some.best.top10_missed`, 0.104). Measured (20 seeds): 0.092 at the
 * defaults (walking 46 tables per vote); 0.148 with the minimum of 3 forced; 0.087 with free walking
 * (184 tables per vote); 0.276 with walkScale 8; Gavel 0.322; random pairs 0.441.
 *
 * Alone: npx tsx -e "import('./bench/expo-adaptive.ts').then(m => m.benchExpoAdaptive()).then(r => console.table(r))"
 */
import { CROWD_BT_DEFAULTS, expectedInformationGain, update, type PairwiseVote } from '../functions/domain/crowd-bt.ts';
import { budgetedMinVisits, chooseNext, expectedVisits, MINUTES_PER_VISIT, walkDistance, type ExpoItem, type SelectionInput } from '../functions/domain/expo-selection.ts';
import { EXPO_DEFAULTS } from '../functions/domain/expo.ts';
import { DEFAULT_PAIRWISE_METHOD, PAIRWISE_METHODS, rankPairwise } from '../functions/domain/pairwise-ranking.ts';
import { kendallTau, noisyVote, randomPairVotes, simRandom, someField, topMissed, type SimField } from './expo-sim.ts';
import type { BenchResult } from './result.ts';

const ENTRIES = 500;
const VOTES = 2000;
const JUDGES = 20;
const ZONES = 5;
const FLIP = 0.1;
const SEEDS = 20;
const GAVEL_EPSILON = 0.25;
/**
 * The round's window: long enough for every judge's VOTES / JUDGES (+ 1) visits at MINUTES_PER_VISIT
 * each — the hall the bench simulates, as the product would estimate its budget.
 */
const WINDOW = { opensAt: '2026-06-01T09:00:00Z', closesAt: new Date(Date.parse('2026-06-01T09:00:00Z') + (VOTES / JUDGES + 1) * MINUTES_PER_VISIT * 60_000).toISOString() };
/**
 * The product's defaults (domain/expo.ts EXPO_DEFAULTS: 3 minimum visits, 1 judge per table), with
 * the minimum the budget allows (expo-selection.ts budgetedMinVisits), as use-cases/expo.ts applies it.
 */
const SETTINGS = {
  minVisits: budgetedMinVisits(EXPO_DEFAULTS.minVisits, { teams: ENTRIES, expectedVisits: expectedVisits(JUDGES, WINDOW) }),
  maxJudgesPerTable: EXPO_DEFAULTS.maxJudgesPerTable,
};

export interface Hall {
  field: SimField;
  position: Map<string, number>;
  zone: Map<string, string>;
}

/** The SoME field, laid out in a hall: table numbers a seeded shuffle, ZONES zones of consecutive tables. */
export function hallOf(seed: number, entries = ENTRIES): Hall {
  const field = someField(entries, simRandom(seed, 0));
  const random = simRandom(seed, 2);
  const tables = [...field.items];
  for (let i = tables.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [tables[i], tables[j]] = [tables[j]!, tables[i]!];
  }
  const position = new Map(tables.map((id, p) => [id, p + 1]));
  const zone = new Map(tables.map((id, p) => [id, `z${Math.floor((p * ZONES) / entries)}`]));
  return { field, position, zone };
}

/** A selection rule: the next table for a judge (the product's is chooseNext). */
export type Chooser = (input: SelectionInput, random: () => number) => string | undefined;

export const podiumChooser: Chooser = (input) => chooseNext(input).next;

/** Gavel's choice (gavel/controllers/judge.py, choose_next): random unseen with probability ε, else max EIG. */
export const gavelChooser: Chooser = (input, random) => {
  const seen = new Set(input.judge.seen);
  const unseen = input.items.filter((it) => !seen.has(it.id) && it.id !== input.previous);
  if (unseen.length === 0) return undefined;
  const prev = input.previous === undefined ? undefined : input.items.find((it) => it.id === input.previous);
  if (!prev || random() < GAVEL_EPSILON) return unseen[Math.floor(random() * unseen.length)]!.id;
  let best = unseen[0]!;
  let bestEig = -Infinity;
  for (const it of unseen) {
    const eig = expectedInformationGain(input.judge.alpha, input.judge.beta, prev.mu, prev.sigmaSq, it.mu, it.sigmaSq);
    if (eig > bestEig) [best, bestEig] = [it, eig];
  }
  return best.id;
};

/**
 * Judges walk the hall taking turns (judge k moves on turns k, k + JUDGES, …) until `votes` votes
 * are cast. `crowd` = the tables the other judges stand at. The Crowd-BT posterior and the judge's
 * (α, β) are updated after every vote, as the product does. Returns the votes in order and the
 * mean walk per vote.
 */
export function simulateWalk(hall: Hall, choose: Chooser, seed: number, opts: { votes?: number; judges?: number; settings?: SelectionInput['settings'] } = {}): { votes: PairwiseVote[]; walk: number } {
  const { votes = VOTES, judges = JUDGES, settings = SETTINGS } = opts;
  const random = simRandom(seed, 3);
  const items = new Map<string, ExpoItem>(
    hall.field.items.map((id) => [
      id,
      { id, position: hall.position.get(id)!, zone: hall.zone.get(id), absent: false, mu: CROWD_BT_DEFAULTS.muPrior, sigmaSq: CROWD_BT_DEFAULTS.sigmaSqPrior, visits: 0 },
    ]),
  );
  const list = [...items.values()];
  const js = Array.from({ length: judges }, (_, k) => ({ id: `j${k}`, alpha: CROWD_BT_DEFAULTS.alphaPrior as number, beta: CROWD_BT_DEFAULTS.betaPrior as number, seen: [] as string[], current: undefined as string | undefined }));
  const out: PairwiseVote[] = [];
  let walked = 0;
  for (let turn = 0; out.length < votes; turn += 1) {
    const j = js[turn % judges]!;
    const crowd: Record<string, number> = {};
    for (const o of js) if (o !== j && o.current) crowd[o.current] = (crowd[o.current] ?? 0) + 1;
    const next = choose({ items: list, judge: { alpha: j.alpha, beta: j.beta, seen: j.seen, skippedUntilMs: {} }, previous: j.current, crowd, nowMs: 0, settings }, random);
    if (!next) throw new Error(`judge ${j.id} has nothing left to see`);
    const it = items.get(next)!;
    it.visits += 1;
    j.seen.push(next);
    if (j.current) {
      walked += walkDistance(items.get(j.current)!, it);
      const v = noisyVote(hall.field, j.id, j.current, next, FLIP, random);
      out.push(v);
      const w = items.get(v.winner)!;
      const l = items.get(v.loser)!;
      [j.alpha, j.beta, w.mu, w.sigmaSq, l.mu, l.sigmaSq] = update(j.alpha, j.beta, w.mu, w.sigmaSq, l.mu, l.sigmaSq);
    }
    j.current = next;
  }
  return { votes: out, walk: walked / out.length };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const r4 = (x: number) => Number(x.toFixed(4));

/** Podium's rule with some settings changed (the organiser's, or walkScale Infinity: walking costs nothing). */
const podiumWith = (settings: Partial<SelectionInput['settings']>): Chooser => (input) => chooseNext({ ...input, settings: { ...input.settings, ...settings } }).next;

/** The ways of choosing pairs compared: label (in the figure's name; '' = the product's defaults) and rule. */
export const CHOOSERS: [string, Chooser][] = [
  ['', podiumChooser],
  ['min_visits_3', podiumWith({ minVisits: 3 })],
  ['free_walk', podiumWith({ walkScale: Infinity })],
  ['walk_scale_8', podiumWith({ walkScale: 8 })],
  ['gavel', gavelChooser],
];

/** Runs every chooser and random pairs over `seeds` seeds (`choosers`: for experiments). */
export async function benchExpoAdaptive(seeds = SEEDS, choosers: [string, Chooser][] = CHOOSERS): Promise<BenchResult[]> {
  const acc = new Map<string, number[]>();
  const add = (k: string, v: number) => {
    let a = acc.get(k);
    if (!a) acc.set(k, (a = []));
    a.push(v);
  };
  for (let seed = 1; seed <= seeds; seed += 1) {
    const hall = hallOf(seed);
    const runs: [string, readonly PairwiseVote[]][] = [];
    for (const [label, choose] of choosers) {
      const walk = simulateWalk(hall, choose, seed);
      add(`${label}.walk`, walk.walk);
      runs.push([label, walk.votes]);
    }
    runs.push(['random', randomPairVotes(hall.field, VOTES, FLIP, JUDGES, simRandom(seed, 1))]);
    for (const [label, votes] of runs) {
      for (const method of PAIRWISE_METHODS) {
        const order = rankPairwise(method, hall.field.items, votes).standings.map((s) => s.id);
        add(`${label}.${method}.missed`, topMissed(hall.field, order));
        add(`${label}.${method}.tau`, kendallTau(hall.field, order));
      }
    }
  }
  const m = (k: string) => r4(mean(acc.get(k)!));
  const best = DEFAULT_PAIRWISE_METHOD;
  const results: BenchResult[] = [];
  for (const [label] of choosers) {
    const p = `expo.adaptive.2000${label ? `.${label}` : ''}`;
    results.push(
      { name: `${p}.top10_missed`, value: m(`${label}.${best}.missed`), unit: 'share', baseline: m(`random.${best}.missed`) },
      { name: `${p}.crowd_bt.top10_missed`, value: m(`${label}.crowd-bt.missed`), unit: 'share', baseline: m('random.crowd-bt.missed') },
      { name: `${p}.kendall_tau`, value: m(`${label}.${best}.tau`), unit: 'tau', baseline: m(`random.${best}.tau`) },
      { name: `${p}.walk_tables_per_vote`, value: m(`${label}.walk`), unit: 'tables' },
    );
  }
  results.push(
    { name: 'expo.random.2000.top10_missed', value: m(`random.${best}.missed`), unit: 'share' },
    { name: 'expo.random.2000.crowd_bt.top10_missed', value: m('random.crowd-bt.missed'), unit: 'share' },
    { name: 'expo.random.2000.kendall_tau', value: m(`random.${best}.tau`), unit: 'tau' },
  );
  return results;
}
