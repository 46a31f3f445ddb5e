/**
 * Entrant teams with their own logins (issue 13 §3; domain/team.ts). The team owner invites people
 * by e-mail as editor or viewer: the invitation (a random token, only its hash stored, 14 days) is
 * sent through sendMessage (kind 'team-invitation', so the competition's template applies) and the
 * link is also returned to copy. Whoever signs in with the invited, verified address and accepts
 * joins the team: one conditional write on their own membership (in no team, registered nothing),
 * after the invitation is claimed once (a second accept of the same link finds it taken). The owner
 * can resend (a new link; the old stops working), revoke, remove members and hand ownership to an
 * editor; members can leave, the owner only after handing ownership on. Every change is audited and
 * moves the automatic conflicts' inputs on (members' addresses are conflict inputs).
 */
import type { Locale } from '../shared/i18n/locales.ts';
import { instantInZone, serverText } from '../shared/i18n/server.ts';
import { createHash, randomBytes } from 'node:crypto';
import { AlreadyExists, Forbidden, InvalidState, NotFound, RuleViolation } from '../domain/errors.ts';
import { verifiedEmail, type Identity } from '../domain/identity.ts';
import { assertAllowed } from '../domain/lifecycle.ts';
import type { Membership } from '../domain/membership.ts';
import {
  invitationStatus,
  lapsedSeats,
  MAX_TEAM_SEATS,
  normaliseEmail,
  SEAT_ITEM_LIMIT,
  type SeatHolder,
  seatOf,
  TEAM_INVITATION_DAYS,
  type TeamInvitation,
  type TeamInviteRole,
  type TeamLink,
  type TeamRole,
  type TeamSeat,
} from '../domain/team.ts';
import { loadVisibleCompetition, requireIdentity } from './access.ts';
import { mailNotSentOf, trySendMessage } from './messages.ts';
import { withMailStatus } from './mail-events.ts';
import type { Ports } from './ports.ts';
import { loadTeamSeat, requireSeat, requireTeamOwner, teamRegistrant } from './team-access.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'teams' | 'evaluation' | 'audit' | 'clock' | 'mailer'> &
  Partial<Pick<Ports, 'messageTemplates'>> & { webOrigin?: string };

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const linkOf = (competitionId: string, token: string) => `/team-invitations/${encodeURIComponent(competitionId)}/${token}`;
const readableInstant = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export interface TeamMemberView {
  sub: string;
  email: string;
  name: string;
  role: TeamRole;
  since: string;
  you: boolean;
}

export interface TeamInvitationView {
  id: string;
  email: string;
  role: TeamInviteRole;
  createdAt: string;
  expiresAt: string;
  status: 'pending' | 'expired';
  /** Its e-mail did not go out (failed, or held back: the address bounced or complained), and why. */
  mailState?: TeamInvitation['mailState'];
  mailError?: string;
}

function viewInvitation(i: TeamInvitation, now: Date): TeamInvitationView | undefined {
  const status = invitationStatus(i, now);
  if (status !== 'pending' && status !== 'expired') return undefined;
  return { id: i.tokenHash, email: i.email, role: i.role, createdAt: i.createdAt, expiresAt: i.expiresAt, status, ...(i.mailState ? { mailState: i.mailState, mailError: i.mailError ?? '' } : {}) };
}

/** The team as its members see it; its invitations only for the owner. */
async function teamView(ports: Deps, competitionId: string, who: Identity, membership: Membership | undefined, seat: TeamSeat) {
  const [registrant, roster] = await Promise.all([teamRegistrant(ports, competitionId, membership, seat), ports.teams.roster(competitionId, seat.teamSub)]);
  const now = ports.clock.now();
  const members: TeamMemberView[] = [];
  // The registering account with no link is the owner it always was.
  if (registrant && !registrant.team && registrant.registration)
    members.push({ sub: registrant.userSub, email: registrant.userEmail, name: '', role: 'owner', since: registrant.registration.registeredAt, you: registrant.userSub === who.sub });
  for (const m of roster.members) {
    if (!m.team || m.team.role === 'former' || m.team.teamSub !== seat.teamSub) continue;
    members.push({ sub: m.userSub, email: m.userEmail, name: m.team.name, role: m.team.role, since: m.team.since, you: m.userSub === who.sub });
  }
  const order: Record<TeamRole, number> = { owner: 0, editor: 1, viewer: 2 };
  members.sort((a, b) => order[a.role] - order[b.role] || a.since.localeCompare(b.since));
  const invitations =
    seat.role === 'owner'
      ? roster.invitations
          .map((i) => viewInvitation(i, now))
          .filter((i): i is TeamInvitationView => i !== undefined)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      : [];
  return {
    competitionId,
    organisationName: registrant?.registration?.organisationName ?? '',
    myRole: seat.role,
    members,
    invitations,
    /** Members beside the owner plus pending invitations, and how many the team may have. */
    seats: { used: members.filter((m) => m.role !== 'owner').length + invitations.filter((i) => i.status === 'pending').length, max: MAX_TEAM_SEATS },
    registrant,
    roster,
  };
}

