/**
 * Investors and jury members join a round by invitation: the organiser invites e-mail addresses,
 * each gets a link with a random token (only its hash is stored) that expires; whoever signs in
 * with that address and accepts joins the round's reviewer pool with their sectors of interest.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Forbidden, InvalidState, NotFound, RuleViolation } from '../domain/errors.ts';
import { verifiedEmail, type Identity } from '../domain/identity.ts';
import { INVITATION_DAYS, invitationStatus, type Invitation } from '../domain/invitation.ts';
import type { Competition } from '../domain/competition.ts';
import type { Round } from '../domain/evaluation.ts';
import { trySendMessage, zoned } from './messages.ts';
import type { Locale } from '../shared/i18n/locales.ts';
import { assertAllowed } from '../domain/lifecycle.ts';
import { loadOrganisedCompetition, requireIdentity } from './access.ts';
import type { Ports } from './ports.ts';
import { loadRound } from './rounds.ts';
import { mailerFor, withMailStatus } from './mail-events.ts'; // H6
import type { MailNotSentState } from '../domain/notification.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'evaluation' | 'audit' | 'clock'>;
/** Inviting sends the e-mail (issue 13): the mailer, the competition's templates, the web origin for the link. */
type SendingDeps = Deps & Pick<Ports, 'mailer'> & Partial<Pick<Ports, 'messageTemplates'>> & { webOrigin?: string };

/** E-mails sent at once when many addresses are invited in one request. */
const SEND_PARALLEL = 8;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface SentInvitation {
  /** The invitation's id (its token's hash), for resend and revoke. */
  id: string;
  email: string;
  /** The link the e-mail carries; shown to the organiser once (only its hash is stored) as the fallback. */
  link: string;
  expiresAt: string;
  /** Whether the e-mail went out; if not, `mailState` (failed, or suppressed: the address bounced or complained) and `mailError` say why (the link works all the same). */
  sent: boolean;
  mailState?: MailNotSentState;
  mailError?: string;
}

/**
 * Mails one invitation (kind 'reviewer-invitation', through the competition's template). The
 * invitation is stored first, marked sent, so the link in the e-mail always works; a sending that
 * fails is recorded on it (`mailError`) and reported, never retried blindly.
 */
async function mailInvitation(ports: SendingDeps, c: Competition, round: Round, inviter: string, i: Invitation, token: string): Promise<SentInvitation> {
  const link = `/invitations/${c.id}/${token}`;
  const outcome = await trySendMessage(ports, {
    kind: 'reviewer-invitation',
    competitionId: c.id,
    to: i.email,
    // Issue 14: in the language the inviter chose for this address, else the inviter's own.
    ...(i.language ? { language: i.language } : {}),
    senderSub: i.invitedBy,
    fields: { competition: c.title, round: round.name, inviter, link: `${ports.webOrigin ?? ''}${link}`, expires: zoned(i.expiresAt, c.schedule.timeZone) },
  });
  if (!outcome.sent) await ports.evaluation.noteInvitationMailFailed(c.id, i.tokenHash, outcome.mailError, outcome.mailState);
  return { id: i.tokenHash, email: i.email, link, expiresAt: i.expiresAt, ...outcome };
}

/** Runs `work` over `items`, `parallel` at a time, keeping their order in the answer. */
async function inParallel<T, R>(items: T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!);
      }
    }),
  );
  return out;
}

