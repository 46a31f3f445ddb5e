/**
 * An organiser clears the suppression of an address (issue 13): a permanent bounce or a complaint
 * holds mail back until then (domain/mail-status.ts; use-cases/mail-events.ts records them).
 */
import { NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { clearedMailStatus, emptyMailStatus, mailStatusBadge, normaliseAddress, type MailStatus, type MailStatusBadge, type SuppressionReason } from '../domain/mail-status.ts';
import { loadOrganisedCompetition } from './access.ts';
import { allMembers, allPages } from './all-pages.ts';
import { SAVE_ATTEMPTS, type MailStatusDeps } from './mail-events.ts';
import type { Ports } from './ports.ts';

type ClearDeps = MailStatusDeps & Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'evaluation' | 'audit'>;

/** What an organiser sees of one address after clearing: its badge (if any is left) and the counts SES reported. */
export interface MailStatusView {
  address: string;
  mailStatus?: MailStatusBadge;
  suppressed?: { reason: SuppressionReason; at: string; until?: string };
  bounces: number;
  complaints: number;
  clearedAt?: string;
}

const viewOfStatus = (s: MailStatus, now: Date): MailStatusView => {
  const badge = mailStatusBadge(s, now);
  return { address: s.address, ...(badge ? { mailStatus: badge } : {}), ...(s.suppressed ? { suppressed: s.suppressed } : {}), bounces: s.bounces, complaints: s.complaints, ...(s.clearedAt ? { clearedAt: s.clearedAt } : {}) };
};

/**
 * Whether the competition has mailed, or may mail, `address`: an invitation to one of its rounds
 * or to co-organise it, or one of its members (entrants, team members, reviewers, organisers). An
 * organiser clears only such an address (deny by default: not any address Podium knows).
 */
async function addressKnownTo(ports: ClearDeps, competitionId: string, address: string): Promise<boolean> {
  // Every page of the organiser invitations (not only the first hundred).
  const [reviewerInvitations, organiserInvitations] = await Promise.all([
    ports.evaluation.listInvitations(competitionId),
    allPages((cursor) => ports.programmes.organiserInvitations.list(competitionId, 100, cursor)),
  ]);
  if ([...reviewerInvitations, ...organiserInvitations].some((i) => normaliseAddress(i.email) === address)) return true;
  return (await allMembers(ports, competitionId)).some((m) => normaliseAddress(m.userEmail) === address);
}

/**
 * An organiser (capability `manage`) clears the suppression of an address their competition mails:
 * Podium sends to it again (a permanent bounce or a complaint stays suppressed until this). One
 * conditional write on the version read (a bounce recorded meanwhile makes it read again), audited
 * in the competition with the reason that was cleared. Clearing an address that is not suppressed
 * changes nothing (no audit).
 */
export async function clearSuppression(ports: ClearDeps, caller: Identity | undefined, competitionId: string, rawAddress: string): Promise<MailStatusView> {
  const { membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  const address = normaliseAddress(rawAddress);
  if (!(await addressKnownTo(ports, competitionId, address)))
    throw new NotFound(`${address} is not an address this competition mails (no invitation or member has it).`, { address: 'not in this competition' });
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    const now = ports.clock.now();
    const stored = await ports.mailStatus.get(address);
    if (!stored?.suppressed) return viewOfStatus(stored ?? emptyMailStatus(address), now);
    const next = clearedMailStatus(stored, now);
    if (!(await ports.mailStatus.save(next, stored.version))) continue;
    await ports.audit.append({
      competitionId,
      at: now.toISOString(),
      actor: { sub: membership.userSub, email: membership.userEmail },
      action: 'mail.suppression-cleared',
      target: `address:${address}`,
      before: { suppressed: stored.suppressed, bounces: stored.bounces, complaints: stored.complaints },
      after: { suppressed: null },
    });
    return viewOfStatus(next, now);
  }
  throw new Error(`The mail status of ${address} kept changing (${SAVE_ATTEMPTS} attempts).`);
}
