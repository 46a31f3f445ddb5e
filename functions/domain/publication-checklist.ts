/**
 * The figures of the publication checklist that depend on every review, entry and registration
 * of a competition: how many reviews each round has and how many are submitted, which entries
 * have fewer reviews than a round wants, which teams no judge compared in an expo round, and who
 * will be told the results. They are computed with the ranking (and stored with the live
 * ranking), so the checklist itself reads them in one item;
 * what depends on the clock (round phases, the results date) is judged when the checklist is read.
 * Pure.
 */
import type { Review, Round } from './evaluation.ts';
import type { Membership } from './membership.ts';
import type { Submission } from './submission.ts';

/** How many under-reviewed entries are listed by name (the count covers them all). */
export const UNDER_REVIEWED_LISTED = 100;

export interface UnderReviewed {
  submissionId: string;
  title: string;
  roundName: string;
  reviews: number;
  wanted: number;
}

export interface ChecklistFigures {
  /** Per round (by id): the reviews assigned in it and how many of them are submitted. */
  rounds: { roundId: string; reviews: number; submitted: number }[];
  /** The first UNDER_REVIEWED_LISTED submitted entries with fewer submitted reviews than a (non-shortlist) round wants. */
  underReviewed: UnderReviewed[];
  underReviewedCount: number;
  /** Of those, how many have no submitted review in that round at all. */
  underReviewedWithNone: number;
  /** Entrants who submitted (told their outcome), and registered entrants who did not (not told). */
  recipients: { told: number; notTold: number };
  // Issue 12 (H10): expo teams no judge compared. Optional: live rankings stored before it lack them (read as none).
  /** The first EXPO_UNSEEN_LISTED submitted entries no judge compared in an expo round (they get no score in it). */
  expoUnseen?: ExpoUnseen[];
  expoUnseenCount?: number;
}

/** How many expo teams no judge compared are listed by name (the count covers them all). */
export const EXPO_UNSEEN_LISTED = 100;

export interface ExpoUnseen {
  submissionId: string;
  title: string;
  roundId: string;
  roundName: string;
}

/** Per expo round (by id), the submissions its judges compared: those with a pairwise score in the ranking's input. */
export function expoComparedOf(rounds: readonly { id: string; pairwise?: { scores: readonly { submissionId: string }[] } }[]): Map<string, Set<string>> {
  return new Map(rounds.flatMap((r) => (r.pairwise ? [[r.id, new Set(r.pairwise.scores.map((s) => s.submissionId))] as const] : [])));
}

export function checklistFigures(
  rounds: readonly Round[],
  reviews: readonly Pick<Review, 'roundId' | 'submissionId' | 'status'>[],
  submitted: readonly Pick<Submission, 'id' | 'title' | 'ownerSub'>[],
  members: readonly Pick<Membership, 'userSub' | 'registration'>[],
  /** Per expo round, the submissions its judges compared (expoComparedOf); a round missing here compared none. */
  expoCompared: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): ChecklistFigures {
  const perRound = new Map(rounds.map((r) => [r.id, { roundId: r.id, reviews: 0, submitted: 0 }]));
  const submittedReviews = new Map<string, number>();
  for (const r of reviews) {
    const counts = perRound.get(r.roundId);
    if (counts) counts.reviews++;
    if (r.status !== 'submitted') continue;
    if (counts) counts.submitted++;
    const key = `${r.roundId}/${r.submissionId}`;
    submittedReviews.set(key, (submittedReviews.get(key) ?? 0) + 1);
  }
  const underReviewed: UnderReviewed[] = [];
  let underReviewedCount = 0;
  let underReviewedWithNone = 0;
  // Expo rounds have no reviews to count: their judges compare projects (the expo live view shows coverage).
  for (const round of rounds.filter((r) => !r.shortlist && r.kind !== 'expo'))
    for (const s of submitted) {
      const have = submittedReviews.get(`${round.id}/${s.id}`) ?? 0;
      if (have >= round.k) continue;
      underReviewedCount++;
      if (have === 0) underReviewedWithNone++;
      if (underReviewed.length < UNDER_REVIEWED_LISTED) underReviewed.push({ submissionId: s.id, title: s.title, roundName: round.name, reviews: have, wanted: round.k });
    }
  const expoUnseen: ExpoUnseen[] = [];
  let expoUnseenCount = 0;
  for (const round of rounds.filter((r) => r.kind === 'expo')) {
    const compared = expoCompared.get(round.id);
    for (const s of submitted) {
      if (compared?.has(s.id)) continue;
      expoUnseenCount++;
      if (expoUnseen.length < EXPO_UNSEEN_LISTED) expoUnseen.push({ submissionId: s.id, title: s.title, roundId: round.id, roundName: round.name });
    }
  }
  const submitters = new Set(submitted.map((s) => s.ownerSub));
  return {
    rounds: [...perRound.values()],
    underReviewed,
    underReviewedCount,
    underReviewedWithNone,
    recipients: { told: submitters.size, notTold: members.filter((m) => m.registration && !submitters.has(m.userSub)).length },
    expoUnseen,
    expoUnseenCount,
  };
}
