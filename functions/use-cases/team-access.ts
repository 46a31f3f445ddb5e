/**
 * "The team the caller acts for" in a competition (domain/team.ts), in one place: the submission,
 * pitch, peer-review and results use cases ask here, so an editor can do what the owner can, a
 * viewer can read and change nothing (403 with a sentence), and anyone else — another team's
 * members included — finds nothing (404). The seat comes from the caller's own membership, which
 * the access checks read anyway: no extra round trip for anyone.
 */
import { Forbidden, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import type { Membership } from '../domain/membership.ts';
import { canEdit, OWNER_ONLY, seatOf, VIEWER_REFUSAL, type TeamSeat } from '../domain/team.ts';
import { submissionIdFor } from '../domain/submission-id.ts';
import { loadVisibleCompetition, requireIdentity, type AccessPorts } from './access.ts';
import type { Ports } from './ports.ts';

export { seatOf };

/** The competition, the caller's membership and their seat (undefined when they are in no team). */
export async function loadTeamSeat(ports: AccessPorts, caller: Identity | undefined, competitionId: string) {
  const who = requireIdentity(caller);
  const access = await loadVisibleCompetition(ports, who, competitionId);
  return { who, ...access, seat: seatOf(access.membership) };
}

export function requireSeat(seat: TeamSeat | undefined): TeamSeat {
  if (!seat) throw new NotFound('You are not in a team in this competition.');
  return seat;
}

/** Owner or editor; a viewer is told why not. */
export function requireEditor(seat: TeamSeat | undefined): TeamSeat {
  const s = requireSeat(seat);
  if (!canEdit(s)) throw new Forbidden(VIEWER_REFUSAL);
  return s;
}

export function requireTeamOwner(seat: TeamSeat | undefined): TeamSeat {
  const s = requireSeat(seat);
  if (s.role !== 'owner') throw new Forbidden(OWNER_ONLY);
  return s;
}

/** The registering account's membership (it holds the team's registration): the caller's own when they are it. */
export async function teamRegistrant(ports: Pick<Ports, 'memberships'>, competitionId: string, membership: Membership | undefined, seat: TeamSeat): Promise<Membership | undefined> {
  if (membership && membership.userSub === seat.teamSub) return membership;
  return ports.memberships.get(competitionId, seat.teamSub);
}

/** The team's submission id in a competition: made from the registering account, whoever acts now. */
export const teamSubmissionId = (competitionId: string, seat: TeamSeat) => submissionIdFor(competitionId, seat.teamSub);

/** Every competition the caller acts for a team in, with the seat (their memberships: one query of gsi1). */
export async function mySeats(ports: Pick<Ports, 'memberships'>, who: Identity): Promise<{ competitionId: string; seat: TeamSeat; membership: Membership }[]> {
  return (await ports.memberships.listForUser(who.sub)).flatMap((m) => {
    const seat = seatOf(m);
    return seat ? [{ competitionId: m.competitionId, seat, membership: m }] : [];
  });
}

/**
 * The team's review of a submission in a round, for a caller who has none of their own: a team's
 * owner and editors review as the team (the assignment is keyed by the registering account, so
 * assignment never changes when people join or leave); a viewer is refused with a sentence.
 * Two reads (the caller's membership, then the team's review), only for callers without their own.
 */
export async function teamReview(
  ports: Pick<Ports, 'memberships' | 'evaluation'>,
  who: Identity,
  competitionId: string,
  roundId: string,
  submissionId: string,
  membership?: Membership | null,
) {
  const seat = seatOf(membership === undefined ? await ports.memberships.get(competitionId, who.sub) : (membership ?? undefined));
  if (!seat || seat.teamSub === who.sub) return undefined;
  const review = await ports.evaluation.getReview(competitionId, roundId, submissionId, seat.teamSub);
  if (review) requireEditor(seat);
  return review;
}

/**
 * Whether the caller is a registering account that left its own team (or was removed from it): the
 * team's peer reviews are keyed by its sub, but they are the team's, no longer this person's.
 */
export const leftOwnTeam = (m: Membership | undefined) => m?.team?.role === 'former' && m.team.teamSub === m.userSub;
