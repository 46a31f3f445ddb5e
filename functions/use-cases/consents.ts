/**
 * Registration's consent (issue 14 §2), apart from use-cases/personal-data.ts so that the core
 * area's bundle, which registers entrants, carries only this: the check of what the registrant
 * accepted against the current notice and the competition's purposes, and its record.
 */
import { assertConsentGiven, PRIVACY_NOTICE, type Consent, type ConsentGiven } from '../domain/privacy.ts';
import type { Identity } from '../domain/identity.ts';
import type { Ports } from './ports.ts';

type ConsentPorts = Pick<Ports, 'personalData'>;

/**
 * Registration's consent (register-entrant.ts), checked before anything is written: refused without
 * the current notice and the competition's current purposes (CONSENT_REQUIRED). The settings are
 * read by the caller alongside the competition (one round trip fewer).
 */
export async function checkRegistrationConsent(settingsRead: ReturnType<ConsentPorts['personalData']['getSettings']>, competitionId: string, given: ConsentGiven | undefined, at: string): Promise<Consent> {
  const settings = await settingsRead;
  assertConsentGiven(given, { purposes: settings.purposes, version: settings.purposesVersion });
  return { scope: { kind: 'competition', competitionId }, noticeVersion: PRIVACY_NOTICE.version, purposesVersion: settings.purposesVersion, acceptedAt: at };
}

/** Records a registration's consent (what, which versions, when) once the registration is written. */
export async function recordRegistrationConsent(ports: ConsentPorts, who: Identity, consent: Consent, at: string): Promise<void> {
  await Promise.all([
    ports.personalData.recordConsent(who.sub, consent),
    // Registering accepts the platform notice too (the same text, shown on the page).
    ports.personalData.recordConsent(who.sub, { scope: { kind: 'platform' }, noticeVersion: PRIVACY_NOTICE.version, acceptedAt: at }),
  ]);
}

