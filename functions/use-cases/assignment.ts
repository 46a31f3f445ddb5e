/**
 * Assigning reviewers to submissions in a round. The pool, the conflicts and the affinities are
 * gathered here; the optimisation itself is domain/assignment.ts (an exact min-cost flow). Reviews
 * already started are never disturbed: they enter the solver as fixed pairs. Conflicts are never
 * assigned, whatever the cost, and every conflict is listed for the organiser with its source.
 */
import { leftOwnTeam, teamReview } from './team-access.ts';
import { memberEmailsByTeam, teamEmailsOf } from '../domain/team.ts';
import { assertNotExpo } from '../domain/expo.ts';
import { assignReviewers, type AssignmentInput, type AssignmentResult } from '../domain/assignment.ts';
import { randomisedAssignment, seedFor, type RandomisedStats } from '../domain/randomised-assignment.ts';
import { affinities, automaticConflicts, type Conflict, type ReviewerFacts } from '../domain/conflicts.ts';
import { InvalidState, NotFound, RuleViolation } from '../domain/errors.ts';
import { roundMinLoad, type Review, type Round } from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import type { Reviewer } from '../domain/invitation.ts';
import { trustedEmail } from '../domain/membership.ts';
import type { Submission } from '../domain/submission.ts';
import { assertAllowed } from '../domain/lifecycle.ts';
import { loadOrganisedCompetition, requireIdentity } from './access.ts';
import { allMembers, submittedSubmissions } from './all-pages.ts';
import type { Ports } from './ports.ts';
import { rankingInputsChanged, type InputsChangedPorts } from './ranking-job.ts';
import { shortlistFor } from './ranking.ts';
import { loadOrganisedRound, loadRound } from './rounds.ts';
import { startJobFor } from './jobs.ts';
import { REVIEWER_LOADS_JOB } from './reviewer-loads-job.ts';
import { clusterConflicts } from './peer-selection.ts';
import { countTransition } from './dashboard.ts';
import { roundDelta } from '../domain/dashboard.ts';
import type { Competition } from '../domain/competition.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'audit' | 'clock' | 'ids' | 'pitches'>;
/** What also moves the organiser dashboard's counters (use-cases/dashboard.ts). */
type CountingDeps = Deps & Pick<Ports, 'dashboard'>;

export interface RoundContext {
  round: Round;
  submissions: Submission[];
  reviewers: (Reviewer & { facts: ReviewerFacts })[];
  conflicts: (Conflict & { recordedAt?: string })[];
  reviews: Review[];
}

/** Everything the solver and the organiser's conflict list need for one round. */
export async function loadRoundContext(ports: Deps, competitionId: string, round: Round, options: { withReviews?: boolean } = {}): Promise<RoundContext> {
  const [memberships, allSubmitted, reviews, recorded, invited] = await Promise.all([
    allMembers(ports, competitionId),
    submittedSubmissions(ports, competitionId),
    // The conflict list needs no reviews (withReviews: false): `reviews` is then empty.
    options.withReviews === false ? Promise.resolve([]) : ports.evaluation.listRoundReviews(competitionId, round.id),
    ports.evaluation.listConflicts(competitionId, round.id),
    ports.evaluation.listReviewers(competitionId, round.id),
  ]);
  const submissions = round.shortlist ? await shortlistFor(ports, competitionId, round, allSubmitted) : allSubmitted;
  const bySub = new Map(memberships.map((m) => [m.userSub, m]));
  const ownSubmission = new Map(allSubmitted.map((s) => [s.ownerSub, s]));
  // Teams' signed-in members' verified addresses join their registration's team e-mails (domain/team.ts).
  const teamMembers = memberEmailsByTeam(memberships);

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
          teamEmails: teamEmailsOf(bySub.get(r.sub), teamMembers, r.sub),
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
        teamEmails: teamEmailsOf(m, teamMembers, s.ownerSub),
      };
    }),
  );
  for (const c of recorded) conflicts.push({ submissionId: c.submissionId, reviewerSub: c.reviewerSub, source: c.source, reason: c.reason, recordedAt: c.createdAt });
  return { round, submissions, reviewers, conflicts, reviews };
}

