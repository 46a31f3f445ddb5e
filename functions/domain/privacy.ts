/**
 * The privacy notice (issue 14 §2): the platform's, versioned, its text in every language in the
 * catalogues, and the purposes an organiser adds for one competition. People accept the platform notice at their
 * first sign-in and the notice with the competition's purposes at registration; each acceptance is
 * recorded (what, which version, when) and registration is refused without it (CONSENT_REQUIRED).
 * A new version of the text gets a new `version`: everyone is asked again.
 */
import { RuleViolation } from './errors.ts';

export interface NoticeSection {
  heading: string;
  paragraphs: string[];
}

/** The notice as a reader gets it: in their language (GET /api/privacy). */
export interface PrivacyNotice {
  /** Changes whenever the text changes in substance (in any language); acceptances name it. */
  version: string;
  /** When this version took effect (ISO date). */
  effective: string;
  language: string;
  title: string;
  sections: NoticeSection[];
}

/**
 * The platform notice's version and outline. Its words are the catalogues' (server section,
 * `privacyNotice.<section>.heading` and `.1`, `.2` …, `privacyNotice.title`), one text per
 * language under the same version — change one in substance, change them all and `version`.
 */
export const PRIVACY_NOTICE = {
  version: '2026-12-01',
  effective: '2026-12-01',
  sections: [
    { key: 'responsible', paragraphs: 1 },
    { key: 'kept', paragraphs: 4 },
    { key: 'howLong', paragraphs: 1 },
    { key: 'rights', paragraphs: 2 },
  ],
} as const;

/** What one acceptance covers: the platform notice, or a competition's notice with its purposes. */
export type ConsentScope = { kind: 'platform' } | { kind: 'competition'; competitionId: string };

export interface Consent {
  scope: ConsentScope;
  /** The platform notice's version accepted. */
  noticeVersion: string;
  /** For a competition: the version of its purposes accepted (0 when it has none). */
  purposesVersion?: number;
  acceptedAt: string;
}

/** The purposes an organiser adds to the platform notice for one competition. */
export interface CompetitionPurposes {
  purposes: string[];
  /** Moves on at every change, so acceptances name what they accepted. 0: none ever set. */
  version: number;
}

export const MAX_PURPOSES = 10;
export const MAX_PURPOSE_LENGTH = 500;

/** What a registration must carry: the notice's version and the competition's purposes' version, as shown. */
export interface ConsentGiven {
  noticeVersion?: string;
  purposesVersion?: number;
}

/**
 * Refuses a registration whose consent is missing or names another version than the current
 * (the page showed an older text): CONSENT_REQUIRED, with the field to fix.
 */
export function assertConsentGiven(given: ConsentGiven | undefined, purposes: CompetitionPurposes): void {
  if (!given || given.noticeVersion !== PRIVACY_NOTICE.version)
    throw new RuleViolation('CONSENT_REQUIRED', `Read and accept the privacy notice (version ${PRIVACY_NOTICE.version}) to register.`, {
      'privacy.noticeVersion': `Accept version ${PRIVACY_NOTICE.version} of the privacy notice.`,
    });
  if ((given.purposesVersion ?? 0) !== purposes.version)
    throw new RuleViolation('CONSENT_REQUIRED', 'The competition’s privacy purposes changed since you opened the page; read and accept them again.', {
      'privacy.purposesVersion': `Accept version ${purposes.version} of the competition’s purposes.`,
    });
}

export function purposesErrors(purposes: readonly string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (purposes.length > MAX_PURPOSES) errors.purposes = `At most ${MAX_PURPOSES} purposes.`;
  purposes.forEach((p, i) => {
    if (p.trim() === '') errors[`purposes.${i}`] = 'Write the purpose, or remove it.';
    else if (p.length > MAX_PURPOSE_LENGTH) errors[`purposes.${i}`] = `At most ${MAX_PURPOSE_LENGTH} characters.`;
  });
  return errors;
}
