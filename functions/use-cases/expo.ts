/**
 * Expo rounds: judges walk the hall with a phone and compare each team with the one they saw
 * before (domain/expo.ts); the organiser places the teams at tables, marks absent ones and
 * watches the live view. Access is checked here: `expo-judge` is an active reviewer record of the
 * expo round in the path (an accepted invitation to it); everything else is the organisers'.
 *
 * Each judge request is a few sequential round trips whatever the hall's size: (1) the caller's
 * access, the round, their state and what the answer needs (tables, the hall, the other judges'
 * states) read together, keyed by the path and the caller; (2) the one conditional write of the
 * change (the hall first when the judge is sent somewhere); (3) the titles and notes of the two
 * projects on screen, with the ranking counter moved on for a vote.
 *
 * A judge is never sent to their own team nor to one they have a conflict with: the recorded
 * conflicts (read in (1)) and the automatic ones (domain/conflicts.ts, what the round's conflict
 * list holds for them), worked out in memory from the judge's membership and reviewer record and
 * the owner facts each table keeps (copied from the registration when the team is placed) — no
 * read of the whole competition, no wait for the conflict-list job. Tables placed without those
 * facts have their owners' memberships read in one batch first.
 *
 * The hall (where judges were sent, for maxJudgesPerTable) and a judge's state are two items and
 * dynalite has no transactions, so the judge's state is the truth and the hall's entry for them a
 * claim that follows it. "next"/"skip" claim the table in the hall first (a conditional write,
 * retried with the hall re-read: two judges never get one table) and then write the state; when
 * that state write loses (a double tap, a second screen), settleHall puts the entry back where the
 * stored state says. "undo" writes the state first and then settles the hall from it, retried on a
 * version conflict the same way — it no longer gives up when another judge is sent at that moment.
 * A process dying between the two writes (or HALL_TRIES lost races) leaves at most this judge's
 * entry stale, and only until their next move, which rewrites it.
 */
import { CROWD_BT_DEFAULTS, crowdBtPosterior } from '../domain/crowd-bt.ts';
import {
  assertExpo,
  assertJudgingOpen,
  assertTableInput,
  countedVotes,
  crowdOf,
  defaultPosition,
  EXPO_LIMITS,
  emptyJudgeState,
  expoSettingsOf,
  sameVote,
  skippedUntilMs,
  voteInputErrors,
  type ExpoHall,
  type ExpoJudgeState,
  type ExpoSettings,
  type ExpoTable,
  type ExpoTableInput,
  type ExpoVote,
  type ExpoVoteInput,
  type JudgeMessageCode,
  type StoredExpoVote,
} from '../domain/expo.ts';
import { budgetedMinVisits, chooseNext, expectedVisits, nearbyLeft, eligibleItems, SELECTION_REASONS, type SelectionInput, type SelectionReason } from '../domain/expo-selection.ts';
import { DomainError, NotFound, ValidationFailed, VersionConflict } from '../domain/errors.ts';
import { problemsMessage } from '../domain/field-labels.ts';
import type { Identity } from '../domain/identity.ts';
import { assertAllowed, resultsFrozen, stateOf } from '../domain/lifecycle.ts';
import { DEFAULT_PAIRWISE_METHOD, rankPairwise } from '../domain/pairwise-ranking.ts';
import { criterionStandings } from '../domain/expo-criteria.ts';
import { roundPhase, type Round } from '../domain/evaluation.ts';
import type { Competition } from '../domain/competition.ts';
import { automaticConflict, type ReviewerFacts } from '../domain/conflicts.ts';
import { trustedEmail, type Membership } from '../domain/membership.ts';
import { seatOf } from '../domain/team.ts';
import { loadOrganisedCompetition, loadVisibleCompetition, requireIdentity } from './access.ts';
import type { StaffCapability } from '../domain/programme.ts';
import type { ExpoNote, Ports } from './ports.ts';

/** 409 with a code of its own, so a phone can tell a stale vote from a closed round. */
export class ExpoConflict extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'expo' | 'audit' | 'clock'>;
/**
 * Votes move the ranking's inputs on (one ADD: `rankingInputsChanged(…, { start: false })` of
 * ranking-job.ts, called through the port so the live area's bundle does not carry the ranking).
 */
type JudgeDeps = Deps & Pick<Ports, 'results'>;
const noteVotesChanged = (ports: JudgeDeps, competitionId: string) => ports.results.noteInputsChanged(competitionId, ports.clock.now().toISOString());

/** A round's window as everyone lives it (use-cases/rounds.ts reviewingPhase): closed once results are decided. */
const reviewingPhase = (c: Competition, r: Pick<Round, 'opensAt' | 'closesAt'>, now: Date) => (resultsFrozen(stateOf(c, now)) ? 'closed' : roundPhase(r, now));

/** Tables within this walk (domain/expo-selection.ts walkDistance) count as "near you". */
export const NEARBY_TABLES = 10;
/**
 * The round's tables as one judge walks them: withdrawn entries left out; their own team, the
 * teams they have a recorded conflict with (declared, entered by the organiser) and those they
 * have an automatic one with (domain/conflicts.ts: same organisation, same person, company
 * e-mail domain — what the round's conflict list holds for them) absent for them.
 */
