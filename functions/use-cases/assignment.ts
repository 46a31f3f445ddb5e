/**
 * Assigning reviewers to submissions in a round. The pool, the conflicts and the affinities are
 * gathered here; the optimisation itself is domain/assignment.ts (an exact min-cost flow). Reviews
 * already started are never disturbed: they enter the solver as fixed pairs. Conflicts are never
 * assigned, whatever the cost, and every conflict is listed for the organiser with its source.
 */
import { assignReviewers, type AssignmentResult } from '../domain/assignment.ts';
import { affinities, automaticConflicts, type Conflict, type ReviewerFacts } from '../domain/conflicts.ts';
import { InvalidState, NotFound, RuleViolation } from '../domain/errors.ts';
import type { Review, Round } from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import type { Reviewer } from '../domain/invitation.ts';
import { trustedEmail } from '../domain/membership.ts';
import type { Submission } from '../domain/submission.ts';
import { assertAllowed } from '../domain/lifecycle.ts';
import { loadOrganisedCompetition, requireIdentity } from './access.ts';
import { allMembers, submittedSubmissions } from './all-pages.ts';
import type { Ports } from './ports.ts';
import { shortlistFor } from './ranking.ts';
import { loadRound } from './rounds.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'submissions' | 'evaluation' | 'audit' | 'clock' | 'ids' | 'pitches'>;

export interface RoundContext {
  round: Round;
  submissions: Submission[];
  reviewers: (Reviewer & { facts: ReviewerFacts })[];
  conflicts: (Conflict & { recordedAt?: string })[];
  reviews: Review[];
}

/** Everything the solver and the organiser's conflict list need for one round. */
export async function loadRoundContext(ports: Deps, competitionId: string, round: Round): Promise<RoundContext> {
  const [memberships, allSubmitted, reviews, recorded, invited] = await Promise.all([
    allMembers(ports, competitionId),
    submittedSubmissions(ports, competitionId),
    ports.evaluation.listRoundReviews(competitionId, round.id),
    ports.evaluation.listConflicts(competitionId, round.id),
    ports.evaluation.listReviewers(competitionId, round.id),
  ]);
  const submissions = round.shortlist ? await shortlistFor(ports, competitionId, round, allSubmitted) : allSubmitted;
  const bySub = new Map(memberships.map((m) => [m.userSub, m]));
  const ownSubmission = new Map(allSubmitted.map((s) => [s.ownerSub, s]));

  let pool: Reviewer[];
  if (round.kind === 'peer') {
    // One reviewer account per entrant team: the account that registered and submitted.
    const dropped = new Set(invited.filter((r) => !r.active).map((r) => r.sub));
    pool = allSubmitted
      .filter((s) => !dropped.has(s.ownerSub))
      .map((s) => ({
        competitionId,
        roundId: round.id,
        sub: s.ownerSub,
        email: bySub.get(s.ownerSub)?.userEmail ?? '',
        name: s.organisationName,
        interests: [...s.sectors, ...s.valueChain],
        source: 'entrant' as const,
        active: true,
        joinedAt: s.submittedAt ?? s.createdAt,
      }));
  } else pool = invited.filter((r) => r.active);

  const reviewers = pool
    .map((r) => {
      const registration = bySub.get(r.sub)?.registration;
      return {
        ...r,
        facts: {
          sub: r.sub,
          // Invited reviewers joined through a verified address; an entrant's counts only if verified.
          email: r.source === 'invitation' ? r.email : trustedEmail(bySub.get(r.sub)),
          registryId: registration?.registryId,
          submissionId: ownSubmission.get(r.sub)?.id,
          teamEmails: registration?.team.map((t) => t.email) ?? [],
        },
      };
    })
    .sort((a, b) => a.sub.localeCompare(b.sub));

  // Automatic conflicts, found through indexes rather than by comparing every pair.
  const conflicts: (Conflict & { recordedAt?: string })[] = automaticConflicts(
    reviewers.map((r) => r.facts),
    submissions.map((s) => {
      const m = bySub.get(s.ownerSub);
      return {
        submissionId: s.id,
        ownerSub: s.ownerSub,
        ownerEmail: trustedEmail(m),
        registryId: m?.registration?.registryId ?? '',
        teamEmails: m?.registration?.team.map((t) => t.email) ?? [],
      };
    }),
  );
  for (const c of recorded) conflicts.push({ submissionId: c.submissionId, reviewerSub: c.reviewerSub, source: c.source, reason: c.reason, recordedAt: c.createdAt });
  return { round, submissions, reviewers, conflicts, reviews };
}

