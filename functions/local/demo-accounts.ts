/**
 * The people who can sign in to the local runtime. Stands in for the Cognito user pool on one
 * machine: the local OpenID provider signs them in, the token CLI mints tokens for them and the
 * seed gives them something to look at. All share one password — this is a demo, not a vault.
 */
import { createHash } from 'node:crypto';
import { recordAccountCreated } from '../use-cases/accounts.ts';
import type { Ports } from '../use-cases/ports.ts';

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
  kind: 'organiser' | 'sme' | 'investor' | 'team' | 'judge' | 'programme';
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

/** The hackathon teams' captains, team1@demo.test … team12@demo.test in this order. */
const HACKATHON_TEAMS = [
  'Amara Okafor',
  'Jonas Berg',
  'Chiara Rossi',
  'Emil Virtanen',
  'Zofia Kowalska',
  'Ravi Iyer',
  'Léa Moreau',
  'Daan de Vries',
  'Nora Haddad',
  'Pablo Ortega',
  'Mei Lin',
  'Oskar Lund',
];

export const DEMO_ACCOUNTS: readonly DemoAccount[] = Object.freeze([
  account('organiser@demo.test', 'Olivia Organiser', 'organiser'),
  account('sme1@demo.test', 'Sofia Marchetti', 'sme'),
  account('sme2@demo.test', 'Lukas Brandt', 'sme'),
  account('sme3@demo.test', 'Aoife Byrne', 'sme'),
  account('sme4@demo.test', 'Mateo García', 'sme'),
  account('sme5@demo.test', 'Ingrid Halvorsen', 'sme'),
  account('sme6@demo.test', 'Kwame Mensah', 'sme'),
  // A member of sme1's team with a login of her own (functions/local/seed.ts seedDemoTeam): an editor of its entry.
  account('teammate@demo.test', 'Tereza Novotná', 'sme'),
  account('investor1@demo.test', 'Isabelle Laurent', 'investor'),
  account('investor2@demo.test', 'Henrik Dahl', 'investor'),
  // The demo hackathon (functions/local/seed.ts): twelve teams at the expo, two judges walking it.
  ...HACKATHON_TEAMS.map((name, i) => account(`team${i + 1}@demo.test`, name, 'team')),
  account('judge1@demo.test', 'Julia Novak', 'judge'),
  account('judge2@demo.test', 'Tomás Ferreira', 'judge'),
  // The demo programme GreenChain (functions/local/seed.ts; organiser@demo.test coordinates it): a
  // partner organiser who opened its second call, and staff in the other programme roles.
  account('partner@demo.test', 'Camille Laurent', 'programme'),
  account('finance@demo.test', 'Frida Lindqvist', 'programme'),
  account('evaluator@demo.test', 'Emre Yilmaz', 'programme'),
  account('observer@demo.test', 'Olga Petrova', 'programme'),
]);

/** Case-insensitive, ignores surrounding spaces (people type e-mails in many ways). */
export function findDemoAccount(email: string): DemoAccount | undefined {
  const wanted = email.trim().toLowerCase();
  return DEMO_ACCOUNTS.find((a) => a.email === wanted);
}

export function findDemoAccountBySub(sub: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((a) => a.sub === sub);
}

/**
 * When the local pool's accounts were created: long before any demo competition, as the people
 * they stand for have had their accounts for a while (with "now", every demo ballot would come
 * from a new account, and three alike would be flagged as a cluster).
 */
export const DEMO_ACCOUNTS_CREATED_AT = '2020-01-01T00:00:00.000Z';

/**
 * The local identity provider's accounts, recorded at start by the same use case as Cognito's
 * post-confirmation trigger (use-cases/accounts.ts): once, by a conditional put each, so a restart
 * changes nothing. How many were new.
 */
export async function recordDemoAccounts(ports: Pick<Ports, 'accounts' | 'clock'>, accounts: readonly DemoAccount[] = DEMO_ACCOUNTS): Promise<number> {
  const results = await Promise.all(accounts.map((a) => recordAccountCreated(ports, a.sub, DEMO_ACCOUNTS_CREATED_AT)));
  return results.filter((r) => r.written).length;
}
