/** Reading competitions: the public listing, one competition, and the caller's own. */
import type { Identity } from '../domain/identity.ts';
import { loadVisibleCompetition, loadOrganisedCompetition, requireIdentity, staffCapabilities } from './access.ts';
import { viewCompetition, type CompetitionView } from './competition-view.ts';
import type { AuditFilter, Page, Ports } from './ports.ts';
import type { AuditEntry } from '../domain/audit.ts';

export async function listPublishedCompetitions(
  ports: Pick<Ports, 'competitions' | 'clock'>,
  limit: number,
  cursor?: string,
): Promise<Page<CompetitionView>> {
  const now = ports.clock.now();
  const page = await ports.competitions.listPublished(now, limit, cursor);
  return { items: page.items.map((c) => viewCompetition(c, now)), nextCursor: page.nextCursor };
}

export async function getCompetition(
  ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'clock'>,
  caller: Identity | undefined,
  competitionId: string,
): Promise<CompetitionView> {
  const { competition, membership } = await loadVisibleCompetition(ports, caller, competitionId);
  // Programme staff: one more read, only for signed-in callers who do not organise a programme's call.
  const { capabilities } = await staffCapabilities(ports, caller, competition, membership);
  return viewCompetition(competition, ports.clock.now(), membership, capabilities);
}

/** Competitions in which the caller holds any role, drafts they organise included. */
export async function listMyCompetitions(
  ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'clock'>,
  caller: Identity | undefined,
): Promise<CompetitionView[]> {
  const who = requireIdentity(caller);
  const memberships = await ports.memberships.listForUser(who.sub);
  const byId = new Map(memberships.map((m) => [m.competitionId, m]));
  const competitions = await ports.competitions.getMany([...byId.keys()]);
  const now = ports.clock.now();
  return competitions
    .filter((c) => c.status === 'published' || byId.get(c.id)?.roles.includes('organiser'))
    .map((c) => viewCompetition(c, now, byId.get(c.id)))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export async function listAuditTrail(
  ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'audit'>,
  caller: Identity | undefined,
  competitionId: string,
  limit: number,
  cursor?: string,
  filter: AuditFilter = {},
): Promise<Page<AuditEntry>> {
  await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  return ports.audit.list(competitionId, limit, cursor, filter);
}