export async function inviteReviewers(
  ports: SendingDeps,
  caller: Identity | undefined,
  competitionId: string,
  roundId: string,
  emails: string[],
  language?: Locale,
): Promise<SentInvitation[]> {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  assertAllowed(competition, ports.clock.now(), 'manage-reviewers');
  const round = await loadRound(ports, competitionId, roundId);
  if (round.kind === 'peer')
    throw new RuleViolation('PEER_ROUND', 'Peer rounds are reviewed by the entrants themselves; invite investors or jury members to other rounds.', { roundId: 'peer round' });
  const now = ports.clock.now();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  const inviter = caller?.name || membership.userEmail;
  const addresses = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  // The addresses' suppression read at once (one BatchGetItem), not per e-mail.
  const sending = { ...ports, mailer: await mailerFor(ports.mailer, addresses) };
  // Each address: its invitation stored, then its e-mail sent — a few addresses at a time.
  const sent = await inParallel(addresses, SEND_PARALLEL, async (email) => {
    const token = randomBytes(32).toString('base64url');
    const invitation: Invitation = {
      competitionId,
      roundId,
      roundKind: round.kind,
      email,
      tokenHash: hashToken(token),
      invitedBy: membership.userSub,
      createdAt: now.toISOString(),
      expiresAt,
      sentAt: now.toISOString(),
      ...(language ? { language } : {}),
    };
    await ports.evaluation.createInvitation(invitation);
    return mailInvitation(sending, competition, round, inviter, invitation, token);
  });
  await ports.audit.append({
    competitionId,
    at: now.toISOString(),
    actor: { sub: membership.userSub, email: membership.userEmail },
    action: 'reviewers.invited',
    target: `round:${roundId}`,
    after: { emails: sent.map((s) => s.email), expiresAt },
  });
  return sent;
}

/** A page of the competition's invitations (each page oldest first), with whether each was accepted. */
export async function listInvitations(ports: Deps & Partial<Pick<Ports, 'mailStatus'>>, caller: Identity | undefined, competitionId: string, limit: number, cursor?: string) {
  await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const now = ports.clock.now().toISOString();
  const page = await ports.evaluation.pageInvitations(competitionId, limit, cursor);
  // H6: with what SES reported about each address (bounced, complained, suppressed): one batch read.
  const items = await withMailStatus(ports, page.items
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map(({ tokenHash, ...i }) => ({ ...i, id: tokenHash, status: invitationStatus({ ...i, tokenHash }, now) })), (i) => i.email);
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

async function loadInvitation(ports: Deps, competitionId: string, token: string) {
  const invitation = await ports.evaluation.getInvitation(competitionId, hashToken(token));
  if (!invitation) throw new NotFound('This invitation link is not valid.');
  const competition = await ports.competitions.get(competitionId);
  const round = await ports.evaluation.getRound(competitionId, invitation.roundId);
  if (!competition || !round) throw new NotFound('This invitation link is not valid.');
  return { invitation, competition, round };
}

/** What the invitation page shows before accepting: the token itself is the credential. */
export async function describeInvitation(ports: Deps, competitionId: string, token: string) {
  const { invitation, competition, round } = await loadInvitation(ports, competitionId, token);
  const now = ports.clock.now().toISOString();
  return {
    competitionId,
    competitionTitle: competition.title,
    roundName: round.name,
    roundKind: round.kind,
    email: invitation.email,
    expiresAt: invitation.expiresAt,
    status: invitationStatus(invitation, now),
    sectors: competition.sectors,
  } as const;
}

export async function acceptInvitation(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  token: string,
  interests: string[],
) {
  const who = requireIdentity(caller);
  const { invitation, round, competition } = await loadInvitation(ports, competitionId, token);
  assertAllowed(competition, ports.clock.now(), 'accept-invitation');
  if (invitation.revokedAt) throw new InvalidState('This invitation was revoked by the organiser; ask them for a new one.');
  // The invitation is for an address, so only an identity whose address is verified may take it.
  const email = verifiedEmail(who);
  if (email === undefined)
    throw new Forbidden(`Your e-mail address ${who.email} is not verified yet. Verify it with the confirmation code you were sent, sign in again and open this link again.`);
  if (invitation.email !== email)
    throw new Forbidden(`This invitation was sent to ${invitation.email}; sign in with that address to accept it.`);
  const existing = (await ports.evaluation.listReviewers(competitionId, round.id)).find((r) => r.sub === who.sub);
  if (existing && !existing.active) throw new Forbidden('You were removed from this round by the organiser; this invitation no longer applies.');
  const at = ports.clock.now().toISOString();
  await ports.evaluation.acceptInvitation(competitionId, invitation.tokenHash, who.sub, at);
  await ports.memberships.grant(competitionId, who, round.kind === 'investor' ? 'investor' : 'jury');
  await ports.evaluation.putReviewer({
    competitionId,
    roundId: round.id,
    sub: who.sub,
    email: who.email,
    name: who.name,
    interests: [...new Set(interests.map((i) => i.trim()).filter((i) => i !== ''))],
    source: 'invitation',
    active: true,
    joinedAt: at,
  });
  await ports.audit.append({
    competitionId,
    at,
    actor: { sub: who.sub, email: who.email },
    action: 'reviewer.joined',
    target: `round:${round.id}`,
    after: { interests },
  });
  return { competitionId, roundId: round.id, roundName: round.name };
}

// ---- resend and revoke (issue 13, H5) -------------------------------------------------------------

/** The organiser's side of one invitation: the competition (organised by the caller, before results) and the invitation. */
async function loadOwnInvitation(ports: Deps, caller: Identity | undefined, competitionId: string, invitationId: string) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'evaluate');
  assertAllowed(competition, ports.clock.now(), 'manage-reviewers');
  const invitation = await ports.evaluation.getInvitation(competitionId, invitationId);
  if (!invitation) throw new NotFound('No such invitation.');
  if (invitation.acceptedBy) throw new InvalidState(`${invitation.email} accepted this invitation already; there is nothing to send or revoke.`);
  return { competition, membership, invitation };
}

