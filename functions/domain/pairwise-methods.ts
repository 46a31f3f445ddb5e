/**
 * The pairwise ranking's methods (pairwise-ranking.ts) by name and description, and the standard
 * error of a project nobody compared: what request schemas, round settings and views need without
 * the ranking code itself (which the API areas that only validate or show rounds do not load).
 * pairwise-ranking.ts exports these too.
 */

export const PAIRWISE_METHODS = ['crowd-bt', 'noisy-sorting'] as const;
export type PairwiseMethod = (typeof PAIRWISE_METHODS)[number];
export const DEFAULT_PAIRWISE_METHOD: PairwiseMethod = 'noisy-sorting';

export const PAIRWISE_METHOD_RULES: Record<PairwiseMethod, string> = {
  'crowd-bt':
    "Crowd-BT (as in Gavel): each judge's vote updates every project's estimated strength in the order the votes were cast, and judges who often disagree with the other judges count less.",
  'noisy-sorting':
    'Noisy sorting: the projects are placed in the one order that best explains all the judges\' "which was better" votes, each judge allowed an occasional mistake at their own measured rate (judges who often disagree with the others count less); the order in which the votes were cast does not matter.',
};

/** The standard error given to a submission nobody compared: the sd of a score uniform on 0–100. */
export const UNSEEN_SE = 100 / Math.sqrt(12);
