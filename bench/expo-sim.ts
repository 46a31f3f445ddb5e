/**
 * Simulation pieces for the expo benchmarks (bench/expo-some.ts, and the adaptive-selection bench):
 * a field with a known true order, a noisy judge, and the two figures the issue asks for.
 * Everything is seeded (bench/seeded-random.ts) so each run builds the same instances.
 */
import type { PairwiseVote } from '../functions/domain/crowd-bt.ts';
import { prng } from './seeded-random.ts';

export interface SimField {
  /** Entry ids, in id order ('e000', 'e001', …): the order that a ranking method sees. */
  items: string[];
  /** The true order, best first (a seeded shuffle of `items`, so id order says nothing). */
  truth: string[];
  /** Id → true place (0 = best). */
  place: Map<string, number>;
}

/** `n` entries with a known true order. */
export function simField(n: number, random: () => number): SimField {
  const width = String(Math.max(0, n - 1)).length;
  const items = Array.from({ length: n }, (_, i) => `e${String(i).padStart(Math.max(3, width), '0')}`);
  const truth = [...items];
  for (let i = truth.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [truth[i], truth[j]] = [truth[j]!, truth[i]!];
  }
  return { items, truth, place: new Map(truth.map((id, i) => [id, i])) };
}

/** The judge compares a and b: the truly better one wins, except with probability `flip`. */
export function noisyVote(field: SimField, judge: string, a: string, b: string, flip: number, random: () => number): PairwiseVote {
  const aBetter = field.place.get(a)! < field.place.get(b)!;
  const aWins = random() < flip ? !aBetter : aBetter;
  return aWins ? { judge, winner: a, loser: b } : { judge, winner: b, loser: a };
}

/**
 * The SoME set-up: `count` votes between uniformly random pairs (two different entries), in the
 * order they are cast, each flipped with probability `flip`; vote k is cast by judge k mod `judges`
 * (all judges equally reliable).
 */
export function randomPairVotes(field: SimField, count: number, flip: number, judges: number, random: () => number): PairwiseVote[] {
  const n = field.items.length;
  const votes: PairwiseVote[] = [];
  for (let k = 0; k < count; k += 1) {
    const i = Math.floor(random() * n);
    let j = Math.floor(random() * (n - 1));
    if (j >= i) j += 1;
    votes.push(noisyVote(field, `j${k % judges}`, field.items[i]!, field.items[j]!, flip, random));
  }
  return votes;
}

/** Share of the true top `share` (10 %) not in the estimated top `share` (`estimated`: best first). */
export function topMissed(field: SimField, estimated: readonly string[], share = 0.1): number {
  const k = Math.max(1, Math.round(field.truth.length * share));
  const top = new Set(estimated.slice(0, k));
  let missed = 0;
  for (const id of field.truth.slice(0, k)) if (!top.has(id)) missed += 1;
  return missed / k;
}

/** Kendall's τ between the true order and `estimated` (best first; a permutation of the items). */
export function kendallTau(field: SimField, estimated: readonly string[]): number {
  const places = estimated.map((id) => field.place.get(id)!);
  const n = places.length;
  // Inversions by merge sort: O(n log n).
  let inversions = 0;
  const buffer = new Array<number>(n);
  const sort = (lo: number, hi: number) => {
    if (hi - lo < 2) return;
    const mid = (lo + hi) >> 1;
    sort(lo, mid);
    sort(mid, hi);
    let i = lo;
    let j = mid;
    let k = lo;
    while (i < mid && j < hi) {
      if (places[i]! <= places[j]!) buffer[k++] = places[i++]!;
      else {
        inversions += mid - i;
        buffer[k++] = places[j++]!;
      }
    }
    while (i < mid) buffer[k++] = places[i++]!;
    while (j < hi) buffer[k++] = places[j++]!;
    for (let t = lo; t < hi; t += 1) places[t] = buffer[t]!;
  };
  sort(0, n);
  const pairs = (n * (n - 1)) / 2;
  return pairs === 0 ? 1 : 1 - (2 * inversions) / pairs;
}

/** A seeded generator per (seed, stream), so the field and the votes of one seed never share draws. */
export function simRandom(seed: number, stream: number): () => number {
  return prng(seed * 7919 + stream * 104729 + 1);
}
