/**
 * Per-competition roles. They live in the database, not in the token: a person can organise one
 * competition, enter another and review a third.
 */
import type { Registration } from './entrant.ts';
import type { TeamLink } from './team.ts';

export const ROLES = ['organiser', 'entrant', 'peer-reviewer', 'investor', 'jury'] as const;
export type Role = (typeof ROLES)[number];

export interface Membership {
  competitionId: string;
  userSub: string;
  userEmail: string;
  /**
   * Whether the identity provider had verified `userEmail` when the membership was last written.
   * Absent on memberships stored before this was recorded, which came from sign-ins that
   * required a confirmed address (Cognito sign-up, demo accounts).
   */
  userEmailVerified?: boolean;
  roles: Role[];
  /** Present when the member registered an organisation as an entrant. */
  registration?: Registration & { registeredAt: string };
  /** Teams (domain/team.ts): the team this member acts for, signed in with their own account. */
  team?: TeamLink;
}

/** The member's address when it may key anything (conflicts, e-mail): only a verified one. */
export function trustedEmail(m: Membership | undefined): string | undefined {
  return m && m.userEmailVerified !== false && m.userEmail !== '' ? m.userEmail : undefined;
}

export function hasRole(m: Membership | undefined, role: Role): boolean {
  return m?.roles.includes(role) ?? false;
}