const publicView = ({ registrant: _, roster: __, ...v }: Awaited<ReturnType<typeof teamView>>) => v;

export async function getMyTeam(ports: Deps & Partial<Pick<Ports, 'mailStatus'>>, caller: Identity | undefined, competitionId: string) {
  const { who, membership, seat } = await loadTeamSeat(ports, caller, competitionId);
  const view = publicView(await teamView(ports, competitionId, who, membership, requireSeat(seat)));
  if (view.myRole !== 'owner') return view;
  // Issue 13: the owner, who invites, sees what SES reported next to each address (batch reads).
  const [members, invitations] = await Promise.all([withMailStatus(ports, view.members, (m) => m.email), withMailStatus(ports, view.invitations, (i) => i.email)]);
  return { ...view, members, invitations };
}

function audit(ports: Deps, competitionId: string, who: Identity, action: string, teamSub: string, at: string, after?: unknown) {
  return ports.audit.append({ competitionId, at, actor: { sub: who.sub, email: who.email }, action, target: `entrant:${teamSub}`, ...(after === undefined ? {} : { after }) });
}

/**
 * The team's seat item (keys.teamSeats), written the first time from the team as it stands (teams
 * from before it existed); then the seats of invitations that expired are given back.
 */
async function seatsOf(ports: Deps, competitionId: string, team: Awaited<ReturnType<typeof teamView>>, teamSub: string) {
  const now = ports.clock.now();
  let s = await ports.teams.getSeats(competitionId, teamSub);
  if (!s) {
    const seats: Record<string, SeatHolder> = {};
    for (const m of team.members) seats[normaliseEmail(m.email)] = { kind: 'member', sub: m.sub };
    for (const i of team.roster.invitations)
      if (invitationStatus(i, now) === 'pending' && !seats[i.email]) seats[i.email] = { kind: 'invitation', tokenHash: i.tokenHash, expiresAt: i.expiresAt };
    await ports.teams.seedSeats(competitionId, teamSub, seats);
    s = (await ports.teams.getSeats(competitionId, teamSub))!;
  }
  const lapsed = lapsedSeats(s, now);
  await Promise.all(lapsed.map(([email, tokenHash]) => ports.teams.releaseSeat(competitionId, teamSub, email, { tokenHash })));
}

/** Why an address cannot be invited, as the owner reads it (the seat item's answer). */
function seatRefusal(outcome: 'duplicate' | 'full', email: string, inTeam: boolean) {
  if (outcome === 'full')
    return new RuleViolation('TEAM_FULL', `A team has at most ${MAX_TEAM_SEATS} members and pending invitations; remove someone or revoke an invitation first.`, { email: 'team full' });
  return inTeam
    ? new AlreadyExists('ALREADY_IN_TEAM', `${email} is in the team already.`, { email: 'already in the team' })
    : new AlreadyExists('ALREADY_INVITED', `${email} has a pending invitation already; resend it instead.`, { email: 'already invited' });
}

/** The refusal of a seat the seat item would not give: whether its holder is a member is read from the item. */
async function seatTakeRefusal(ports: Deps, competitionId: string, teamSub: string, outcome: 'duplicate' | 'full', email: string) {
  return seatRefusal(outcome, email, (await ports.teams.getSeats(competitionId, teamSub))?.seats[email]?.kind === 'member');
}

