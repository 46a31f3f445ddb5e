/**
 * Publishing makes a competition visible to everyone; closing early ends submissions before the
 * scheduled time (the phase is derived from `closedEarlyAt`, so every deadline check follows).
 */
import { assertPublishable, type Competition } from '../domain/competition.ts';
import { assertAllowed } from '../domain/lifecycle.ts';
import { VersionConflict } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { loadOrganisedCompetition } from './access.ts';
import { viewCompetition, type CompetitionView } from './competition-view.ts';
import type { Ports } from './ports.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'audit' | 'clock'>;

async function transition(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  version: number,
  action: string,
  change: (c: Competition, now: Date) => Partial<Competition>,
): Promise<CompetitionView> {
  const { competition, membership, capabilities } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  if (competition.version !== version) throw new VersionConflict();
  const now = ports.clock.now();
  const patch = change(competition, now);
  const next: Competition = { ...competition, ...patch, updatedAt: now.toISOString(), version: competition.version + 1 };
  await ports.competitions.update(next, competition.version);
  await ports.audit.append({
    competitionId,
    at: now.toISOString(),
    actor: { sub: membership.userSub, email: membership.userEmail },
    action,
    target: `competition:${competitionId}`,
    after: patch,
  });
  return viewCompetition(next, now, membership, capabilities);
}

export function publishCompetition(ports: Deps, caller: Identity | undefined, competitionId: string, version: number) {
  return transition(ports, caller, competitionId, version, 'competition.published', (c, now) => {
    assertAllowed(c, now, 'publish-competition');
    assertPublishable(c, now);
    return { status: 'published', publishedAt: now.toISOString() };
  });
}

export function closeCompetitionEarly(ports: Deps, caller: Identity | undefined, competitionId: string, version: number) {
  return transition(ports, caller, competitionId, version, 'competition.closed-early', (c, now) => {
    assertAllowed(c, now, 'close-early');
    return { closedEarlyAt: now.toISOString() };
  });
}

/** Archiving ends a competition's life: everything becomes read-only, the results stay public. */
export function archiveCompetition(ports: Deps, caller: Identity | undefined, competitionId: string, version: number) {
  return transition(ports, caller, competitionId, version, 'competition.archived', (c, now) => {
    assertAllowed(c, now, 'archive');
    return { archivedAt: now.toISOString() };
  });
}
