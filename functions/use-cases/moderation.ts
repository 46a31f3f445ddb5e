/**
 * Moderation by a competition's organisers (rules in domain/moderation.ts): excluding a review
 * from the ranking with a written reason and restoring it (until the results are decided), the
 * spread of each submission's reviews in a round, and an extra review of one submission by the
 * best eligible reviewer — each change one conditional write, audited, and moving the ranking's
 * inputs counter where the ranking reads it.
 */
import { assertNotExpo } from '../domain/expo.ts';
import { affinities } from '../domain/conflicts.ts';
import { InvalidState, NotFound, VersionConflict } from '../domain/errors.ts';
import type { Review, Round } from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import { assertAllowed } from '../domain/lifecycle.ts';
import { extraReviewCandidates, nobodyEligibleMessage, spreads, spreadSortKey, type Spread, type SpreadSort } from '../domain/moderation.ts';
import { loadOrganisedCompetition } from './access.ts';
import { loadRoundContext } from './assignment.ts';
import { startJobFor } from './jobs.ts';
import { pageAfter } from './list-page.ts';
import { clusterConflicts } from './peer-selection.ts';
import type { Ports } from './ports.ts';
import { rankingInputsChanged, type InputsChangedPorts } from './ranking-job.ts';
import { REVIEWER_LOADS_JOB } from './reviewer-loads-job.ts';
import { loadOrganisedRound, loadRound } from './rounds.ts';
import { countTransition } from './dashboard.ts';
import { roundDelta } from '../domain/dashboard.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'audit' | 'clock' | 'ids' | 'pitches'>;

/** A review as the organisers see it: everything but an investor's private note. */
const organiserView = ({ privateNote: _, ...r }: Review) => r;

async function loadModeratedReview(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string, reviewerSub: string) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  // Until the results are decided (after: 409 with the lifecycle's sentence).
  assertAllowed(competition, ports.clock.now(), 'manage-reviewers');
  const round = await loadRound(ports, competitionId, roundId);
  const review = await ports.evaluation.getReview(competitionId, roundId, submissionId, reviewerSub);
  if (!review) throw new NotFound('No such review in this round.');
  return { round, review, actor: { sub: membership.userSub, email: membership.userEmail } };
}

function assertVersion(review: Review, version: number | undefined) {
  if (version !== undefined && version !== review.version)
    throw new VersionConflict('This review changed since you opened it (the reviewer, or another organiser). Reload to see the latest, then try again.');
}

/**
 * Leaves a review out of the ranking, with the organiser's written reason; `dutyDone` says whether
 * the reviewer's peer-review duty counts as done. Excluding it again changes the reason or the duty.
 */
export async function excludeReview(
  ports: Deps & InputsChangedPorts,
  caller: Identity | undefined,
  competitionId: string,
  roundId: string,
  submissionId: string,
  reviewerSub: string,
  input: { reason: string; dutyDone: boolean; version?: number },
) {
  const { review, actor } = await loadModeratedReview(ports, caller, competitionId, roundId, submissionId, reviewerSub);
  assertVersion(review, input.version);
  const before = review.exclusion;
  if (before && before.reason === input.reason && before.dutyDone === input.dutyDone) return organiserView(review); // idempotent
  const at = ports.clock.now().toISOString();
  const next: Review = { ...review, exclusion: { reason: input.reason, dutyDone: input.dutyDone, at, by: actor }, version: review.version + 1 };
  await saveModerated(ports, caller, review, next, {
    at,
    actor,
    action: 'review.excluded',
    ...(before ? { before: { reason: before.reason, dutyDone: before.dutyDone } } : {}),
    after: { roundId, reviewerSub, reason: input.reason, dutyDone: input.dutyDone },
  });
  return organiserView(next);
}

/** One versioned write of the moderated review, its audit entry, and the ranking's inputs moved on. */
async function saveModerated(
  ports: Deps & InputsChangedPorts,
  caller: Identity | undefined,
  review: Review,
  next: Review,
  entry: { at: string; actor: { sub: string; email: string }; action: string; before?: Record<string, unknown>; after: Record<string, unknown> },
) {
  await ports.evaluation.updateReview(next, review.version);
  await ports.audit.append({ competitionId: review.competitionId, target: `submission:${review.submissionId}`, ...entry });
  await rankingInputsChanged(ports, caller, review.competitionId);
}

/** Counts an excluded review again (and the reviewer's duty by the review itself). */
export async function restoreReview(
  ports: Deps & InputsChangedPorts,
  caller: Identity | undefined,
  competitionId: string,
  roundId: string,
  submissionId: string,
  reviewerSub: string,
  version?: number,
) {
  const { review, actor } = await loadModeratedReview(ports, caller, competitionId, roundId, submissionId, reviewerSub);
  assertVersion(review, version);
  if (!review.exclusion) return organiserView(review); // idempotent
  const { exclusion, ...rest } = review;
  const at = ports.clock.now().toISOString();
  const next: Review = { ...rest, version: review.version + 1 };
  await saveModerated(ports, caller, review, next, {
    at,
    actor,
    action: 'review.restored',
    before: { reason: exclusion.reason, dutyDone: exclusion.dutyDone },
    after: { roundId, reviewerSub },
  });
  return organiserView(next);
}

/**
 * The spread of each submission's reviews in a round, a page at a time, most contested first
 * (`sort`). One query of the round's reviews, projected to scores and status (no comments), and
 * one batched read of the page's titles — whatever the size of the round. With `submissionId`,
 * only that submission's reviews (a key prefix).
 */