async function issue(
  ports: Deps,
  competition: { id: string; title: string },
  who: Identity,
  organisationName: string,
  seat: TeamSeat,
  email: string,
  role: TeamInviteRole,
  /** Takes the invitation's seat before the invitation is stored (throws to refuse it). */
  holdSeat: (i: TeamInvitation) => Promise<void>,
  language?: Locale,
) {
  const now = ports.clock.now();
  const token = randomBytes(32).toString('base64url');
  const invitation: TeamInvitation = {
    competitionId: competition.id,
    teamSub: seat.teamSub,
    email,
    role,
    ...(language ? { language } : {}),
    tokenHash: hashToken(token),
    invitedBy: who.sub,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + TEAM_INVITATION_DAYS * 86_400_000).toISOString(),
  };
  await holdSeat(invitation);
  try {
    await ports.teams.createInvitation(invitation);
  } catch (e) {
    await ports.teams.releaseSeat(competition.id, seat.teamSub, email, { tokenHash: invitation.tokenHash });
    throw e;
  }
  const link = linkOf(competition.id, token);
  // The link is answered whatever the mail does: where it does not go out, the owner copies it.
  const outcome = await trySendMessage(ports, {
    kind: 'team-invitation',
    competitionId: competition.id,
    to: email,
    ...(invitation.language ? { language: invitation.language } : {}),
    senderSub: who.sub,
    fields: {
      competition: competition.title,
      organisation: organisationName,
      role: (l) => serverText(l, `role.team.${role}`),
      inviter: who.name || who.email,
      link: `${ports.webOrigin ?? ''}${link}`,
      expires: (l) => (l === 'en' ? readableInstant(invitation.expiresAt) : instantInZone(invitation.expiresAt, 'UTC', l)),
    },
  });
  // Issue 13: a mail that did not go out (failed, or held back: the address bounced) is stored on the invitation.
  const notSent = mailNotSentOf(outcome);
  if (notSent) await ports.teams.noteInvitationMailNotSent(competition.id, invitation.tokenHash, notSent);
  return { invitation: notSent ? { ...invitation, ...notSent } : invitation, link, ...outcome };
}

/** The owner invites an address into the team as editor or viewer. */
export async function inviteTeamMember(ports: Deps, caller: Identity | undefined, competitionId: string, input: { email: string; role: TeamInviteRole; language?: Locale }) {
  const { who, competition, membership, seat } = await loadTeamSeat(ports, caller, competitionId);
  const owner = requireTeamOwner(seat);
  assertAllowed(competition, ports.clock.now(), 'accept-invitation');
  const email = normaliseEmail(input.email);
  const team = await teamView(ports, competitionId, who, membership, owner);
  if (team.members.some((m) => m.email.toLowerCase() === email)) throw seatRefusal('duplicate', email, true);
  if (team.invitations.some((i) => i.status === 'pending' && i.email === email)) throw seatRefusal('duplicate', email, false);
  if (team.seats.used >= MAX_TEAM_SEATS) throw seatRefusal('full', email, false);
  // The roster above is an index (eventually consistent): the seat item decides, in one conditional write.
  await seatsOf(ports, competitionId, team, owner.teamSub);
  const holdSeat = async (i: TeamInvitation) => {
    const outcome = await ports.teams.takeSeat(competitionId, owner.teamSub, email, { kind: 'invitation', tokenHash: i.tokenHash, expiresAt: i.expiresAt }, SEAT_ITEM_LIMIT);
    if (outcome !== 'taken') throw await seatTakeRefusal(ports, competitionId, owner.teamSub, outcome, email);
  };
  const { invitation, ...sent } = await issue(ports, competition, who, team.organisationName, owner, email, input.role, holdSeat, input.language);
  await audit(ports, competitionId, who, 'team.invited', owner.teamSub, invitation.createdAt, { email, role: input.role, expiresAt: invitation.expiresAt });
  return { invitation: viewInvitation(invitation, ports.clock.now())!, ...sent };
}

async function ownInvitation(ports: Deps, competitionId: string, seat: TeamSeat, invitationId: string) {
  const invitation = await ports.teams.getInvitation(competitionId, invitationId);
  if (!invitation || invitation.teamSub !== seat.teamSub) throw new NotFound('No such invitation in your team.');
  return invitation;
}