function judgedTables(tables: ExpoTable[], entries: { id: string; ownerSub: string }[], conflicts: { submissionId: string; reviewerSub: string }[], judge: ReviewerFacts): ExpoTable[] {
  const submitted = new Set(entries.map((e) => e.id));
  const conflicted = new Set(conflicts.filter((c) => c.reviewerSub === judge.sub).map((c) => c.submissionId));
  const automatic = (t: ExpoTable) =>
    automaticConflict(judge, { submissionId: t.submissionId, ownerSub: t.ownerSub ?? '', registryId: t.owner?.registryId ?? '', teamEmails: t.owner?.teamEmails ?? [], ...(t.owner?.email ? { ownerEmail: t.owner.email } : {}) }) !== undefined;
  return tables
    .filter((t) => submitted.has(t.submissionId))
    .map((t) => (t.ownerSub === judge.sub || conflicted.has(t.submissionId) || automatic(t) ? { ...t, absent: true } : t));
}

/** What an automatic conflict follows from, of a team's owner (stored with its table). */
export const ownerFacts = (m: Membership | undefined): NonNullable<ExpoTable['owner']> => {
  const email = trustedEmail(m);
  return { registryId: m?.registration?.registryId ?? '', teamEmails: m?.registration?.team.map((t) => t.email) ?? [], ...(email ? { email } : {}) };
};

/** The tables of these teams with their owners' conflict facts, read in one batch (for tables placed before the facts were kept). */
async function withOwnerFacts(ports: Deps, competitionId: string, tables: ExpoTable[]): Promise<ExpoTable[]> {
  const missing = [...new Set(tables.filter((t) => t.ownerSub && !t.owner).map((t) => t.ownerSub!))];
  if (missing.length === 0) return tables;
  const members = new Map((await ports.memberships.getMany(competitionId, missing)).map((m) => [m.userSub, m]));
  return tables.map((t) => (t.ownerSub && !t.owner ? { ...t, owner: ownerFacts(members.get(t.ownerSub)) } : t));
}

/** Tries of a conditional write that lost a race (another judge sent at the same moment). */
const HALL_TRIES = 6;

export interface ExpoProject {
  submissionId: string;
  title: string;
  table: string;
  zone?: string;
  note: string;
}

export interface ExpoJudgeView {
  round: { id: string; name: string; opensAt: string; closesAt: string; phase: 'upcoming' | 'open' | 'closed'; criteria: { id: string; name: string }[]; undoSeconds: number };
  current?: ExpoProject;
  previous?: ExpoProject;
  seen: number;
  left: number;
  leftNearby: number;
  lastVote?: { voteId: string; undoUntil: string };
  done: boolean;
  /** What to tell the judge, in English; `messageCode` (and `messageAt`, a time it names) for the web to say it in the judge's language. */
  message?: string;
  messageCode?: JudgeMessageCode;
  messageAt?: string;
}

/** What the judge's page is told, in English, by code (domain/expo.ts JUDGE_MESSAGE_CODES). */
export const JUDGE_MESSAGES = {
  closed: 'Judging in this round is closed.',
  opens: 'Judging in this round opens at {at}.',
  noTables: 'No teams are at tables yet: the organisers place them before judging starts.',
  done: 'You have seen every team. Thank you!',
  tapFirst: 'Tap "Next table" to be sent to your first team.',
  tapNext: 'Tap "Next table" for your next team.',
  firstTeam: 'Your first team: listen to their pitch, then tap "Next table" (the first one has nothing to compare with).',
  sayWhich: 'Say which was better (or skip this team) before moving on.',
  waiting: SELECTION_REASONS.waiting,
  seenAll: SELECTION_REASONS.seenAll,
} as const satisfies Record<JudgeMessageCode, string>;
type JudgeNote = { code: JudgeMessageCode; at?: string };

/** Why the judge was sent nowhere, as a note (only `waiting` and `seenAll` leave a judge without a table). */
function selectionNote(why: SelectionReason | undefined): JudgeNote | undefined {
  return why === 'waiting' || why === 'seenAll' ? { code: why } : undefined;
}

function noteView(note: JudgeNote | undefined) {
  if (!note) return {};
  return { message: JUDGE_MESSAGES[note.code].replace('{at}', note.at ?? ''), messageCode: note.code, ...(note.at ? { messageAt: note.at } : {}) };
}

export const settingsOf = (round: Round): ExpoSettings => expoSettingsOf(round.expo, DEFAULT_PAIRWISE_METHOD);

// ---- the judge ----------------------------------------------------------------------------------

interface JudgeContext {
  who: Identity;
  round: Round;
  settings: ExpoSettings;
  phase: 'upcoming' | 'open' | 'closed';
  canChange: boolean;
  state: ExpoJudgeState;
  tables: ExpoTable[];
  competition: Awaited<ReturnType<typeof loadVisibleCompetition>>['competition'];
  /** Read with the rest when the request may send the judge somewhere (next, skip). */
  hall?: ExpoHall;
  judges?: ExpoJudgeState[];
}

