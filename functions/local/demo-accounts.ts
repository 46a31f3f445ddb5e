/**
 * The people who can sign in to the local runtime. Stands in for the Cognito user pool on one
 * machine: the local OpenID provider signs them in, the token CLI mints tokens for them and the
 * seed gives them something to look at. All share one password — this is a demo, not a vault.
 */
import { createHash } from 'node:crypto';

export interface DemoAccount {
  /** Stable across restarts and machines, UUID-shaped like a Cognito `sub`. */
  sub: string;
  email: string;
  /** Demo addresses count as verified, as a confirmed Cognito sign-up's would (`email_verified`). */
  emailVerified: true;
  name: string;
  /** Platform-wide groups, issued as `cognito:groups`. */
  groups: string[];
  /** Who this person plays in the demo; shown on the sign-in page and used by the seed. */
  kind: 'organiser' | 'sme' | 'investor';
}

export const DEMO_PASSWORD = 'demo';

/** A UUID-shaped id derived from the e-mail (version 5-style bits), so it never changes. */
function stableSub(email: string): string {
  const hex = createHash('sha256').update(`podium-demo:${email}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function account(email: string, name: string, kind: DemoAccount['kind']): DemoAccount {
  return { sub: stableSub(email), email, emailVerified: true, name, groups: kind === 'organiser' ? ['organisers'] : [], kind };
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = Object.freeze([
  account('organiser@demo.test', 'Olivia Organiser', 'organiser'),
  account('sme1@demo.test', 'Sofia Marchetti', 'sme'),
  account('sme2@demo.test', 'Lukas Brandt', 'sme'),
  account('sme3@demo.test', 'Aoife Byrne', 'sme'),
  account('sme4@demo.test', 'Mateo García', 'sme'),
  account('sme5@demo.test', 'Ingrid Halvorsen', 'sme'),
  account('sme6@demo.test', 'Kwame Mensah', 'sme'),
  account('investor1@demo.test', 'Isabelle Laurent', 'investor'),
  account('investor2@demo.test', 'Henrik Dahl', 'investor'),
]);

/** Case-insensitive, ignores surrounding spaces (people type e-mails in many ways). */
export function findDemoAccount(email: string): DemoAccount | undefined {
  const wanted = email.trim().toLowerCase();
  return DEMO_ACCOUNTS.find((a) => a.email === wanted);
}

export function findDemoAccountBySub(sub: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((a) => a.sub === sub);
}
