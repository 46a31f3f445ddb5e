/** Who is calling. Built from token claims by one middleware; roles per competition are not in here. */
export interface Identity {
  sub: string;
  /** The address the token names; proof that the caller owns it only when `emailVerified`. */
  email: string;
  /**
   * True only when the identity provider vouches for `email` (`email_verified`). Anything keyed on
   * an address — accepting an invitation, conflicts of interest, e-mail — uses a verified one only:
   * see `verifiedEmail`. Absent means not verified.
   */
  emailVerified?: boolean;
  name: string;
  /** Platform-wide groups from the identity provider (Cognito groups). */
  groups: string[];
  // When the account was created is not a claim (Cognito issues none): it is the account's record
  // (domain/account.ts, use-cases/accounts.ts).
}

/** The identity-provider group whose members may create competitions. */
export const ORGANISER_GROUP = 'organisers';

/** The caller's address when it proves anything, else undefined. */
export function verifiedEmail(who: Identity): string | undefined {
  return who.emailVerified === true ? who.email : undefined;
}

export function canCreateCompetitions(who: Identity): boolean {
  return who.groups.includes(ORGANISER_GROUP);
}