/** The caller as a judge of the expo round in the path (404 to anyone else), with what the answer needs. */
async function loadJudge(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, options: { hall?: boolean } = {}): Promise<JudgeContext> {
  const who = requireIdentity(caller);
  // Keyed by the path and the caller alone; nothing is shown unless the caller is a judge of the round.
  const [access, round, reviewers, state, tables, entries, conflicts, hall, judges] = await Promise.all([
    loadVisibleCompetition(ports, who, competitionId),
    ports.evaluation.getRound(competitionId, roundId),
    ports.evaluation.getReviewers(competitionId, roundId, [who.sub]),
    ports.expo.getJudge(competitionId, roundId, who.sub),
    ports.expo.listTables(competitionId, roundId),
    ports.submissions.listOwners(competitionId, 'submitted'),
    ports.evaluation.listConflicts(competitionId, roundId),
    options.hall ? ports.expo.getHall(competitionId, roundId) : undefined,
    options.hall ? ports.expo.listJudges(competitionId, roundId) : undefined,
  ]);
  const reviewer = reviewers.find((r) => r.sub === who.sub && r.active);
  if (!round || round.kind !== 'expo' || !reviewer) throw new NotFound('You are not a judge in this expo round.');
  const now = ports.clock.now();
  // The judge as the conflict list sees them (use-cases/conflict-list.ts deriveAutomaticConflicts).
  const registration = access.membership?.registration;
  // Their own entry is their team's (domain/team.ts): a viewer or editor judging is the entrant too.
  const teamSub = seatOf(access.membership)?.teamSub ?? who.sub;
  const ownEntry = entries.find((e) => e.ownerSub === teamSub)?.id;
  const judgeEmail = reviewer.source === 'invitation' ? reviewer.email : trustedEmail(access.membership);
  const judge: ReviewerFacts = {
    sub: who.sub,
    ...(judgeEmail ? { email: judgeEmail } : {}),
    ...(registration?.registryId ? { registryId: registration.registryId } : {}),
    ...(ownEntry ? { submissionId: ownEntry } : {}),
    teamEmails: registration?.team.map((t) => t.email) ?? [],
  };
  const phase = reviewingPhase(access.competition, round, now);
  return {
    who,
    round,
    settings: settingsOf(round),
    phase,
    canChange: phase === 'open',
    state: state ?? emptyJudgeState(competitionId, roundId, who.sub, now.toISOString()),
    // Only entries still submitted; the judge's own team (a team member invited to judge) and teams
    // they have a recorded conflict with are never offered to them: absent for them.
    tables: judgedTables(await withOwnerFacts(ports, competitionId, tables), entries, conflicts, judge),
    competition: access.competition,
    ...(hall ? { hall } : {}),
    ...(judges ? { judges } : {}),
  };
}

function assertCanJudge(ctx: JudgeContext, now: Date) {
  assertAllowed(ctx.competition, now, 'review');
  assertJudgingOpen(ctx.phase, ctx.round.opensAt);
}

/** What the selection is given: the hall's teams with the posterior replayed from the round's counted votes. */
function selectionInput(ctx: JudgeContext, judges: ExpoJudgeState[], hall: ExpoHall, state: ExpoJudgeState, nowMs: number): SelectionInput {
  // Everyone's counted votes, this judge's as `state` has them (it may be ahead of what was read).
  const all = [...judges.filter((j) => j.judgeSub !== state.judgeSub), state];
  const votes = countedVotes(all.flatMap((j) => j.votes.map((v): ExpoVote => ({ ...v, competitionId: ctx.round.competitionId, roundId: ctx.round.id, judgeSub: j.judgeSub }))));
  const ids = ctx.tables.map((t) => t.submissionId);
  const posterior = crowdBtPosterior(
    ids,
    votes.map((v) => ({ judge: v.judgeSub, winner: v.winner, loser: v.winner === v.currentId ? v.previousId : v.currentId })),
  );
  const visits = new Map<string, number>();
  for (const j of all) for (const id of j.seen) visits.set(id, (visits.get(id) ?? 0) + 1);
  const me = posterior.judges.get(state.judgeSub) ?? { alpha: CROWD_BT_DEFAULTS.alphaPrior, beta: CROWD_BT_DEFAULTS.betaPrior };
  return {
    items: ctx.tables.map((t) => ({
      id: t.submissionId,
      position: t.position,
      ...(t.zone ? { zone: t.zone } : {}),
      absent: t.absent,
      mu: posterior.items.get(t.submissionId)?.mu ?? 0,
      sigmaSq: posterior.items.get(t.submissionId)?.sigmaSq ?? 1,
      visits: visits.get(t.submissionId) ?? 0,
    })),
    judge: { alpha: me.alpha, beta: me.beta, seen: state.seen, skippedUntilMs: skippedUntilMs(state) },
    ...(state.previous !== undefined ? { previous: state.previous } : {}),
    crowd: crowdOf(hall, state.judgeSub),
    nowMs,
    settings: {
      // The round's minimum as far as its vote budget allows (the judges in the hall over its window).
      minVisits: budgetedMinVisits(ctx.settings.minVisits, { teams: ctx.tables.filter((t) => !t.absent).length, expectedVisits: expectedVisits(all.length, ctx.round) }),
      maxJudgesPerTable: ctx.settings.maxJudgesPerTable,
    },
  };
}

