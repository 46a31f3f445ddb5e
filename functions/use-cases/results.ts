/**
 * Announcing results. Before publication nothing about the outcome is visible to anyone but the
 * organisers — not the awards, not the ranking, not the feedback. Publishing notifies every
 * entrant (inbox and e-mail); releasing feedback opens each entrant's own report, whose numbers
 * come from the very ranking the organisers see.
 */
import { formatMoney } from '../domain/awards.ts';
import { resultsArePublished, type Competition } from '../domain/competition.ts';
import { InvalidState, NotFound, VersionConflict } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { hasRole } from '../domain/membership.ts';
import { percentileOf } from '../domain/ranking.ts';
import { loadOrganisedCompetition, loadVisibleCompetition, requireIdentity } from './access.ts';
import { allMembers, allPages, submittedSubmissions } from './all-pages.ts';
import { viewCompetition } from './competition-view.ts';
import type { Ports } from './ports.ts';
import { computeRanking } from './ranking.ts';
import { loadSubmission } from './submissions.ts';

type Deps = Pick<
  Ports,
  'competitions' | 'memberships' | 'submissions' | 'evaluation' | 'awards' | 'audit' | 'clock' | 'ids' | 'notifications' | 'mailer' | 'pitches'
> & { webOrigin: string };

async function entrants(ports: Deps, competitionId: string) {
  return (await allMembers(ports, competitionId)).filter((m) => m.registration);
}

async function notifyEntrants(ports: Deps, c: Competition, subject: string, body: (sub: string) => string, path: string) {
  const at = ports.clock.now().toISOString();
  for (const m of await entrants(ports, c.id)) {
    const text = body(m.userSub);
    await ports.notifications.add({ userSub: m.userSub, id: ports.ids.next(), at, competitionId: c.id, subject, body: text, link: path });
    await ports.mailer.send({ to: m.userEmail, subject, text: `${text}\n\n${ports.webOrigin}${path}` });
  }
}

async function setCompetitionField(
  ports: Deps,
  who: Identity | undefined,
  competitionId: string,
  version: number,
  field: 'resultsPublishedAt' | 'feedbackReleasedAt',
  action: string,
  at?: string,
) {
  const { competition, membership } = await loadOrganisedCompetition(ports, who, competitionId);
  if (competition.version !== version) throw new VersionConflict();
  if (competition[field]) throw new InvalidState(field === 'resultsPublishedAt' ? 'Results are already published.' : 'Feedback is already released.');
  const now = ports.clock.now();
  const when = at ?? now.toISOString();
  const next: Competition = { ...competition, [field]: when, updatedAt: now.toISOString(), version: competition.version + 1 };
  await ports.competitions.update(next, competition.version);
  await ports.audit.append({ competitionId, at: now.toISOString(), actor: { sub: membership.userSub, email: membership.userEmail }, action, target: `competition:${competitionId}`, after: { [field]: when } });
  return next;
}

/**
 * Publishes now, or at the competition's scheduled results date: until then nothing changes for
 * anyone but organisers; entrants are notified when the results become visible.
 */
export async function publishResults(ports: Deps, caller: Identity | undefined, competitionId: string, version: number, when: 'now' | 'scheduled' = 'now') {
  let at: string | undefined;
  if (when === 'scheduled') {
    const { competition } = await loadOrganisedCompetition(ports, caller, competitionId);
    at = competition.schedule.resultsDate;
    if (at <= ports.clock.now().toISOString())
      throw new InvalidState('The scheduled results date has passed; publish the results now instead.', { when: 'past' });
  }
  const c = await setCompetitionField(ports, caller, competitionId, version, 'resultsPublishedAt', when === 'now' ? 'results.published' : 'results.scheduled', at);
  if (when === 'now') await announceResults(ports, c);
  return viewCompetition((await ports.competitions.get(competitionId)) ?? c, ports.clock.now(), await ports.memberships.get(competitionId, caller!.sub));
}

/**
 * Sends the results notifications once per competition. The competition item records that they
 * went out (a versioned write), so a repeated or concurrent run does not notify twice.
 */
async function announceResults(ports: Deps, competition: Competition) {
  const latest = (await ports.competitions.get(competition.id)) ?? competition;
  if (latest.resultsNotifiedAt) return false;
  const now = ports.clock.now().toISOString();
  try {
    await ports.competitions.update({ ...latest, resultsNotifiedAt: now, version: latest.version + 1 }, latest.version);
  } catch (e) {
    if (e instanceof VersionConflict) return false; // someone else is announcing it
    throw e;
  }
  const c = latest;
  const competitionId = c.id;
  const ledger = await ports.awards.getLedger(competitionId);
  const won = new Map<string, number>();
  const subs = new Map<string, string>();
  for (const a of ledger.awards) won.set(a.submissionId, (won.get(a.submissionId) ?? 0) + a.amount);
  for (const s of await submittedSubmissions(ports, competitionId)) subs.set(s.ownerSub, s.id);
  const currency = ledger.plan?.currency ?? 'EUR';
  await notifyEntrants(
    ports,
    c,
    `Results of ${c.title}`,
    (sub) => {
      const total = won.get(subs.get(sub) ?? '');
      return total
        ? `Congratulations! Your organisation has been awarded ${formatMoney(total, currency)} in ${c.title}.`
        : `The results of ${c.title} are out. Thank you for taking part.`;
    },
    `/competitions/${competitionId}/results`,
  );
  return true;
}

