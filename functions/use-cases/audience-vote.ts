/**
 * The audience vote (rules in domain/audience-vote.ts, storage in audience-vote-repository.ts):
 * the organiser configures it (audited); anyone sees it and its candidates once the competition is
 * published; signed-in people with a verified e-mail address cast one ballot each and change it
 * until the window closes (rate-limited per account and per network); the counts are public once
 * it closes (or live, when the organiser chose so), always to organisers; organisers review the
 * ballots (flags, pseudonyms) and void or restore them with a written reason (audited, moving the
 * counts). Once results are decided nothing here changes any more (409).
 *
 * When the vote has closed, the first read (view, results, review) starts the close job
 * (AUDIENCE_VOTE_CLOSE_JOB, once: the job lock): it freezes the flags onto the ballots, deletes
 * the network hashes (on the ballots and the rate-limit counters) and recomputes the counts from
 * the ballots. Chosen over the scheduler (infra/announcements.ts runs every 15 minutes for the
 * result announcements) so that nothing runs for competitions without a vote and no second
 * schedule needs keeping in step.
 */
import {
  ACCOUNT_WRITES,
  NETWORK_WRITES,
  VOID_REASON_MAX,
  audienceWinner,
  ballotProblem,
  countDeltas,
  countsPublic,
  flagBallots,
  methodText,
  phaseOf,
  pseudonym,
  rankCounts,
  rateLimitMessage,
  rateWindow,
  settingsErrors,
  tally,
  type AudienceVoteSettings,
  type Ballot,
} from '../domain/audience-vote.ts';
import type { Competition } from '../domain/competition.ts';
import { ForbiddenBecause, InvalidState, NotFound, RateLimited, ValidationFailed, VersionConflict } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { resultsFrozen, stateOf } from '../domain/lifecycle.ts';
import { seatOf } from '../domain/team.ts';
import { toUtcInstant } from '../domain/time.ts';
import { hasCapability, loadOrganisedCompetition, loadVisibleCompetition, requireIdentity } from './access.ts';
import type { JobHandler } from './jobs.ts';
import { startJobFor } from './jobs.ts';
import { pageAfter } from './list-page.ts';
import type { Ports } from './ports.ts';
import { accountCreationTimes, recordAccountSeen } from './accounts.ts';
import { SYSTEM } from './ranking-job.ts';

export const AUDIENCE_VOTE_CLOSE_JOB = 'audience-vote-close';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'audit' | 'clock' | 'ids' | 'audienceVotes' | 'jobs' | 'jobQueue' | 'accounts'>;
type ReadDeps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'clock' | 'audienceVotes'>;

const ATTEMPTS = 5;

/**
 * The ballots with their voters' account creation times from the account records (one BatchGet
 * per 100 voters; use-cases/accounts.ts): the new-account-cluster flag's input. Voters with no
 * record, or a first-seen one, have no known creation time and never count as new.
 */
async function withAccountAges(ports: Pick<Ports, 'accounts'>, ballots: Ballot[]): Promise<Ballot[]> {
  const created = await accountCreationTimes(ports, ballots.map((b) => b.voterSub));
  return ballots.map(({ accountCreatedAt: _stored, ...b }) => {
    const at = created.get(b.voterSub);
    return at ? { ...b, accountCreatedAt: at } : b;
  });
}

function assertNotFrozen(competition: Competition, now: Date) {
  if (resultsFrozen(stateOf(competition, now))) throw new InvalidState('The results of this competition are decided, so its audience vote can no longer change.');
}

async function loadSettings(ports: Pick<Ports, 'audienceVotes'>, competitionId: string): Promise<AudienceVoteSettings> {
  const s = await ports.audienceVotes.getSettings(competitionId);
  if (!s) throw new NotFound('This competition has no audience vote.');
  return s;
}

/**
 * A published competition with a vote (404 otherwise; its organisers see a draft's vote too).
 * `beforeSettings` runs first (the results' freeze: 409 even where there is no vote).
 */
async function loadPublicVote(ports: ReadDeps, caller: Identity | undefined, competitionId: string, beforeSettings?: (c: Competition) => void) {
  const access = await loadVisibleCompetition(ports, caller, competitionId);
  // Programme staff who may read the competition see an unpublished vote as its organisers do (asked only then: one read).
  if (access.competition.status !== 'published' && !(await hasCapability(ports, caller, access, 'read'))) throw new NotFound('No such competition.');
  beforeSettings?.(access.competition);
  const settings = await loadSettings(ports, competitionId);
  /** Organisers and programme staff who may read: asked only when it matters (one read for staff). */
  const staffMayRead = () => hasCapability(ports, caller, access, 'read');
  return { ...access, settings, staffMayRead };
}