/** A new link for a pending or expired invitation (the old one stops working), sent again. */
export async function resendTeamInvitation(ports: Deps, caller: Identity | undefined, competitionId: string, invitationId: string) {
  const { who, competition, membership, seat } = await loadTeamSeat(ports, caller, competitionId);
  const owner = requireTeamOwner(seat);
  assertAllowed(competition, ports.clock.now(), 'accept-invitation');
  const old = await ownInvitation(ports, competitionId, owner, invitationId);
  const now = ports.clock.now();
  if (!(await ports.teams.revokeInvitation(competitionId, old.tokenHash, now.toISOString())))
    throw new InvalidState('This invitation was accepted or withdrawn already; there is nothing to resend.');
  const registrant = await teamRegistrant(ports, competitionId, membership, owner);
  // The new link takes over the old one's seat (or a seat, where the old one had none: it lapsed, or predates the seat item).
  const holdSeat = async (i: TeamInvitation) => {
    const holder: SeatHolder = { kind: 'invitation', tokenHash: i.tokenHash, expiresAt: i.expiresAt };
    if (await ports.teams.replaceSeat(competitionId, owner.teamSub, old.email, old.tokenHash, holder)) return;
    await seatsOf(ports, competitionId, await teamView(ports, competitionId, who, membership, owner), owner.teamSub);
    const outcome = await ports.teams.takeSeat(competitionId, owner.teamSub, old.email, holder, SEAT_ITEM_LIMIT);
    if (outcome !== 'taken') throw await seatTakeRefusal(ports, competitionId, owner.teamSub, outcome, old.email);
  };
  const { invitation, ...sent } = await issue(ports, competition, who, registrant?.registration?.organisationName ?? '', owner, old.email, old.role, holdSeat, old.language);
  await audit(ports, competitionId, who, 'team.invitation-resent', owner.teamSub, invitation.createdAt, { email: old.email, role: old.role, expiresAt: invitation.expiresAt });
  return { invitation: viewInvitation(invitation, now)!, ...sent };
}

export async function revokeTeamInvitation(ports: Deps, caller: Identity | undefined, competitionId: string, invitationId: string) {
  const { who, seat } = await loadTeamSeat(ports, caller, competitionId);
  const owner = requireTeamOwner(seat);
  const invitation = await ownInvitation(ports, competitionId, owner, invitationId);
  const at = ports.clock.now().toISOString();
  if (!(await ports.teams.revokeInvitation(competitionId, invitation.tokenHash, at)))
    throw new InvalidState('This invitation was accepted or withdrawn already.');
  await ports.teams.releaseSeat(competitionId, owner.teamSub, invitation.email, { tokenHash: invitation.tokenHash });
  await audit(ports, competitionId, who, 'team.invitation-revoked', owner.teamSub, at, { email: invitation.email });
}

/** The invitation behind a link, for the signed-in person it was sent to (the address must be theirs and verified). */
async function invitationForCaller(ports: Deps, who: Identity, competitionId: string, token: string) {
  const invitation = await ports.teams.getInvitation(competitionId, hashToken(token));
  if (!invitation) throw new NotFound('This invitation link is not valid.');
  const email = verifiedEmail(who);
  if (email === undefined)
    throw new Forbidden(`Your e-mail address ${who.email} is not verified yet. Verify it with the confirmation code you were sent, sign in again and open this link again.`);
  if (normaliseEmail(email) !== invitation.email)
    throw new Forbidden('This invitation was sent to another e-mail address; sign in with the address it was sent to.');
  return invitation;
}

export async function describeTeamInvitation(ports: Deps, caller: Identity | undefined, competitionId: string, token: string) {
  const who = requireIdentity(caller);
  const invitation = await invitationForCaller(ports, who, competitionId, token);
  const [{ competition }, registrant] = await Promise.all([loadVisibleCompetition(ports, who, competitionId), ports.memberships.get(competitionId, invitation.teamSub)]);
  return {
    competitionId,
    competitionTitle: competition.title,
    organisationName: registrant?.registration?.organisationName ?? '',
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    status: invitation.acceptedBy === who.sub ? ('accepted' as const) : invitationStatus(invitation, ports.clock.now()),
  };
}

