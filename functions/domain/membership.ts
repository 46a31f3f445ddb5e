/**
 * Per-competition roles. They live in the database, not in the token: a person can organise one
 * competition, enter another and review a third.
 */
import type { Registration } from './entrant.ts';

export const ROLES = ['organiser', 'entrant', 'peer-reviewer', 'investor', 'jury'] as const;
export type Role = (typeof ROLES)[number];

export interface Membership {
  competitionId: string;
  userSub: string;
  userEmail: string;
  roles: Role[];
  /** Present when the member registered an organisation as an entrant. */
  registration?: Registration & { registeredAt: string };
}

export function hasRole(m: Membership | undefined, role: Role): boolean {
  return m?.roles.includes(role) ?? false;
}
