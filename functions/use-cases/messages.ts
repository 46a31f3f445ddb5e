/**
 * Sending a message of one of Podium's kinds (domain/messages.ts) to one address: the
 * competition's own template where its organisers wrote one, else the default; the mailer sends
 * it (SES on AWS, the outbox locally) with a plain-text part and an HTML part. Every invitation,
 * reminder and announcement goes through here.
 *
 * Organisers edit a competition's templates (list, save, reset, preview — issue 13). A template is
 * checked when saved (a field the kind does not offer is refused, naming it) and again when sent
 * (a field without a value stops the sending: never a message with a hole).
 */
import { InvalidState, ValidationFailed } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { INVITATION_DAYS } from '../domain/invitation.ts';
import { isAllowed } from '../domain/lifecycle.ts';
import {
  checkTemplate,
  COMPETITION_MESSAGE_KINDS,
  defaultTemplate,
  FIELD_SAMPLES,
  htmlDocument,
  kindLabel,
  MESSAGE_FIELDS,
  render,
  type MessageKind,
  type MessageTemplate,
  type StoredTemplate,
} from '../domain/messages.ts';
import { suppressionSentence } from '../domain/mail-status.ts';
import type { MailNotSent } from '../domain/notification.ts';
import { isLocale, SOURCE_LOCALE, type Locale } from '../shared/i18n/locales.ts';
import { instantInZone } from '../shared/i18n/server.ts';
import { loadOrganisedCompetition } from './access.ts';
import type { Ports } from './ports.ts';

/** A merge field's value: text, or text per language (a date, an amount, a role word, a sentence the server writes). */
export type FieldValue = string | ((locale: Locale) => string);
export type MessageFields = Readonly<Record<string, FieldValue>>;

export interface OutgoingMessage {
  kind: MessageKind;
  /** The competition the message is about (its outbox and templates); programme mail names the programme (`programme:<id>`). */
  competitionId: string;
  to: string;
  fields: MessageFields;
  /**
   * The language to write in (issue 14): the recipient's account's (a caller that knows the
   * recipient passes it, or `recipientSub` to have it read), else the one the sender chose for an
   * address with no account (an invitation), else the sender's own (`senderSub`), else English.
   */
  language?: Locale;
  recipientSub?: string;
  senderSub?: string;
}

/** The language a message goes out in (see OutgoingMessage.language): at most two GetItems, none when `language` is given. */
export async function languageFor(ports: object, m: Pick<OutgoingMessage, 'language' | 'recipientSub' | 'senderSub'>): Promise<Locale> {
  if (m.language) return m.language;
  const accounts = (ports as Partial<Pick<Ports, 'accounts'>>).accounts;
  for (const sub of [m.recipientSub, m.senderSub]) {
    const saved = sub && accounts ? (await accounts.get(sub))?.language : undefined;
    if (isLocale(saved)) return saved;
  }
  return SOURCE_LOCALE;
}

/** The fields' text in `locale`. */
export const fieldsIn = (fields: MessageFields, locale: Locale): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'function' ? v(locale) : v]));

/** A date in the competition's zone (named), written as `locale` writes dates. */
export const zoned = (iso: string, zone: string): FieldValue => (locale) => instantInZone(iso, zone, locale);

/**
 * Any ports object: at run time every one carries `messageTemplates` (composition.ts); narrower
 * types that do not name it still type-check, so every caller may send (the default then applies
 * only where no repository exists at all, as in unit tests of other use cases).
 */
type TemplatePorts = object;
const templatesOf = (ports: TemplatePorts) => (ports as Partial<Pick<Ports, 'messageTemplates'>>).messageTemplates;

/**
 * The template a competition sends for `kind` in `language`: its own in that language (one
 * GetItem), else the default in that language — an organiser's English text does not replace the
 * French default. Programme mail uses the default.
 */
