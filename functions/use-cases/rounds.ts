/**
 * Organisers add evaluation rounds to a competition: who reviews (peers, invited investors or a
 * jury), with which rubric, how many reviews per submission, blind or open, in which window, and
 * how much the round weighs in the final score.
 */
import type { Competition, Criterion } from '../domain/competition.ts';
import { NotFound, ValidationFailed, VersionConflict } from '../domain/errors.ts';
import { assertValidRound, roundPhase, type Round, type RoundDraft } from '../domain/evaluation.ts';
import { expoSettingsOf, type ExpoSettings } from '../domain/expo.ts';
import { DEFAULT_PAIRWISE_METHOD } from '../domain/pairwise-methods.ts';
import { problemsMessage } from '../domain/field-labels.ts';
import type { Identity } from '../domain/identity.ts';
import { toUtcInstant } from '../domain/time.ts';
import { assertAllowed, resultsFrozen, stateOf } from '../domain/lifecycle.ts';
import { loadOrganisedCompetition, type AccessPorts } from './access.ts';
import type { StaffCapability } from '../domain/programme.ts';
import type { Ports } from './ports.ts';
import { rankingInputsChanged, type InputsChangedPorts } from './ranking-job.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'evaluation' | 'audit' | 'clock' | 'ids'>;

export interface RoundInput extends Omit<RoundDraft, 'rubric' | 'expo'> {
  /** Omit to use the competition's rubric. */
  rubric?: (Omit<Criterion, 'id'> & { id?: string })[];
  /** Expo rounds: any setting left out takes its default. */
  expo?: Partial<ExpoSettings>;
}

export interface RoundView extends Round {
  phase: 'upcoming' | 'open' | 'closed';
}

/** A round's window as everyone lives it: closed once the competition's results are decided, whatever its dates. */
export function reviewingPhase(c: Competition, r: Pick<Round, 'opensAt' | 'closesAt'>, now: Date) {
  return resultsFrozen(stateOf(c, now)) ? 'closed' : roundPhase(r, now);
}

export const viewRound = (c: Competition, r: Round, now: Date): RoundView => ({ ...r, phase: reviewingPhase(c, r, now) });

function toDraft(input: RoundInput, competitionRubric: Criterion[], timeZone: string, ids: Ports['ids'], previous?: Round): RoundDraft {
  const opensAt = toUtcInstant(input.opensAt, timeZone);
  const closesAt = toUtcInstant(input.closesAt, timeZone);
  if (!opensAt || !closesAt) {
    const fields = { ...(opensAt ? {} : { opensAt: 'Not a valid date and time.' }), ...(closesAt ? {} : { closesAt: 'Not a valid date and time.' }) };
    throw new ValidationFailed(problemsMessage(fields), fields);
  }
  const rubric = input.rubric
    ? input.rubric.map((c) => ({ ...c, id: c.id ?? previous?.rubric.find((p) => p.name === c.name)?.id ?? `c-${ids.next().toLowerCase()}` }))
    : competitionRubric;
  const { expo, ...rest } = input;
  const draft: RoundDraft = { ...rest, rubric, opensAt, closesAt };
  if (draft.kind !== 'peer') draft.requireReviewDuty = false;
  // Expo rounds keep every setting (domain/expo.ts): those left out stay as they were, else the defaults.
  // Settings on another kind of round are kept here so that roundErrors refuses them.
  if (draft.kind === 'expo' || expo) draft.expo = expoSettingsOf({ ...previous?.expo, ...expo }, DEFAULT_PAIRWISE_METHOD);
  assertValidRound(draft);
  return draft;
}

export async function createRound(ports: Deps & InputsChangedPorts, caller: Identity | undefined, competitionId: string, input: RoundInput): Promise<RoundView> {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  assertAllowed(competition, ports.clock.now(), 'manage-rounds');
  const rounds = await ports.evaluation.listRounds(competitionId);
  if (input.shortlist && !rounds.some((r) => r.id === input.shortlist!.fromRoundId))
    throw new ValidationFailed('The shortlist must come from an earlier round of this competition.', { 'shortlist.fromRoundId': 'unknown round' });
  const now = ports.clock.now().toISOString();
  const round: Round = {
    ...toDraft(input, competition.rubric, competition.schedule.timeZone, ports.ids),
    id: ports.ids.next(),
    competitionId,
    pins: [],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await ports.evaluation.createRound(round);
  await ports.audit.append({
    competitionId,
    at: now,
    actor: { sub: membership.userSub, email: membership.userEmail },
    action: 'round.created',
    target: `round:${round.id}`,
    after: { ...input, rubric: round.rubric },
  });
  await rankingInputsChanged(ports, caller, competitionId);
  return viewRound(competition, round, ports.clock.now());
}

export async function updateRound(
  ports: Deps & InputsChangedPorts,
  caller: Identity | undefined,
  competitionId: string,
  roundId: string,
  input: RoundInput & { version: number },
): Promise<RoundView> {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  assertAllowed(competition, ports.clock.now(), 'manage-rounds');
  const round = await ports.evaluation.getRound(competitionId, roundId);
  if (!round) throw new NotFound('No such round.');
  if (round.version !== input.version) throw new VersionConflict();
  const { version: _, ...rest } = input;
  if (rest.shortlist && (rest.shortlist.fromRoundId === roundId || !(await ports.evaluation.getRound(competitionId, rest.shortlist.fromRoundId))))
    throw new ValidationFailed('The shortlist must come from another round of this competition.', { 'shortlist.fromRoundId': 'unknown round' });
  const now = ports.clock.now().toISOString();
  const next: Round = {
    ...round,
    ...toDraft(rest, competition.rubric, competition.schedule.timeZone, ports.ids, round),
    updatedAt: now,
    version: round.version + 1,
  };
  if (!rest.shortlist) delete next.shortlist;
  if (!rest.randomise) delete next.randomise;
  if (!rest.impartial) delete next.impartial;
  if (next.kind !== 'expo') delete next.expo;
  await ports.evaluation.updateRound(next, round.version);
  await ports.audit.append({
    competitionId,
    at: now,
    actor: { sub: membership.userSub, email: membership.userEmail },
    action: 'round.updated',
    target: `round:${roundId}`,
    before: round,
    after: next,
  });
  await rankingInputsChanged(ports, caller, competitionId);
  return viewRound(competition, next, ports.clock.now());
}

export async function listRounds(ports: Deps, caller: Identity | undefined, competitionId: string): Promise<RoundView[]> {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const now = ports.clock.now();
  return (await ports.evaluation.listRounds(competitionId)).map((r) => viewRound(competition, r, now));
}

/**
 * The organiser's competition and one of its rounds, read together (one round trip); the access
 * check still decides first what the caller is told (403 before a 404 for the round).
 */
export async function loadOrganisedRound(ports: AccessPorts & Pick<Ports, 'evaluation'>, caller: Identity | undefined, competitionId: string, roundId: string, need: StaffCapability) {
  const roundRead = ports.evaluation.getRound(competitionId, roundId);
  roundRead.catch(() => undefined); // awaited below; not an unhandled rejection if access fails first
  const organised = await loadOrganisedCompetition(ports, caller, competitionId, need);
  const round = await roundRead;
  if (!round) throw new NotFound('No such round.');
  return { ...organised, round };
}

export async function loadRound(ports: Pick<Ports, 'evaluation'>, competitionId: string, roundId: string): Promise<Round> {
  const round = await ports.evaluation.getRound(competitionId, roundId);
  if (!round) throw new NotFound('No such round.');
  return round;
}