export async function acceptTeamInvitation(ports: Deps, caller: Identity | undefined, competitionId: string, token: string) {
  const who = requireIdentity(caller);
  const invitation = await invitationForCaller(ports, who, competitionId, token);
  const { competition, membership } = await loadVisibleCompetition(ports, who, competitionId);
  const done = { competitionId, role: invitation.role };
  // The same person again (a second tab, a double click): already in.
  if (invitation.acceptedBy === who.sub && membership?.team?.teamSub === invitation.teamSub) return done;
  const now = ports.clock.now();
  assertAllowed(competition, now, 'accept-invitation');
  const refuse = (i: TeamInvitation) => {
    const status = invitationStatus(i, now);
    if (status === 'accepted') return new InvalidState('This invitation has been used already.');
    if (status === 'revoked') return new InvalidState('The team owner withdrew this invitation; ask them for a new one.');
    return new InvalidState('This invitation has expired; ask the team owner to send it again.');
  };
  if (invitationStatus(invitation, now) !== 'pending') throw refuse(invitation);
  if (invitation.teamSub === who.sub) throw new InvalidState('This is your own team.');
  if (membership?.registration) throw new AlreadyExists('ALREADY_REGISTERED', 'You registered an organisation of your own in this competition, so you cannot join another team in it.');
  if (seatOf(membership)) throw new AlreadyExists('IN_A_TEAM', 'You are in a team in this competition already; leave it first to join another.');
  const at = now.toISOString();
  // 1. The link works once.
  if (!(await ports.teams.claimInvitation(competitionId, invitation.tokenHash, who.sub, at))) {
    const fresh = await ports.teams.getInvitation(competitionId, invitation.tokenHash);
    if (fresh?.acceptedBy === who.sub) return done;
    throw refuse(fresh ?? invitation);
  }
  // 2. Into the team, if the person is in no team and registered nothing (one conditional write); else the claim is given back.
  const link: TeamLink = { teamSub: invitation.teamSub, role: invitation.role, name: who.name, since: at };
  const joined = await ports.teams.join(competitionId, who, link);
  if (joined !== 'joined') {
    await ports.teams.releaseInvitation(competitionId, invitation.tokenHash, who.sub);
    throw joined === 'registered'
      ? new AlreadyExists('ALREADY_REGISTERED', 'You registered an organisation of your own in this competition, so you cannot join another team in it.')
      : new AlreadyExists('IN_A_TEAM', 'You are in a team in this competition already; leave it first to join another.');
  }
  // The invitation's seat becomes the member's (or a seat is taken for them: an invitation from before the seat item).
  const member: SeatHolder = { kind: 'member', sub: who.sub };
  if (!(await ports.teams.replaceSeat(competitionId, invitation.teamSub, invitation.email, invitation.tokenHash, member)))
    await ports.teams.takeSeat(competitionId, invitation.teamSub, invitation.email, member, Number.MAX_SAFE_INTEGER);
  await Promise.all([
    audit(ports, competitionId, who, 'team.joined', invitation.teamSub, at, { email: invitation.email, role: invitation.role }),
    // Members' addresses are inputs of the automatic conflicts (use-cases/conflict-list.ts).
    ports.evaluation.noteConflictInputsChanged(competitionId),
  ]);
  return done;
}

/** The member's current link state, as moveMember's `from` expects it. */
function fromOf(m: Membership, teamSub: string): TeamRole | 'registrant' | undefined {
  if (!m.team) return m.registration && m.userSub === teamSub ? 'registrant' : undefined;
  return m.team.teamSub === teamSub && m.team.role !== 'former' ? m.team.role : undefined;
}

async function loadMember(ports: Deps, competitionId: string, teamSub: string, memberSub: string) {
  const m = await ports.memberships.get(competitionId, memberSub);
  const from = m ? fromOf(m, teamSub) : undefined;
  if (!m || !from) throw new NotFound('No such member in your team.');
  return { m, from };
}

/** Out of the team: the link removed, or — for the registering account, whose membership holds the registration — `former`. */
const outOfTeam = (m: Membership, teamSub: string, at: string): TeamLink | null =>
  m.userSub === teamSub ? { teamSub, role: 'former', name: m.team?.name ?? '', since: at } : null;

