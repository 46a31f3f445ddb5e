/**
 * Per-criterion standings of an expo round (issue 12 §1: "per-criterion comparisons where the
 * round's rubric asks for them"). Where the round compares criteria, a judge's vote may also name
 * the better of the pair on each criterion (ExpoVote.criteria). Each criterion is ranked on its
 * own votes alone, with the round's method (rankPairwise): a vote that names no winner for a
 * criterion says nothing about it — it is not filled in from the vote's overall winner. Pure.
 */
import type { Criterion } from './competition.ts';
import type { ExpoVote } from './expo.ts';
import { rankPairwise, type PairwiseMethod, type PairwiseStanding } from './pairwise-ranking.ts';

export interface CriterionStandings {
  criterionId: string;
  name: string;
  /** The counted votes that named a winner on this criterion. */
  votes: number;
  /** Every item, ranked on this criterion's votes (an item no such vote compared: score 50, ranked last). */
  standings: PairwiseStanding[];
}

/**
 * One ranking per criterion of the rubric, each from the votes that name a winner on it. `votes`
 * are counted votes (countedVotes: undone ones dropped, in the order cast — Crowd-BT replays that order).
 */
export function criterionStandings(
  method: PairwiseMethod,
  items: readonly string[],
  rubric: readonly Pick<Criterion, 'id' | 'name'>[],
  votes: readonly Pick<ExpoVote, 'judgeSub' | 'previousId' | 'currentId' | 'criteria'>[],
): CriterionStandings[] {
  return rubric.map((c) => {
    const own = votes.flatMap((v) => {
      const winner = v.criteria?.[c.id];
      if (winner === undefined || (winner !== v.previousId && winner !== v.currentId)) return [];
      return [{ judge: v.judgeSub, winner, loser: winner === v.currentId ? v.previousId : v.currentId }];
    });
    return { criterionId: c.id, name: c.name, votes: own.length, standings: rankPairwise(method, items, own).standings };
  });
}
