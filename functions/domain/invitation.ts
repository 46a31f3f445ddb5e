/** Invitations of investors and jury members to a round: a signed link that expires. */
import type { RoundKind } from './evaluation.ts';

export interface Invitation {
  competitionId: string;
  roundId: string;
  roundKind: RoundKind;
  email: string;
  tokenHash: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedBy?: string;
  acceptedAt?: string;
}

export const INVITATION_DAYS = 14;

/** An invited or peer reviewer in one round's pool. */
export interface Reviewer {
  competitionId: string;
  roundId: string;
  sub: string;
  email: string;
  name: string;
  /** Sectors / value-chain tags the reviewer declared (investors) or works in (peers). */
  interests: string[];
  source: 'entrant' | 'invitation';
  active: boolean;
  joinedAt: string;
}