/** A plan's solver answer; a randomised round's also says how it was drawn (run n of the round). */
export type PlannedResult = AssignmentResult & { randomised?: RandomisedStats & { run: number } };

/**
 * The round's assignment. A randomised round (`randomise`) draws run `run` (default: the next one,
 * what a preview shows) with the seed seedFor(round id, run): the same inputs and run, the same pairs.
 */
export function solve(ctx: RoundContext, run = (ctx.round.assignmentRuns ?? 0) + 1): PlannedResult {
  // Only the pairs that share a tag, as typed arrays: the solver treats every other pair as 0.
  const affinityByIndex = affinities(
    ctx.submissions.map((s) => [...s.sectors, ...s.valueChain]),
    ctx.reviewers.map((r) => r.interests),
  );
  const inScope = new Set(ctx.submissions.map((s) => s.id));
  const inPool = new Set(ctx.reviewers.map((r) => r.sub));
  const started = ctx.reviews.filter((r) => r.status !== 'assigned' && inScope.has(r.submissionId) && inPool.has(r.reviewerSub));
  return solveWith(ctx.round, run, {
    submissions: ctx.submissions.map((s) => s.id),
    reviewers: ctx.reviewers.map((r) => r.sub),
    k: ctx.round.k,
    maxLoad: ctx.round.maxLoad,
    // Hard minimum (a peer round's default 1: every submitting team gets a review duty when the pool allows).
    minLoad: roundMinLoad(ctx.round),
    objective: ctx.round.assignmentObjective ?? 'balance-first',
    affinity: [],
    affinityByIndex,
    conflicts: [
      ...ctx.conflicts.map((c) => ({ submission: c.submissionId, reviewer: c.reviewerSub })),
      // An impartial round: no team reviews its own cluster (use-cases/peer-selection.ts).
      ...clusterConflicts(ctx.round, ctx.submissions, ctx.reviewers, [...ctx.round.pins.map((p) => ({ submission: p.submissionId, reviewer: p.reviewerSub })), ...started.map((r) => ({ submission: r.submissionId, reviewer: r.reviewerSub }))]),
    ],
    pinned: ctx.round.pins
      .filter((p) => inScope.has(p.submissionId) && inPool.has(p.reviewerSub))
      .map((p) => ({ submission: p.submissionId, reviewer: p.reviewerSub })),
    fixed: started.map((r) => ({ submission: r.submissionId, reviewer: r.reviewerSub })),
  });
}

/** The deterministic optimum, or for a randomised round a draw with each pair at probability ≤ q. */
function solveWith(round: Round, run: number, input: AssignmentInput): PlannedResult {
  if (!round.randomise) return assignReviewers(input);
  const out = randomisedAssignment(input, { q: round.randomise.q, seed: seedFor(round.id, run) });
  return { ...out, randomised: { ...out.randomised, run } };
}

export interface AssignmentPlan {
  result: PlannedResult;
  added: { submissionId: string; reviewerSub: string }[];
  removed: { submissionId: string; reviewerSub: string }[];
  kept: number;
  reviewers: number;
  submissions: number;
  conflicts: number;
}

function plan(ctx: RoundContext, result: PlannedResult): AssignmentPlan {
  const key = (s: string, r: string) => `${s}\n${r}`;
  const current = new Map(ctx.reviews.map((r) => [key(r.submissionId, r.reviewerSub), r]));
  const next = new Set(result.pairs.map((p) => key(p.submission, p.reviewer)));
  return {
    result,
    added: result.pairs.filter((p) => !current.has(key(p.submission, p.reviewer))).map((p) => ({ submissionId: p.submission, reviewerSub: p.reviewer })),
    removed: ctx.reviews
      // An extra review the organisers asked for (use-cases/moderation.ts) stays on every re-run.
      .filter((r) => r.status === 'assigned' && r.origin !== 'extra' && !next.has(key(r.submissionId, r.reviewerSub)))
      .map((r) => ({ submissionId: r.submissionId, reviewerSub: r.reviewerSub })),
    kept: result.pairs.filter((p) => current.has(key(p.submission, p.reviewer))).length,
    reviewers: ctx.reviewers.length,
    submissions: ctx.submissions.length,
    conflicts: ctx.conflicts.length,
  };
}

