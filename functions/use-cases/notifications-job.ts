/**
 * The entrants' notifications as a job (kind 'notifications', params { what: 'results', version }
 * or { what: 'feedback' }): an inbox entry for every member of each team that submitted (owner,
 * editors and viewers: results-notices.ts submitterRecipients), and an e-mail to each verified address.
 * Started once results are published (now, or by the announcer at the scheduled date) and once
 * feedback is released; the request itself only changes the competition's state.
 *
 * Idempotent: each entrant's notification has an id and a time fixed by the event (the snapshot
 * version or the feedback release, and the submission), so writing it again adds nothing; the
 * inbox is written in batches, skipping what is there. Each e-mail is claimed (one conditional
 * write) before it is sent, so a re-run, a retry or a second job never mails anyone twice; a
 * sending that fails gives its claim back and the job is retried. (A crash between a claim and its
 * sending loses at most the e-mails in flight — a few — and never duplicates one.)
 * Resumable: progress is checkpointed after each chunk of entrants.
 * The e-mails go through sendMessage (kinds 'results-published' and 'feedback-released'), so the
 * competition's own template applies; it is read once per run (templateCache), not once per mail.
 */
import { InvalidState, NotFound } from '../domain/errors.ts';
import type { Job } from '../domain/job.ts';
import { trustedEmail } from '../domain/membership.ts';
import type { Notification } from '../domain/notification.ts';
import type { JobContext, JobHandler } from './jobs.ts';
import type { Ports } from './ports.ts';
import { outcomeText, submitterRecipients } from './results-notices.ts';
import { storedResults } from './results-stored.ts';
import { inboxText, sendMessage, templateCache, type MessageFields } from './messages.ts';
import { languagesOf } from './accounts.ts';
import { SOURCE_LOCALE, type Locale } from '../shared/i18n/locales.ts';
import { mailerFor } from './mail-events.ts';
import type { MessageKind } from '../domain/messages.ts';

interface NotifyCheckpoint {
  /** Entrants (in submission order) already done. */
  next: number;
}

/** Entrants per chunk: one batched inbox write and a checkpoint each. */
const CHUNK = 250;
/** E-mails being sent at once. */
const MAIL_PARALLEL = 8;
/** Time kept in hand: a chunk and its checkpoint fit in it. */
const RESERVE_MS = 30_000;

interface Message {
  notification: Notification;
  email?: string;
  /** The e-mail's merge fields (domain/messages.ts). */
  fields: MessageFields;
  /** The recipient's language (their account's; English when none is saved). */
  language?: Locale;
}

export const notificationsJob: JobHandler<NotifyCheckpoint> = async (ports: Ports, job: Job, ctx: JobContext<NotifyCheckpoint>) => {
  const competition = await ports.competitions.get(job.competitionId);
  if (!competition) throw new NotFound('No such competition.');
  const webOrigin = (ports as Ports & { webOrigin?: string }).webOrigin ?? '';
  const what = job.params.what;
  let messages: Message[];
  const message = (userSub: string, email: string | undefined, id: string, at: string, subject: string, body: string, link: string, fields: MessageFields): Message => ({
    notification: { userSub, id, at, competitionId: competition.id, subject, body, link },
    ...(email ? { email } : {}),
    fields: { competition: competition.title, link: `${webOrigin}${link}`, ...fields },
  });
  const kind: MessageKind = what === 'results' ? 'results-published' : 'feedback-released';
  if (what === 'results') {
    const version = Number(job.params.version);
    const header = await ports.results.getHeader(competition.id, version);
    if (!header) throw new InvalidState(`There are no results (version ${version}) to announce.`);
    const entries = await ports.results.listEntries(competition.id, version);
    const link = `/competitions/${competition.id}/results`;
    messages = (await submitterRecipients(ports, competition, entries)).map(({ entry, member }) =>
      {
        const outcome = outcomeText(competition, header, entry);
        const outcomeIn = (l: Locale) => outcomeText(competition, header, entry, l);
        return message(member.userSub, trustedEmail(member), `r${version}-${entry.submissionId}`, header.visibleFrom, `Results of ${competition.title}`, outcome, link, {
          organisation: entry.organisationName,
          title: entry.title,
          outcome: outcomeIn,
        });
      },
    );
  } else if (what === 'feedback') {
    const at = competition.feedbackReleasedAt;
    if (!at) throw new InvalidState('Feedback has not been released.');
    const stored = await storedResults(ports, competition);
    const link = `/competitions/${competition.id}/feedback`;
    messages = (await submitterRecipients(ports, competition, stored?.entries ?? [])).map(({ entry, member }) =>
      message(
        member.userSub,
        trustedEmail(member),
        `s-${entry.submissionId}`, // after `r…` (results): an inbox lists the two in this order when their times tie
        at,
        `Your feedback for ${competition.title}`,
        `The reviewers' feedback on your submission to ${competition.title} is ready.`,
        link,
        { organisation: entry.organisationName, title: entry.title },
      ),
    );
  } else throw new InvalidState(`Unknown notifications "${String(what)}".`);
  // A fixed order (checkpoints count in it): by entry, then by team member.
  const order = (m: Message) => `${m.notification.id}\u0000${m.notification.userSub}`;
  messages.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));

  const step = what === 'results' ? 'Announcing the results' : 'Announcing the feedback';
  const from = ctx.resumeFrom?.next ?? 0;
  // Every entrant with a verified address is mailed once: by this run, or by an earlier one.
  const emails = messages.filter((m) => m.email).length;
  await ctx.progress(from, messages.length, step);
  const templates = templateCache(ports);
  // Issue 13: the inbox says what the e-mail says — the competition's template of the kind (one source);
  // only the entries still to write (a resumed run wrote those before `from`).
  // Issue 14: each in its recipient's language — the accounts read in batches (100 a BatchGetItem).
  const languages = await languagesOf(ports, messages.slice(from).map((m) => m.notification.userSub));
  for (const m of messages.slice(from)) {
    m.language = languages.get(m.notification.userSub) ?? SOURCE_LOCALE;
    Object.assign(m.notification, await inboxText(ports, { kind, competitionId: competition.id, fields: m.fields, language: m.language }, templates));
  }
  for (let i = from; i < messages.length; i += CHUNK) {
    if (i > from && ctx.timeLeftMs() < RESERVE_MS) return ctx.continueLater();
    const chunk = messages.slice(i, i + CHUNK);
    await ports.notifications.addMany(chunk.map((m) => m.notification));
    const toMail = chunk.filter((m) => m.email);
    // Issue 13: the chunk's suppression read at once (BatchGetItem), not one GetItem per mail.
    const mailing = { ...ports, mailer: await mailerFor(ports.mailer, toMail.map((m) => m.email!)) };
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(MAIL_PARALLEL, toMail.length) }, async () => {
        while (next < toMail.length) {
          const m = toMail[next++]!;
          if (!(await ports.notifications.claimEmail(m.notification))) continue;
          const n = m.notification;
          try {
            await sendMessage(mailing, { kind, competitionId: n.competitionId, to: m.email!, fields: m.fields, language: m.language ?? SOURCE_LOCALE }, templates);
          } catch (e) {
            await ports.notifications.releaseEmail(n).catch(() => undefined);
            throw e;
          }
        }
      }),
    );
    await ctx.progress(i + chunk.length, messages.length, step);
    await ctx.checkpoint({ next: i + chunk.length });
  }
  return { rows: messages.length, counts: { emails } };
};