/** The owner hands ownership to an editor, and stays in the team as an editor. */
export async function transferTeamOwnership(ports: Deps, caller: Identity | undefined, competitionId: string, memberSub: string) {
  const { who, membership, seat } = await loadTeamSeat(ports, caller, competitionId);
  const owner = requireTeamOwner(seat);
  if (memberSub === who.sub) throw new InvalidState('You own the team already.');
  const target = await loadMember(ports, competitionId, owner.teamSub, memberSub);
  if (target.from !== 'editor') throw new RuleViolation('NOT_AN_EDITOR', 'Ownership can only go to an editor of the team; make them an editor first.', { memberSub: 'not an editor' });
  const at = ports.clock.now().toISOString();
  const me = membership!;
  const myFrom = fromOf(me, owner.teamSub)!;
  // A saga of single conditional writes (no transactions here): step down, then promote; undone if the promotion fails.
  const asEditor: TeamLink = { teamSub: owner.teamSub, role: 'editor', name: me.team?.name || who.name, since: me.team?.since ?? at };
  if (!(await ports.teams.moveMember(competitionId, who.sub, owner.teamSub, myFrom, asEditor)))
    throw new InvalidState('The team changed meanwhile (is ownership being handed on in another tab?). Reload and try again.');
  const promoted = await ports.teams.moveMember(competitionId, memberSub, owner.teamSub, 'editor', { ...target.m.team!, role: 'owner' });
  if (!promoted) {
    await ports.teams.moveMember(competitionId, who.sub, owner.teamSub, 'editor', myFrom === 'registrant' ? null : { ...me.team!, role: 'owner' });
    throw new InvalidState('That member left or changed role meanwhile; nothing was handed on. Reload and try again.');
  }
  await audit(ports, competitionId, who, 'team.ownership-transferred', owner.teamSub, at, { to: target.m.userEmail });
  return getMyTeam(ports, who, competitionId);
}

/** A member leaves the team; the owner must hand ownership on first. */
export async function leaveTeam(ports: Deps, caller: Identity | undefined, competitionId: string) {
  const { who, membership, seat } = await loadTeamSeat(ports, caller, competitionId);
  const mine = requireSeat(seat);
  if (mine.role === 'owner') throw new InvalidState('The owner cannot leave the team: hand ownership to an editor first.');
  const at = ports.clock.now().toISOString();
  if (!(await ports.teams.moveMember(competitionId, who.sub, mine.teamSub, mine.role, outOfTeam(membership!, mine.teamSub, at))))
    throw new InvalidState('Your place in the team changed meanwhile. Reload and try again.');
  await ports.teams.releaseSeat(competitionId, mine.teamSub, normaliseEmail(membership!.userEmail), { sub: who.sub });
  await Promise.all([audit(ports, competitionId, who, 'team.left', mine.teamSub, at, { role: mine.role }), ports.evaluation.noteConflictInputsChanged(competitionId)]);
}

/** The owner removes an editor or viewer. */
export async function removeTeamMember(ports: Deps, caller: Identity | undefined, competitionId: string, memberSub: string) {
  const { who, seat } = await loadTeamSeat(ports, caller, competitionId);
  const owner = requireTeamOwner(seat);
  if (memberSub === who.sub) throw new InvalidState('The owner cannot leave the team: hand ownership to an editor first.');
  const { m, from } = await loadMember(ports, competitionId, owner.teamSub, memberSub);
  const at = ports.clock.now().toISOString();
  if (from === 'registrant' || from === 'owner') throw new NotFound('No such member in your team.');
  if (!(await ports.teams.moveMember(competitionId, memberSub, owner.teamSub, from, outOfTeam(m, owner.teamSub, at))))
    throw new InvalidState('That member left or changed role meanwhile. Reload and try again.');
  await ports.teams.releaseSeat(competitionId, owner.teamSub, normaliseEmail(m.userEmail), { sub: memberSub });
  await Promise.all([audit(ports, competitionId, who, 'team.member-removed', owner.teamSub, at, { email: m.userEmail, role: from }), ports.evaluation.noteConflictInputsChanged(competitionId)]);
}
