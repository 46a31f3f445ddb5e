/**
 * Who may call each route, said in the route itself: every operation carries the OpenAPI
 * extension `x-access` with one or more of the terms below, and /api/openapi.json publishes it.
 * The use cases enforce it (use-cases/access.ts and each use case's own checks); the route only
 * declares it, so a reader sees the rule where the route is defined. tests/api/role-matrix.test.ts
 * walks the document and proves that every caller outside an operation's list is refused
 * (401/403/404, nothing stored), and fails on an operation that says nothing.
 *
 * What a caller may do also depends on the competition's state (results are 404 to everyone but
 * the organisers until published; nothing changes after publication): that is the lifecycle's
 * business (domain/lifecycle.ts), not this list's.
 */

import type { StaffCapability } from '../domain/programme.ts';

export const ACCESS = {
  public: 'Anyone, anonymous callers included.',
  'signed-in': 'Any signed-in user; the answer is about the caller (their profile, inbox, queue, registration).',
  'organisers-group': 'Members of the organisers group (they may create competitions).',
  organiser: 'The organisers of the competition in the path and the coordinators of its programme (everything an organiser may do).',
  entrant: 'Users registered as entrants in the competition in the path.',
  'submission-owner': 'The entrant team that owns the submission in the path: its owner and its editors (team members who may change it).',
  'assigned-reviewer': 'A reviewer assigned to the submission in the path (in the round in the path, where there is one).',
  'expo-judge': 'A judge of the expo round in the path (an accepted invitation to that round).',
  'evaluation-staff': "The evaluation managers of the competition's programme: rounds, assignment, moderation, rankings (not money).",
  'finance-staff': "The finance officers of the competition's programme: prize plans, awards, payment exports.",
  'programme-staff': "Anyone whose role in the competition's programme lets them read its calls (coordinators, evaluation managers, finance officers, observers): read-only.",
  'programme-coordinator': 'The coordinators of the programme in the path.',
  'programme-member': 'Anyone with a role in the programme in the path (coordinator, partner organiser, evaluation manager, finance officer, observer).',
  'programme-partner-organiser': 'The partner organisers of the programme in the path (they open calls in it and organise the calls they are assigned).',
  'team-member': 'A member of the entrant team (signed in with their own account, editor or viewer) that owns the submission in the path.',
  'invitation-link': 'Whoever holds the invitation link: the token in the path is the credential.',
  invitee: 'The signed-in user the invitation in the path was sent to (same e-mail address).',
} as const;

export type Access = keyof typeof ACCESS;

export const ACCESS_EXTENSION = 'x-access';

export const isAccess = (term: unknown): term is Access => typeof term === 'string' && Object.hasOwn(ACCESS, term);

/** Spread into createRoute({...}): `...access('organiser')`. */
export function access(...who: [Access, ...Access[]]): { 'x-access': Access[] } {
  return { [ACCESS_EXTENSION]: who } as { 'x-access': Access[] };
}

/**
 * The term that admits the programme staff with each capability (use-cases/access.ts has the table
 * of which use case needs which). `manage` has none of its own: it is the organisers', and the
 * programme's coordinators count as organisers.
 */
export const STAFF_TERM: Record<StaffCapability, Access | undefined> = {
  read: 'programme-staff',
  evaluate: 'evaluation-staff',
  finance: 'finance-staff',
  manage: undefined,
};

/**
 * The access of a competition route whose use case needs `need`: the competition's organisers and
 * the programme staff with `need`, after any `others` (the owning team, an assigned reviewer…).
 * Spread into createRoute({...}): `...organiserAccess('evaluate')`, `...organiserAccess('read', 'submission-owner')`.
 */
export function organiserAccess(need: StaffCapability, ...others: Access[]): { 'x-access': Access[] } {
  const staff = STAFF_TERM[need];
  const terms: [Access, ...Access[]] = [...others, 'organiser', ...(staff ? [staff] : [])] as [Access, ...Access[]];
  return access(...terms);
}

/** Terms that admit a caller without a token: API Gateway routes these without the JWT authorizer. */
export const ANONYMOUS_ACCESS: ReadonlySet<Access> = new Set<Access>(['public', 'invitation-link']);