export function solve(ctx: RoundContext): AssignmentResult {
  // Only the pairs that share a tag, as typed arrays: the solver treats every other pair as 0.
  const affinityByIndex = affinities(
    ctx.submissions.map((s) => [...s.sectors, ...s.valueChain]),
    ctx.reviewers.map((r) => r.interests),
  );
  const inScope = new Set(ctx.submissions.map((s) => s.id));
  const inPool = new Set(ctx.reviewers.map((r) => r.sub));
  const started = ctx.reviews.filter((r) => r.status !== 'assigned' && inScope.has(r.submissionId) && inPool.has(r.reviewerSub));
  return assignReviewers({
    submissions: ctx.submissions.map((s) => s.id),
    reviewers: ctx.reviewers.map((r) => r.sub),
    k: ctx.round.k,
    maxLoad: ctx.round.maxLoad,
    affinity: [],
    affinityByIndex,
    conflicts: ctx.conflicts.map((c) => ({ submission: c.submissionId, reviewer: c.reviewerSub })),
    pinned: ctx.round.pins
      .filter((p) => inScope.has(p.submissionId) && inPool.has(p.reviewerSub))
      .map((p) => ({ submission: p.submissionId, reviewer: p.reviewerSub })),
    fixed: started.map((r) => ({ submission: r.submissionId, reviewer: r.reviewerSub })),
  });
}

export interface AssignmentPlan {
  result: AssignmentResult;
  added: { submissionId: string; reviewerSub: string }[];
  removed: { submissionId: string; reviewerSub: string }[];
  kept: number;
  reviewers: number;
  submissions: number;
  conflicts: number;
}

function plan(ctx: RoundContext, result: AssignmentResult): AssignmentPlan {
  const key = (s: string, r: string) => `${s}\n${r}`;
  const current = new Map(ctx.reviews.map((r) => [key(r.submissionId, r.reviewerSub), r]));
  const next = new Set(result.pairs.map((p) => key(p.submission, p.reviewer)));
  return {
    result,
    added: result.pairs.filter((p) => !current.has(key(p.submission, p.reviewer))).map((p) => ({ submissionId: p.submission, reviewerSub: p.reviewer })),
    removed: ctx.reviews
      .filter((r) => r.status === 'assigned' && !next.has(key(r.submissionId, r.reviewerSub)))
      .map((r) => ({ submissionId: r.submissionId, reviewerSub: r.reviewerSub })),
    kept: result.pairs.filter((p) => current.has(key(p.submission, p.reviewer))).length,
    reviewers: ctx.reviewers.length,
    submissions: ctx.submissions.length,
    conflicts: ctx.conflicts.length,
  };
}

export async function previewAssignment(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string) {
  await loadOrganisedCompetition(ports, caller, competitionId);
  const round = await loadRound(ports, competitionId, roundId);
  const ctx = await loadRoundContext(ports, competitionId, round);
  return plan(ctx, solve(ctx));
}

/** Runs the solver and applies the result: adds new pairs, removes unstarted ones no longer wanted. */
function assertAssignable(round: Round, now: Date) {
  if (new Date(round.closesAt) <= now) throw new InvalidState(`"${round.name}" has closed; its assignment can no longer change.`);
}

