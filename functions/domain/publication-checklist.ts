/**
 * The figures of the publication checklist that depend on every review, entry and registration
 * of a competition: how many reviews each round has and how many are submitted, which entries
 * have fewer reviews than a round wants, and who will be told the results. They are computed with
 * the ranking (and stored with the live ranking), so the checklist itself reads them in one item;
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
}

export function checklistFigures(rounds: readonly Round[], reviews: readonly Pick<Review, 'roundId' | 'submissionId' | 'status'>[], submitted: readonly Pick<Submission, 'id' | 'title' | 'ownerSub'>[], members: readonly Pick<Membership, 'userSub' | 'registration'>[]): ChecklistFigures {
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
  const submitters = new Set(submitted.map((s) => s.ownerSub));
  return {
    rounds: [...perRound.values()],
    underReviewed,
    underReviewedCount,
    underReviewedWithNone,
    recipients: { told: submitters.size, notTold: members.filter((m) => m.registration && !submitters.has(m.userSub)).length },
  };
}
