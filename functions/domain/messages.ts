/**
 * The messages Podium sends (e-mail, plus the in-app inbox where the recipient has an account),
 * each a template with merge fields (`{{organisation}}`, `{{deadline}}`, …). Organisers may
 * replace a competition's subject and body per kind (use-cases/messages.ts stores them); these
 * are the defaults. The defaults' words are the catalogues' (functions/shared/i18n/<locale>.json,
 * server section): each message goes out in its recipient's language (use-cases/messages.ts), and
 * an organiser's own template replaces the default of its language only.
 */
import { SOURCE_LOCALE, type Locale } from '../shared/i18n/locales.ts';
import { serverText } from '../shared/i18n/server.ts';

export { COMPETITION_MESSAGE_KINDS, isCompetitionMessageKind, MESSAGE_KINDS, TEMPLATE_LIMITS, type CompetitionMessageKind, type MessageKind } from './message-kinds.ts';
import { MESSAGE_KINDS, TEMPLATE_LIMITS, type MessageKind } from './message-kinds.ts';

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

/** Each kind's name in the catalogues' server keys (`message.<name>.subject|body|label`). */
const KIND_KEYS: Record<MessageKind, string> = {
  'programme-invitation': 'programmeInvitation',
  'organiser-invitation': 'organiserInvitation',
  'team-invitation': 'teamInvitation',
  'reviewer-invitation': 'reviewerInvitation',
  'reminder-draft': 'reminderDraft',
  'reminder-review': 'reminderReview',
  'reminder-invitation': 'reminderInvitation',
  'results-published': 'resultsPublished',
  'results-amended': 'resultsAmended',
  'feedback-released': 'feedbackReleased',
  'retention-notice': 'retentionNotice',
};

/**
 * The default template of `kind` in `locale`, from the catalogues (functions/shared/i18n/*.json,
 * server section `message.<kind>.subject|body`): ICU messages whose arguments are the kind's merge
 * fields, formatted with each field as its `{{field}}` — so a default is a template like an
 * organiser's, filled by the same `render` (values HTML-escaped) and editable as it reads.
 */
export function defaultTemplate(kind: MessageKind, locale: Locale = SOURCE_LOCALE): MessageTemplate {
  const merge = Object.fromEntries(MESSAGE_FIELDS[kind].map((f) => [f, `{{${f}}}`]));
  return { subject: serverText(locale, `message.${KIND_KEYS[kind]}.subject`, merge), body: serverText(locale, `message.${KIND_KEYS[kind]}.body`, merge) };
}

/** What each kind is, in the words the template editor shows, in `locale`. */
export function kindLabel(kind: MessageKind, locale: Locale = SOURCE_LOCALE): string {
  return serverText(locale, `message.${KIND_KEYS[kind]}.label`);
}

/** English per kind, read lazily (formatting a message costs a parse: never at module load). */
function lazyPerKind<T>(of: (k: MessageKind) => T): Record<MessageKind, T> {
  const out = {} as Record<MessageKind, T>;
  for (const k of MESSAGE_KINDS) Object.defineProperty(out, k, { enumerable: true, get: () => of(k) });
  return out;
}

/** The English defaults (defaultTemplate(kind, 'en')). */
export const DEFAULT_TEMPLATES: Record<MessageKind, MessageTemplate> = lazyPerKind((k) => defaultTemplate(k));

const FIELD = /\{\{\s*([a-z][a-zA-Z0-9]*)\s*\}\}/g;

/** The kinds a competition sends, whose templates its organisers may edit (programme mail is not a competition's). */

/** The English labels (kindLabel(kind, 'en')). */
export const MESSAGE_KIND_LABELS: Record<MessageKind, string> = lazyPerKind((k) => kindLabel(k));

/** Bounds of an organiser's template. */

/** A competition's own template of one kind (keys.messageTemplate), versioned. */
export interface StoredTemplate extends MessageTemplate {
  competitionId: string;
  kind: MessageKind;
  /** The language it is written in (absent on templates saved before languages: English); the other languages keep their defaults. */
  language?: Locale;
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
export function htmlDocument(subject: string, fragment: string, locale: Locale = SOURCE_LOCALE): string {
  const footer = `<p style="color:#555;font-size:0.875em;border-top:1px solid #ddd;padding-top:0.5em">${escapeHtml(serverText(locale, 'email.footer'))}</p>`;
  return `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40em">${fragment}\n${footer}</body></html>`;
}
