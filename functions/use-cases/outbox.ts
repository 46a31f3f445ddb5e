/**
 * The local outbox: the e-mails the platform kept instead of sending. They name entrants and
 * their outcomes, so they are read like everything else about a competition — by the people who
 * may read its organiser pages (use-cases/access.ts, `read`): its organisers and the staff of its
 * programme whose role reads the calls (coordinators, evaluation managers, finance officers,
 * observers). The "all competitions" view is the union of those: the competitions the caller
 * organises and the calls of the programmes where their role reads, never another programme's.
 */
import type { Email } from '../domain/notification.ts';
import { Forbidden } from '../domain/errors.ts';
import { canCreateCompetitions, type Identity } from '../domain/identity.ts';
import { hasRole } from '../domain/membership.ts';
import { CAPABILITIES_OF_ROLE } from '../domain/programme.ts';
import { loadOrganisedCompetition, requireIdentity } from './access.ts';
import type { Ports } from './ports.ts';
import type { MailStatusBadge } from '../domain/mail-status.ts';
import { withMailStatus } from './mail-events.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'outbox'>;

export const OUTBOX_LIMIT = 100;

export type OutboxEmail = Email & { at: string; id: string };

/**
 * The newest e-mails of one competition the caller may read as staff, or of all of them, newest first,
 * each with what SES reported about its address (H6: one BatchGetItem for the page's addresses).
 */
export async function readOutbox(ports: Deps & Pick<Ports, 'mailStatus' | 'clock'>, caller: Identity | undefined, competitionId?: string): Promise<(OutboxEmail & { mailStatus?: MailStatusBadge })[]> {
  return withMailStatus(ports, await readOutboxMail(ports, caller, competitionId), (m) => m.to);
}

async function readOutboxMail(ports: Deps, caller: Identity | undefined, competitionId?: string): Promise<OutboxEmail[]> {
  const who = requireIdentity(caller);
  if (competitionId !== undefined) {
    await loadOrganisedCompetition(ports, who, competitionId, 'read');
    return ports.outbox.list(competitionId, OUTBOX_LIMIT);
  }
  const [memberships, programmeRoles] = await Promise.all([ports.memberships.listForUser(who.sub), ports.programmes.listForUser(who.sub)]);
  const organised = memberships.filter((m) => hasRole(m, 'organiser')).map((m) => m.competitionId);
  // A partner organiser's role reads no calls: they see the calls they organise (above), no more.
  const reading = programmeRoles.filter((m) => CAPABILITIES_OF_ROLE[m.role].includes('read'));
  const calls = (await Promise.all(reading.map((m) => ports.programmes.listCalls(m.programmeId)))).flat().map((c) => c.competitionId);
  const competitions = [...new Set([...organised, ...calls])];
  // Members of the organisers group may open competitions, so an empty outbox is theirs to see.
  if (competitions.length === 0 && reading.length === 0 && !canCreateCompetitions(who))
    throw new Forbidden('Only organisers and programme staff can read the outbox.');
  const perCompetition = await Promise.all(competitions.map((id) => ports.outbox.list(id, OUTBOX_LIMIT)));
  return perCompetition
    .flat()
    .sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : b.at.localeCompare(a.at)))
    .slice(0, OUTBOX_LIMIT);
}
