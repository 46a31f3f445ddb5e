/**
 * The pairwise ranking's methods (pairwise-ranking.ts) by name (web/src/ranking-rules.ts words them), and the standard
 * error of a project nobody compared: what request schemas, round settings and views need without
 * the ranking code itself (which the API areas that only validate or show rounds do not load).
 * pairwise-ranking.ts exports these too.
 */

export const PAIRWISE_METHODS = ['crowd-bt', 'noisy-sorting'] as const;
export type PairwiseMethod = (typeof PAIRWISE_METHODS)[number];
export const DEFAULT_PAIRWISE_METHOD: PairwiseMethod = 'noisy-sorting';

/** The standard error given to a submission nobody compared: the sd of a score uniform on 0–100. */
export const UNSEEN_SE = 100 / Math.sqrt(12);
