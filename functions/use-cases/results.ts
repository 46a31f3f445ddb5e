/**
 * Deciding and announcing results. Before publication nothing about the outcome is visible to
 * anyone but the organisers. Publishing first checks a list of guard rails (rounds still open,
 * reviews outstanding, an early date…) that only a written reason can override, then freezes
 * the award ledger, stores the results snapshot (domain/results.ts) and points the competition at
 * it. From then on public results, outcomes, feedback reports and exports all read that
 * snapshot, so nothing anyone was shown changes — unless an organiser amends the results, with a
 * reason, which publishes a new snapshot, is audited and tells the entrants it affects.
 */
import { planTotals } from '../domain/awards.ts';
import { effectiveClose, type Competition, type Publishing } from '../domain/competition.ts';
import { InvalidState, NotFound, VersionConflict } from '../domain/errors.ts';
import { roundPhase } from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import { assertAllowed, resultsVisible, stateOf } from '../domain/lifecycle.ts';
import type { ResultEntry, ResultsHeader } from '../domain/results.ts';
import { inZone } from '../domain/time.ts';
import { hasCapability, loadOrganisedCompetition, loadVisibleCompetition, requireIdentity } from './access.ts';
import { allPages } from './all-pages.ts';
import { proposalFor, smeLookup } from './awards.ts';
import { viewCompetition } from './competition-view.ts';
import type { Ports } from './ports.ts';
import { computeResults, resultEntryOf, resultsOf } from './results-snapshot.ts';
import { storedResults } from './results-stored.ts';
import { currentRanking, freshnessOf, rankingCompute, type RankingSource } from './ranking.ts';
import { startJobFor, viewJob } from './jobs.ts';
import { seatOf } from '../domain/team.ts';
import { requireEditor, teamSubmissionId } from './team-access.ts';
import { loadSubmission } from './submissions.ts';
import { rankingReason } from '../shared/ranking-reasons.ts';

type Deps = Pick<
  Ports,
  'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'results' | 'audit' | 'clock' | 'ids' | 'notifications' | 'mailer' | 'pitches' | 'jobs' | 'jobQueue' | 'files'
> & { webOrigin: string };

// ---- the checklist -------------------------------------------------------------------------------

/**
 * One item of the checklist: a stable code, its figures (`params`: instants as ISO strings, the
 * web shows them in the competition's zone) and, per round where it applies, the round's figures;
 * the web words it in the reader's language (web/src/checklist-text.ts), `message` is the English.
 */
export interface ChecklistItem<Code extends string> {
  code: Code;
  message: string;
  params: Record<string, string | number>;
  rounds?: { name: string; count: number; titles?: string[] }[];
}
export type ChecklistProblem = ChecklistItem<'SUBMISSIONS_OPEN' | 'ROUND_OPEN' | 'REVIEWS_OUTSTANDING' | 'UNDER_REVIEWED' | 'BEFORE_RESULTS_DATE'>;
export type ChecklistWarning = ChecklistItem<'SME_SHARE' | 'AWARDS_DIFFER' | 'NO_AWARDS' | 'EXPO_UNSEEN'>;

/**
 * What the organiser should know before publishing, and what stops publication unless they give
 * a written reason. Read-only.
 */
export async function publicationChecklist(ports: Deps, caller: Identity | undefined, competitionId: string) {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  return checklistFor(ports, competition, caller);
}

/**
 * The figures that depend on every review, entry and registration come with the live ranking
 * (computed once per change, ranking-job.ts), so the checklist reads the ranking's pointer, the
 * rounds, the ledger and — for the proposal — the rank rows; never the reviews. While the ranking
 * is behind (`ranking.stale`), so are its figures; the read starts the recomputation.
 */
