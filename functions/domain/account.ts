/**
 * An account's record (`USER#<sub>` / `ACCOUNT`, adapters/dynamodb/account-repository.ts): when the
 * account was created, so the audience vote can tell new accounts from old (its
 * `new-account-cluster` flag), and the account's settings (issue 14: its language) as further
 * attributes of the same item.
 */
import type { Locale } from '../shared/i18n/locales.ts';

export interface Account {
  sub: string;
  /** `created`: when the identity provider created it; `first-seen`: when Podium first saw it. Absent on an item that holds only settings (a language saved before the creation was recorded). */
  createdAt: string;
  /** The language the person reads Podium and its e-mails in: saved from the picker, else taken from the browser's Accept-Language at the first sign-in. */
  language?: Locale;
  /**
   * `created`: recorded when the account was created (the Cognito post-confirmation trigger, or the
   * local identity provider at start). `first-seen`: an account older than these records, recorded
   * lazily at its first ballot — its age is unknown (at least as old as the records), so it never
   * counts as new.
   */
  source: 'created' | 'first-seen';
}

/** When the account is known to have been created; undefined for no record or a first-seen one. */
export function knownCreatedAt(a: Account | undefined): string | undefined {
  return a?.source === 'created' ? a.createdAt : undefined;
}