/** Announces every scheduled publication whose time has come (run every few minutes). */
export async function deliverDueAnnouncements(ports: Deps): Promise<string[]> {
  const now = ports.clock.now();
  const announced: string[] = [];
  const published = await allPages((cursor) => ports.competitions.listPublished(now, 100, cursor));
  for (const c of published)
    if (!c.resultsNotifiedAt && resultsArePublished(c, now) && (await announceResults(ports, c))) announced.push(c.id);
  return announced;
}

export async function releaseFeedback(ports: Deps, caller: Identity | undefined, competitionId: string, version: number) {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId);
  // Feedback says where a team ranked: it must not come out before the results do.
  if (!resultsArePublished(competition, ports.clock.now()))
    throw new InvalidState('Publish the results before releasing feedback.', { resultsPublishedAt: 'not yet' });
  const c = await setCompetitionField(ports, caller, competitionId, version, 'feedbackReleasedAt', 'feedback.released');
  await notifyEntrants(ports, c, `Your feedback for ${c.title}`, () => `The reviewers' feedback on your submission to ${c.title} is ready.`, `/competitions/${competitionId}/feedback`);
  return viewCompetition(c, ports.clock.now(), await ports.memberships.get(competitionId, caller!.sub));
}

/** The public results page: winners, categories and amounts — only once published. */
export async function publicResults(ports: Deps, caller: Identity | undefined, competitionId: string) {
  const { competition, membership } = await loadVisibleCompetition(ports, caller, competitionId);
  if (!resultsArePublished(competition, ports.clock.now()) && !hasRole(membership, 'organiser'))
    throw new NotFound('The results of this competition are not published yet.');
  const ledger = await ports.awards.getLedger(competitionId);
  const awarded = [...new Set(ledger.awards.map((a) => a.submissionId))];
  const titles = new Map(
    await Promise.all(awarded.map(async (id) => [id, (await ports.submissions.get(competitionId, id))?.title ?? ''] as const)),
  );
  const winners = new Map<string, { submissionId: string; title: string; organisationName: string; country: string; total: number; awards: { type: string; label: string; amount: number }[] }>();
  for (const a of ledger.awards) {
    const w = winners.get(a.submissionId) ?? { submissionId: a.submissionId, title: titles.get(a.submissionId)!, organisationName: a.organisationName, country: a.country, total: 0, awards: [] };
    w.total += a.amount;
    w.awards.push({ type: a.type, label: a.label, amount: a.amount });
    winners.set(a.submissionId, w);
  }
  const order = (w: { awards: { type: string; label: string }[]; total: number }) => {
    const prize = w.awards.find((x) => x.type === 'prize');
    return prize ? 0 : w.awards.some((x) => x.type === 'category') ? 1 : 2;
  };
  return {
    competitionId,
    title: competition.title,
    published: resultsArePublished(competition, ports.clock.now()),
    ...(competition.resultsPublishedAt ? { publishedAt: competition.resultsPublishedAt } : {}),
    currency: ledger.plan?.currency ?? 'EUR',
    winners: [...winners.values()].sort((a, b) => order(a) - order(b) || b.total - a.total || a.title.localeCompare(b.title)),
  };
}

/** An entrant's own outcome, once results are out. */
export async function myOutcome(ports: Deps, caller: Identity | undefined, competitionId: string) {
  const who = requireIdentity(caller);
  const { competition, membership } = await loadVisibleCompetition(ports, who, competitionId);
  if (!membership?.registration) throw new NotFound('You did not enter this competition.');
  if (!resultsArePublished(competition, ports.clock.now())) throw new NotFound('The results of this competition are not published yet.');
  const own = (await ports.submissions.listForOwner(who.sub)).find((s) => s.competitionId === competitionId);
  const ledger = await ports.awards.getLedger(competitionId);
  const awards = own ? ledger.awards.filter((a) => a.submissionId === own.id).map((a) => ({ type: a.type, label: a.label, amount: a.amount })) : [];
  return {
    ...(own ? { submissionId: own.id } : {}),
    awarded: awards.length > 0,
    total: awards.reduce((t, a) => t + a.amount, 0),
    currency: ledger.plan?.currency ?? 'EUR',
    awards,
    feedbackAvailable: Boolean(competition.feedbackReleasedAt),
  };
}

function rankBand(rank: number, n: number): string {
  const share = rank / n;
  const band = share <= 0.1 ? 'top 10 %' : share <= 0.25 ? 'top 25 %' : share <= 0.5 ? 'top half' : 'bottom half';
  return `${band} (ranked ${rank} of ${n})`;
}

/**
 * The feedback report for one submission: per-criterion calibrated scores and their percentile in
 * the cohort, the round scores, the final rank band, and the reviewers' comments without names.
 */