export async function previewAssignment(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string) {
  await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  const round = await loadRound(ports, competitionId, roundId);
  assertNotExpo(round);
  const ctx = await loadRoundContext(ports, competitionId, round);
  return plan(ctx, solve(ctx));
}

function assertAssignable(round: Round, now: Date) {
  if (new Date(round.closesAt) <= now) throw new InvalidState(`"${round.name}" has closed; its assignment can no longer change.`);
}

/** The kind under which assignment runs are registered (use-cases/job-handlers.ts). */
export const ASSIGNMENT_JOB = 'assignment';
/** Conditional deletes in flight at once while unstarted assignments are withdrawn. */
const DELETE_PARALLEL = 8;
/** Assignments written between two looks at the time left (and two progress reports). */
const WRITE_CHUNK = 1_000;

export interface ApplyOptions {
  /**
   * Batched writes (BatchWriteItem) for the new pairs — the job's way, at any scale. Without it each
   * new pair is one conditional put (attribute_not_exists): what the small re-runs inside a request
   * (a declared conflict, a dropped reviewer) use, so they never rewrite an item.
   */
  batched?: boolean;
  progress?: (done: number, total: number, step: string) => Promise<void>;
  /** Asked between chunks of writes: true stops the run early (the job continues later, re-planning). */
  shouldStop?: () => boolean;
  /** Called with the plan before anything is written (the job keeps the first plan's figures). */
  planned?: (p: AssignmentPlan) => Promise<void>;
  /** A randomised round: the run to draw again (a continuation); absent, a new run is counted on the round. */
  run?: number;
  /** The competition: when given, the dashboard's counters follow the writes — one ADD per chunk of new pairs, one for the withdrawn (use-cases/dashboard.ts). */
  competition?: Pick<Competition, 'id' | 'schedule'>;
}

/** A randomised round's next run, counted on the round in one conditional write: a seed is never drawn twice. */
async function claimRun(ports: Deps, round: Round): Promise<number> {
  const run = (round.assignmentRuns ?? 0) + 1;
  await ports.evaluation.updateRound({ ...round, assignmentRuns: run, version: round.version + 1, updatedAt: ports.clock.now().toISOString() }, round.version);
  return run;
}

/** What applying did; `stopped` when shouldStop cut it short (nothing is half-written: re-planning resumes). */
/**
 * `stopped`: cut short by shouldStop. `poolMoved`: while it was planned and written, a reviewer left
 * the pool or a conflict was recorded (a drop or a declaration joins a run under way, startJobFor),
 * so the plan may hand work to someone who must not have it: plan again.
 */
export type AppliedPlan = AssignmentPlan & { stopped?: boolean; poolMoved?: boolean };

/** Runs `f` over `items`, at most `parallel` at once. */
async function eachBounded<T>(items: T[], parallel: number, f: (t: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, async () => {
    while (next < items.length) await f(items[next++]!);
  }));
}

/**
 * Runs the solver and applies the result: adds new pairs, removes unstarted ones no longer wanted.
 * Repeatable: the solver is deterministic and unstarted assignments are not among its inputs, so
 * running it again after a partial apply gives the same pairs, and only what is still missing (or
 * still to remove) is written. Removals are conditional on the review not having started.
 */