export async function templateFor(ports: TemplatePorts, competitionId: string, kind: MessageKind, language: Locale = SOURCE_LOCALE): Promise<MessageTemplate> {
  const repository = templatesOf(ports);
  if (competitionId.startsWith('programme:') || !repository) return defaultTemplate(kind, language);
  const own = await repository.get(competitionId, kind, language);
  return own ? { subject: own.subject, body: own.body } : defaultTemplate(kind, language);
}

/** Where sendMessage finds templates: a cache made once per job run reads each (competition, kind, language) once, however many mails. */
export type TemplateSource = (competitionId: string, kind: MessageKind, language?: Locale) => Promise<MessageTemplate>;

export function templateCache(ports: TemplatePorts): TemplateSource {
  const seen = new Map<string, Promise<MessageTemplate>>();
  return (competitionId, kind, language = SOURCE_LOCALE) => {
    const key = `${competitionId}\u0000${kind}\u0000${language}`;
    let t = seen.get(key);
    if (!t) {
      t = templateFor(ports, competitionId, kind, language);
      t.catch(() => seen.delete(key));
      seen.set(key, t);
    }
    return t;
  };
}

/** Thrown when a message would go out with an unfilled merge field (a caller's mistake: never sent). */
export class MessageIncomplete extends Error {
  constructor(readonly kind: MessageKind, readonly missing: string[]) {
    super(`The ${kind} message lacks ${missing.join(', ')}; it was not sent.`);
    this.name = 'MessageIncomplete';
  }
}

/**
 * A message of `kind` rendered with `template`: what the e-mail and the in-app inbox both say (one
 * source: an organiser's edited template changes both). Every field the kind offers must come with
 * the message, whether or not the default text uses it: an organiser's template may use any of
 * them (a caller's omission fails in its tests, not in production on the first edited template).
 */
export function renderMessage(kind: MessageKind, template: MessageTemplate, fields: MessageFields, locale: Locale = SOURCE_LOCALE) {
  const absent = MESSAGE_FIELDS[kind].filter((f) => fields[f] === undefined);
  if (absent.length > 0) throw new MessageIncomplete(kind, absent);
  const rendered = render(template, fieldsIn(fields, locale));
  if (rendered.missing.length > 0) throw new MessageIncomplete(kind, rendered.missing);
  return rendered;
}

/** The inbox entry's subject and body for a message: the competition's template of its kind, as the e-mail, in the recipient's language. */
export async function inboxText(ports: TemplatePorts, m: Omit<OutgoingMessage, 'to'>, templates?: TemplateSource): Promise<{ subject: string; body: string }> {
  const language = await languageFor(ports, m);
  const template = await (templates ? templates(m.competitionId, m.kind, language) : templateFor(ports, m.competitionId, m.kind, language));
  const { subject, text } = renderMessage(m.kind, template, m.fields, language);
  return { subject, body: text };
}

/**
 * Sends one message: resolves with whether it went out (`sent: false` when the mailer held it back
 * because the address is suppressed — bounced or complained: never an error, so jobs go on); throws
 * when sending failed or a field is missing.
 */
export async function sendMessage(ports: Pick<Ports, 'mailer'> & TemplatePorts, m: OutgoingMessage, templates?: TemplateSource): Promise<SendOutcome> {
  const language = await languageFor(ports, m);
  const template = await (templates ? templates(m.competitionId, m.kind, language) : templateFor(ports, m.competitionId, m.kind, language));
  const { subject, text, html } = renderMessage(m.kind, template, m.fields, language);
  const held = await ports.mailer.send({ competitionId: m.competitionId, to: m.to, subject, text, html: htmlDocument(subject, html, language) });
  return held ? { sent: false, mailState: 'suppressed', mailError: suppressionSentence(held.heldBack, held.until) } : { sent: true };
}

/**
 * Whether a message went out; if not, whether it failed (SES refused it, a field was missing) or
 * was held back (the address is suppressed), and why in a sentence (for invitations, whose link
 * works all the same: lists show "Not sent — address bounced" instead of "Sent").
 */
export type SendOutcome = { sent: true } | ({ sent: false } & MailNotSent);

