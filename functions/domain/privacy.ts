/**
 * The privacy notice (issue 14 §2): the platform's, versioned text kept here in the repository, and
 * the purposes an organiser adds for one competition. People accept the platform notice at their
 * first sign-in and the notice with the competition's purposes at registration; each acceptance is
 * recorded (what, which version, when) and registration is refused without it (CONSENT_REQUIRED).
 * A new version of the text gets a new `version`: everyone is asked again.
 */
import { RuleViolation } from './errors.ts';

export interface NoticeSection {
  heading: string;
  paragraphs: string[];
}

export interface PrivacyNotice {
  /** Changes whenever the text changes in substance; acceptances name it. */
  version: string;
  /** When this version took effect (ISO date). */
  effective: string;
  title: string;
  sections: NoticeSection[];
}

export const PRIVACY_NOTICE: PrivacyNotice = {
  version: '2026-12-01',
  effective: '2026-12-01',
  title: 'Privacy notice',
  sections: [
    {
      heading: 'Who is responsible',
      paragraphs: [
        'Each competition is run by its organiser (the programme that funds it), who is the controller of the personal data you give for that competition. The operator of this Podium installation processes it on the organiser’s behalf.',
      ],
    },
    {
      heading: 'What we keep and why',
      paragraphs: [
        'Your account (an identifier, your name and e-mail address) so that you can sign in and be told about your competitions.',
        'What you register and submit (your organisation, your team’s names and contacts, your answers and pitch video) so that reviewers can evaluate it and the organiser can award prizes.',
        'Reviews and scores you write as a reviewer, and an audit trail of actions, so that the results can be checked later.',
        'The full list, with how long each is kept and who sees it, is the records of processing each organiser can read.',
      ],
    },
    {
      heading: 'How long',
      paragraphs: [
        'Each competition sets a retention period. By default the personal data of applicants who were not awarded is erased one year after the competition’s results, and the data of awarded organisations five years after, as the funder requires for audits.',
      ],
    },
    {
      heading: 'Your rights',
      paragraphs: [
        'On the “Your data” page you can download everything Podium holds about you (JSON and CSV) and ask for it to be erased. Erasure replaces your names, addresses and the texts you wrote by a pseudonym; what a funder obliges the organiser to keep (awards and their recipients) is kept until the end of the retention period, and you are told so.',
        'You may also contact the organiser of a competition, or your data protection authority.',
      ],
    },
  ],
};

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
