/**
 * Expo rounds (pairwise judging in the hall): the round's settings, the teams' tables, a judge's
 * state as they walk the hall, their votes, and the rules for each. Pure; no I/O.
 *
 * A judge is sent to a table (`current`); once there they say which was better, this project or
 * the one they saw before (`previous`). The first table has no previous one: the judge moves on
 * from it without a vote (POST …/judge/next), and it becomes the previous one. A vote names the
 * pair it is about, so a vote queued on a phone while the hall's network was down is refused when
 * it no longer fits (the judge moved on meanwhile) and counted once when it is replayed (its id).
 *
 * Everything a judge's request changes lives in one item (ExpoJudgeState: their pair, what they
 * saw, their skips and their votes), so every invariant is one conditional write on its version:
 * a vote and the pair moving on, an undo and the pair moving back, a replayed vote id found there.
 * Where the judges are (the hall: which table each was sent to) is one small item per round,
 * written with its version too, so two judges sent at once cannot both be sent to one table that
 * takes one.
 */
import type { PairwiseMethod } from './pairwise-ranking.ts';
import type { Criterion } from './competition.ts';
import { InvalidState, ValidationFailed, type FieldErrors } from './errors.ts';
import { problemsMessage } from './field-labels.ts';

export interface ExpoSettings {
  /** How the votes are turned into the round's ranking (domain/pairwise-ranking.ts). */
  method: PairwiseMethod;
  /** Judges also say which was better on each of the round's criteria. */
  compareCriteria: boolean;
  /** Every team gets this many judge visits before any team gets many more. */
  minVisits: number;
  /** At most this many judges are sent to one table at once (while any other table is free). */
  maxJudgesPerTable: number;
  /** A team a judge skipped (absent, busy) is not offered to them again for this long. */
  skipCooldownMinutes: number;
  /** A judge may take back their last vote for this long. */
  undoSeconds: number;
}

export const EXPO_DEFAULTS = {
  compareCriteria: false,
  minVisits: 3,
  maxJudgesPerTable: 1,
  skipCooldownMinutes: 10,
  undoSeconds: 60,
} as const;

export const EXPO_LIMITS = {
  minVisitsMax: 50,
  maxJudgesPerTableMax: 20,
  skipCooldownMinutesMax: 240,
  undoSecondsMax: 600,
  tableMax: 20,
  zoneMax: 40,
  positionMax: 100_000,
  tablesPerRequest: 500,
  noteMax: 2000,
} as const;

/**
 * A round's settings with the defaults filled in (an expo round without settings uses them all).
 * `defaultMethod` is pairwise-ranking.ts' DEFAULT_PAIRWISE_METHOD (passed in: this module, which
 * evaluation.ts loads, stays free of the estimators' code).
 */
export function expoSettingsOf(s: Partial<ExpoSettings> | undefined, defaultMethod: PairwiseMethod): ExpoSettings {
  return {
    method: s?.method ?? defaultMethod,
    compareCriteria: s?.compareCriteria ?? EXPO_DEFAULTS.compareCriteria,
    minVisits: s?.minVisits ?? EXPO_DEFAULTS.minVisits,
    maxJudgesPerTable: s?.maxJudgesPerTable ?? EXPO_DEFAULTS.maxJudgesPerTable,
    skipCooldownMinutes: s?.skipCooldownMinutes ?? EXPO_DEFAULTS.skipCooldownMinutes,
    undoSeconds: s?.undoSeconds ?? EXPO_DEFAULTS.undoSeconds,
  };
}

const wholeIn = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;

export function expoSettingsErrors(s: Partial<ExpoSettings>): FieldErrors {
  const errors: FieldErrors = {};
  // The method is checked where the estimators are loaded (the request schema, use-cases/rounds.ts).
  if (s.minVisits !== undefined && !wholeIn(s.minVisits, 1, EXPO_LIMITS.minVisitsMax)) errors['expo.minVisits'] = `A whole number from 1 to ${EXPO_LIMITS.minVisitsMax}.`;
  if (s.maxJudgesPerTable !== undefined && !wholeIn(s.maxJudgesPerTable, 1, EXPO_LIMITS.maxJudgesPerTableMax))
    errors['expo.maxJudgesPerTable'] = `A whole number from 1 to ${EXPO_LIMITS.maxJudgesPerTableMax}.`;
  if (s.skipCooldownMinutes !== undefined && !wholeIn(s.skipCooldownMinutes, 0, EXPO_LIMITS.skipCooldownMinutesMax))
    errors['expo.skipCooldownMinutes'] = `A whole number of minutes from 0 to ${EXPO_LIMITS.skipCooldownMinutesMax}.`;
  if (s.undoSeconds !== undefined && !wholeIn(s.undoSeconds, 0, EXPO_LIMITS.undoSecondsMax)) errors['expo.undoSeconds'] = `A whole number of seconds from 0 to ${EXPO_LIMITS.undoSecondsMax}.`;
  return errors;
}