/** sendMessage, reporting a refusal (SES, a suppressed address, a missing field) instead of throwing. */
export async function trySendMessage(ports: Pick<Ports, 'mailer'> & TemplatePorts, m: OutgoingMessage, templates?: TemplateSource): Promise<SendOutcome> {
  try {
    return await sendMessage(ports, m, templates);
  } catch (e) {
    return { sent: false, mailState: 'failed', mailError: (e instanceof Error ? e.message : String(e)).slice(0, 300) };
  }
}

/** What an invitation stores about its e-mail: nothing when sent, else the state and reason. */
export const mailNotSentOf = (o: SendOutcome): MailNotSent | undefined => (o.sent ? undefined : { mailState: o.mailState, mailError: o.mailError });

// ---- organisers' templates ---------------------------------------------------------------------

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'messageTemplates' | 'audit' | 'clock' | 'submissions' | 'evaluation'> & { webOrigin?: string };

export interface TemplateView {
  kind: MessageKind;
  /** The language this template is in (each language has its own, or its default). */
  language: Locale;
  label: string;
  subject: string;
  body: string;
  /** The merge fields the kind offers. */
  fields: readonly string[];
  /** Whether the competition has its own (else these are the defaults). */
  custom: boolean;
  /** The version to send back when saving or resetting (0: the default). */
  version: number;
  updatedAt?: string;
  updatedBy?: string;
  default: MessageTemplate;
}

function viewOf(kind: MessageKind, own: StoredTemplate | undefined, language: Locale): TemplateView {
  const d = defaultTemplate(kind, language);
  return {
    kind,
    language,
    label: kindLabel(kind, language),
    subject: own?.subject ?? d.subject,
    body: own?.body ?? d.body,
    fields: MESSAGE_FIELDS[kind],
    custom: own !== undefined,
    version: own?.version ?? 0,
    ...(own ? { updatedAt: own.updatedAt, updatedBy: own.updatedBy } : {}),
    default: d,
  };
}

/** Every kind the competition sends, with its template in `language` (own or default) and fields. */
export async function listTemplates(ports: Deps, caller: Identity | undefined, competitionId: string, language: Locale = SOURCE_LOCALE): Promise<TemplateView[]> {
  await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const own = new Map((await ports.messageTemplates.list(competitionId)).filter((t) => (t.language ?? SOURCE_LOCALE) === language).map((t) => [t.kind, t]));
  return COMPETITION_MESSAGE_KINDS.map((k) => viewOf(k, own.get(k), language));
}

function assertEditable(competition: Parameters<typeof isAllowed>[0], now: Date) {
  if (!isAllowed(competition, now, 'edit-messages')) throw new InvalidState('This competition is archived; its messages can no longer change.');
}

export async function saveTemplate(ports: Deps, caller: Identity | undefined, competitionId: string, kind: MessageKind, input: MessageTemplate & { version: number; language?: Locale }): Promise<TemplateView> {
  const language = input.language ?? SOURCE_LOCALE;
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  const now = ports.clock.now();
  assertEditable(competition, now);
  const t = { subject: input.subject, body: input.body };
  const problems = checkTemplate(kind, t);
  if (Object.keys(problems).length > 0) throw new ValidationFailed(Object.values(problems)[0]!, problems);
  const before = await ports.messageTemplates.get(competitionId, kind, language);
  const stored: StoredTemplate = { competitionId, kind, language, ...t, version: input.version + 1, updatedAt: now.toISOString(), updatedBy: membership.userEmail };
  await ports.messageTemplates.put(stored, input.version);
  await ports.audit.append({
    competitionId,
    at: now.toISOString(),
    actor: { sub: membership.userSub, email: membership.userEmail },
    action: 'message-template.saved',
    target: language === SOURCE_LOCALE ? `message:${kind}` : `message:${kind}:${language}`,
    before: before ? { subject: before.subject, body: before.body } : defaultTemplate(kind, language),
    after: t,
  });
  return viewOf(kind, stored, language);
}

