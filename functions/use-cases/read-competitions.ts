/** Reading competitions: the public listing, one competition, and the caller's own. */
import type { Identity } from '../domain/identity.ts';
import { loadVisibleCompetition, loadOrganisedCompetition, requireIdentity, staffCapabilities } from './access.ts';
import { viewCompetition, type CompetitionView } from './competition-view.ts';
import type { AuditFilter, Page, Ports } from './ports.ts';
import type { AuditEntry } from '../domain/audit.ts';
import type { Competition } from '../domain/competition.ts';
import { hasRole } from '../domain/membership.ts';
import { CAPABILITIES_OF_ROLE, STAFF_CAPABILITIES, type ProgrammeRole } from '../domain/programme.ts';
import { pageAfter } from './list-page.ts';

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

/** A competition in "My competitions": with the caller's programme role when it is a call of a programme they are staff of. */
export interface MyCompetitionView extends CompetitionView {
  programme?: { id: string; name: string; myRole: ProgrammeRole };
}

/** Newest change first, then by id: a string that sorts ascending in that order (the page cursor names it). */
const recencyKey = (c: Pick<Competition, 'id' | 'updatedAt'>) => `${String(8.64e15 - Date.parse(c.updatedAt)).padStart(16, '0')}\u0000${c.id}`;

/**
 * The competitions the caller may open, a page at a time, newest change first: those in which they
 * hold a role (drafts only where they organise), and — for programme staff whose role reads every
 * call (coordinator, evaluation manager, finance officer, observer; use-cases/access.ts) — every
 * call of their programmes, drafts included, labelled with that role. A partner organiser's calls
 * are those they organise (their `organiser` membership), labelled "partner organiser" too.
 *
 * Reads, whatever the number of programmes: the caller's memberships and programme roles (two gsi1
 * queries, together), then the calls of the programmes they read (one query per such programme,
 * all at once — a person is staff of a handful), then the competitions and the programmes' names
 * (BatchGetItem, together). Nothing per competition.
 */
export async function listMyCompetitions(
  ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'clock'>,
  caller: Identity | undefined,
  limit = 50,
  cursor?: string,
): Promise<Page<MyCompetitionView>> {
  const who = requireIdentity(caller);
  const [memberships, staff] = await Promise.all([ports.memberships.listForUser(who.sub), ports.programmes.listForUser(who.sub)]);
  const byId = new Map(memberships.map((m) => [m.competitionId, m]));
  const roleIn = new Map(staff.map((s) => [s.programmeId, s]));
  const reading = staff.filter((s) => CAPABILITIES_OF_ROLE[s.role].includes('read'));
  const calls = (await Promise.all(reading.map((s) => ports.programmes.listCalls(s.programmeId)))).flat();
  const ids = [...new Set([...byId.keys(), ...calls.map((c) => c.competitionId)])];
  const [competitions, programmes] = await Promise.all([ports.competitions.getMany(ids), ports.programmes.getMany(staff.map((s) => s.programmeId))]);
  const names = new Map(programmes.map((p) => [p.id, p.name]));
  const now = ports.clock.now();
  const views = competitions.flatMap((c): MyCompetitionView[] => {
    const membership = byId.get(c.id);
    // As access.ts staffCapabilities: an organiser has all four; else the role in the competition's own programme.
    const member = c.programmeId ? roleIn.get(c.programmeId) : undefined;
    const capabilities = hasRole(membership, 'organiser') ? STAFF_CAPABILITIES : member ? CAPABILITIES_OF_ROLE[member.role] : [];
    const visible = capabilities.includes('read') || (c.status === 'published' && membership !== undefined);
    if (!visible) return [];
    const view = viewCompetition(c, now, membership, capabilities);
    return [member ? { ...view, programme: { id: member.programmeId, name: names.get(member.programmeId) ?? '', myRole: member.role } } : view];
  });
  views.sort((a, b) => (recencyKey(a) < recencyKey(b) ? -1 : recencyKey(a) > recencyKey(b) ? 1 : 0));
  return pageAfter(views, recencyKey, limit, cursor);
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