/** The judge's screen: the two projects (titles and notes read here), progress, the vote that may be undone. */
async function judgeView(ports: Deps, ctx: JudgeContext, state: ExpoJudgeState, note?: JudgeNote): Promise<ExpoJudgeView> {
  const now = ports.clock.now();
  const onScreen = [state.current, state.previous].filter((x): x is string => x !== undefined);
  const [submissions, notes] = await Promise.all([
    onScreen.length ? ports.submissions.getMany(onScreen.map((id) => ({ competitionId: ctx.round.competitionId, id }))) : Promise.resolve([]),
    onScreen.length ? ports.expo.listNotes(ctx.round.competitionId, ctx.round.id, state.judgeSub) : Promise.resolve([] as ExpoNote[]),
  ]);
  const titles = new Map(submissions.map((s) => [s.id, s.title]));
  const noteOf = new Map(notes.map((n) => [n.submissionId, n.text]));
  const tableOf = new Map(ctx.tables.map((t) => [t.submissionId, t]));
  const project = (id: string): ExpoProject => {
    const t = tableOf.get(id);
    return { submissionId: id, title: titles.get(id) ?? '', table: t?.table ?? '', ...(t?.zone ? { zone: t.zone } : {}), note: noteOf.get(id) ?? '' };
  };
  // Progress: the teams still to see (not absent, not seen, not cooling down after a skip), and those near the judge.
  const where = state.current ?? state.previous;
  const progressInput: SelectionInput = {
    items: ctx.tables.map((t) => ({ id: t.submissionId, position: t.position, ...(t.zone ? { zone: t.zone } : {}), absent: t.absent, mu: 0, sigmaSq: 1, visits: 0 })),
    judge: { alpha: 10, beta: 1, seen: [...state.seen, ...(state.current ? [state.current] : [])], skippedUntilMs: skippedUntilMs(state) },
    ...(where !== undefined ? { previous: where } : {}),
    crowd: {},
    nowMs: now.getTime(),
    settings: { minVisits: ctx.settings.minVisits, maxJudgesPerTable: ctx.settings.maxJudgesPerTable },
  };
  const left = eligibleItems(progressInput).length;
  const seen = new Set([...state.seen, ...(state.current ? [state.current] : []), ...(where ? [where] : [])]);
  const unseenPresent = ctx.tables.filter((t) => !t.absent && !seen.has(t.submissionId)).length;
  const done = state.current === undefined && unseenPresent === 0 && ctx.tables.length > 0;
  const lastVote = state.lastVote && state.lastVote.undoUntil > now.toISOString() ? { voteId: state.lastVote.voteId, undoUntil: state.lastVote.undoUntil } : undefined;
  const closed: JudgeNote | undefined = ctx.phase === 'closed' ? { code: 'closed' } : ctx.phase === 'upcoming' ? { code: 'opens', at: ctx.round.opensAt } : undefined;
  const noTables: JudgeNote | undefined = ctx.tables.length === 0 ? { code: 'noTables' } : undefined;
  const shown = closed ?? noTables ?? (done ? { code: 'done' as const } : note);
  return {
    round: {
      id: ctx.round.id,
      name: ctx.round.name,
      opensAt: ctx.round.opensAt,
      closesAt: ctx.round.closesAt,
      phase: ctx.phase,
      criteria: ctx.settings.compareCriteria ? ctx.round.rubric.map((c) => ({ id: c.id, name: c.name })) : [],
      undoSeconds: ctx.settings.undoSeconds,
    },
    ...(state.current ? { current: project(state.current) } : {}),
    ...(state.previous ? { previous: project(state.previous) } : {}),
    seen: state.seen.length,
    left,
    leftNearby: nearbyLeft(progressInput, NEARBY_TABLES),
    ...(lastVote ? { lastVote } : {}),
    done,
    ...noteView(shown),
  };
}

export async function viewJudge(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string): Promise<ExpoJudgeView> {
  const ctx = await loadJudge(ports, caller, competitionId, roundId);
  const code: JudgeMessageCode | undefined =
    ctx.state.current === undefined && ctx.canChange
      ? ctx.state.previous === undefined && ctx.state.seen.length === 0
        ? 'tapFirst'
        : 'tapNext'
      : ctx.state.current !== undefined && ctx.state.previous === undefined
        ? 'firstTeam'
        : undefined;
  return judgeView(ports, ctx, ctx.state, code ? { code } : undefined);
}

/**
 * Puts the judge's entry in the hall where their stored state says they are: the state is the
 * truth, the hall a derived claim (see the module's header). Read together, then one conditional
 * write, retried on a version conflict like "next"'s claim. `claimed`: a table this request
 * claimed for a state write that then lost — the entry is dropped if it still points there and
 * the state has no current table. After HALL_TRIES lost races the entry is left for the judge's
 * next move to rewrite (every move writes it).
 */
async function settleHall(ports: Deps, competitionId: string, roundId: string, judgeSub: string, claimed?: string): Promise<void> {
  for (let attempt = 0; attempt <= HALL_TRIES; attempt++) {
    const [hall, state] = await Promise.all([ports.expo.getHall(competitionId, roundId), ports.expo.getJudge(competitionId, roundId, judgeSub)]);
    const now = hall.at[judgeSub];
    const want = state?.current ?? (now !== undefined && now === claimed ? undefined : now);
    if (now === want) return;
    const at = { ...hall.at };
    if (want === undefined) delete at[judgeSub];
    else at[judgeSub] = want;
    if (await ports.expo.saveHall(competitionId, roundId, { at, version: hall.version + 1 }, hall.version)) return;
  }
}

/**
 * Sends the judge to their next table: from `base` (their state after any change this request
 * makes: a first table left, a skip), the selection over the posterior, the hall claimed for the
 * table in one conditional write (retried with the hall re-read when another judge was sent at
 * the same moment, so a table that takes one judge is given to one), then the judge's state in
 * one conditional write on the version read.
 */