export async function runAssignment(ports: Deps, actor: { sub: string; email: string }, competitionId: string, round: Round) {
  assertAssignable(round, ports.clock.now());
  const ctx = await loadRoundContext(ports, competitionId, round);
  const p = plan(ctx, solve(ctx));
  const now = ports.clock.now().toISOString();
  const emails = new Map(ctx.reviewers.map((r) => [r.sub, r.email]));
  const pinned = new Set(round.pins.map((x) => `${x.submissionId}\n${x.reviewerSub}`));
  for (const r of p.removed) await ports.evaluation.removeUnstartedAssignment(competitionId, round.id, r.submissionId, r.reviewerSub);
  for (const a of p.added)
    await ports.evaluation.createAssignment({
      competitionId,
      roundId: round.id,
      submissionId: a.submissionId,
      reviewerSub: a.reviewerSub,
      reviewerEmail: emails.get(a.reviewerSub) ?? '',
      status: 'assigned',
      origin: pinned.has(`${a.submissionId}\n${a.reviewerSub}`) ? 'pinned' : 'solver',
      scores: {},
      comments: {},
      overallComment: '',
      meet: false,
      privateNote: '',
      assignedAt: now,
      updatedAt: now,
      version: 1,
    });
  await ports.audit.append({
    competitionId,
    at: now,
    actor,
    action: 'assignment.run',
    target: `round:${round.id}`,
    after: {
      added: p.added.length,
      removed: p.removed.length,
      kept: p.kept,
      totalAffinity: p.result.totalAffinity,
      shortfalls: p.result.shortfalls,
    },
  });
  return p;
}

export async function assignRound(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId);
  assertAllowed(competition, ports.clock.now(), 'run-assignment');
  const round = await loadRound(ports, competitionId, roundId);
  return runAssignment(ports, { sub: membership.userSub, email: membership.userEmail }, competitionId, round);
}

export async function listConflicts(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string) {
  await loadOrganisedCompetition(ports, caller, competitionId);
  const round = await loadRound(ports, competitionId, roundId);
  const ctx = await loadRoundContext(ports, competitionId, round);
  const titles = new Map(ctx.submissions.map((s) => [s.id, s.title]));
  const emails = new Map(ctx.reviewers.map((r) => [r.sub, r.email]));
  return ctx.conflicts
    .map((c) => ({ ...c, submissionTitle: titles.get(c.submissionId) ?? '', reviewerEmail: emails.get(c.reviewerSub) ?? '' }))
    .sort((a, b) => a.submissionId.localeCompare(b.submissionId) || a.reviewerSub.localeCompare(b.reviewerSub));
}

/** The organiser forbids a pair; an unsubmitted review of it is withdrawn. */
export async function forbidPair(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string, reviewerSub: string, reason: string) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId);
  assertAllowed(competition, ports.clock.now(), 'manage-reviewers');
  const round = await loadRound(ports, competitionId, roundId);
  if (!(await ports.submissions.get(competitionId, submissionId))) throw new NotFound('No such submission.');
  const at = ports.clock.now().toISOString();
  await ports.evaluation.putConflict(competitionId, roundId, { submissionId, reviewerSub, source: 'organiser', reason, createdAt: at, createdBy: membership.userSub });
  await ports.evaluation.removeUnsubmittedAssignment(competitionId, roundId, submissionId, reviewerSub);
  if (round.pins.some((p) => p.submissionId === submissionId && p.reviewerSub === reviewerSub))
    await ports.evaluation.updateRound({ ...round, pins: round.pins.filter((p) => !(p.submissionId === submissionId && p.reviewerSub === reviewerSub)), version: round.version + 1, updatedAt: at }, round.version);
  await ports.audit.append({ competitionId, at, actor: { sub: membership.userSub, email: membership.userEmail }, action: 'conflict.entered', target: `submission:${submissionId}`, after: { roundId, reviewerSub, reason } });
}

/** The organiser pins a pair: it is kept on every re-run (never a conflicted one). */
export async function pinPair(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string, reviewerSub: string) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId);
  assertAllowed(competition, ports.clock.now(), 'run-assignment');
  const round = await loadRound(ports, competitionId, roundId);
  const ctx = await loadRoundContext(ports, competitionId, round);
  if (!ctx.submissions.some((s) => s.id === submissionId)) throw new NotFound('No such submission in this round.');
  if (!ctx.reviewers.some((r) => r.sub === reviewerSub)) throw new NotFound('No such reviewer in this round.');
  const conflict = ctx.conflicts.find((c) => c.submissionId === submissionId && c.reviewerSub === reviewerSub);
  if (conflict) throw new RuleViolation('CONFLICT_OF_INTEREST', `This pair has a conflict of interest: ${conflict.reason}`, { reviewerSub: conflict.source });
  if (round.pins.some((p) => p.submissionId === submissionId && p.reviewerSub === reviewerSub)) return;
  const at = ports.clock.now().toISOString();
  await ports.evaluation.updateRound({ ...round, pins: [...round.pins, { submissionId, reviewerSub }], version: round.version + 1, updatedAt: at }, round.version);
  await ports.audit.append({ competitionId, at, actor: { sub: membership.userSub, email: membership.userEmail }, action: 'assignment.pinned', target: `submission:${submissionId}`, after: { roundId, reviewerSub } });
}