const settingsView = (s: AudienceVoteSettings, now: Date) => ({
  opensAt: s.opensAt,
  closesAt: s.closesAt,
  maxChoices: s.maxChoices,
  liveCounts: s.liveCounts,
  version: s.version,
  updatedAt: s.updatedAt,
  phase: phaseOf(s, now),
  method: methodText(s),
  ...(s.finalisedAt ? { finalisedAt: s.finalisedAt } : {}),
});

/** Once the vote has closed and before it is finalised: starts the close job (idempotent: its lock). */
async function finaliseWhenClosed(ports: Pick<Ports, 'jobs' | 'jobQueue' | 'clock' | 'ids'>, s: AudienceVoteSettings, now: Date) {
  if (s.finalisedAt || phaseOf(s, now) !== 'closed') return;
  await startJobFor(ports, SYSTEM, s.competitionId, AUDIENCE_VOTE_CLOSE_JOB, { closesAt: s.closesAt });
}

export interface VoteSettingsInput {
  opensAt: string;
  closesAt: string;
  maxChoices: number;
  liveCounts: boolean;
  version?: number;
}

/**
 * The competition says it has an audience vote (`audienceVote`), so its page asks for the vote
 * only then (issue 12, H10). Written after the settings (dynalite has no transactions): the
 * settings are the truth and the flag follows them; a version conflict re-reads and tries again,
 * and a repeated configure request sets a flag a failed one left unset.
 */
async function markVoteConfigured(ports: Pick<Ports, 'competitions'>, competition: Competition): Promise<void> {
  let c: Competition | undefined = competition;
  for (let attempt = 0; attempt < 3 && c && !c.audienceVote; attempt++) {
    try {
      await ports.competitions.update({ ...c, audienceVote: true, version: c.version + 1 }, c.version);
      return;
    } catch (e) {
      if (!(e instanceof VersionConflict)) throw e;
      c = await ports.competitions.get(c.id);
    }
  }
}

/** Creates or changes the vote's settings (organisers; audited). Not once the vote is finalised or the results are decided. */
export async function configureAudienceVote(ports: Deps, caller: Identity | undefined, competitionId: string, input: VoteSettingsInput) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  const now = ports.clock.now();
  assertNotFrozen(competition, now);
  const tz = competition.schedule.timeZone;
  const opensAt = toUtcInstant(input.opensAt, tz);
  const closesAt = toUtcInstant(input.closesAt, tz);
  if (!opensAt || !closesAt)
    throw new ValidationFailed('Check the dates.', { ...(opensAt ? {} : { opensAt: 'Not a valid date and time.' }), ...(closesAt ? {} : { closesAt: 'Not a valid date and time.' }) });
  const wanted = { opensAt, closesAt, maxChoices: input.maxChoices, liveCounts: input.liveCounts };
  const errors = settingsErrors(wanted);
  if (Object.keys(errors).length > 0) throw new ValidationFailed('Check the audience vote settings.', errors);
  const before = await ports.audienceVotes.getSettings(competitionId);
  if (before && input.version !== undefined && input.version !== before.version) throw new VersionConflict();
  if (before?.finalisedAt) throw new InvalidState('The audience vote has closed and been counted; it can no longer be changed.');
  if (before && before.opensAt === opensAt && before.closesAt === closesAt && before.maxChoices === wanted.maxChoices && before.liveCounts === wanted.liveCounts) {
    await markVoteConfigured(ports, competition); // a retry completes a flag an earlier request left unset
    return settingsView(before, now); // nothing changes: idempotent
  }
  const at = now.toISOString();
  const next: AudienceVoteSettings = { competitionId, ...wanted, version: (before?.version ?? 0) + 1, updatedAt: at };
  await ports.audienceVotes.saveSettings(next, before?.version ?? 0);
  await Promise.all([
    markVoteConfigured(ports, competition),
    ports.audit.append({
      competitionId,
      at,
      actor: { sub: membership.userSub, email: membership.userEmail },
      action: 'audience-vote.configured',
      target: `competition:${competitionId}`,
      ...(before ? { before: { opensAt: before.opensAt, closesAt: before.closesAt, maxChoices: before.maxChoices, liveCounts: before.liveCounts } } : {}),
      after: wanted,
    }),
  ]);
  return settingsView(next, now);
}

