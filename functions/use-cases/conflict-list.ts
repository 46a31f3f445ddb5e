/**
 * A round's conflict list for the organiser, a page at a time, at any size (issue 10).
 *
 * The automatic conflicts (domain/conflicts.ts) follow from every membership, submitted entry and
 * reviewer record of the competition, so they are worked out by a job (kind 'conflicts', params
 * { roundId }) and stored with the version of those inputs they were derived from
 * (adapters/dynamodb/conflict-list.ts: every write of an input moves a counter on). A page then
 * reads the pointer, the counter and one page of items: the same few calls at 100 entries or
 * 20,000. The recorded conflicts — declared by a reviewer, entered by the organiser — are their own
 * items, merged into every page as they stand, so a new one shows at once.
 *
 * When the stored list is behind its inputs (or there is none yet): up to SMALL_CONFLICT_LIST
 * submitted entries a page works the list out for itself, as it always did, and stores nothing (a
 * read never writes); a larger competition's page starts the job (or joins the unfinished one)
 * and answers what is stored, marked `stale`, with the job to follow (`refresh`).
 */
import { memberEmailsByTeam, teamEmailsOf } from '../domain/team.ts';
import { automaticConflicts, type Conflict, type ReviewerFacts } from '../domain/conflicts.ts';
import { DomainError } from '../domain/errors.ts';
import type { Round } from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import type { Job } from '../domain/job.ts';
import type { Reviewer } from '../domain/invitation.ts';
import { trustedEmail } from '../domain/membership.ts';
import { allMembers } from './all-pages.ts';
import { loadRoundContext } from './assignment.ts';
import { startJobFor, viewJob, type JobContext, type JobHandler } from './jobs.ts';
import type { ConflictListHeader, Ports } from './ports.ts';
import { loadOrganisedRound } from './rounds.ts';

export const CONFLICTS_JOB = 'conflicts';

/** Up to this many submitted entries, a page that finds the stored list behind works it out at once. */
export const SMALL_CONFLICT_LIST = 500;

/**
 * How long after an input write a derivation waits before reading: the entries come from the
 * status index (gsi3), which follows the table by a moment — read at once, an entry just submitted
 * could be missing from a list stamped as current.
 */
export const INDEX_SETTLE_MS = 1_000;

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'results' | 'audit' | 'clock' | 'ids' | 'pitches'>;

/**
 * What of the round a list follows from beside the counted inputs: its kind (who the pool is) and
 * shortlist (which entries) — and for a shortlist, the ranking inputs' version, since the entries
 * are the top of a ranking.
 */
export async function conflictBasis(ports: Pick<Ports, 'results'>, competitionId: string, round: Round): Promise<string> {
  const ranking = round.shortlist ? (await ports.results.getInputs(competitionId)).version : undefined;
  return JSON.stringify({ kind: round.kind, shortlist: round.shortlist ?? null, ...(ranking !== undefined ? { ranking } : {}) });
}

/**
 * A round's automatic conflicts as the solver sees them (use-cases/assignment.ts loadRoundContext),
 * without what they do not need: no reviews, and the submitted entries as id and owner from the
 * status index instead of whole submissions. A shortlist round (its entries come from a ranking)
 * takes the full context.
 */
export async function deriveAutomaticConflicts(ports: Deps, competitionId: string, round: Round): Promise<{ conflicts: Conflict[]; entries: number }> {
  if (round.shortlist) {
    const ctx = await loadRoundContext(ports, competitionId, round, { withReviews: false });
    return { conflicts: ctx.conflicts.filter((c) => c.recordedAt === undefined), entries: ctx.submissions.length };
  }
  const [memberships, owners, invited] = await Promise.all([
    allMembers(ports, competitionId),
    ports.submissions.listOwners(competitionId, 'submitted'),
    ports.evaluation.listReviewers(competitionId, round.id),
  ]);
  const bySub = new Map(memberships.map((m) => [m.userSub, m]));
  const ownSubmission = new Map(owners.map((s) => [s.ownerSub, s.id]));
  // Teams' signed-in members' verified addresses join their registration's team e-mails (domain/team.ts).
  const teamMembers = memberEmailsByTeam(memberships);
  const dropped = new Set(invited.filter((r) => !r.active).map((r) => r.sub));
  const pool: { sub: string; email: string; source: Reviewer['source'] }[] =
    round.kind === 'peer'
      ? owners.filter((s) => !dropped.has(s.ownerSub)).map((s) => ({ sub: s.ownerSub, email: bySub.get(s.ownerSub)?.userEmail ?? '', source: 'entrant' }))
      : invited.filter((r) => r.active).map((r) => ({ sub: r.sub, email: r.email, source: r.source }));
  const facts: ReviewerFacts[] = pool
    .map((r) => {
      const registration = bySub.get(r.sub)?.registration;
      return {
        sub: r.sub,
        email: r.source === 'invitation' ? r.email : trustedEmail(bySub.get(r.sub)),
        registryId: registration?.registryId,
        submissionId: ownSubmission.get(r.sub),
        teamEmails: teamEmailsOf(bySub.get(r.sub), teamMembers, r.sub),
      };
    })
    .sort((a, b) => a.sub.localeCompare(b.sub));
  const conflicts = automaticConflicts(
    facts,
    owners.map((s) => {
      const m = bySub.get(s.ownerSub);
      return { submissionId: s.id, ownerSub: s.ownerSub, ownerEmail: trustedEmail(m), registryId: m?.registration?.registryId ?? '', teamEmails: teamEmailsOf(m, teamMembers, s.ownerSub) };
    }),
  );
  return { conflicts, entries: owners.length };
}