export async function applyAssignment(ports: CountingDeps, competitionId: string, round: Round, options: ApplyOptions = {}): Promise<AppliedPlan> {
  assertAssignable(round, ports.clock.now());
  await options.progress?.(0, 0, 'Computing the assignment');
  const ctx = await loadRoundContext(ports, competitionId, round);
  const run = round.randomise ? (options.run ?? (await claimRun(ports, round))) : undefined;
  const p = plan(ctx, solve(ctx, run));
  const now = ports.clock.now().toISOString();
  const emails = new Map(ctx.reviewers.map((r) => [r.sub, r.email]));
  const pinned = new Set(round.pins.map((x) => `${x.submissionId}\n${x.reviewerSub}`));
  await options.planned?.(p);
  const total = p.removed.length + p.added.length;
  await options.progress?.(0, total, 'Saving the assignments');
  let withdrawn = 0;
  await eachBounded(p.removed, DELETE_PARALLEL, async (r) => {
    if (await ports.evaluation.removeUnstartedAssignment(competitionId, round.id, r.submissionId, r.reviewerSub)) withdrawn += 1;
  });
  // Only the removals that happened (a re-run finds them gone: false) count, once, after their writes.
  if (options.competition && withdrawn) await countTransition(ports, options.competition, now, roundDelta(round.id, { assigned: -withdrawn }));
  const reviews: Review[] = p.added.map((a) => ({
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
  }));
  let done = p.removed.length;
  for (let i = 0; i < reviews.length; i += WRITE_CHUNK) {
    if (options.shouldStop?.()) return { ...p, stopped: true };
    const chunk = reviews.slice(i, i + WRITE_CHUNK);
    const base = done;
    // Batched, every pair of the chunk is new (the plan left out those assigned); one by one, only those the conditional put created.
    let created = chunk.length;
    if (options.batched) await ports.evaluation.createAssignments(chunk, (written) => options.progress?.(base + written, total, 'Saving the assignments'));
    else {
      created = 0;
      await eachBounded(chunk, DELETE_PARALLEL, async (r) => {
        if (await ports.evaluation.createAssignment(r)) created += 1;
      });
    }
    // One ADD per chunk, after its writes: a crash in between loses the chunk's count (the recount
    // restores it), and a re-run plans without the pairs written, so none is counted twice.
    if (options.competition) await countTransition(ports, options.competition, now, roundDelta(round.id, { assigned: created })); // on the reviews' assignedAt day
    done += chunk.length;
    await options.progress?.(done, total, 'Saving the assignments');
  }
  return { ...p, poolMoved: await poolMovedSince(ports, competitionId, ctx) };
}

/** Whether a reviewer of `ctx`'s pool was dropped, or a conflict recorded, since `ctx` was read (two queries of the round). */
async function poolMovedSince(ports: Deps, competitionId: string, ctx: RoundContext): Promise<boolean> {
  const [recorded, invited] = await Promise.all([ports.evaluation.listConflicts(competitionId, ctx.round.id), ports.evaluation.listReviewers(competitionId, ctx.round.id)]);
  const key = (c: { submissionId: string; reviewerSub: string }) => `${c.submissionId}\n${c.reviewerSub}`;
  const known = new Set(ctx.conflicts.filter((c) => c.recordedAt !== undefined).map(key));
  const inPool = new Set(ctx.reviewers.map((r) => r.sub));
  return recorded.some((c) => !known.has(key(c))) || invited.some((r) => !r.active && inPool.has(r.sub));
}

export function auditAssignment(ports: Deps, actor: { sub: string; email: string }, competitionId: string, round: Round, figures: AssignmentFigures) {
  return ports.audit.append({
    competitionId,
    at: ports.clock.now().toISOString(),
    actor,
    action: 'assignment.run',
    target: `round:${round.id}`,
    after: { ...figures },
  });
}

/** What the audit trail and a finished job record of a run. */
export interface AssignmentFigures {
  added: number;
  removed: number;
  kept: number;
  totalAffinity: number;
  shortfalls: AssignmentResult['shortfalls'];
  /** Minimum loads no assignment could meet, and why (absent in runs recorded before minimums). */
  minimumShortfalls?: NonNullable<AssignmentResult['minimumShortfalls']>;
  /** A randomised run: q, and the seed it was drawn with (run n of the round), to reproduce it. */
  randomised?: { q: number; seed: number; run: number };
}

