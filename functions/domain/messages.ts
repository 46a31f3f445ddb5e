/**
 * The messages Podium sends (e-mail, plus the in-app inbox where the recipient has an account),
 * each a template with merge fields (`{{organisation}}`, `{{deadline}}`, …). Organisers may
 * replace a competition's subject and body per kind (use-cases/messages.ts stores them); these
 * are the defaults. Written as whole sentences with named fields so that translations can be
 * added as catalogues of the same keys.
 */

export const MESSAGE_KINDS = [
  'programme-invitation',
  'team-invitation',
  'reviewer-invitation',
  'reminder-draft',
  'reminder-review',
  'reminder-invitation',
  'results-published',
  'feedback-released',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface MessageTemplate {
  subject: string;
  body: string;
}

/** The merge fields each kind offers; a template using another field is refused. */
export const MESSAGE_FIELDS: Record<MessageKind, readonly string[]> = {
  'programme-invitation': ['programme', 'role', 'inviter', 'link', 'expires'],
  'team-invitation': ['competition', 'organisation', 'role', 'inviter', 'link', 'expires'],
  'reviewer-invitation': ['competition', 'round', 'inviter', 'link', 'expires'],
  'reminder-draft': ['competition', 'organisation', 'title', 'deadline', 'days', 'link'],
  'reminder-review': ['competition', 'round', 'pending', 'deadline', 'days', 'link'],
  'reminder-invitation': ['competition', 'round', 'link'],
  'results-published': ['competition', 'organisation', 'title', 'outcome', 'link'],
  'feedback-released': ['competition', 'organisation', 'title', 'link'],
};

export const DEFAULT_TEMPLATES: Record<MessageKind, MessageTemplate> = {
  'programme-invitation': {
    subject: 'You are invited to {{programme}}',
    body: '{{inviter}} invites you to join {{programme}} as {{role}}.\n\nAccept the invitation: {{link}}\n\nThe link expires on {{expires}}.',
  },
  'team-invitation': {
    subject: 'Join the {{organisation}} team in {{competition}}',
    body: '{{inviter}} invites you to the {{organisation}} team in {{competition}} as {{role}}.\n\nAccept the invitation: {{link}}\n\nThe link expires on {{expires}}.',
  },
  'reviewer-invitation': {
    subject: 'Invitation to review in {{competition}}',
    body: '{{inviter}} invites you to the round "{{round}}" of {{competition}}.\n\nAccept the invitation: {{link}}\n\nThe link expires on {{expires}}.',
  },
  'reminder-draft': {
    subject: '{{competition}} closes in {{days}} days: your submission is not submitted yet',
    body: 'Your submission "{{title}}" for {{competition}} is still a draft. Submissions close on {{deadline}}.\n\nFinish it: {{link}}',
  },
  'reminder-review': {
    subject: '{{pending}} reviews to finish in {{competition}}',
    body: 'You have {{pending}} reviews pending in the round "{{round}}" of {{competition}}; the round closes on {{deadline}}.\n\nYour reviews: {{link}}',
  },
  'reminder-invitation': {
    subject: 'Your reviews in {{competition}} are waiting',
    body: 'You accepted the invitation to the round "{{round}}" of {{competition}} but have not opened your reviews yet.\n\nYour reviews: {{link}}',
  },
  'results-published': {
    subject: 'Results of {{competition}}',
    body: '{{outcome}}\n\n{{link}}',
  },
  'feedback-released': {
    subject: 'Your feedback for {{competition}} is ready',
    body: 'The feedback on "{{title}}" in {{competition}} is ready to read.\n\n{{link}}',
  },
};

const FIELD = /\{\{\s*([a-z][a-zA-Z0-9]*)\s*\}\}/g;

/** The merge fields a text uses. */
export function fieldsUsed(text: string): string[] {
  return [...new Set([...text.matchAll(FIELD)].map((m) => m[1]!))];
}

/** Fills `{{field}}` from `values`; a field without a value is reported, never sent as "{{field}}". */
export function render(template: MessageTemplate, values: Readonly<Record<string, string>>): { subject: string; text: string; missing: string[] } {
  const missing = new Set<string>();
  const fill = (t: string) =>
    t.replace(FIELD, (_, name: string) => {
      const v = values[name];
      if (v === undefined) {
        missing.add(name);
        return '';
      }
      return v;
    });
  const subject = fill(template.subject).replace(/[\r\n]+/g, ' ');
  const text = fill(template.body);
  return { subject, text, missing: [...missing] };
}