/** A team's place in the hall. */
export interface ExpoTable {
  submissionId: string;
  /** What the judge is told: "Go to table 14" (a number or a short label). */
  table: string;
  /** Place along the hall, for walking distance (the table's number unless the organiser says). */
  position: number;
  zone?: string;
  absent: boolean;
  /** The owning team's account, kept with the table so a judge is never sent to their own team (never shown). */
  ownerSub?: string;
  /**
   * What an automatic conflict with the team follows from (domain/conflicts.ts SubmissionFacts),
   * copied from the owner's registration when the table is placed — a registration does not change
   * after it is made — so a judge's request applies the automatic conflicts with no read of its
   * own (never shown).
   */
  owner?: { registryId: string; teamEmails: string[]; email?: string };
}

export interface ExpoTableInput {
  submissionId: string;
  table: string;
  position?: number;
  zone?: string;
}

/** The position a table gets when none is given: its number (the digits of its label), else its place in the list. */
export function defaultPosition(table: string, index: number): number {
  const digits = /\d+/.exec(table)?.[0];
  const n = digits === undefined ? NaN : Number(digits);
  return Number.isFinite(n) && n <= EXPO_LIMITS.positionMax ? n : index + 1;
}

/** Problems with a bulk table update: sizes, duplicates, entries that are not in the round. */
export function tableInputErrors(items: readonly ExpoTableInput[], submitted: ReadonlySet<string>): FieldErrors {
  const errors: FieldErrors = {};
  if (items.length > EXPO_LIMITS.tablesPerRequest) errors.items = `At most ${EXPO_LIMITS.tablesPerRequest} tables per request.`;
  const seen = new Set<string>();
  items.forEach((t, i) => {
    if (seen.has(t.submissionId)) errors[`items.${i}.submissionId`] = 'Listed twice.';
    seen.add(t.submissionId);
    if (!submitted.has(t.submissionId)) errors[`items.${i}.submissionId`] = 'Not a submitted entry of this competition.';
    if (t.table.trim() === '' || t.table.length > EXPO_LIMITS.tableMax) errors[`items.${i}.table`] = `From 1 to ${EXPO_LIMITS.tableMax} characters.`;
    if (t.position !== undefined && !(Number.isFinite(t.position) && t.position >= 0 && t.position <= EXPO_LIMITS.positionMax))
      errors[`items.${i}.position`] = `From 0 to ${EXPO_LIMITS.positionMax}.`;
    if (t.zone !== undefined && t.zone.length > EXPO_LIMITS.zoneMax) errors[`items.${i}.zone`] = `At most ${EXPO_LIMITS.zoneMax} characters.`;
  });
  return errors;
}

export function assertTableInput(items: readonly ExpoTableInput[], submitted: ReadonlySet<string>): void {
  const errors = tableInputErrors(items, submitted);
  if (Object.keys(errors).length > 0) throw new ValidationFailed(problemsMessage(errors), errors);
}

/** One judge's comparison: `winner` (one of the pair) was the better of `previousId` and `currentId`. */
export interface ExpoVote {
  /** Made by the judge's phone (a uuid), so a replay is recognised. */
  id: string;
  competitionId: string;
  roundId: string;
  judgeSub: string;
  previousId: string;
  currentId: string;
  winner: string;
  /** Per criterion (when the round compares criteria): criterion id → the better submission. */
  criteria?: Record<string, string>;
  /** When the server took it. */
  at: string;
  /** Set when the judge took it back: it no longer counts. */
  undoneAt?: string;
}

export type ExpoVoteInput = Pick<ExpoVote, 'previousId' | 'currentId' | 'winner' | 'criteria'> & { voteId: string };

/** A vote as a judge's state keeps it (the competition, round and judge are the state's). */
export type StoredExpoVote = Omit<ExpoVote, 'competitionId' | 'roundId' | 'judgeSub'>;

/** Where a judge is in the hall and what they did: one item, so every change to it is one conditional write. */
export interface ExpoJudgeState {
  competitionId: string;
  roundId: string;
  judgeSub: string;
  /** The table they were sent to and have not voted on yet. */
  current?: string;
  /** The project the next vote compares with (the one they voted on last, or their first table). */
  previous?: string;
  /** Every team they have judged (voted on, or moved on from as their first table), in order. */
  seen: string[];
  /** Skipped teams: not offered again before this instant. */
  skippedUntil: Record<string, string>;
  skips: number;
  votes: StoredExpoVote[];
  /** The last vote, while it may be taken back, with the pair as it was before it. */
  lastVote?: { voteId: string; undoUntil: string; before: { previous?: string; current: string } };
  lastAt?: string;
  version: number;
  updatedAt: string;
}

