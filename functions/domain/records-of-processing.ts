/**
 * Records of processing (GDPR art. 30) for organisers: what the platform stores, why, for how long
 * and who sees it — one typed, versioned list, rendered by the web's records-of-processing page.
 * A change to what Podium stores changes this list and its version in the same commit.
 */
export interface ProcessingRecord {
  id: string;
  /** What is stored. */
  data: string;
  /** Whose data it is. */
  subjects: string;
  /** Why (purpose and lawful basis). */
  purpose: string;
  /** How long it is kept. */
  retention: string;
  /** Who may read it. */
  recipients: string;
  /** Where it lives. */
  storage: string;
}

export const RECORDS_OF_PROCESSING_VERSION = '2026-12-01';

export const RECORDS_OF_PROCESSING: readonly ProcessingRecord[] = [
  {
    id: 'account',
    data: 'Account: identifier, name, e-mail address, when the account was created, privacy notices accepted (version and time)',
    subjects: 'Everyone who signs in',
    purpose: 'Signing in, telling people about their competitions; proving consent (art. 6(1)(b), 7(1))',
    retention: 'While the account exists; consents as long as the data they cover',
    recipients: 'The person; the operator',
    storage: 'Identity provider (Cognito) and the DynamoDB table',
  },
  {
    id: 'registration',
    data: 'Registration: organisation name, country, registry or VAT id, SME declaration, team members’ names, e-mails and roles',
    subjects: 'Applicants and their team members',
    purpose: 'Eligibility, conflicts of interest, awarding and paying support (art. 6(1)(b), (c) where the funder requires it)',
    retention: 'Competition’s retention period: not awarded 1 year after results, awarded 5 years (defaults; the organiser sets them)',
    recipients: 'The organiser and programme staff; reviewers see the organisation only in non-blind rounds',
    storage: 'DynamoDB table',
  },
  {
    id: 'submission',
    data: 'Submission: title, answers, pitch video and its file name',
    subjects: 'Applicants',
    purpose: 'Evaluation and selection (art. 6(1)(b))',
    retention: 'As the registration',
    recipients: 'The team, the organiser, assigned reviewers',
    storage: 'DynamoDB table; videos in the S3 media bucket',
  },
  {
    id: 'review',
    data: 'Reviews: scores, comments, private notes, conflicts declared, expo notes',
    subjects: 'Reviewers, investors and jury members',
    purpose: 'Evaluation, moderation and checkable results (art. 6(1)(b), (f))',
    retention: 'As the competition’s awarded retention period (the results rest on them); comments pseudonymised on erasure',
    recipients: 'The organiser; feedback to teams without the reviewer’s name',
    storage: 'DynamoDB table',
  },
  {
    id: 'audit',
    data: 'Audit trail: who (identifier, e-mail) did what, when, with the values before and after',
    subjects: 'Organisers, applicants, reviewers',
    purpose: 'Accountability and verifiable results (art. 6(1)(c), (f))',
    retention: 'As the competition’s awarded retention period; erasure pseudonymises e-mails and personal values, the digest still verifies',
    recipients: 'The organiser and programme staff',
    storage: 'DynamoDB table; sealed in the results package',
  },
  {
    id: 'mail',
    data: 'E-mails sent (recipient, subject, text), delivery status per address, in-app notifications',
    subjects: 'Everyone Podium writes to',
    purpose: 'Telling people about their competitions; not writing to addresses that bounce (art. 6(1)(b), (f))',
    retention: 'As the competition’s retention period; notifications until read or erased',
    recipients: 'The recipient; the organiser (outbox, delivery status)',
    storage: 'Amazon SES and the DynamoDB table',
  },
  {
    id: 'awards',
    data: 'Awards: recipient organisation, amount, type; programme ledger of third parties supported',
    subjects: 'Awarded organisations and their contacts',
    purpose: 'Financial support to third parties and the funder’s audits (art. 6(1)(c))',
    retention: 'The funder’s retention period (the competition’s awarded period, default 5 years after results), then erased',
    recipients: 'The organiser, programme finance staff, the funder; the public sees published winners',
    storage: 'DynamoDB table; the results package',
  },
  {
    id: 'exports',
    data: 'Exports and personal-data downloads (CSV, JSON) prepared by jobs',
    subjects: 'As the data exported',
    purpose: 'Organisers’ reporting; the right of access (art. 15, 20)',
    retention: '7 days (the bucket’s lifecycle rule); download links work for 5 minutes',
    recipients: 'Who started the export',
    storage: 'S3 exports bucket',
  },
];
