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
  /** The language its e-mail is written in, as the inviter chose (issue 14); absent: the inviter's own. */
  language?: import('../shared/i18n/locales.ts').Locale;
  acceptedBy?: string;
  acceptedAt?: string;
  /** When the e-mail with this link went out (absent: it could not be sent; `mailError` says why). */
  sentAt?: string;
  /** Why it was not sent: failed (SES refused it), or held back (the address bounced or complained). */
  mailState?: import('./notification.ts').MailNotSentState;
  mailError?: string;
  /** When the organiser last sent a new link (the old one void), and how many times. */
  resentAt?: string;
  resends?: number;
  /** Revoked by the organiser: the link no longer works. */
  revokedAt?: string;
}

export type InvitationStatus = 'accepted' | 'revoked' | 'expired' | 'pending';

export function invitationStatus(i: Invitation, nowIso: string): InvitationStatus {
  return i.acceptedBy ? 'accepted' : i.revokedAt ? 'revoked' : i.expiresAt <= nowIso ? 'expired' : 'pending';
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