export const emptyJudgeState = (competitionId: string, roundId: string, judgeSub: string, at: string): ExpoJudgeState => ({
  competitionId,
  roundId,
  judgeSub,
  seen: [],
  skippedUntil: {},
  skips: 0,
  votes: [],
  version: 0,
  updatedAt: at,
});

/** Where the round's judges were sent: judge sub → submission id. One small item per round, versioned. */
export interface ExpoHall {
  at: Record<string, string>;
  version: number;
}

/** How many other judges were sent to each table. */
export function crowdOf(hall: ExpoHall, judgeSub: string): Record<string, number> {
  const crowd: Record<string, number> = {};
  for (const [sub, id] of Object.entries(hall.at)) if (sub !== judgeSub) crowd[id] = (crowd[id] ?? 0) + 1;
  return crowd;
}

/** The same content as a stored vote (a replay), criteria compared whatever their order. */
export function sameVote(v: Pick<StoredExpoVote, 'previousId' | 'currentId' | 'winner' | 'criteria'>, input: ExpoVoteInput): boolean {
  const canon = (c: Record<string, string> | undefined) => JSON.stringify(Object.entries(c ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return v.previousId === input.previousId && v.currentId === input.currentId && v.winner === input.winner && canon(v.criteria) === canon(input.criteria);
}

/** A vote's content must fit the pair and the round's criteria. */
export function voteInputErrors(input: ExpoVoteInput, settings: ExpoSettings, rubric: readonly Pick<Criterion, 'id'>[]): FieldErrors {
  const errors: FieldErrors = {};
  const pair = [input.previousId, input.currentId];
  if (input.previousId === input.currentId) errors.currentId = 'A vote compares two different teams.';
  if (!pair.includes(input.winner)) errors.winner = 'The winner must be one of the two teams compared.';
  if (input.criteria) {
    if (!settings.compareCriteria && Object.keys(input.criteria).length > 0) errors.criteria = 'This round does not compare criteria.';
    const ids = new Set(rubric.map((c) => c.id));
    for (const [id, winner] of Object.entries(input.criteria)) {
      if (!ids.has(id)) errors[`criteria.${id}`] = 'This round has no such criterion.';
      else if (!pair.includes(winner)) errors[`criteria.${id}`] = 'The winner must be one of the two teams compared.';
    }
  }
  return errors;
}

export const JUDGING_CLOSED = 'Judging in this round is closed.';

/** Votes, moves and skips only inside the round's window. */
export function assertJudgingOpen(phase: 'upcoming' | 'open' | 'closed', opensAt: string): void {
  if (phase === 'upcoming') throw new InvalidState(`Judging in this round opens at ${opensAt}.`);
  if (phase === 'closed') throw new InvalidState(JUDGING_CLOSED);
}

/** The counted votes of a round (undone ones dropped), in the order they were cast (then by id). */
export function countedVotes(votes: readonly ExpoVote[]): ExpoVote[] {
  return votes.filter((v) => !v.undoneAt).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Skips still cooling down, as the selection takes them (ms since the epoch). */
export function skippedUntilMs(state: Pick<ExpoJudgeState, 'skippedUntil'>): Record<string, number> {
  return Object.fromEntries(Object.entries(state.skippedUntil).map(([id, until]) => [id, Date.parse(until)]));
}

/** Expo rounds have no assignment and no reviews: the tools for those refuse them with this (409). */
export function assertNotExpo(round: { kind: string; name: string }): void {
  if (round.kind === 'expo')
    throw new InvalidState(`"${round.name}" is an expo round: judges walk the hall and compare teams at their tables, so it has no assignment or reviews.`);
}

/** The expo tools refuse other rounds (409). */
export function assertExpo(round: { kind: string; name: string }): void {
  if (round.kind !== 'expo') throw new InvalidState(`"${round.name}" is not an expo round.`);
}

/**
 * Everything the judge's page may be told, by code (the English: use-cases/expo.ts JUDGE_MESSAGES,
 * checked against this list by the type-check; the web's words: expoJudge.message.*).
 */
export const JUDGE_MESSAGE_CODES = ['closed', 'opens', 'noTables', 'done', 'tapFirst', 'tapNext', 'firstTeam', 'sayWhich', 'waiting', 'seenAll'] as const;
export type JudgeMessageCode = (typeof JUDGE_MESSAGE_CODES)[number];
