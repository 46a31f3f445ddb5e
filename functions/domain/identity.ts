/** Who is calling. Built from token claims by one middleware; roles per competition are not in here. */
export interface Identity {
  sub: string;
  email: string;
  name: string;
  /** Platform-wide groups from the identity provider (Cognito groups). */
  groups: string[];
}

/** The identity-provider group whose members may create competitions. */
export const ORGANISER_GROUP = 'organisers';

export function canCreateCompetitions(who: Identity): boolean {
  return who.groups.includes(ORGANISER_GROUP);
}
