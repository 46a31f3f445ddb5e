/**
 * The messages Podium sends (e-mail, plus the in-app inbox where the recipient has an account),
 * each a template with merge fields (`{{organisation}}`, `{{deadline}}`, …). Organisers may
 * replace a competition's subject and body per kind (use-cases/messages.ts stores them); these
 * are the defaults. Written as whole sentences with named fields so that translations can be
 * added as catalogues of the same keys.
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

export interface MessageTemplate {
  subject: string;
  body: string;
}

/** The merge fields each kind offers; a template using another field is refused. */
export const MESSAGE_FIELDS: Record<MessageKind, readonly string[]> = {
  'programme-invitation': ['programme', 'role', 'inviter', 'link', 'expires'],
  'organiser-invitation': ['competition', 'inviter', 'link', 'expires'],
  'team-invitation': ['competition', 'organisation', 'role', 'inviter', 'link', 'expires'],
  'reviewer-invitation': ['competition', 'round', 'inviter', 'link', 'expires'],
  'reminder-draft': ['competition', 'organisation', 'title', 'deadline', 'days', 'link'],
  'reminder-review': ['competition', 'round', 'pending', 'deadline', 'days', 'link'],
  'reminder-invitation': ['competition', 'round', 'link'],
  'results-published': ['competition', 'organisation', 'title', 'outcome', 'link'],
  'results-amended': ['competition', 'organisation', 'title', 'reason', 'outcome', 'link'],
  'feedback-released': ['competition', 'organisation', 'title', 'link'],
  'retention-notice': ['competition', 'pending', 'deadline', 'days', 'link'],
};