async function advance(ports: Deps, ctx: JudgeContext, base: ExpoJudgeState, expectedVersion: number, changed: boolean): Promise<ExpoJudgeView> {
  const { competitionId, id: roundId } = ctx.round;
  const now = ports.clock.now();
  let hall = ctx.hall ?? (await ports.expo.getHall(competitionId, roundId));
  const judges = ctx.judges ?? (await ports.expo.listJudges(competitionId, roundId));
  let choice: ReturnType<typeof chooseNext> | undefined;
  for (let attempt = 0; ; attempt++) {
    choice = chooseNext(selectionInput(ctx, judges, hall, base, now.getTime()));
    const at = { ...hall.at };
    if (choice.next) at[base.judgeSub] = choice.next;
    else delete at[base.judgeSub];
    if (hall.at[base.judgeSub] === at[base.judgeSub]) break;
    if (await ports.expo.saveHall(competitionId, roundId, { at, version: hall.version + 1 }, hall.version)) break;
    if (attempt >= HALL_TRIES) throw new VersionConflict('Many judges are being sent to tables at once; try again.');
    hall = await ports.expo.getHall(competitionId, roundId);
  }
  const next: ExpoJudgeState = {
    ...base,
    ...(choice.next ? { current: choice.next } : {}),
    version: expectedVersion + 1,
    updatedAt: now.toISOString(),
  };
  if (!choice.next) delete next.current;
  // Nowhere to go and nothing else changed: nothing is written (asking again is free).
  const nowhere = choice?.next ? undefined : selectionNote(choice?.why);
  if (!choice?.next && !changed) return judgeView(ports, ctx, base, nowhere);
  if (!(await ports.expo.saveJudge(next, expectedVersion))) {
    // A double tap (or a second screen) sent the judge somewhere meanwhile: that is the answer —
    // and the hall, which this request may have pointed at another table, follows that state.
    await settleHall(ports, competitionId, roundId, base.judgeSub, choice?.next);
    const fresh = await ports.expo.getJudge(competitionId, roundId, base.judgeSub);
    if (fresh?.current !== undefined) return judgeView(ports, ctx, fresh);
    throw new VersionConflict('Your judging changed on another screen meanwhile; reload.');
  }
  return judgeView(ports, ctx, next, nowhere);
}

/** Skips whose cool-down is over are forgotten (the item stays small). */
function pruneSkips(state: ExpoJudgeState, now: Date): Record<string, string> {
  const t = now.toISOString();
  return Object.fromEntries(Object.entries(state.skippedUntil).filter(([, until]) => until > t));
}

/**
 * POST …/judge/next: sends the judge to a table when none is current. At their first table (no
 * previous project to compare with) it also moves them on: that table becomes the previous one.
 * With a table to vote on, nothing changes (the view says so).
 */
export async function nextTable(ports: JudgeDeps, caller: Identity | undefined, competitionId: string, roundId: string): Promise<ExpoJudgeView> {
  const ctx = await loadJudge(ports, caller, competitionId, roundId, { hall: true });
  const now = ports.clock.now();
  assertCanJudge(ctx, now);
  const s = ctx.state;
  if (s.current !== undefined && s.previous !== undefined)
    return judgeView(ports, ctx, s, { code: 'sayWhich' });
  const base: ExpoJudgeState = { ...s, skippedUntil: pruneSkips(s, now) };
  const changed = s.current !== undefined || Object.keys(base.skippedUntil).length !== Object.keys(s.skippedUntil).length;
  if (s.current !== undefined) {
    // The first table: seen, and the one the next vote compares with.
    base.previous = s.current;
    base.seen = s.seen.includes(s.current) ? s.seen : [...s.seen, s.current];
    delete base.current;
    base.lastAt = now.toISOString();
  }
  return advance(ports, ctx, base, s.version, changed);
}

/** POST …/judge/skip: the judge's current team is absent or busy: not offered to them again during the cool-down; the next table at once. */
export async function skipTable(
  ports: JudgeDeps,
  caller: Identity | undefined,
  competitionId: string,
  roundId: string,
  input: { submissionId: string; reason: 'absent' | 'busy' },
): Promise<ExpoJudgeView> {
  const ctx = await loadJudge(ports, caller, competitionId, roundId, { hall: true });
  const now = ports.clock.now();
  assertCanJudge(ctx, now);
  const s = ctx.state;
  if (s.current !== input.submissionId) throw new ExpoConflict('EXPO_NOT_CURRENT', 'You can only skip the team you were sent to; reload to see where you are.');
  const base: ExpoJudgeState = {
    ...s,
    skippedUntil: { ...pruneSkips(s, now), [input.submissionId]: new Date(now.getTime() + ctx.settings.skipCooldownMinutes * 60_000).toISOString() },
    skips: s.skips + 1,
    lastAt: now.toISOString(),
  };
  delete base.current;
  return advance(ports, ctx, base, s.version, true);
}

/** The same vote id already stored: the same content is a replay (200, counted once), other content a conflict. */
function replayOf(state: ExpoJudgeState, input: ExpoVoteInput): StoredExpoVote | undefined {
  const stored = state.votes.find((v) => v.id === input.voteId);
  if (stored && !sameVote(stored, input)) throw new ExpoConflict('EXPO_VOTE_ID_REUSED', 'A different vote was already sent with this id.');
  return stored;
}