export async function feedbackReport(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string) {
  const { competition, isOwner } = await loadSubmission(ports, caller, competitionId, submissionId);
  if (isOwner && (!competition.feedbackReleasedAt || !resultsArePublished(competition, ports.clock.now())))
    throw new NotFound('Feedback on this competition has not been released yet.');
  const ranking = await computeRanking(ports, competitionId);
  const rounds = await ports.evaluation.listRounds(competitionId);
  const entry = ranking.ranked.find((r) => r.submissionId === submissionId);
  const unranked = ranking.unranked.find((u) => u.submissionId === submissionId);
  const criteria = rounds.flatMap((round) =>
    round.rubric.map((c) => {
      const mine = entry?.criteria[round.id]?.[c.id];
      const cohort = ranking.ranked.map((r) => r.criteria[round.id]?.[c.id]).filter((x): x is number => x !== undefined);
      return { roundId: round.id, roundName: round.name, criterionId: c.id, name: c.name, score: mine ?? null, percentile: mine !== undefined && cohort.length > 0 ? percentileOf(mine, cohort) : null };
    }),
  );
  const comments: { roundName: string; kind: string; overall: string; criteria: { name: string; comment: string }[] }[] = [];
  for (const round of rounds) {
    const reviews = (await ports.evaluation.listRoundReviews(competitionId, round.id)).filter((r) => r.submissionId === submissionId && r.status === 'submitted');
    // Reviewer order is shuffled by sorting on content, so the order says nothing about who wrote what.
    const items = reviews
      .map((r) => ({
        roundName: round.name,
        kind: round.kind,
        overall: r.overallComment,
        criteria: round.rubric.filter((c) => r.comments[c.id]).map((c) => ({ name: c.name, comment: r.comments[c.id]! })),
      }))
      .filter((x) => x.overall !== '' || x.criteria.length > 0)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    comments.push(...items);
  }
  return {
    competitionId,
    competitionTitle: competition.title,
    submissionId,
    finalScore: entry?.finalScore ?? null,
    band: entry?.band ?? null,
    rank: entry?.rank ?? null,
    rankBand: entry ? rankBand(entry.rank, ranking.ranked.length) : null,
    unrankedReason: unranked?.reason ?? null,
    rounds: (entry?.rounds ?? []).map((r) => ({ ...r, roundName: rounds.find((x) => x.id === r.roundId)?.name ?? '' })),
    criteria,
    comments,
    method: ranking.rules,
  };
}

/** Investors and teams who both want to meet see each other's contacts once results are out. */
export async function meetingMatches(ports: Deps, caller: Identity | undefined, competitionId: string) {
  const who = requireIdentity(caller);
  const { competition } = await loadVisibleCompetition(ports, who, competitionId);
  if (!resultsArePublished(competition, ports.clock.now())) return { available: false, matches: [] };
  const rounds = (await ports.evaluation.listRounds(competitionId)).filter((r) => r.kind !== 'peer');
  const flags = (await Promise.all(rounds.map((r) => ports.evaluation.listRoundReviews(competitionId, r.id)))).flat().filter((r) => r.meet);
  const own = (await ports.submissions.listForOwner(who.sub)).find((s) => s.competitionId === competitionId);
  const matches = [];
  for (const f of flags) {
    const mineAsInvestor = f.reviewerSub === who.sub;
    const mineAsTeam = own?.id === f.submissionId;
    if (!mineAsInvestor && !mineAsTeam) continue;
    if (!(await ports.awards.getMeetingOptIn(competitionId, f.submissionId))) continue;
    const s = await ports.submissions.get(competitionId, f.submissionId);
    if (!s) continue;
    const team = await ports.memberships.get(competitionId, s.ownerSub);
    matches.push(
      mineAsInvestor
        ? { with: 'team', submissionId: s.id, title: s.title, organisationName: s.organisationName, contact: team?.userEmail ?? '', team: team?.registration?.team ?? [] }
        : { with: 'investor', submissionId: s.id, investorEmail: f.reviewerEmail },
    );
  }
  return { available: true, matches };
}

export async function getMeetingOptIn(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string) {
  const { isOwner } = await loadSubmission(ports, caller, competitionId, submissionId);
  if (!isOwner) throw new NotFound('No such submission.');
  return { open: await ports.awards.getMeetingOptIn(competitionId, submissionId) };
}

export async function setMeetingOptIn(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string, open: boolean) {
  const { isOwner } = await loadSubmission(ports, caller, competitionId, submissionId);
  if (!isOwner) throw new NotFound('No such submission.');
  await ports.awards.setMeetingOptIn(competitionId, submissionId, open);
  return { open };
}

export async function myNotifications(ports: Deps, caller: Identity | undefined) {
  return ports.notifications.list(requireIdentity(caller).sub, 50);
}

export async function markNotificationRead(ports: Deps, caller: Identity | undefined, id: string) {
  await ports.notifications.markRead(requireIdentity(caller).sub, id, ports.clock.now().toISOString());
}