/**
 * Sends a new link: a new token (so a new invitation item, its expiry reset) replaces the old one,
 * whose link stops working. A saga of single conditional writes (no transactions): the new item is
 * written, then the old one removed on the condition that nobody accepted it meanwhile; if that
 * fails the new item is removed again and nothing has changed. Then the e-mail goes out.
 */
export async function resendInvitation(ports: SendingDeps, caller: Identity | undefined, competitionId: string, invitationId: string): Promise<SentInvitation> {
  const { competition, membership, invitation: old } = await loadOwnInvitation(ports, caller, competitionId, invitationId);
  const round = await loadRound(ports, competitionId, old.roundId);
  const now = ports.clock.now();
  const token = randomBytes(32).toString('base64url');
  const { revokedAt: _r, mailError: _m, mailState: _s, ...kept } = old;
  const next: Invitation = {
    ...kept,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
    sentAt: now.toISOString(),
    resentAt: now.toISOString(),
    resends: (old.resends ?? 0) + 1,
  };
  await ports.evaluation.createInvitation(next);
  if (!(await ports.evaluation.removeUnacceptedInvitation(competitionId, old.tokenHash))) {
    await ports.evaluation.removeUnacceptedInvitation(competitionId, next.tokenHash);
    throw new InvalidState('This invitation was accepted or resent meanwhile; reload the list.');
  }
  await ports.audit.append({
    competitionId,
    at: now.toISOString(),
    actor: { sub: membership.userSub, email: membership.userEmail },
    action: 'invitation.resent',
    target: `round:${old.roundId}`,
    after: { email: old.email, expiresAt: next.expiresAt, resends: next.resends },
  });
  return mailInvitation(ports, competition, round, caller?.name || membership.userEmail, next, token);
}

/** Revokes an invitation nobody accepted yet: its link stops working (audited). Revoking twice changes nothing. */
export async function revokeInvitation(ports: Deps, caller: Identity | undefined, competitionId: string, invitationId: string) {
  const { membership, invitation } = await loadOwnInvitation(ports, caller, competitionId, invitationId);
  const now = ports.clock.now().toISOString();
  if (!invitation.revokedAt) {
    if (!(await ports.evaluation.revokeInvitation(competitionId, invitation.tokenHash, now)))
      throw new InvalidState('This invitation was accepted or resent meanwhile; reload the list.');
    await ports.audit.append({
      competitionId,
      at: now,
      actor: { sub: membership.userSub, email: membership.userEmail },
      action: 'invitation.revoked',
      target: `round:${invitation.roundId}`,
      after: { email: invitation.email },
    });
  }
  const { tokenHash, ...rest } = { ...invitation, revokedAt: invitation.revokedAt ?? now };
  return { ...rest, id: tokenHash, status: invitationStatus({ ...rest, tokenHash }, now) };
}
