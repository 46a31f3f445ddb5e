/**
 * Who may see or change a competition. Every use case that touches a competition goes through
 * here, so "deny by default" has one home: drafts are invisible (404) to everyone but their
 * organisers and the programme staff who may read them, and staff-only actions on a visible
 * competition are 403 with a sentence saying what is missing.
 *
 * Staff capabilities (domain/programme.ts): `read`, `manage`, `evaluate`, `finance`. The
 * competition's own organisers (membership role `organiser`) have all four. When the competition
 * is a call of a programme (`programmeId`), the caller's role in that programme adds
 * CAPABILITIES_OF_ROLE[role]: coordinator all four; evaluation manager read + evaluate; finance
 * officer read + finance; observer read; partner organiser none (they organise the calls they are
 * assigned through those calls' `organiser` membership). Staff never become entrants, reviewers,
 * investors or judges: those stay per-competition memberships.
 *
 * THE RULE — which capability each use case needs (the routes say the same in `x-access`,
 * derived from the capability by `staffAccess(...)` in app/access-policy.ts):
 *
 * | need     | x-access term      | use cases |
 * | -------- | ------------------ | --------- |
 * | read     | programme-staff    | every organiser view and list: the audit trail, submissions (list, one, pitch, feedback), rounds, invitations, conflicts, reviewers, reviews, spreads, consensus, shortlist, assignment previews (reading), the ranking, the prize plan and its awards, the award proposal, the publication checklist, the results preview, expo tables and live ranking, audience-vote ballots, jobs, the outbox, drafts; exports except the payment file |
 * | evaluate | evaluation-staff   | rounds (create, edit), reviewer invitations, conflicts entered, pins, assignment (preview, run), dropping a reviewer, moderation (exclusions, extra reviews), expo tables, voiding/restoring audience ballots |
 * | finance  | finance-staff      | the prize plan (edit), confirming and withdrawing awards, the payment file (awards.csv export) |
 * | manage   | organiser          | editing, publishing, closing, archiving the competition; audience-vote settings; results publication, amendments, releasing feedback |
 *
 * Decisions where issue 13 is not explicit: reading money (the plan, its awards, the proposal) is
 * `read` — an observer sees what was committed — but the payment file is `finance`; voiding a
 * ballot is moderation (`evaluate`); audience-vote settings and results publication are the
 * competition's (`manage`); a job's result (download link) needs what starting it needed.
 */
import type { Competition } from '../domain/competition.ts';
import { Forbidden, NotFound, Unauthenticated } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { hasRole, type Membership } from '../domain/membership.ts';
import { CAPABILITIES_OF_ROLE, STAFF_CAPABILITIES, type ProgrammeMember, type ProgrammeRole, type StaffCapability } from '../domain/programme.ts';
import type { Ports } from './ports.ts';

/** What the access checks read: the competition, the caller's membership, their programme role. */
export type AccessPorts = Pick<Ports, 'competitions' | 'memberships' | 'programmes'>;

export interface CompetitionAccess {
  competition: Competition;
  membership?: Membership;
}

export function requireIdentity(who: Identity | undefined): Identity {
  if (!who) throw new Unauthenticated();
  return who;
}

const NONE: readonly StaffCapability[] = [];

/**
 * The caller's staff capabilities on a competition. Free for its organisers and for competitions
 * outside any programme; one GetItem (the programme member) otherwise.
 */
export async function staffCapabilities(
  ports: Pick<Ports, 'programmes'>,
  who: Identity | undefined,
  competition: Competition,
  membership: Membership | undefined,
): Promise<{ capabilities: readonly StaffCapability[]; member?: ProgrammeMember }> {
  if (hasRole(membership, 'organiser')) return { capabilities: STAFF_CAPABILITIES };
  if (!who || !competition.programmeId) return { capabilities: NONE };
  const member = await ports.programmes.getMember(competition.programmeId, who.sub);
  return member ? { capabilities: CAPABILITIES_OF_ROLE[member.role], member } : { capabilities: NONE };
}

/** Whether the caller has `need` on an already loaded competition (see staffCapabilities for the cost). */
export async function hasCapability(ports: Pick<Ports, 'programmes'>, who: Identity | undefined, access: CompetitionAccess, need: StaffCapability): Promise<boolean> {
  return (await staffCapabilities(ports, who, access.competition, access.membership)).capabilities.includes(need);
}

/** Loads a competition the caller may see (drafts: its organisers and the programme staff who read it). */
export async function loadVisibleCompetition(ports: AccessPorts, who: Identity | undefined, competitionId: string): Promise<CompetitionAccess> {
  const [competition, membership] = await Promise.all([
    ports.competitions.get(competitionId),
    who ? ports.memberships.get(competitionId, who.sub) : Promise.resolve(undefined),
  ]);
  if (!competition) throw new NotFound('No such competition.');
  if (competition.status === 'draft' && !(await hasCapability(ports, who, { competition, membership }, 'read'))) throw new NotFound('No such competition.');
  return { competition, membership };
}

/** What each capability covers, for the refusal's sentence ("Finance officers cannot run the evaluation…"). */
const WHAT: Record<StaffCapability, string> = {
  read: 'see this competition’s organiser pages',
  manage: 'change, publish or close this competition (that is for its organisers and the programme’s coordinators)',
  evaluate: 'run the evaluation: rounds, reviewer invitations, assignment and moderation (that is for the organisers and the programme’s evaluation managers)',
  finance: 'change the prize plan or awards, or export the payment file (that is for the organisers and the programme’s finance officers)',
};
const WHO: Record<ProgrammeRole, string> = {
  coordinator: 'Coordinators',
  'partner-organiser': 'Partner organisers who are not organisers of this call',
  'evaluation-manager': 'Evaluation managers',
  'finance-officer': 'Finance officers',
  observer: 'Observers',
};

/** The 403 for a caller without `need`: what is missing, in the caller's own terms. */
function refusal(need: StaffCapability, member: ProgrammeMember | undefined): Forbidden {
  if (!member) return new Forbidden('Only the organisers of this competition can do this.');
  return new Forbidden(`${WHO[member.role]} cannot ${WHAT[need]}.`);
}

/**
 * Loads a competition the caller may act on with `need` (the table above): its organisers, or
 * staff of its programme whose role grants `need`. `membership` is the caller as actor (audit
 * entries name it): for programme staff with no membership here, one with no roles.
 *
 * Round trips: one for the competition's organiser (competition and membership together), two for
 * programme staff (the programme member needs the competition's programmeId).
 */
export async function loadOrganisedCompetition(
  ports: AccessPorts,
  caller: Identity | undefined,
  competitionId: string,
  need: StaffCapability = 'manage',
): Promise<CompetitionAccess & { membership: Membership; capabilities: readonly StaffCapability[] }> {
  const who = requireIdentity(caller);
  const [competition, membership] = await Promise.all([ports.competitions.get(competitionId), ports.memberships.get(competitionId, who.sub)]);
  if (!competition) throw new NotFound('No such competition.');
  const { capabilities, member } = await staffCapabilities(ports, who, competition, membership);
  if (!capabilities.includes(need)) {
    // A draft stays invisible to whoever may not read it.
    if (competition.status === 'draft' && !capabilities.includes('read')) throw new NotFound('No such competition.');
    throw refusal(need, member);
  }
  const actor: Membership = membership ?? { competitionId, userSub: who.sub, userEmail: who.email || member?.userEmail || '', roles: [] };
  return { competition, membership: actor, capabilities };
}