async function checklistFor(ports: Deps, c: Competition, who: Identity | undefined) {
  const now = ports.clock.now();
  const tz = c.schedule.timeZone;
  const state = stateOf(c, now);
  const [rounds, ledger, found] = await Promise.all([ports.evaluation.listRounds(c.id), ports.awards.getLedger(c.id), currentRanking(ports, who, c.id)]);
  // A large competition's first ranking is under way: computed for this read (once in its life).
  const source: RankingSource = found.kind === 'none' ? { ...found, kind: 'computed', snapshot: await (await rankingCompute()).computeLiveSnapshot(ports, c.id) } : found;
  const figures = source.kind === 'stored' ? source.live.figures : source.snapshot.figures;
  const perRound = new Map(figures.rounds.map((r) => [r.roundId, r]));
  const counts = (roundId: string) => perRound.get(roundId) ?? { reviews: 0, submitted: 0 };
  const problems: ChecklistProblem[] = [];
  const warnings: ChecklistWarning[] = [];
  if (state === 'open')
    problems.push({ code: 'SUBMISSIONS_OPEN', params: { until: effectiveClose(c) }, message: `Submissions are still open until ${inZone(effectiveClose(c), tz)}; publishing closes them.` });
  for (const r of rounds)
    if (roundPhase(r, now) !== 'closed') {
      const phase = roundPhase(r, now) === 'open' ? 'open' : 'upcoming';
      problems.push({ code: 'ROUND_OPEN', params: { round: r.name, phase, until: r.closesAt }, message: `The round "${r.name}" is ${phase === 'open' ? 'open' : 'not over'} until ${inZone(r.closesAt, tz)}.` });
    }
  const byRound = rounds.map((r) => [r.name, counts(r.id).reviews - counts(r.id).submitted] as const).filter(([, n]) => n > 0);
  const outstanding = byRound.reduce((sum, [, n]) => sum + n, 0);
  if (outstanding > 0)
    problems.push({ code: 'REVIEWS_OUTSTANDING', params: { count: outstanding }, rounds: byRound.map(([name, n]) => ({ name, count: n })), message: `${count(outstanding, 'assigned review is', 'assigned reviews are')} not submitted (${byRound.map(([name, n]) => `${n} in "${name}"`).join(', ')}).` });
  // Submitted entries with fewer submitted reviews than a (non-shortlist) round wants.
  if (figures.underReviewedCount > 0) {
    const none = figures.underReviewedWithNone;
    problems.push({ code: 'UNDER_REVIEWED', params: { count: figures.underReviewedCount, none }, message: `${count(figures.underReviewedCount, 'submitted entry has', 'submitted entries have')} fewer reviews than wanted${none > 0 ? ` (${none} with none)` : ''}.` });
  }
  if (now.toISOString() < c.schedule.resultsDate)
    problems.push({ code: 'BEFORE_RESULTS_DATE', params: { at: c.schedule.resultsDate }, message: `The announced results date is ${inZone(c.schedule.resultsDate, tz)}; publishing now is early (or schedule the publication for that date).` });

  const plan = ledger.plan;
  let budget: { currency: string; total: number; committed: number; left: number; smeShare: number; minSmeShare: number; smeShareHolds: boolean } | undefined;
  let proposal: { proposed: number; confirmed: number; differs: boolean } | undefined;
  if (plan) {
    const { facts, proposal: p } = await proposalFor(ports, c, ledger, plan, { fromScratch: true, source });
    const totals = planTotals(plan, ledger.awards, smeLookup(ledger, facts.candidates));
    budget = { currency: plan.currency, total: plan.totalBudget, committed: totals.committed, left: totals.left, smeShare: totals.smeShare, minSmeShare: plan.minSmeShare, smeShareHolds: totals.smeShareHolds };
    // The SME share is a rule over the whole programme, so here it is a warning, not a refusal.
    if (ledger.awards.length > 0 && !totals.smeShareHolds)
      warnings.push({ code: 'SME_SHARE', params: { share: totals.smeShare, min: plan.minSmeShare }, message: `Awards to SMEs are ${(totals.smeShare * 100).toFixed(1)} % of the programme budget; the plan requires at least ${(plan.minSmeShare * 100).toFixed(0)} %.` });
    const confirmed = new Set(ledger.awards.map((a) => `${a.type}:${a.submissionId}:${a.rank ?? ''}:${a.categoryId ?? ''}`));
    const proposed = new Set(p.lines.map((a) => `${a.type}:${a.submissionId}:${a.rank ?? ''}:${a.categoryId ?? ''}`));
    proposal = { proposed: proposed.size, confirmed: confirmed.size, differs: proposed.size !== confirmed.size || [...proposed].some((k) => !confirmed.has(k)) };
    if (proposal.differs && ledger.awards.length > 0)
      warnings.push({ code: 'AWARDS_DIFFER', params: { confirmed: proposal.confirmed, proposed: proposal.proposed }, message: `The confirmed awards (${proposal.confirmed}) differ from the proposal from the ranking (${proposal.proposed}).` });
  }
  if (ledger.awards.length === 0) warnings.push({ code: 'NO_AWARDS', params: {}, message: 'No awards are confirmed: the results will name no winners.' });
  // Issue 12 (H10): expo teams no judge compared get no score in that round.
  const expoUnseen = expoUnseenWarning(figures);
  if (expoUnseen) warnings.push(expoUnseen);
  return {
    state,
    /** Publication is possible at all in this state. */
    allowed: state === 'open' || state === 'closed' || state === 'evaluation' || state === 'deliberation',
    problems,
    /** Worth knowing, but no reason to refuse. */
    warnings,
    /** Publishing needs a written reason because of the problems above. */
    needsOverride: problems.length > 0,
    rounds: rounds.map((r) => ({ id: r.id, name: r.name, phase: roundPhase(r, now), closesAt: r.closesAt, reviews: counts(r.id).reviews, submitted: counts(r.id).submitted })),
    underReviewed: figures.underReviewed,
    underReviewedCount: figures.underReviewedCount,
    awards: { confirmed: ledger.awards.length, ...(proposal ? { proposal } : {}) },
    ...(budget ? { budget } : {}),
    recipients: figures.recipients,
    expoUnseen: figures.expoUnseen ?? [],
    expoUnseenCount: figures.expoUnseenCount ?? 0,
    resultsDate: c.schedule.resultsDate,
    ranking: freshnessOf(source),
  };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How many names the expo warning itself gives (the checklist's expoUnseen lists more). */
const EXPO_UNSEEN_NAMED = 10;

/** "3 teams were compared by no judge in an expo round …", with the first names per round; none when every team was compared. */
function expoUnseenWarning(figures: { expoUnseen?: { title: string; roundId: string; roundName: string }[]; expoUnseenCount?: number }): ChecklistWarning | undefined {
  const total = figures.expoUnseenCount ?? 0;
  if (total === 0) return undefined;
  const listed = (figures.expoUnseen ?? []).slice(0, EXPO_UNSEEN_NAMED);
  const perRound = [...new Set(listed.map((u) => u.roundId))].map((id) => {
    const names = listed.filter((u) => u.roundId === id);
    return { name: names[0]!.roundName, count: names.length, titles: names.map((u) => u.title) };
  });
  const rounds = perRound.map((r) => `"${r.name}": ${r.titles.map((t) => t || 'Untitled').join(', ')}`);
  const more = total - listed.length;
  return {
    code: 'EXPO_UNSEEN',
    params: { count: total, more },
    rounds: perRound,
    message: `${count(total, 'team was', 'teams were')} compared by no judge in an expo round, so ${total === 1 ? 'it has' : 'they have'} no score there (${rounds.join('; ')}${more > 0 ? `; and ${more} more` : ''}).`,
  };
}

// ---- publication -------------------------------------------------------------------------------

export interface PublishInput {
  version: number;
  when?: 'now' | 'scheduled';
  /** Publish despite the checklist's problems; the reason is recorded. */
  override?: { reason: string };
}

/**
 * Publishes now, or at the competition's scheduled results date. Either way the results are
 * decided now: the request checks the checklist, freezes the ledger (from here no award,
 * withdrawal or plan change is accepted, so the snapshot holds every award there is) and starts
 * the publication job (use-cases/publication-job.ts), which computes and stores the snapshot —
 * work that grows with the competition, so never inside a request — then points the competition at
 * it and tells the entrants. The competition records the publication under way (`publishing`,
 * with its job, in the same versioned write that makes two publications race: one wins), so the
 * scheduled moment only makes them visible.
 */
export async function publishResults(ports: Deps, caller: Identity | undefined, competitionId: string, input: PublishInput) {
  const { competition, membership, capabilities } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  if (competition.version !== input.version) throw new VersionConflict();
  const now = ports.clock.now();
  const state = assertAllowed(competition, now, 'publish-results');
  if (competition.publishing && !(await publicationFailed(ports, competition)))
    throw new InvalidState('The results are being published already; the page shows how far it has got.');
  const when = input.when ?? 'now';
  const visibleFrom = when === 'scheduled' ? competition.schedule.resultsDate : now.toISOString();
  if (when === 'scheduled' && visibleFrom <= now.toISOString())
    throw new InvalidState('The scheduled results date has passed; publish the results now instead.', { when: 'past' });
  const checklist = await checklistFor(ports, competition, caller);
  // Publishing at the announced date is not early.
  const problems = checklist.problems.filter((p) => !(when === 'scheduled' && p.code === 'BEFORE_RESULTS_DATE'));
  if (problems.length > 0 && !input.override)
    throw new InvalidState(
      `Publication needs attention: ${problems.map((p) => p.message).join(' ')} Fix these, or publish with a written reason.`,
      Object.fromEntries(problems.map((p, i) => [`problems.${i}`, p.code])),
    );

  // Freeze first (a frozen ledger without published results is a publication under way, or one
  // that stopped half-way: publishing again completes it).
  await ports.awards.freeze(competitionId, now.toISOString());
  const version = (competition.resultsVersion ?? 0) + 1;
  const { job } = await startJobFor(ports, caller!, competitionId, PUBLICATION_JOB, { version });
  const publishing: Publishing = {
    version,
    jobId: job.id,
    when,
    visibleFrom,
    decidedAt: now.toISOString(),
    closesEarly: state === 'open',
    by: { sub: membership.userSub, email: membership.userEmail },
    ...(problems.length > 0 && input.override ? { override: { reason: input.override.reason, problems: problems.map((p) => p.message) } } : {}),
  };
  const next: Competition = { ...competition, publishing, updatedAt: now.toISOString(), version: competition.version + 1 };
  // A publication that loses this race leaves its job to find no `publishing` naming it: it ends.
  await ports.competitions.update(next, competition.version);
  return { competition: viewCompetition(next, ports.clock.now(), membership, capabilities), job: await viewJob(ports, job) };
}

/** Whether the publication the competition records has given up (its job failed): publishing again is allowed. */
async function publicationFailed(ports: Pick<Ports, 'jobs'>, c: Competition): Promise<boolean> {
  const job = c.publishing ? await ports.jobs.get(c.id, c.publishing.jobId) : undefined;
  return !job || job.state === 'failed';
}

/** The kind under which decided results are computed and stored (use-cases/publication-job.ts). */
export const PUBLICATION_JOB = 'publication';

/** The kind under which the entrants' notifications are sent (use-cases/notifications-job.ts). */
export const NOTIFICATIONS_JOB = 'notifications';
/** What a notifications job tells: the results of a snapshot version, or that feedback is out. */
export type NotificationsParams = { what: 'results'; version: number } | { what: 'feedback' };

/** Who starts what the schedule publishes: no person, so the job records this actor. */
const ANNOUNCER: Identity = { sub: 'system', email: 'announcer', name: 'Scheduled announcement', groups: [] };

/**
 * Starts the results notifications of a competition (a job: an inbox entry and an e-mail per entrant
 * who submitted, written in batches). The competition item then records that they went out (a
 * versioned write) — only after the job exists, so a crash in between leaves it to the announcer,
 * whose start of the same job is harmless: the job never notifies anyone twice.
 */
export async function announceResults(ports: Pick<Ports, 'competitions' | 'jobs' | 'jobQueue' | 'clock' | 'ids'>, who: Identity, competition: Competition) {
  const latest = (await ports.competitions.get(competition.id)) ?? competition;
  if (latest.resultsNotifiedAt || !latest.resultsVersion) return false;
  const params: NotificationsParams = { what: 'results', version: latest.resultsVersion };
  await startJobFor(ports, who, latest.id, NOTIFICATIONS_JOB, params);
  try {
    await ports.competitions.update({ ...latest, resultsNotifiedAt: ports.clock.now().toISOString(), version: latest.version + 1 }, latest.version);
  } catch (e) {
    if (e instanceof VersionConflict) return true; // changed meanwhile: a later announcer run starts the job again (harmless) and records it
    throw e;
  }
  return true;
}

/** Announces every scheduled publication whose time has come (run every few minutes). */
export async function deliverDueAnnouncements(ports: Deps): Promise<string[]> {
  const now = ports.clock.now();
  const announced: string[] = [];
  const published = await allPages((cursor) => ports.competitions.listPublished(now, 100, cursor));
  for (const c of published)
    if (!c.resultsNotifiedAt && resultsVisible(stateOf(c, now)) && (await announceResults(ports, ANNOUNCER, c))) announced.push(c.id);
  return announced;
}

export async function releaseFeedback(ports: Deps, caller: Identity | undefined, competitionId: string, version: number) {
  const { competition, membership, capabilities } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  if (competition.version !== version) throw new VersionConflict();
  const now = ports.clock.now();
  // Feedback says where a team ranked: it must not come out before the results do.
  assertAllowed(competition, now, 'release-feedback');
  if (competition.feedbackReleasedAt) throw new InvalidState('Feedback is already released.');
  const next: Competition = { ...competition, feedbackReleasedAt: now.toISOString(), updatedAt: now.toISOString(), version: competition.version + 1 };
  await ports.competitions.update(next, competition.version);
  await ports.audit.append({ competitionId, at: now.toISOString(), actor: { sub: membership.userSub, email: membership.userEmail }, action: 'feedback.released', target: `competition:${competitionId}`, after: { feedbackReleasedAt: next.feedbackReleasedAt } });
  // The entrants are told by a job (batched inbox writes, e-mails a few at a time).
  const params: NotificationsParams = { what: 'feedback' };
  await startJobFor(ports, caller!, competitionId, NOTIFICATIONS_JOB, params);
  return viewCompetition(next, ports.clock.now(), membership, capabilities);
}

// ---- amendments --------------------------------------------------------------------------------

/**
 * Opens an amendment of decided results: the awards and the prize plan may change again (the
 * ranking stays the snapshot's). Everyone else keeps seeing the published snapshot until the
 * amendment is published.
 */
export async function openAmendment(ports: Deps, caller: Identity | undefined, competitionId: string, input: { version: number; reason: string }) {
  const { competition, membership, capabilities } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  if (competition.version !== input.version) throw new VersionConflict();
  const now = ports.clock.now();
  assertAllowed(competition, now, 'open-amendment');
  const next: Competition = { ...competition, amendment: { reason: input.reason, openedBy: membership.userEmail, openedAt: now.toISOString() }, updatedAt: now.toISOString(), version: competition.version + 1 };
  await ports.competitions.update(next, competition.version);
  await ports.awards.unfreeze(competitionId);
  await ports.audit.append({ competitionId, at: now.toISOString(), actor: { sub: membership.userSub, email: membership.userEmail }, action: 'results.amendment-opened', target: `competition:${competitionId}`, after: { reason: input.reason } });
  return viewCompetition(next, now, membership, capabilities);
}

/** Publishes the amendment: a new snapshot, audited, and a message to every entrant whose outcome changed. */
export async function publishAmendment(ports: Deps, caller: Identity | undefined, competitionId: string, input: { version: number }) {
  const { competition, membership, capabilities } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  if (competition.version !== input.version) throw new VersionConflict();
  const now = ports.clock.now();
  assertAllowed(competition, now, 'publish-amendment');
  if (competition.publishing && !(await publicationFailed(ports, competition)))
    throw new InvalidState('The amendment is being published already; the page shows how far it has got.');
  const fromVersion = competition.resultsVersion;
  const previous = fromVersion ? await ports.results.getHeader(competitionId, fromVersion) : undefined;
  if (!fromVersion || !previous || !competition.amendment) throw new InvalidState('There are no published results to amend.');
  // As for a publication: freeze, then the publication job stores snapshot n+1 (publication-job.ts).
  await ports.awards.freeze(competitionId, now.toISOString());
  const version = fromVersion + 1;
  const { job } = await startJobFor(ports, caller!, competitionId, PUBLICATION_JOB, { version });
  const publishing: Publishing = {
    version,
    jobId: job.id,
    when: 'now',
    visibleFrom: previous.visibleFrom,
    decidedAt: now.toISOString(),
    closesEarly: false,
    by: { sub: membership.userSub, email: membership.userEmail },
    amends: { fromVersion, reason: competition.amendment.reason },
  };
  const next: Competition = { ...competition, publishing, updatedAt: now.toISOString(), version: competition.version + 1 };
  await ports.competitions.update(next, competition.version);
  return { competition: viewCompetition(next, ports.clock.now(), membership, capabilities), job: await viewJob(ports, job) };
}

// ---- reading results ---------------------------------------------------------------------------

/** The public results page: winners, categories and amounts — only once published (organisers may preview). */
export async function publicResults(ports: Deps, caller: Identity | undefined, competitionId: string) {
  const { competition, membership } = await loadVisibleCompetition(ports, caller, competitionId);
  const now = ports.clock.now();
  const visible = resultsVisible(stateOf(competition, now));
  if (!visible && !(await hasCapability(ports, caller, { competition, membership }, 'read'))) throw new NotFound('The results of this competition are not published yet.');
  let header: ResultsHeader;
  let winners: ResultEntry[];
  if (competition.resultsVersion) {
    header = (await ports.results.getHeader(competitionId, competition.resultsVersion))!;
    winners = await ports.results.getEntries(competitionId, competition.resultsVersion, header.winners);
  } else {
    const live = await resultsOf(ports, competition);
    header = live.header;
    const byId = new Map(live.entries.map((e) => [e.submissionId, e]));
    winners = header.winners.map((id) => byId.get(id)!);
  }
  const last = competition.amendments?.at(-1);
  return {
    competitionId,
    title: competition.title,
    published: visible,
    /** False for an organiser's preview before the results are decided. */
    frozen: Boolean(competition.resultsVersion),
    ...(competition.resultsPublishedAt ? { publishedAt: competition.resultsPublishedAt } : {}),
    ...(last ? { amendedAt: last.at } : {}),
    amendments: (competition.amendments ?? []).map((a) => ({ at: a.at, reason: a.reason })),
    currency: header.currency,
    winners: winners.map((w) => ({
      submissionId: w.submissionId,
      title: w.title,
      organisationName: w.organisationName,
      country: w.country,
      ...(w.ranked ? { rank: w.ranked.rank } : {}),
      total: w.total,
      awards: w.awards.map((a) => ({ type: a.type, label: a.displayLabel, amount: a.amount })),
    })),
  };
}

/** An entrant's own outcome, once results are out. Registered entrants who never submitted are told so. */
export async function myOutcome(ports: Deps, caller: Identity | undefined, competitionId: string) {
  const who = requireIdentity(caller);
  const { competition, membership } = await loadVisibleCompetition(ports, who, competitionId);
  // The caller's team's outcome (use-cases/team-access.ts): owner, editors and viewers alike.
  const seat = seatOf(membership);
  if (!seat) throw new NotFound('You did not enter this competition.');
  if (!resultsVisible(stateOf(competition, ports.clock.now()))) throw new NotFound('The results of this competition are not published yet.');
  const teamEntry = await ports.submissions.get(competitionId, teamSubmissionId(competitionId, seat));
  const own = teamEntry?.ownerSub === seat.teamSub ? teamEntry : undefined;
  const { header, entry } = own ? await resultEntryOf(ports, competition, own.id) : { header: await ports.results.getHeader(competitionId, competition.resultsVersion!), entry: undefined };
  const awards = (entry?.awards ?? []).map((a) => ({ type: a.type, label: a.displayLabel, amount: a.amount }));
  return {
    ...(own ? { submissionId: own.id } : {}),
    submitted: Boolean(entry),
    ...(entry?.ranked ? { rank: entry.ranked.rank, of: header?.rankedCount ?? 0 } : {}),
    awarded: awards.length > 0,
    total: entry?.total ?? 0,
    currency: header?.currency ?? 'EUR',
    awards,
    feedbackAvailable: Boolean(entry && competition.feedbackReleasedAt),
    ...(competition.amendments?.length ? { amendedAt: competition.amendments.at(-1)!.at } : {}),
  };
}

/**
 * The feedback report for one submission: per-criterion calibrated scores and their percentile in
 * the cohort, the round scores, the final rank band, and the reviewers' comments without names —
 * from the snapshot once results are decided (organisers may preview it live before).
 */
export async function feedbackReport(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string) {
  const { competition, isOwner } = await loadSubmission(ports, caller, competitionId, submissionId);
  if (isOwner && (!competition.feedbackReleasedAt || !resultsVisible(stateOf(competition, ports.clock.now()))))
    throw new NotFound('Feedback on this competition has not been released yet.');
  const { header, entry, frozen } = await resultEntryOf(ports, competition, submissionId, caller);
  if (!entry && isOwner) throw new NotFound('There is no feedback for an entry that was not submitted.');
  const roundName = (id: string) => header.rounds.find((r) => r.id === id)?.name ?? '';
  return {
    competitionId,
    competitionTitle: competition.title,
    submissionId,
    frozen,
    finalScore: entry?.ranked?.finalScore ?? null,
    band: entry?.ranked?.band ?? null,
    rank: entry?.ranked?.rank ?? null,
    rankBand: entry?.rankBand ?? null,
    unrankedReason: entry ? (entry.unrankedReason ?? null) : rankingReason('notSubmitted'),
    rounds: (entry?.ranked?.rounds ?? []).map((r) => ({ ...r, roundName: roundName(r.roundId) })),
    criteria: entry?.criteria ?? [],
    comments: entry?.comments ?? [],
    method: header.rules,
  };
}

export async function getMeetingOptIn(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string) {
  const { isOwner } = await loadSubmission(ports, caller, competitionId, submissionId);
  if (!isOwner) throw new NotFound('No such submission.');
  return { open: await ports.awards.getMeetingOptIn(competitionId, submissionId) };
}

export async function setMeetingOptIn(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string, open: boolean) {
  const { isOwner, seat } = await loadSubmission(ports, caller, competitionId, submissionId);
  if (!isOwner) throw new NotFound('No such submission.');
  requireEditor(seat); // a team's viewers change nothing
  await ports.awards.setMeetingOptIn(competitionId, submissionId, open);
  return { open };
}

/** A page of my inbox, newest first. */
export async function myNotifications(ports: Deps, caller: Identity | undefined, limit: number, cursor?: string) {
  return ports.notifications.list(requireIdentity(caller).sub, limit, cursor);
}

export async function markNotificationRead(ports: Deps, caller: Identity | undefined, id: string) {
  await ports.notifications.markRead(requireIdentity(caller).sub, id, ports.clock.now().toISOString());
}