/**
 * Derives a round's automatic conflicts and stores them as its current list: the counter is read
 * before the inputs, so the version recorded is never newer than what was read.
 */
export async function refreshConflictList(ports: Deps, competitionId: string, round: Round, onProgress?: (done: number, total: number) => Promise<void>) {
  const inputs = await ports.evaluation.conflictInputs(competitionId);
  const wait = inputs.changedAtMs === undefined ? 0 : inputs.changedAtMs + INDEX_SETTLE_MS - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, INDEX_SETTLE_MS)));
  const inputsVersion = inputs.version;
  const basis = await conflictBasis(ports, competitionId, round);
  const { conflicts, entries } = await deriveAutomaticConflicts(ports, competitionId, round);
  const header: ConflictListHeader = {
    competitionId,
    roundId: round.id,
    computationId: ports.ids.next(),
    inputsVersion,
    basis,
    computedAt: ports.clock.now().toISOString(),
    count: conflicts.length,
    entries,
  };
  const published = await ports.evaluation.saveConflictList(header, conflicts, onProgress);
  return { header, published };
}

/** The 'conflicts' job: one derivation, stored (idempotent: a re-run stores another computation of the same inputs). */
export const conflictsJob: JobHandler = async (ports: Ports, job: Job, ctx: JobContext) => {
  const round = await ports.evaluation.getRound(job.competitionId, String(job.params.roundId ?? ''));
  if (!round) return { rows: 0 };
  await ctx.progress(0, undefined, 'Working out the conflicts of interest');
  const { header, published } = await refreshConflictList(ports, job.competitionId, round, (done, total) => ctx.progress(done, total, 'Saving the conflicts of interest'));
  return { rows: header.count, counts: { conflicts: header.count, entries: header.entries, current: published ? 1 : 0 } };
};

/** A page of the round's conflicts, by reviewer then submission (see the header). */
export async function listConflicts(
  ports: Deps & Pick<Ports, 'jobs' | 'jobQueue' | 'files'>,
  caller: Identity | undefined,
  competitionId: string,
  roundId: string,
  limit: number,
  cursor?: string,
) {
  const { round } = await loadOrganisedRound(ports, caller, competitionId, roundId, 'read');
  const [list, version, basis] = await Promise.all([
    ports.evaluation.getConflictList(competitionId, roundId),
    ports.evaluation.conflictInputs(competitionId),
    conflictBasis(ports, competitionId, round),
  ]);
  let automatic: Parameters<Ports['evaluation']['pageConflicts']>[2];
  let refresh: Job | undefined;
  let stale = false;
  if (list && list.inputsVersion >= version.version && list.basis === basis) automatic = { computationId: list.computationId };
  else if ((await ports.submissions.countInStatus(competitionId, 'submitted', SMALL_CONFLICT_LIST + 1)) <= SMALL_CONFLICT_LIST)
    automatic = { items: (await deriveAutomaticConflicts(ports, competitionId, round)).conflicts };
  else {
    stale = true;
    automatic = list && list.basis === basis ? { computationId: list.computationId } : undefined;
    try {
      refresh = (await startJobFor(ports, caller!, competitionId, CONFLICTS_JOB, { roundId })).job;
    } catch (e) {
      // Recorded by the counter: the next page starts it.
      if (!(e instanceof DomainError)) throw e;
    }
  }
  const page = await ports.evaluation.pageConflicts(competitionId, roundId, automatic, limit, cursor);
  // Titles and addresses for the page's rows only (one batched read each).
  const subs = [...new Set(page.items.map((c) => c.reviewerSub))];
  const [submissions, emails] = await Promise.all([
    ports.submissions.getMany([...new Set(page.items.map((c) => c.submissionId))].map((id) => ({ competitionId, id }))),
    round.kind === 'peer'
      ? ports.memberships.getMany(competitionId, subs).then((ms) => new Map(ms.map((m) => [m.userSub, m.userEmail])))
      : ports.evaluation.getReviewers(competitionId, roundId, subs).then((rs) => new Map(rs.map((r) => [r.sub, r.email]))),
  ]);
  const titles = new Map(submissions.map((s) => [s.id, s.title]));
  return {
    items: page.items.map((c) => ({ ...c, submissionTitle: titles.get(c.submissionId) ?? '', reviewerEmail: emails.get(c.reviewerSub) ?? '' })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    stale,
    ...(refresh ? { refresh: await viewJob(ports, refresh) } : {}),
  };
}
