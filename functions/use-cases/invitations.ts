/**
 * Investors and jury members join a round by invitation: the organiser invites e-mail addresses,
 * each gets a link with a random token (only its hash is stored) that expires; whoever signs in
 * with that address and accepts joins the round's reviewer pool with their sectors of interest.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Forbidden, NotFound, RuleViolation } from '../domain/errors.ts';
import { verifiedEmail, type Identity } from '../domain/identity.ts';
import { INVITATION_DAYS, type Invitation } from '../domain/invitation.ts';
import { assertAllowed } from '../domain/lifecycle.ts';
import { loadOrganisedCompetition, requireIdentity } from './access.ts';
import type { Ports } from './ports.ts';
import { loadRound } from './rounds.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'evaluation' | 'audit' | 'clock'>;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface SentInvitation {
  email: string;
  /** The link to send; shown to the organiser once (only its hash is stored). */
  link: string;
  expiresAt: string;
}

export async function inviteReviewers(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  roundId: string,
  emails: string[],
): Promise<SentInvitation[]> {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId);
  assertAllowed(competition, ports.clock.now(), 'manage-reviewers');
  const round = await loadRound(ports, competitionId, roundId);
  if (round.kind === 'peer')
    throw new RuleViolation('PEER_ROUND', 'Peer rounds are reviewed by the entrants themselves; invite investors or jury members to other rounds.', { roundId: 'peer round' });
  const now = ports.clock.now();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  const sent: SentInvitation[] = [];
  for (const email of [...new Set(emails.map((e) => e.trim().toLowerCase()))]) {
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
    };
    await ports.evaluation.createInvitation(invitation);
    sent.push({ email, link: `/invitations/${competitionId}/${token}`, expiresAt });
  }
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
export async function listInvitations(ports: Deps, caller: Identity | undefined, competitionId: string, limit: number, cursor?: string) {
  await loadOrganisedCompetition(ports, caller, competitionId);
  const now = ports.clock.now().toISOString();
  const page = await ports.evaluation.pageInvitations(competitionId, limit, cursor);
  const items = page.items
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map(({ tokenHash: _, ...i }) => ({
      ...i,
      status: i.acceptedBy ? ('accepted' as const) : i.expiresAt <= now ? ('expired' as const) : ('pending' as const),
    }));
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
    status: invitation.acceptedBy ? 'accepted' : invitation.expiresAt <= now ? 'expired' : 'pending',
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