function cannotVote(caller: Identity | undefined, phase: string, competition: Competition, now: Date, s: AudienceVoteSettings): string | undefined {
  if (resultsFrozen(stateOf(competition, now)) || phase === 'closed') return 'The vote has closed.';
  if (phase === 'upcoming') return `The vote opens at ${s.opensAt}.`;
  if (!caller) return 'Sign in to vote.';
  if (caller.emailVerified !== true) return 'Confirm your e-mail address to vote.';
  return undefined;
}

/** The vote as anyone sees it (404 unless the competition is published and has a vote), with the caller's ballot when signed in. */
export async function viewAudienceVote(ports: ReadDeps & Pick<Ports, 'jobs' | 'jobQueue' | 'ids'>, caller: Identity | undefined, competitionId: string) {
  const { competition, settings } = await loadPublicVote(ports, caller, competitionId);
  const now = ports.clock.now();
  await finaliseWhenClosed(ports, settings, now);
  const phase = phaseOf(settings, now);
  const ballot = caller ? await ports.audienceVotes.getBallot(competitionId, await ports.audienceVotes.ballotIdFor(competitionId, caller.sub)) : undefined;
  const reason = cannotVote(caller, phase, competition, now, settings);
  return {
    ...settingsView(settings, now),
    ...(ballot ? { myBallot: { choices: ballot.choices, updatedAt: ballot.updatedAt } } : {}),
    canVote: reason === undefined,
    ...(reason ? { cannotVoteReason: reason } : {}),
  };
}

/** The entries one may vote for (the competition's submitted ones), a page at a time: public fields only. */
export async function listCandidates(ports: ReadDeps, caller: Identity | undefined, competitionId: string, limit = 50, cursor?: string) {
  await loadPublicVote(ports, caller, competitionId);
  const page = await ports.submissions.listForCompetition(competitionId, { status: 'submitted' }, limit, cursor);
  return {
    items: page.items.map((s) => ({ submissionId: s.id, title: s.title, organisationName: s.organisationName, summary: s.summary })),
    ...(page.nextCursor ? { cursor: page.nextCursor, nextCursor: page.nextCursor } : {}),
  };
}

/**
 * Casts or changes the caller's ballot. Refused: unverified e-mail (403 `email-unverified`),
 * outside the window (409), an entry of the caller's own (403 `own-submission`), too many writes
 * from the account or the network (429 `rate-limited`). Concurrent casts by one person leave one
 * ballot: the ballot's conditional put lets one through, the others re-read and apply theirs.
 */
export async function castBallot(ports: Deps, caller: Identity | undefined, competitionId: string, input: { choices: string[] }, address: string) {
  const who = requireIdentity(caller);
  const now = ports.clock.now();
  const { settings, membership } = await loadPublicVote(ports, who, competitionId, (competition) => assertNotFrozen(competition, now));
  if (who.emailVerified !== true) throw new ForbiddenBecause('email-unverified', 'Confirm your e-mail address first: only verified addresses may vote.');
  const phase = phaseOf(settings, now);
  if (phase === 'upcoming') throw new InvalidState(`The audience vote opens at ${settings.opensAt}.`);
  if (phase === 'closed') throw new InvalidState('The audience vote has closed; ballots can no longer be cast or changed.');

  const wanted = input.choices;
  const entries = await ports.submissions.getMany([...new Set(wanted)].map((id) => ({ competitionId, id })));
  const candidates = new Set(entries.filter((s) => s.competitionId === competitionId && s.status === 'submitted').map((s) => s.id));
  // The voter's own team: the entry's registered owner, a member of its team signed in with their own
  // account (editor or viewer: their membership's seat, domain/team.ts), or a person on its registration
  // with the voter's (verified) address.
  const owners = await ports.memberships.getMany(competitionId, [...new Set(entries.map((s) => s.ownerSub))]);
  const teamOf = new Map(owners.map((m) => [m.userSub, (m.registration?.team ?? []).map((t) => t.email.toLowerCase())]));
  const myTeam = seatOf(membership)?.teamSub;
  const own = new Set(
    entries.filter((s) => s.ownerSub === who.sub || s.ownerSub === myTeam || (teamOf.get(s.ownerSub) ?? []).includes(who.email.toLowerCase())).map((s) => s.id),
  );
  const problem = ballotProblem(wanted, { maxChoices: settings.maxChoices, candidates, own });
  if (problem?.kind === 'invalid') throw new ValidationFailed('Check your choices.', problem.fields);
  if (problem?.kind === 'own-submission') throw new ForbiddenBecause('own-submission', 'You cannot vote for your own entry.', { choices: 'own entry' });

  const window = rateWindow(now);
  const network = await ports.audienceVotes.networkOf(address);
  if (!(await ports.audienceVotes.takeRate(competitionId, 'account', who.sub, ACCOUNT_WRITES, window))) throw new RateLimited(rateLimitMessage('account'));
  if (!(await ports.audienceVotes.takeRate(competitionId, 'network', network, NETWORK_WRITES, window))) {
    await ports.audienceVotes.returnRate(competitionId, 'account', who.sub, window); // a refusal stores nothing
    throw new RateLimited(rateLimitMessage('network'));
  }

  // An account older than the account records gets one now, marked first-seen (never counted as new).
  await recordAccountSeen(ports, who.sub);
  const ballotId = await ports.audienceVotes.ballotIdFor(competitionId, who.sub);
  const at = now.toISOString();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const before = await ports.audienceVotes.getBallot(competitionId, ballotId);
    const next: Ballot = {
      competitionId,
      ballotId,
      voterSub: who.sub,
      choices: [...wanted],
      createdAt: before?.createdAt ?? at,
      updatedAt: at,
      version: (before?.version ?? 0) + 1,
      networkHash: network,
      ...(before?.voided ? { voided: before.voided } : {}),
    };
    if ((await ports.audienceVotes.putBallot(next, before?.version ?? 0)) === 'conflict') continue;
    // A voided ballot stays out of the counts until an organiser restores it.
    const deltas = next.voided ? new Map<string, number>() : countDeltas(before?.choices ?? [], next.choices);
    await ports.audienceVotes.moveCounts(competitionId, deltas, { ballots: before ? 0 : 1 });
    return { choices: next.choices, updatedAt: next.updatedAt };
  }
  throw new VersionConflict('Your ballot was being changed at the same moment elsewhere; try again.');
}