export const figuresOf = (p: AssignmentPlan): AssignmentFigures => ({
  added: p.added.length,
  removed: p.removed.length,
  kept: p.kept,
  totalAffinity: p.result.totalAffinity,
  shortfalls: p.result.shortfalls,
  minimumShortfalls: p.result.minimumShortfalls ?? [],
  ...(p.result.randomised ? { randomised: { q: p.result.randomised.q, seed: p.result.randomised.seed, run: p.result.randomised.run } } : {}),
});

/** The checks a run must pass, when it is asked for and again when its job runs. */
export async function checkAssignable(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, options: { allowExpo?: boolean } = {}) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  const now = ports.clock.now();
  assertAllowed(competition, now, 'run-assignment');
  const round = await loadRound(ports, competitionId, roundId);
  if (!options.allowExpo) assertNotExpo(round);
  assertAssignable(round, now);
  return { competition, membership, round };
}

/**
 * Starts the assignment of a round as a job (use-cases/assignment-job.ts): the checks here, so a
 * wrong request is refused at once; the solving and the writes in the job. Starting it again while
 * it runs answers the same job.
 */
export async function startAssignment(ports: Deps & Pick<Ports, 'jobs' | 'jobQueue'>, caller: Identity | undefined, competitionId: string, roundId: string) {
  const { round } = await checkAssignable(ports, caller, competitionId, roundId);
  return startJobFor(ports, caller!, competitionId, ASSIGNMENT_JOB, { roundId: round.id });
}

/** The organiser forbids a pair; an unsubmitted review of it is withdrawn. */
export async function forbidPair(ports: CountingDeps, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string, reviewerSub: string, reason: string) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  assertAllowed(competition, ports.clock.now(), 'manage-reviewers');
  const round = await loadRound(ports, competitionId, roundId);
  if (!(await ports.submissions.get(competitionId, submissionId))) throw new NotFound('No such submission.');
  const at = ports.clock.now().toISOString();
  await ports.evaluation.putConflict(competitionId, roundId, { submissionId, reviewerSub, source: 'organiser', reason, createdAt: at, createdBy: membership.userSub });
  const withdrawn = await ports.evaluation.removeUnsubmittedAssignment(competitionId, roundId, submissionId, reviewerSub);
  if (round.pins.some((p) => p.submissionId === submissionId && p.reviewerSub === reviewerSub))
    await ports.evaluation.updateRound({ ...round, pins: round.pins.filter((p) => !(p.submissionId === submissionId && p.reviewerSub === reviewerSub)), version: round.version + 1, updatedAt: at }, round.version);
  await Promise.all([
    ports.audit.append({ competitionId, at, actor: { sub: membership.userSub, email: membership.userEmail }, action: 'conflict.entered', target: `submission:${submissionId}`, after: { roundId, reviewerSub, reason } }),
    withdrawn ? countTransition(ports, competition, at, roundDelta(roundId, { assigned: -1 })) : undefined, // the dashboard (use-cases/dashboard.ts)
  ]);
}

/** The organiser pins a pair: it is kept on every re-run (never a conflicted one). */
export async function pinPair(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string, reviewerSub: string) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  assertAllowed(competition, ports.clock.now(), 'run-assignment');
  const round = await loadRound(ports, competitionId, roundId);
  assertNotExpo(round);
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

/**
 * A reviewer drops out: marked out of the pool, their unsubmitted reviews withdrawn, and the
 * round's assignment job started (as the organiser asking) to hand those reviews to others — at
 * 20,000 entries a re-run takes a minute, not a request's work. Answers the job (new, or the run
 * already under way). Only the reviewer's own items are read: their record or entry, and their
 * reviews in the competition (gsi1), not the round.
 */
