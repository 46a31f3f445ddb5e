/**
 * Account records (domain/account.ts): when each account was created, which the audience vote's
 * `new-account-cluster` flag needs and no token says (Cognito issues no creation-time claim).
 * One code path records a new account, whoever creates it: on AWS the Cognito post-confirmation
 * trigger (functions/lambda/account-created.ts), locally the local identity provider's accounts at
 * start (functions/local/demo-accounts.ts). An account created before these records existed gets
 * one lazily, marked `first-seen`, when it first casts a ballot (castBallot). Every write is one
 * conditional put: the first record stays.
 */
import { knownCreatedAt, type Account } from '../domain/account.ts';
import type { Identity } from '../domain/identity.ts';
import { isLocale, negotiateLocale, type Locale } from '../shared/i18n/locales.ts';
import { requireIdentity } from './access.ts';
import type { Ports } from './ports.ts';

type Deps = Pick<Ports, 'accounts' | 'clock'>;

/** Cognito's post-confirmation event, as far as it is read here (the rest is handed back as it came). */
export interface PostConfirmationEvent {
  triggerSource: string;
  userName?: string;
  request: { userAttributes: Record<string, string | undefined> };
}

/**
 * Records that the account `sub` was created at `createdAt` (default: now). Idempotent: an account
 * that has a record keeps it (`written: false`), so a replayed trigger or a restart changes nothing.
 */
export async function recordAccountCreated(ports: Deps, sub: string, createdAt?: string): Promise<{ written: boolean }> {
  if (sub.trim() === '') throw new Error('An account record needs the account’s subject.');
  const at = createdAt ?? ports.clock.now().toISOString();
  if (Number.isNaN(Date.parse(at))) throw new Error(`Not an instant: ${at}`);
  return { written: (await ports.accounts.create({ sub, createdAt: new Date(at).toISOString(), source: 'created' })) === 'written' };
}

/**
 * An account signing in with no record (created before records existed): recorded as first seen
 * now, in one conditional put that leaves any record there is (a created one, or an earlier sighting).
 */
export async function recordAccountSeen(ports: Deps, sub: string): Promise<{ written: boolean }> {
  return { written: (await ports.accounts.create({ sub, createdAt: ports.clock.now().toISOString(), source: 'first-seen' })) === 'written' };
}

/**
 * The Cognito post-confirmation trigger: a confirmed sign-up is a new account. A confirmed password
 * reset (`PostConfirmation_ConfirmForgotPassword`) is not — recording one would make an old account
 * look new — so it records nothing. Answers the event: Cognito requires the trigger to return it.
 */
export async function accountConfirmed<E extends PostConfirmationEvent>(ports: Deps, event: E): Promise<{ event: E; recorded: boolean }> {
  if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return { event, recorded: false };
  const sub = event.request?.userAttributes?.sub;
  if (typeof sub !== 'string' || sub === '') throw new Error('The post-confirmation event names no `sub` attribute.');
  const { written } = await recordAccountCreated(ports, sub);
  return { event, recorded: written };
}

/**
 * When each of `subs` was created, for those whose creation is known (first-seen records and
 * accounts without a record are left out: their age is unknown). BatchGet, 100 keys a call.
 */
export async function accountCreationTimes(ports: Pick<Ports, 'accounts'>, subs: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(subs)];
  if (unique.length === 0) return new Map();
  const records: Account[] = await ports.accounts.getMany(unique);
  const out = new Map<string, string>();
  for (const a of records) {
    const at = knownCreatedAt(a);
    if (at) out.set(a.sub, at);
  }
  return out;
}

// ---- the account's language (issue 14 §1) ------------------------------------------------------

/** Saves the language `who` chose (the header's picker, PUT /api/me/settings). */
export async function saveLanguage(ports: Pick<Ports, 'accounts'>, who: Identity | undefined, language: Locale): Promise<{ language: Locale }> {
  const me = requireIdentity(who);
  await ports.accounts.setLanguage(me.sub, language);
  return { language };
}

/**
 * The language of `who` (GET /api/me): the one saved; else the best of the request's
 * `Accept-Language`, saved there and then (once: a conditional write that leaves a saved one) so
 * that e-mails sent later by jobs, with no request to read, know it.
 */
export async function languageOf(ports: Pick<Ports, 'accounts'>, who: Identity, acceptLanguage: string | undefined): Promise<Locale> {
  const saved = (await ports.accounts.get(who.sub))?.language;
  if (isLocale(saved)) return saved;
  const language = negotiateLocale(acceptLanguage);
  if (!(await ports.accounts.setLanguage(who.sub, language, { ifUnset: true }))) {
    const now = (await ports.accounts.get(who.sub))?.language; // saved meanwhile (another tab): that one
    if (isLocale(now)) return now;
  }
  return language;
}

/** The saved languages of `subs` (BatchGetItem, 100 keys a call): accounts without one are left out. */
export async function languagesOf(ports: Pick<Ports, 'accounts'>, subs: readonly string[]): Promise<Map<string, Locale>> {
  const unique = [...new Set(subs)].filter((s) => s !== '');
  if (unique.length === 0) return new Map();
  const out = new Map<string, Locale>();
  // Eventually consistent (half the units): a language chosen a moment ago may go unread for one message.
  for (const a of await ports.accounts.getMany(unique, { consistent: false })) if (isLocale(a.language)) out.set(a.sub, a.language);
  return out;
}