/**
 * POST …/votes: "which was better?" about the judge's previous and current team. Counted once
 * per vote id (a replay answers 200 with the same view); a vote about a pair the judge has left
 * is refused (409). The vote and the pair moving on are one conditional write.
 */
export async function castVote(ports: JudgeDeps, caller: Identity | undefined, competitionId: string, roundId: string, input: ExpoVoteInput): Promise<{ replay: boolean; view: ExpoJudgeView }> {
  const ctx = await loadJudge(ports, caller, competitionId, roundId);
  if (replayOf(ctx.state, input)) return { replay: true, view: await judgeView(ports, ctx, ctx.state) };
  const now = ports.clock.now();
  assertCanJudge(ctx, now);
  const errors = voteInputErrors(input, ctx.settings, ctx.round.rubric);
  if (Object.keys(errors).length > 0) throw new ValidationFailed(problemsMessage(errors), errors);
  const s = ctx.state;
  if (s.current !== input.currentId || s.previous !== input.previousId)
    throw new ExpoConflict('EXPO_STALE_PAIR', 'This vote is about a pair you are no longer comparing; reload to see where you are.');
  const at = now.toISOString();
  const vote: StoredExpoVote = {
    id: input.voteId,
    previousId: input.previousId,
    currentId: input.currentId,
    winner: input.winner,
    ...(input.criteria && Object.keys(input.criteria).length > 0 ? { criteria: input.criteria } : {}),
    at,
  };
  const next: ExpoJudgeState = {
    ...s,
    previous: input.currentId,
    seen: s.seen.includes(input.currentId) ? s.seen : [...s.seen, input.currentId],
    votes: [...s.votes, vote],
    lastVote: { voteId: vote.id, undoUntil: new Date(now.getTime() + ctx.settings.undoSeconds * 1000).toISOString(), before: { previous: input.previousId, current: input.currentId } },
    lastAt: at,
    version: s.version + 1,
    updatedAt: at,
  };
  delete next.current;
  if (!(await ports.expo.saveJudge(next, s.version))) {
    // Lost a race: the same vote sent twice at once is the likely one (a phone's retry).
    const fresh = await ports.expo.getJudge(competitionId, roundId, s.judgeSub);
    if (fresh && replayOf(fresh, input)) return { replay: true, view: await judgeView(ports, ctx, fresh) };
    throw new ExpoConflict('EXPO_STALE_PAIR', 'This vote is about a pair you are no longer comparing; reload to see where you are.');
  }
  const [view] = await Promise.all([judgeView(ports, ctx, next), noteVotesChanged(ports, competitionId)]);
  return { replay: false, view };
}

/** POST …/votes/{voteId}/undo: takes back the judge's last vote within the undo window; the pair is as it was before it. */
export async function undoVote(ports: JudgeDeps, caller: Identity | undefined, competitionId: string, roundId: string, voteId: string): Promise<ExpoJudgeView> {
  const ctx = await loadJudge(ports, caller, competitionId, roundId);
  const s = ctx.state;
  const vote = s.votes.find((v) => v.id === voteId);
  if (!vote) throw new NotFound('No such vote of yours.');
  if (vote.undoneAt) return judgeView(ports, ctx, s); // a replayed undo
  const now = ports.clock.now();
  assertCanJudge(ctx, now);
  if (s.lastVote?.voteId !== voteId) throw new ExpoConflict('EXPO_UNDO_NOT_LAST', 'Only your last vote can be taken back.');
  if (now.toISOString() > s.lastVote.undoUntil) throw new ExpoConflict('EXPO_UNDO_EXPIRED', 'The time to take this vote back has passed.');
  const at = now.toISOString();
  const { before } = s.lastVote;
  const seen = [...s.seen];
  const i = seen.lastIndexOf(before.current);
  if (i >= 0) seen.splice(i, 1);
  const next: ExpoJudgeState = {
    ...s,
    current: before.current,
    seen,
    votes: s.votes.map((v) => (v.id === voteId ? { ...v, undoneAt: at } : v)),
    lastAt: at,
    version: s.version + 1,
    updatedAt: at,
  };
  if (before.previous !== undefined) next.previous = before.previous;
  else delete next.previous;
  delete next.lastVote;
  if (!(await ports.expo.saveJudge(next, s.version))) throw new VersionConflict('Your judging changed on another screen meanwhile; reload.');
  // Back at the table voted on: the hall follows the state just stored (retried like "next" when
  // another judge is sent somewhere at the same moment).
  const [view] = await Promise.all([judgeView(ports, ctx, next), noteVotesChanged(ports, competitionId), settleHall(ports, competitionId, roundId, s.judgeSub)]);
  return view;
}

/** PUT …/notes/{submissionId}: the judge's private note on a team with a table in the round. */
export async function saveNote(ports: JudgeDeps, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string, text: string): Promise<ExpoNote> {
  const ctx = await loadJudge(ports, caller, competitionId, roundId);
  assertAllowed(ctx.competition, ports.clock.now(), 'review');
  if (!ctx.tables.some((t) => t.submissionId === submissionId)) throw new NotFound('No such team in this round.');
  if (text.length > EXPO_LIMITS.noteMax) throw new ValidationFailed(`At most ${EXPO_LIMITS.noteMax} characters.`, { text: `At most ${EXPO_LIMITS.noteMax} characters.` });
  const note: ExpoNote = { submissionId, text, updatedAt: ports.clock.now().toISOString() };
  await ports.expo.putNote(competitionId, roundId, ctx.who.sub, note);
  return note;
}