/** The counts: public once closed (or live, when chosen); organisers always. */
export async function audienceResults(ports: ReadDeps & Pick<Ports, 'jobs' | 'jobQueue' | 'ids'>, caller: Identity | undefined, competitionId: string) {
  const { settings, staffMayRead } = await loadPublicVote(ports, caller, competitionId);
  const now = ports.clock.now();
  if (!countsPublic(settings, now) && !(await staffMayRead())) throw new NotFound('The counts are shown when the vote closes.');
  await finaliseWhenClosed(ports, settings, now);
  const counts = await ports.audienceVotes.counts(competitionId);
  const withVotes = counts.items.filter((c) => c.votes > 0);
  const titles = new Map((await ports.submissions.getMany(withVotes.map((c) => ({ competitionId, id: c.submissionId })))).map((s) => [s.id, s.title]));
  return {
    phase: phaseOf(settings, now),
    final: Boolean(settings.finalisedAt),
    ballots: counts.ballots - counts.voided,
    voided: counts.voided,
    items: rankCounts(withVotes).map((c) => ({ ...c, title: titles.get(c.submissionId) ?? '' })),
  };
}

/** The audience's winner once the vote has closed (undefined: no vote, not closed, no votes, or a tie for first). */
export async function audienceWinnerOf(ports: Pick<Ports, 'audienceVotes' | 'clock'>, competitionId: string): Promise<string | undefined> {
  const s = await ports.audienceVotes.getSettings(competitionId);
  if (!s || phaseOf(s, ports.clock.now()) !== 'closed') return undefined;
  return audienceWinner((await ports.audienceVotes.counts(competitionId)).items);
}

const reviewView = (b: Ballot, flags: string[]) => ({
  ballotId: b.ballotId,
  voter: pseudonym(b.ballotId),
  choices: b.choices,
  createdAt: b.createdAt,
  updatedAt: b.updatedAt,
  flags,
  ...(b.voided ? { voided: { reason: b.voided.reason, at: b.voided.at, by: b.voided.by.email } } : {}),
});

/** The ballots for review (organisers), oldest first; `flagged`: only those with a flag. Voters by pseudonym. */
export async function reviewBallots(ports: Deps, caller: Identity | undefined, competitionId: string, options: { flagged?: boolean; limit?: number; cursor?: string } = {}) {
  await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const settings = await loadSettings(ports, competitionId);
  await finaliseWhenClosed(ports, settings, ports.clock.now());
  const all = await ports.audienceVotes.listBallots(competitionId);
  const flags = flagBallots(await withAccountAges(ports, all));
  const keyOf = (b: Ballot) => `${b.createdAt}#${b.ballotId}`;
  const chosen = all.filter((b) => !options.flagged || (flags.get(b.ballotId) ?? []).length > 0).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const page = pageAfter(chosen, keyOf, options.limit ?? 50, options.cursor);
  return {
    items: page.items.map((b) => reviewView(b, flags.get(b.ballotId) ?? [])),
    ...(page.nextCursor ? { cursor: page.nextCursor, nextCursor: page.nextCursor } : {}),
  };
}