export async function roundSpreads(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  roundId: string,
  options: { sort?: SpreadSort; limit?: number; cursor?: string; submissionId?: string } = {},
) {
  const { round } = await loadOrganisedRound(ports, caller, competitionId, roundId, 'read');
  const sort = options.sort ?? 'sd';
  const reviews = options.submissionId === undefined ? await ports.evaluation.listRoundScores(competitionId, roundId) : await submissionReviews(ports, competitionId, roundId, options.submissionId);
  const all = spreads(round, reviews);
  const keyOf = (s: Spread) => spreadSortKey(s, sort);
  const page = pageAfter([...all].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0)), keyOf, options.limit ?? 50, options.cursor);
  const titles = new Map((await ports.submissions.getMany(page.items.map((s) => ({ competitionId, id: s.submissionId })))).map((s) => [s.id, s.title]));
  return { sort, items: page.items.map((s) => ({ ...s, title: titles.get(s.submissionId) ?? '' })), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

async function submissionReviews(ports: Deps, competitionId: string, roundId: string, submissionId: string): Promise<Review[]> {
  const out: Review[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.evaluation.pageRoundReviews(competitionId, roundId, 100, cursor, submissionId);
    out.push(...page.items.filter((r) => r.submissionId === submissionId));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Tries at most this many reviewers, best first, when others take their last places meanwhile. */
const EXTRA_ATTEMPTS = 5;

/**
 * Adds one reviewer to a submission in a round, disturbing no other assignment: the best eligible
 * reviewer (domain/moderation.ts extraReviewCandidates) gets a new review, written with its load
 * only while the reviewer is below the round's maximum load. 409 with a sentence when nobody is
 * eligible or the round has closed.
 */
export async function requestExtraReview(ports: Deps & Pick<Ports, 'jobs' | 'jobQueue' | 'dashboard'>, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  const now = ports.clock.now();
  assertAllowed(competition, now, 'run-assignment');
  const round = await loadRound(ports, competitionId, roundId);
  assertNotExpo(round);
  if (new Date(round.closesAt) <= now) throw new InvalidState(`"${round.name}" has closed, so nobody could give an extra review; extend its window first.`);
  // The round's loads must be counted for the load items to guard maxLoad (a round from before they existed).
  if (!(await ports.evaluation.reviewerLoads(competitionId, roundId, []))) {
    await startJobFor(ports, caller!, competitionId, REVIEWER_LOADS_JOB, { roundId });
    throw new InvalidState("This round's reviewer loads are being counted (once, for rounds made before loads were kept); ask again in a minute.");
  }
  const ctx = await loadRoundContext(ports, competitionId, round);
  const submission = ctx.submissions.find((s) => s.id === submissionId);
  if (!submission) throw new NotFound('No such submission in this round.');
  const choice = chooseExtraReviewers(round, ctx, submission.id, [...submission.sectors, ...submission.valueChain]);
  const at = now.toISOString();
  for (const candidate of choice.ranked.slice(0, EXTRA_ATTEMPTS)) {
    const reviewer = ctx.reviewers.find((r) => r.sub === candidate.sub)!;
    const review: Review = {
      competitionId,
      roundId,
      submissionId,
      reviewerSub: reviewer.sub,
      reviewerEmail: reviewer.email,
      status: 'assigned',
      origin: 'extra',
      scores: {},
      comments: {},
      overallComment: '',
      meet: false,
      privateNote: '',
      assignedAt: at,
      updatedAt: at,
      version: 1,
    };
    const outcome = await ports.evaluation.createExtraAssignment(review, round.maxLoad);
    if (outcome !== 'created') continue; // taken meanwhile: the next best
    await Promise.all([
      ports.audit.append({
        competitionId,
        at,
        actor: { sub: membership.userSub, email: membership.userEmail },
        action: 'review.extra-assigned',
        target: `submission:${submissionId}`,
        after: { roundId, reviewerSub: reviewer.sub, affinity: candidate.affinity, load: candidate.load + 1 },
      }),
      // The dashboard's reviews assigned, after the conditional write that created it (use-cases/dashboard.ts).
      countTransition(ports, competition, at, roundDelta(roundId, { assigned: 1 })),
    ]);
    return { review: organiserView(review), affinity: candidate.affinity, load: candidate.load + 1 };
  }
  if (choice.ranked.length > 0) throw new VersionConflict('Other assignments took the eligible reviewers’ last places meanwhile; ask again.');
  throw new InvalidState(nobodyEligibleMessage(ctx.reviewers.length, choice.ineligible, round.maxLoad));
}

function chooseExtraReviewers(round: Round, ctx: Awaited<ReturnType<typeof loadRoundContext>>, submissionId: string, tags: string[]) {
  const found = affinities([tags], ctx.reviewers.map((r) => r.interests));
  const affinity = new Map<number, number>();
  for (let i = 0; i < found.reviewer.length; i++) affinity.set(found.reviewer[i]!, found.value[i]!);
  const load = new Map<string, number>();
  for (const r of ctx.reviews) load.set(r.reviewerSub, (load.get(r.reviewerSub) ?? 0) + 1);
  return extraReviewCandidates({
    candidates: ctx.reviewers.map((r, i) => ({ sub: r.sub, affinity: affinity.get(i) ?? 0, load: load.get(r.sub) ?? 0 })),
    conflicted: new Set([
      ...ctx.conflicts.filter((c) => c.submissionId === submissionId).map((c) => c.reviewerSub),
      // An impartial round: no team reviews its own cluster, extra reviews included (use-cases/peer-selection.ts).
      ...clusterConflicts(round, ctx.submissions, ctx.reviewers).filter((c) => c.submission === submissionId).map((c) => c.reviewer),
    ]),
    assigned: new Set(ctx.reviews.filter((r) => r.submissionId === submissionId).map((r) => r.reviewerSub)),
    maxLoad: round.maxLoad,
  });
}
