/**
 * The kinds of message Podium sends, and the limits of a template — the constants the request
 * schemas need (app/schemas.ts), apart from domain/messages.ts so that validating a request never
 * loads the message catalogues and their formatter.
 */
export const MESSAGE_KINDS = [
  'programme-invitation',
  'organiser-invitation', // H1: co-organisers of one competition
  'team-invitation',
  'reviewer-invitation',
  'reminder-draft',
  'reminder-review',
  'reminder-invitation',
  'results-published',
  'results-amended', // issue 13: an amendment changed this entrant's outcome
  'feedback-released',
  'retention-notice', // issue 14 §2: the organisers, before the scheduler erases non-awarded applicants' data
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export type CompetitionMessageKind = Exclude<MessageKind, 'programme-invitation'>;
export const COMPETITION_MESSAGE_KINDS = MESSAGE_KINDS.filter((k): k is CompetitionMessageKind => k !== 'programme-invitation') as unknown as readonly [CompetitionMessageKind, ...CompetitionMessageKind[]];
export const isCompetitionMessageKind = (k: string): k is CompetitionMessageKind => (COMPETITION_MESSAGE_KINDS as readonly string[]).includes(k);

export const TEMPLATE_LIMITS = { subject: 200, body: 5000 } as const;
