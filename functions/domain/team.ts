/**
 * Entrant teams with their own logins (issue 13 §3). The account that registered the organisation
 * is the team's identity for good — its sub is the submission's `ownerSub`, the peer reviewer the
 * assignment knows and the key of the registration — so ownership can move without touching any of
 * that: who acts, and how, is the member's own membership item (`team`, one conditional write per
 * change; a person is in at most one team per competition and cannot also register there).
 *
 * - owner: everything, including inviting and removing members and handing ownership on.
 * - editor: edits, submits and withdraws the entry, uploads the pitch, reviews as the team.
 * - viewer: reads the entry, its pitch, its results and feedback; changes nothing.
 */
import type { Membership } from './membership.ts';

export const TEAM_INVITE_ROLES = ['editor', 'viewer'] as const;
export type TeamInviteRole = (typeof TEAM_INVITE_ROLES)[number];
export const TEAM_ROLES = ['owner', 'editor', 'viewer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Invitations stay valid this long (as round invitations). */
export const TEAM_INVITATION_DAYS = 14;
/** Members beside the owner plus pending invitations: a team, not a mailing list. */
export const MAX_TEAM_SEATS = 20;

/**
 * One seat of a team's seat item (keyed by normalised address): a pending invitation (until it is
 * accepted, revoked or expires) or a member. The owner holds one too, so the item holds at most
 * MAX_TEAM_SEATS + 1 and handing ownership on moves nothing.
 */
export type SeatHolder = { kind: 'invitation'; tokenHash: string; expiresAt: string } | { kind: 'member'; sub: string };

/** What a team's seat item holds: its seats by address, and how many there are (the condition's figure). */
export interface TeamSeats {
  seats: Record<string, SeatHolder>;
  taken: number;
}

/** The seats an item may hold: the owner's and MAX_TEAM_SEATS others. */
export const SEAT_ITEM_LIMIT = MAX_TEAM_SEATS + 1;

/** Invitation seats that lapsed (expired by `now`): they are given back before a new invitation takes one. */
export function lapsedSeats(s: TeamSeats, now: Date): [string, string][] {
  const at = now.toISOString();
  return Object.entries(s.seats).flatMap(([email, h]) => (h.kind === 'invitation' && h.expiresAt <= at ? [[email, h.tokenHash] as [string, string]] : []));
}

/**
 * A person's place in a team, on their membership of the competition. `former`: the registering
 * account after it left or was removed — its membership keeps the registration (the team's), but it
 * acts for nobody.
 */
export interface TeamLink {
  teamSub: string;
  role: TeamRole | 'former';
  /** The name the member signed in with when they joined (shown to the team). */
  name: string;
  since: string;
}

/** Who the caller acts for in a competition, and how. */
export interface TeamSeat {
  teamSub: string;
  role: TeamRole;
}

/**
 * The team a membership acts for: its link, or — for the registering account that never handed
 * ownership on — its own team as owner. Undefined for everyone else (and for a former member).
 */
export function seatOf(m: Membership | undefined): TeamSeat | undefined {
  if (!m) return undefined;
  if (m.team) return m.team.role === 'former' ? undefined : { teamSub: m.team.teamSub, role: m.team.role };
  return m.registration ? { teamSub: m.userSub, role: 'owner' } : undefined;
}

export const canEdit = (seat: TeamSeat | undefined) => seat?.role === 'owner' || seat?.role === 'editor';

export const VIEWER_REFUSAL = 'You are a viewer of this team: you can read its entry but not change it. Ask the team owner to make you an editor.';
export const OWNER_ONLY = 'Only the owner of the team can do this.';

export interface TeamInvitation {
  competitionId: string;
  teamSub: string;
  email: string;
  role: TeamInviteRole;
  /** The language of its e-mail, as the inviter chose (issue 14); absent: the inviter's own. */
  language?: import('../shared/i18n/locales.ts').Locale;
  tokenHash: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedBy?: string;
  acceptedAt?: string;
  revokedAt?: string;
  /** Its e-mail did not go out: failed, or held back (the address bounced or complained); `mailError` says why. */
  mailState?: import('./notification.ts').MailNotSentState;
  mailError?: string;
}

export type TeamInvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export function invitationStatus(i: TeamInvitation, now: Date): TeamInvitationStatus {
  if (i.acceptedBy) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return Date.parse(i.expiresAt) <= now.getTime() ? 'expired' : 'pending';
}

export const normaliseEmail = (e: string) => e.trim().toLowerCase();

/**
 * The verified addresses of each team's signed-in members (owner, editors, viewers, by team): they
 * join the registration's team e-mails in the automatic conflicts (domain/conflicts.ts).
 */
export function memberEmailsByTeam(memberships: readonly Membership[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of memberships) {
    if (!m.team || m.team.role === 'former' || m.userEmailVerified === false || m.userEmail === '') continue;
    out.set(m.team.teamSub, [...(out.get(m.team.teamSub) ?? []), m.userEmail.toLowerCase()]);
  }
  return out;
}

/** The e-mails conflicts know of a team: its registration's team list and its members' verified addresses. */
export function teamEmailsOf(registrant: Membership | undefined, members: ReadonlyMap<string, string[]>, teamSub: string): string[] {
  return [...new Set([...(registrant?.registration?.team.map((t) => t.email.toLowerCase()) ?? []), ...(members.get(teamSub) ?? [])])];
}

/**
 * Each team's current members (owner, editors, viewers; never a `former` registering account), by
 * the team's sub, from memberships read anyway (a competition's, one paged query): who is told the
 * team's news (outcomes, feedback, reminders) without a read per entrant.
 */
export function membersByTeam(memberships: readonly Membership[]): Map<string, Membership[]> {
  const out = new Map<string, Membership[]>();
  for (const m of memberships) {
    const seat = seatOf(m);
    if (!seat) continue;
    const list = out.get(seat.teamSub);
    if (list) list.push(m);
    else out.set(seat.teamSub, [m]);
  }
  return out;
}

/**
 * The roles a membership shows in views (`myRoles`): a team's members take part as entrants (their
 * pages are an entrant's), and a registering account that left its team no longer does.
 */
export function rolesShown(m: Membership | undefined): Membership['roles'] {
  if (!m) return [];
  const acts = seatOf(m) !== undefined;
  const others = m.roles.filter((r) => r !== 'entrant');
  return acts ? [...others, 'entrant' as const].sort() : others;
}