export async function dropReviewer(ports: CountingDeps & Pick<Ports, 'jobs' | 'jobQueue'>, caller: Identity | undefined, competitionId: string, roundId: string, reviewerSub: string) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  assertAllowed(competition, ports.clock.now(), 'manage-reviewers');
  const round = await loadRound(ports, competitionId, roundId);
  assertAssignable(round, ports.clock.now()); // before changing anything
  const reviewer = await poolReviewer(ports, competitionId, round, reviewerSub);
  if (!reviewer) throw new NotFound('No such reviewer in this round.');
  const at = ports.clock.now().toISOString();
  await ports.evaluation.putReviewer({ ...reviewer, active: false });
  const open = (await ports.evaluation.listReviewerQueue(reviewerSub, competitionId)).filter((r) => r.roundId === roundId && r.status !== 'submitted');
  let withdrawn = 0;
  await eachBounded(open, DELETE_PARALLEL, async (r) => {
    if (await ports.evaluation.removeUnsubmittedAssignment(competitionId, roundId, r.submissionId, reviewerSub)) withdrawn += 1;
  });
  await Promise.all([
    ports.audit.append({ competitionId, at, actor: { sub: membership.userSub, email: membership.userEmail }, action: 'reviewer.dropped', target: `round:${roundId}`, after: { reviewerSub, withdrawn: open.length } }),
    withdrawn ? countTransition(ports, competition, at, roundDelta(roundId, { assigned: -withdrawn })) : undefined, // the dashboard (use-cases/dashboard.ts)
  ]);
  return startJobFor(ports, caller!, competitionId, ASSIGNMENT_JOB, { roundId });
}

/** A reviewer of the round's pool by their sub (as loadRoundContext builds the pool), from their own items only. */
async function poolReviewer(ports: Deps, competitionId: string, round: Round, sub: string): Promise<Reviewer | undefined> {
  const [record] = await ports.evaluation.getReviewers(competitionId, round.id, [sub]);
  if (round.kind !== 'peer') return record?.active ? record : undefined;
  if (record && !record.active) return undefined;
  const [entries, member] = await Promise.all([ports.submissions.listForOwner(sub), ports.memberships.get(competitionId, sub)]);
  const s = entries.find((x) => x.competitionId === competitionId && x.status === 'submitted');
  if (!s) return undefined;
  return {
    competitionId,
    roundId: round.id,
    sub,
    email: member?.userEmail ?? '',
    name: s.organisationName,
    interests: [...s.sectors, ...s.valueChain],
    source: 'entrant',
    active: true,
    joinedAt: s.submittedAt ?? s.createdAt,
  };
}