async function moderate(ports: Deps, caller: Identity | undefined, competitionId: string, ballotId: string, change: { reason: string } | 'restore') {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  const now = ports.clock.now();
  assertNotFrozen(competition, now);
  const settings = await loadSettings(ports, competitionId);
  // Between the close and the close job's recount the counts are being rewritten from the ballots.
  if (phaseOf(settings, now) === 'closed' && !settings.finalisedAt) {
    await finaliseWhenClosed(ports, settings, now);
    throw new InvalidState('The vote has just closed and its ballots are being counted; try again in a minute.');
  }
  if (change !== 'restore' && (change.reason.trim() === '' || change.reason.length > VOID_REASON_MAX)) throw new ValidationFailed('Write the reason.', { reason: 'required' });
  const actor = { sub: membership.userSub, email: membership.userEmail };
  const at = now.toISOString();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const b = await ports.audienceVotes.getBallot(competitionId, ballotId);
    if (!b) throw new NotFound('No such ballot.');
    // The flags depend on the other ballots (same network, similar new accounts).
    const flags = async () => flagBallots(await withAccountAges(ports, await ports.audienceVotes.listBallots(competitionId))).get(b.ballotId) ?? [];
    if (change === 'restore' ? !b.voided : b.voided?.reason === change.reason) return reviewView(b, await flags()); // idempotent
    const { voided: was, ...rest } = b;
    const next: Ballot = change === 'restore' ? { ...rest, version: b.version + 1 } : { ...rest, voided: { reason: change.reason, at, by: actor }, version: b.version + 1 };
    if ((await ports.audienceVotes.putBallot(next, b.version)) === 'conflict') continue;
    // Counts move only when the ballot goes in or out of them (a new reason for a voided one moves nothing).
    if (change === 'restore') await ports.audienceVotes.moveCounts(competitionId, countDeltas([], b.choices), { voided: -1 });
    else if (!was) await ports.audienceVotes.moveCounts(competitionId, countDeltas(b.choices, []), { voided: 1 });
    await ports.audit.append({
      competitionId,
      at,
      actor,
      action: change === 'restore' ? 'audience-vote.ballot-restored' : 'audience-vote.ballot-voided',
      target: `ballot:${ballotId}`,
      ...(was ? { before: { reason: was.reason } } : {}),
      after: change === 'restore' ? { ballotId } : { ballotId, reason: change.reason },
    });
    return reviewView(next, await flags());
  }
  throw new VersionConflict('This ballot was changed at the same moment; reload and try again.');
}

/** Leaves a ballot out of the counts, with the organiser's written reason (audited). */
export const voidBallot = (ports: Deps, caller: Identity | undefined, competitionId: string, ballotId: string, reason: string) => moderate(ports, caller, competitionId, ballotId, { reason });
/** Counts a voided ballot again (audited). */
export const restoreBallot = (ports: Deps, caller: Identity | undefined, competitionId: string, ballotId: string) => moderate(ports, caller, competitionId, ballotId, 'restore');

/**
 * The close job: freezes each ballot's flags and removes its network hash, recomputes the counts
 * from the ballots, deletes the rate-limit counters, and marks the vote finalised.
 */
export const audienceVoteCloseJob: JobHandler = async (ports, job, ctx) => {
  const competitionId = job.competitionId;
  const settings = await ports.audienceVotes.getSettings(competitionId);
  if (!settings || settings.finalisedAt || phaseOf(settings, ports.clock.now()) !== 'closed') return { skipped: true };
  const ballots = await ports.audienceVotes.listBallots(competitionId);
  const flags = flagBallots(await withAccountAges(ports, ballots));
  let done = 0;
  for (const b of ballots) {
    if (b.networkHash !== undefined || b.frozenFlags === undefined) await ports.audienceVotes.freezeBallot(competitionId, b.ballotId, flags.get(b.ballotId) ?? []);
    if (++done % 100 === 0) await ctx.progress(done, ballots.length, 'ballots');
  }
  const voided = ballots.filter((b) => b.voided).length;
  await ports.audienceVotes.replaceCounts(competitionId, tally(ballots), { ballots: ballots.length, voided });
  const purged = await ports.audienceVotes.deleteRateItems(competitionId);
  await ports.audienceVotes.saveSettings({ ...settings, finalisedAt: ports.clock.now().toISOString(), version: settings.version + 1 }, settings.version);
  return { ballots: ballots.length, voided, purged };
};
