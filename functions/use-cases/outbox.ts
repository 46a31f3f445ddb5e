/**
 * The local outbox: the e-mails the platform kept instead of sending. They name entrants and
 * their outcomes, so they are read like everything else about a competition — by its organisers
 * only. An organiser sees the mail of the competitions they organise, never another programme's.
 */
import type { Email } from '../domain/notification.ts';
import { Forbidden } from '../domain/errors.ts';
import { canCreateCompetitions, type Identity } from '../domain/identity.ts';
import { hasRole } from '../domain/membership.ts';
import { loadOrganisedCompetition, requireIdentity } from './access.ts';
import type { Ports } from './ports.ts';
import type { MailStatusBadge } from '../domain/mail-status.ts';
import { withMailStatus } from './mail-events.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'outbox'>;

export const OUTBOX_LIMIT = 100;

export type OutboxEmail = Email & { at: string; id: string };

/**
 * The newest e-mails of one competition the caller organises, or of all of them, newest first,
 * each with what SES reported about its address (H6: one BatchGetItem for the page's addresses).
 */
export async function readOutbox(ports: Deps & Pick<Ports, 'mailStatus'>, caller: Identity | undefined, competitionId?: string): Promise<(OutboxEmail & { mailStatus?: MailStatusBadge })[]> {
  return withMailStatus(ports, await readOutboxMail(ports, caller, competitionId), (m) => m.to);
}

async function readOutboxMail(ports: Deps, caller: Identity | undefined, competitionId?: string): Promise<OutboxEmail[]> {
  const who = requireIdentity(caller);
  if (competitionId !== undefined) {
    await loadOrganisedCompetition(ports, who, competitionId, 'read');
    return ports.outbox.list(competitionId, OUTBOX_LIMIT);
  }
  const organised = (await ports.memberships.listForUser(who.sub)).filter((m) => hasRole(m, 'organiser'));
  // Members of the organisers group may open competitions, so an empty outbox is theirs to see.
  if (organised.length === 0 && !canCreateCompetitions(who)) throw new Forbidden('Only organisers can read the outbox.');
  const perCompetition = await Promise.all(organised.map((m) => ports.outbox.list(m.competitionId, OUTBOX_LIMIT)));
  return perCompetition
    .flat()
    .sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : b.at.localeCompare(a.at)))
    .slice(0, OUTBOX_LIMIT);
}