/** A reviewer drops out: their unsubmitted reviews go to others. */
export async function dropReviewer(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, reviewerSub: string) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId);
  assertAllowed(competition, ports.clock.now(), 'manage-reviewers');
  const round = await loadRound(ports, competitionId, roundId);
  assertAssignable(round, ports.clock.now()); // before changing anything
  const ctx = await loadRoundContext(ports, competitionId, round);
  const reviewer = ctx.reviewers.find((r) => r.sub === reviewerSub);
  if (!reviewer) throw new NotFound('No such reviewer in this round.');
  const at = ports.clock.now().toISOString();
  const { facts: _, ...record } = reviewer;
  await ports.evaluation.putReviewer({ ...record, active: false });
  for (const r of ctx.reviews.filter((x) => x.reviewerSub === reviewerSub && x.status !== 'submitted'))
    await ports.evaluation.removeUnsubmittedAssignment(competitionId, roundId, r.submissionId, reviewerSub);
  await ports.audit.append({ competitionId, at, actor: { sub: membership.userSub, email: membership.userEmail }, action: 'reviewer.dropped', target: `round:${roundId}`, after: { reviewerSub } });
  return runAssignment(ports, { sub: membership.userSub, email: membership.userEmail }, competitionId, round);
}

/** A reviewer declares a conflict on a submission they were assigned: it is handed to someone else. */
export async function declareConflict(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string, reason: string) {
  const who = requireIdentity(caller);
  const review = await ports.evaluation.getReview(competitionId, roundId, submissionId, who.sub);
  if (!review) throw new NotFound('You are not assigned to review this submission.');
  const competition = await ports.competitions.get(competitionId);
  if (!competition) throw new NotFound('No such competition.');
  assertAllowed(competition, ports.clock.now(), 'declare-conflict');
  if (review.status === 'submitted') throw new InvalidState('You already submitted this review; ask the organiser to remove it.');
  const round = await loadRound(ports, competitionId, roundId);
  const at = ports.clock.now().toISOString();
  await ports.evaluation.putConflict(competitionId, roundId, { submissionId, reviewerSub: who.sub, source: 'declared', reason, createdAt: at, createdBy: who.sub });
  await ports.evaluation.removeUnsubmittedAssignment(competitionId, roundId, submissionId, who.sub);
  await ports.audit.append({ competitionId, at, actor: { sub: who.sub, email: who.email }, action: 'conflict.declared', target: `submission:${submissionId}`, after: { roundId, reason } });
  if (new Date(round.closesAt) > ports.clock.now()) await runAssignment(ports, { sub: 'system', email: 'assignment' }, competitionId, round);
}

/** The round's reviewer pool with each reviewer's load and progress. */
export async function listReviewers(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string) {
  await loadOrganisedCompetition(ports, caller, competitionId);
  const round = await loadRound(ports, competitionId, roundId);
  const ctx = await loadRoundContext(ports, competitionId, round);
  const dropped = (await ports.evaluation.listReviewers(competitionId, roundId)).filter((r) => !r.active);
  const count = (sub: string, status?: string) => ctx.reviews.filter((r) => r.reviewerSub === sub && (!status || r.status === status)).length;
  return [
    ...ctx.reviewers.map(({ facts: _, ...r }) => ({ ...r, assigned: count(r.sub), submitted: count(r.sub, 'submitted') })),
    ...dropped.map((r) => ({ ...r, assigned: count(r.sub), submitted: count(r.sub, 'submitted') })),
  ];
}
