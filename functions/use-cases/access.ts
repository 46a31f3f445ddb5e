/**
 * Who may see or change a competition. Every use case that touches a competition goes through
 * here, so "deny by default" has one home: drafts are invisible (404) to everyone but their
 * organisers, and organiser-only actions on a visible competition are 403.
 */
import type { Competition } from '../domain/competition.ts';
import { Forbidden, NotFound, Unauthenticated } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { hasRole, type Membership } from '../domain/membership.ts';
import type { Ports } from './ports.ts';

export interface CompetitionAccess {
  competition: Competition;
  membership?: Membership;
}

export function requireIdentity(who: Identity | undefined): Identity {
  if (!who) throw new Unauthenticated();
  return who;
}

/** Loads a competition the caller may see. */
export async function loadVisibleCompetition(
  ports: Pick<Ports, 'competitions' | 'memberships'>,
  who: Identity | undefined,
  competitionId: string,
): Promise<CompetitionAccess> {
  const [competition, membership] = await Promise.all([
    ports.competitions.get(competitionId),
    who ? ports.memberships.get(competitionId, who.sub) : Promise.resolve(undefined),
  ]);
  if (!competition) throw new NotFound('No such competition.');
  if (competition.status === 'draft' && !hasRole(membership, 'organiser')) throw new NotFound('No such competition.');
  return { competition, membership };
}

/** Loads a competition the caller organises. */
export async function loadOrganisedCompetition(
  ports: Pick<Ports, 'competitions' | 'memberships'>,
  who: Identity | undefined,
  competitionId: string,
): Promise<CompetitionAccess & { membership: Membership }> {
  const access = await loadVisibleCompetition(ports, requireIdentity(who), competitionId);
  if (!access.membership || !hasRole(access.membership, 'organiser'))
    throw new Forbidden('Only the organisers of this competition can do this.');
  return { ...access, membership: access.membership };
}