export const DEFAULT_TEMPLATES: Record<MessageKind, MessageTemplate> = {
  'programme-invitation': {
    subject: 'You are invited to {{programme}}',
    body: '{{inviter}} invites you to join {{programme}} as {{role}}.\n\nAccept the invitation: {{link}}\n\nThe link expires on {{expires}}.',
  },
  'organiser-invitation': {
    subject: 'Help organise {{competition}}',
    body: '{{inviter}} invites you to organise {{competition}} with them on Podium.\n\nAccept the invitation: {{link}}\n\nThe link expires on {{expires}}.',
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
  'results-amended': {
    subject: 'Results of {{competition}} amended',
    body: 'The organisers of {{competition}} amended the results: {{reason}}\n\nFor "{{title}}" ({{organisation}}): {{outcome}}\n\n{{link}}',
  },
  'feedback-released': {
    subject: 'Your feedback for {{competition}} is ready',
    body: 'The feedback on "{{title}}" in {{competition}} is ready to read.\n\n{{link}}',
  },
  'retention-notice': {
    subject: '{{competition}}: applicants\' personal data will be erased in {{days}} days',
    body: 'The retention period of {{competition}} ends on {{deadline}}. Podium will then erase the personal data of the {{pending}} applicants who received no award (names, addresses and texts are replaced by pseudonyms; scores, awards and the audit trail stay verifiable).\n\nChange the retention period or export what you must keep before then: {{link}}',
  },
};

const FIELD = /\{\{\s*([a-z][a-zA-Z0-9]*)\s*\}\}/g;

/** The kinds a competition sends, whose templates its organisers may edit (programme mail is not a competition's). */
export type CompetitionMessageKind = Exclude<MessageKind, 'programme-invitation'>;
export const COMPETITION_MESSAGE_KINDS = MESSAGE_KINDS.filter((k): k is CompetitionMessageKind => k !== 'programme-invitation') as unknown as readonly [CompetitionMessageKind, ...CompetitionMessageKind[]];
export const isCompetitionMessageKind = (k: string): k is CompetitionMessageKind => (COMPETITION_MESSAGE_KINDS as readonly string[]).includes(k);

/** What each kind is, in the words the template editor shows. */
export const MESSAGE_KIND_LABELS: Record<MessageKind, string> = {
  'programme-invitation': 'Invitation into a programme role',
  'organiser-invitation': 'Invitation to co-organise the competition',
  'team-invitation': 'Invitation into an entrant team',
  'reviewer-invitation': 'Invitation of investors and jury members',
  'reminder-draft': 'Reminder: submission still a draft',
  'reminder-review': 'Reminder: reviews pending',
  'reminder-invitation': 'Reminder: accepted invitation not used',
  'results-published': 'Results published (outcome)',
  'results-amended': 'Results amended (the new outcome)',
  'feedback-released': 'Feedback released',
  'retention-notice': 'Notice before the retention period ends (to organisers)',
};

/** Bounds of an organiser's template. */
export const TEMPLATE_LIMITS = { subject: 200, body: 5000 } as const;

/** A competition's own template of one kind (keys.messageTemplate), versioned. */
export interface StoredTemplate extends MessageTemplate {
  competitionId: string;
  kind: MessageKind;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** Values the preview shows where a competition has no data of its own yet (labelled as samples). */
export const FIELD_SAMPLES: Readonly<Record<string, string>> = {
  programme: 'GreenChain — INNOSUP-1 cluster project',
  competition: 'Green Manufacturing Idea Challenge',
  organisation: 'Example Robotics Ltd',
  title: 'Solar-powered cold storage for small farms',
  round: 'Investor round',
  role: 'editor',
  inviter: 'Olivia Organiser',
  link: 'https://podium.example/competitions/example',
  expires: '2027-01-15 17:00 (Europe/Brussels)',
  deadline: '2027-01-10 17:00 (Europe/Brussels)',
  days: '7',
  pending: '3',
  reason: 'A jury score was entered twice; the ranking was corrected.',
  outcome: 'Congratulations! Your organisation has been awarded €20,000 in Green Manufacturing Idea Challenge (First prize).',
};

/** The merge fields a text uses. */
export function fieldsUsed(text: string): string[] {
  return [...new Set([...text.matchAll(FIELD)].map((m) => m[1]!))];
}

/**
 * What is wrong with a template of `kind`, by field (`subject`, `body`), as the editor shows it:
 * blank, too long, a line break in the subject, a `{{…}}` that is no merge field, or a merge field
 * the kind does not offer (a template using it could never be filled). Empty when it may be saved.
 */
export function checkTemplate(kind: MessageKind, t: MessageTemplate): Record<string, string> {
  const offered = MESSAGE_FIELDS[kind];
  const problems: Record<string, string> = {};
  const check = (part: 'subject' | 'body', text: string) => {
    if (text.trim() === '') return (problems[part] = 'Required.');
    if (text.length > TEMPLATE_LIMITS[part]) return (problems[part] = `At most ${TEMPLATE_LIMITS[part]} characters (this has ${text.length}).`);
    if (part === 'subject' && /[\r\n\u2028\u2029]/.test(text)) return (problems[part] = 'A subject is one line: remove the line break.');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return (problems[part] = 'Contains a control character.');
    for (const m of text.matchAll(/\{\{([^{}]*)\}\}/g)) {
      const name = m[1]!.trim();
      if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) return (problems[part] = `"${m[0]}" is not a merge field; merge fields look like {{${offered[0]}}}.`);
      if (!offered.includes(name))
        return (problems[part] = `Unknown merge field {{${name}}}: this message offers ${offered.map((f) => `{{${f}}}`).join(', ')}.`);
    }
    const rest = text.replace(/\{\{([^{}]*)\}\}/g, '');
    if (rest.includes('{{') || rest.includes('}}')) return (problems[part] = 'A merge field is not closed: write {{field}}.');
    return undefined;
  };
  check('subject', t.subject);
  check('body', t.body);
  return problems;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text as HTML text or attribute value: every character that could start markup is escaped. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** One line for a subject: line breaks and other control characters become spaces (no header can be injected). */
// eslint-disable-next-line no-control-regex
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

export interface RenderedMessage {
  subject: string;
  /** The plain-text part: always sent (the fallback of every client). */
  text: string;
  /** The HTML part (a fragment): the body's paragraphs, every merge value HTML-escaped, links clickable. */
  html: string;
  /** Merge fields the template uses that `values` lacks: a message with any is never sent. */
  missing: string[];
}

/** Fills `{{field}}` from `values`; a field without a value is reported, never sent as "{{field}}". */
export function render(template: MessageTemplate, values: Readonly<Record<string, string>>): RenderedMessage {
  const missing = new Set<string>();
  const value = (name: string) => {
    const v = Object.hasOwn(values, name) ? values[name] : undefined;
    if (v === undefined) missing.add(name);
    return v ?? '';
  };
  const subject = oneLine(template.subject.replace(FIELD, (_, name: string) => value(name)));
  const text = template.body.replace(FIELD, (_, name: string) => value(name));
  // The HTML part from the template, not from `text`: the organiser's words and each value are
  // escaped separately, so a value can never close a tag or open one.
  const htmlLine = (line: string) => {
    let out = '';
    let at = 0;
    for (const m of line.matchAll(FIELD)) {
      out += escapeHtml(line.slice(at, m.index));
      const v = value(m[1]!);
      out += /^https?:\/\/\S+$/.test(v) ? `<a href="${escapeHtml(v)}">${escapeHtml(v)}</a>` : escapeHtml(v).replace(/\r?\n/g, '<br>');
      at = m.index + m[0].length;
    }
    return out + escapeHtml(line.slice(at));
  };
  const html = template.body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p>${p.split(/\r?\n/).map(htmlLine).join('<br>')}</p>`)
    .join('\n');
  return { subject, text, html, missing: [...missing] };
}

/** The HTML part as a whole document (what the mailer sends). */
export function htmlDocument(subject: string, fragment: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40em">${fragment}</body></html>`;
}