// ---- the organiser ------------------------------------------------------------------------------

/** The owners' conflict facts, read in one batch (100 keys a call) when their teams are placed. */
async function ownerFactsOf(ports: Deps, competitionId: string, subs: string[]) {
  const members = subs.length ? new Map((await ports.memberships.getMany(competitionId, [...new Set(subs)])).map((m) => [m.userSub, m])) : new Map<string, Membership>();
  return (sub: string) => ownerFacts(members.get(sub));
}

/** A table as the organiser sees it (the owner's account and facts stay inside). */
const shown = ({ ownerSub: _, owner: __, ...t }: ExpoTable): ExpoTable => t;

/** The organiser's competition and its expo round, read together; the access check decides first what the caller is told. */
async function loadOrganisedExpo(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, need: StaffCapability) {
  const roundRead = ports.evaluation.getRound(competitionId, roundId);
  roundRead.catch(() => undefined); // awaited below; not an unhandled rejection if access fails first
  const organised = await loadOrganisedCompetition(ports, caller, competitionId, need);
  const round = await roundRead;
  if (!round) throw new NotFound('No such round.');
  assertExpo(round);
  return { ...organised, round };
}

export async function listTables(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, limit: number, cursor?: string) {
  await loadOrganisedExpo(ports, caller, competitionId, roundId, 'read');
  const page = await ports.expo.pageTables(competitionId, roundId, limit, cursor);
  const titles = new Map((await ports.submissions.getMany(page.items.map((t) => ({ competitionId, id: t.submissionId })))).map((s) => [s.id, s.title]));
  return { items: page.items.map((t) => ({ ...shown(t), title: titles.get(t.submissionId) ?? '' })), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** PUT …/tables: places up to 500 submitted entries at tables (a team keeps its absent mark). */
export async function putTables(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, items: ExpoTableInput[]) {
  const { competition, membership } = await loadOrganisedExpo(ports, caller, competitionId, roundId, 'evaluate');
  assertAllowed(competition, ports.clock.now(), 'manage-rounds');
  const [owners, existing] = await Promise.all([ports.submissions.listOwners(competitionId, 'submitted'), ports.expo.listTables(competitionId, roundId)]);
  assertTableInput(items, new Set(owners.map((o) => o.id)));
  const absent = new Map(existing.map((t) => [t.submissionId, t.absent]));
  const ownerOf = new Map(owners.map((o) => [o.id, o.ownerSub]));
  const facts = await ownerFactsOf(ports, competitionId, items.map((t) => ownerOf.get(t.submissionId)!));
  const tables: ExpoTable[] = items.map((t, i) => ({
    ownerSub: ownerOf.get(t.submissionId)!,
    owner: facts(ownerOf.get(t.submissionId)!),
    submissionId: t.submissionId,
    table: t.table.trim(),
    position: t.position ?? defaultPosition(t.table, i),
    ...(t.zone?.trim() ? { zone: t.zone.trim() } : {}),
    absent: absent.get(t.submissionId) ?? false,
  }));
  const at = ports.clock.now().toISOString();
  await ports.expo.putTables(competitionId, roundId, tables, at);
  await ports.audit.append({ competitionId, at, actor: { sub: membership.userSub, email: membership.userEmail }, action: 'expo.tables.updated', target: `round:${roundId}`, after: { updated: tables.length } });
  return { updated: tables.length };
}

/** POST …/tables/auto: every submitted entry without a table gets the next number, in id order. */
export async function autoNumberTables(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string) {
  const { competition, membership } = await loadOrganisedExpo(ports, caller, competitionId, roundId, 'evaluate');
  assertAllowed(competition, ports.clock.now(), 'manage-rounds');
  const [owners, existing] = await Promise.all([ports.submissions.listOwners(competitionId, 'submitted'), ports.expo.listTables(competitionId, roundId)]);
  const placed = new Set(existing.map((t) => t.submissionId));
  const ownerOf = new Map(owners.map((o) => [o.id, o.ownerSub]));
  const missing = owners.map((o) => o.id).filter((id) => !placed.has(id)).sort();
  const taken = existing.map((t) => Math.max(t.position, Number(/^\d+$/.test(t.table) ? t.table : 0)));
  const start = Math.max(0, ...taken);
  const facts = await ownerFactsOf(ports, competitionId, missing.map((id) => ownerOf.get(id)!));
  const tables: ExpoTable[] = missing.map((submissionId, i) => ({ submissionId, table: String(start + i + 1), position: start + i + 1, absent: false, ownerSub: ownerOf.get(submissionId)!, owner: facts(ownerOf.get(submissionId)!) }));
  const at = ports.clock.now().toISOString();
  if (tables.length > 0) {
    await ports.expo.putTables(competitionId, roundId, tables, at);
    await ports.audit.append({ competitionId, at, actor: { sub: membership.userSub, email: membership.userEmail }, action: 'expo.tables.numbered', target: `round:${roundId}`, after: { updated: tables.length, from: start + 1 } });
  }
  return { updated: tables.length };
}

/** PUT …/tables/{submissionId}/absent: the team is (no longer) at its table; judges are not sent to absent teams. */
export async function setAbsent(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string, submissionId: string, absent: boolean) {
  const { competition, membership } = await loadOrganisedExpo(ports, caller, competitionId, roundId, 'evaluate');
  assertAllowed(competition, ports.clock.now(), 'manage-rounds');
  const at = ports.clock.now().toISOString();
  const table = await ports.expo.setAbsent(competitionId, roundId, submissionId, absent, at);
  if (!table) throw new NotFound('This team has no table in this round.');
  await ports.audit.append({ competitionId, at, actor: { sub: membership.userSub, email: membership.userEmail }, action: absent ? 'expo.team.absent' : 'expo.team.present', target: `submission:${submissionId}`, after: { roundId, absent } });
  return shown(table);
}

/** GET …/live: the ranking by the round's method with intervals, coverage per team, judges' progress, teams nobody has seen. */
export async function liveView(ports: Deps, caller: Identity | undefined, competitionId: string, roundId: string) {
  const { round } = await loadOrganisedExpo(ports, caller, competitionId, roundId, 'read');
  const [allTables, judges, reviewers, entries] = await Promise.all([
    ports.expo.listTables(competitionId, roundId),
    ports.expo.listJudges(competitionId, roundId),
    ports.evaluation.listReviewers(competitionId, roundId),
    ports.submissions.listOwners(competitionId, 'submitted'),
  ]);
  // Withdrawn entries are not in the ranking.
  const submitted = new Set(entries.map((e) => e.id));
  const tables = allTables.filter((t) => submitted.has(t.submissionId));
  const titles = new Map((await ports.submissions.getMany(tables.map((t) => ({ competitionId, id: t.submissionId })))).map((s) => [s.id, s.title]));
  const settings = settingsOf(round);
  const votes = countedVotes(judges.flatMap((j) => j.votes.map((v) => ({ ...v, competitionId, roundId, judgeSub: j.judgeSub }))));
  const ranking = rankPairwise(
    settings.method,
    tables.map((t) => t.submissionId),
    votes.map((v) => ({ judge: v.judgeSub, winner: v.winner, loser: v.winner === v.currentId ? v.previousId : v.currentId })),
  );
  const standing = new Map(ranking.standings.map((s) => [s.id, s]));
  const judgeFit = new Map(ranking.judges.map((j) => [j.judge, j]));
  const visits = new Map<string, number>();
  for (const j of judges) for (const id of j.seen) visits.set(id, (visits.get(id) ?? 0) + 1);
  const stateOf = new Map(judges.map((j) => [j.judgeSub, j]));
  const round2 = (x: number) => Math.round(x * 100) / 100;
  /** A standing's score with its 95 % interval, as the live view shows it. */
  const scored = (s: { score: number; se: number } | undefined) => {
    const score = s?.score ?? 50;
    const se = s?.se ?? 50;
    return { score: round2(score), low: round2(Math.max(0, score - 1.96 * se)), high: round2(Math.min(100, score + 1.96 * se)) };
  };
  const teams = tables
    .map((t) => {
      const s = standing.get(t.submissionId);
      return {
        submissionId: t.submissionId,
        title: titles.get(t.submissionId) ?? '',
        table: t.table,
        ...(t.zone ? { zone: t.zone } : {}),
        absent: t.absent,
        visits: visits.get(t.submissionId) ?? 0,
        votes: s?.comparisons ?? 0,
        ...scored(s),
        rank: s?.rank ?? tables.length,
      };
    })
    .sort((a, b) => a.rank - b.rank || (a.submissionId < b.submissionId ? -1 : 1));
  // Issue 12 (H10): per-criterion standings where the round compares criteria, each ranked on its own votes.
  const criteria = settings.compareCriteria
    ? criterionStandings(settings.method, tables.map((t) => t.submissionId), round.rubric, votes).map((c) => ({
        id: c.criterionId,
        name: c.name,
        votes: c.votes,
        standings: c.standings.map((s) => ({ submissionId: s.id, rank: s.rank, votes: s.comparisons, ...scored(s) })),
      }))
    : [];
  return {
    method: settings.method,
    votes: votes.length,
    // What the selection applies (selectionInput): the round's minimum as far as its vote budget allows.
    minVisits: budgetedMinVisits(settings.minVisits, { teams: tables.filter((t) => !t.absent).length, expectedVisits: expectedVisits(judges.length, round) }),
    updatedAt: ports.clock.now().toISOString(),
    judges: reviewers
      .filter((r) => r.active)
      .map((r) => {
        const st = stateOf.get(r.sub);
        const fit = judgeFit.get(r.sub);
        return {
          sub: r.sub,
          name: r.name,
          seen: st?.seen.length ?? 0,
          votes: st?.votes.filter((v) => !v.undoneAt).length ?? 0,
          skips: st?.skips ?? 0,
          ...(st?.lastAt ? { lastAt: st.lastAt } : {}),
          ...(st?.current ? { current: st.current } : {}),
          ...(fit?.alpha !== undefined ? { alpha: fit.alpha } : {}),
          ...(fit?.beta !== undefined ? { beta: fit.beta } : {}),
          ...(fit ? { agreement: fit.agreement } : {}),
        };
      }),
    teams,
    criteria,
    unseen: tables.filter((t) => !t.absent && !visits.get(t.submissionId)).map((t) => t.submissionId).sort(),
  };
}