/** A reviewer declares a conflict on a submission they were assigned: it is handed to someone else (by the assignment job). */
export async function declareConflict(ports: CountingDeps & InputsChangedPorts, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string, reason: string) {
  const who = requireIdentity(caller);
  // A team's editors declare for the team, whose assignment it is (use-cases/team-access.ts).
  const [ownReview, membership] = await Promise.all([ports.evaluation.getReview(competitionId, roundId, submissionId, who.sub), ports.memberships.get(competitionId, who.sub)]);
  const review = (leftOwnTeam(membership) ? undefined : ownReview) ?? (await teamReview(ports, who, competitionId, roundId, submissionId, membership ?? null));
  if (!review) throw new NotFound('You are not assigned to review this submission.');
  const reviewerSub = review.reviewerSub;
  const competition = await ports.competitions.get(competitionId);
  if (!competition) throw new NotFound('No such competition.');
  assertAllowed(competition, ports.clock.now(), 'declare-conflict');
  if (review.status === 'submitted') throw new InvalidState('You already submitted this review; ask the organiser to remove it.');
  const round = await loadRound(ports, competitionId, roundId);
  const at = ports.clock.now().toISOString();
  await ports.evaluation.putConflict(competitionId, roundId, { submissionId, reviewerSub, source: 'declared', reason, createdAt: at, createdBy: who.sub });
  const withdrawn = await ports.evaluation.removeUnsubmittedAssignment(competitionId, roundId, submissionId, reviewerSub);
  await Promise.all([
    ports.audit.append({ competitionId, at, actor: { sub: who.sub, email: who.email }, action: 'conflict.declared', target: `submission:${submissionId}`, after: { roundId, reason } }),
    withdrawn ? countTransition(ports, competition, at, roundDelta(roundId, { assigned: -1 })) : undefined, // the dashboard (use-cases/dashboard.ts)
  ]);
  await rankingInputsChanged(ports, who, competitionId);
  // Handed to someone else by the round's assignment job (at 20,000 entries a re-run takes a
  // minute: not inside a reviewer's request), run on behalf of the competition's organiser (the job
  // checks that its requester organises it; the trail shows the declared conflict just before).
  if (new Date(round.closesAt) > ports.clock.now()) {
    const organiser = await ports.memberships.get(competitionId, competition.createdBy);
    const onBehalf: Identity = { sub: competition.createdBy, email: organiser?.userEmail ?? '', name: 'Podium (after a declared conflict)', groups: [] };
    await startJobFor(ports, onBehalf, competitionId, ASSIGNMENT_JOB, { roundId });
  }
}

/**
 * A page of the round's reviewer pool with each reviewer's load and progress. Peer rounds: the
 * entrants who submitted (a page of them from the status index), each as its dropped record if
 * it was dropped; other rounds: the reviewer records. Loads come from the page's reviewers' load
 * items (one batched read, adapters/dynamodb/evaluation-repository.ts), not from the round's reviews.
 * A round from before load items existed is counted once by a job (reviewer-loads-job.ts); until
 * it has run, the loads are counted from the round's reviews, as before.
 */
export async function listReviewers(ports: Deps & Pick<Ports, 'jobs' | 'jobQueue'>, caller: Identity | undefined, competitionId: string, roundId: string, limit: number, cursor?: string) {
  const { round } = await loadOrganisedRound(ports, caller, competitionId, roundId, 'read');
  let pool: Reviewer[];
  let nextCursor: string | undefined;
  if (round.kind === 'peer') {
    const page = await ports.submissions.listForCompetition(competitionId, { status: 'submitted' }, limit, cursor);
    const subs = page.items.map((s) => s.ownerSub);
    const [members, records] = await Promise.all([ports.memberships.getMany(competitionId, subs), ports.evaluation.getReviewers(competitionId, roundId, subs)]);
    const emails = new Map(members.map((m) => [m.userSub, m.userEmail]));
    const dropped = new Map(records.filter((r) => !r.active).map((r) => [r.sub, r]));
    pool = page.items.map(
      (s) =>
        dropped.get(s.ownerSub) ?? {
          competitionId,
          roundId,
          sub: s.ownerSub,
          email: emails.get(s.ownerSub) ?? '',
          name: s.organisationName,
          interests: [...s.sectors, ...s.valueChain],
          source: 'entrant' as const,
          active: true,
          joinedAt: s.submittedAt ?? s.createdAt,
        },
    );
    nextCursor = page.nextCursor;
  } else {
    const page = await ports.evaluation.pageReviewers(competitionId, roundId, limit, cursor);
    pool = page.items;
    nextCursor = page.nextCursor;
  }
  let loads = await ports.evaluation.reviewerLoads(competitionId, roundId, pool.map((r) => r.sub));
  if (!loads) {
    await startJobFor(ports, caller!, competitionId, REVIEWER_LOADS_JOB, { roundId });
    loads = await ports.evaluation.reviewLoads(competitionId, roundId);
  }
  const items = pool.map((r) => ({ ...r, assigned: loads.get(r.sub)?.assigned ?? 0, submitted: loads.get(r.sub)?.submitted ?? 0 }));
  return { items, ...(nextCursor ? { nextCursor } : {}) };
}