/** Back to the default: the competition's own template is removed (if still at `version`). */
export async function resetTemplate(ports: Deps, caller: Identity | undefined, competitionId: string, kind: MessageKind, version: number, language: Locale = SOURCE_LOCALE): Promise<TemplateView> {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  const now = ports.clock.now();
  assertEditable(competition, now);
  const before = await ports.messageTemplates.get(competitionId, kind, language);
  if (!before) return viewOf(kind, undefined, language); // the default already: nothing to reset
  await ports.messageTemplates.remove(competitionId, kind, version, language);
  await ports.audit.append({
    competitionId,
    at: now.toISOString(),
    actor: { sub: membership.userSub, email: membership.userEmail },
    action: 'message-template.reset',
    target: language === SOURCE_LOCALE ? `message:${kind}` : `message:${kind}:${language}`,
    before: { subject: before.subject, body: before.body },
    after: defaultTemplate(kind, language),
  });
  return viewOf(kind, undefined, language);
}

export interface PreviewField {
  name: string;
  value: string;
  /** `competition`: taken from this competition's data; `sample`: it has none yet, so an example. */
  source: 'competition' | 'sample';
}

/**
 * The message as it would go out, rendered with this competition's data: its title and deadline,
 * its first entrant and round, the caller as inviter; example values (labelled) where it has no
 * such data yet. `draft` previews unsaved text (checked as a save would check it); without it the
 * saved template (or the default). Reads: the competition, its templates, one page of one entry, its rounds.
 */
export async function previewTemplate(ports: Deps, caller: Identity | undefined, competitionId: string, kind: MessageKind, draft?: Partial<MessageTemplate>, language: Locale = SOURCE_LOCALE) {
  const { competition, membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const saved = await templateFor(ports, competitionId, kind, language);
  const template = { subject: draft?.subject ?? saved.subject, body: draft?.body ?? saved.body };
  const problems = checkTemplate(kind, template);
  const needs = new Set(MESSAGE_FIELDS[kind]);
  const [entries, rounds] = await Promise.all([
    needs.has('organisation') || needs.has('title') ? ports.submissions.listForCompetition(competitionId, {}, 1) : undefined,
    needs.has('round') ? ports.evaluation.listRounds(competitionId) : undefined,
  ]);
  const entry = entries?.items[0];
  const round = rounds?.find((r) => r.kind !== 'peer') ?? rounds?.[0];
  const now = ports.clock.now();
  const tz = competition.schedule.timeZone;
  const close = competition.schedule.submissionsClose;
  const origin = ports.webOrigin ?? '';
  const real: Record<string, string | undefined> = {
    competition: competition.title,
    organisation: entry?.organisationName,
    title: entry?.title || undefined,
    round: round?.name,
    inviter: caller?.name || membership.userEmail,
    deadline: instantInZone(close, tz, language),
    days: close > now.toISOString() ? String(Math.max(1, Math.ceil((Date.parse(close) - now.getTime()) / 86_400_000))) : undefined,
    expires: instantInZone(new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(), tz, language),
    // An invitation's link is personal (made when someone is invited): an example here.
    link: kind.endsWith('-invitation') ? undefined : `${origin}/competitions/${competitionId}${kind === 'feedback-released' ? '/feedback' : kind === 'results-published' || kind === 'results-amended' ? '/results' : ''}`,
  };
  const samples: Record<string, string> = { ...FIELD_SAMPLES, link: `${origin || 'https://podium.example'}/invitations/${competitionId}/example-link` };
  const fields: PreviewField[] = MESSAGE_FIELDS[kind].map((name) =>
    real[name] !== undefined ? { name, value: real[name]!, source: 'competition' as const } : { name, value: samples[name] ?? name, source: 'sample' as const },
  );
  const rendered = render(template, Object.fromEntries(fields.map((f) => [f.name, f.value])));
  return { kind, language, subject: rendered.subject, text: rendered.text, html: rendered.html, fields, problems };
}

