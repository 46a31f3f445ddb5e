/**
 * Reminders the platform schedules (issue 13 §4; rules in domain/reminders.ts).
 *
 * - **The scheduler** (`startDueReminders`, run every 15 minutes by the scheduler Lambda with the
 *   announcements, and on the local runtime's timer) reads the published competitions from their
 *   index (gsi2 PUBLISHED, the announcer's listing — no scans), and the rounds of those still under
 *   way (not archived, results not out: one query each, a few at a time) and, where a non-peer round
 *   is open, their invitations (one query), decides which reminder occasions are due (nothing is
 *   claimed or started for a check with nobody due), skips the kinds organisers switched off (one BatchGetItem), claims each due occasion once
 *   (one conditional put) and hands its sending to a job. It sends nothing itself.
 * - **The job** (kind `reminders`, `remindersJob`) finds the recipients of one occasion — the
 *   competition's drafts and their teams (owner and members with accounts), a round's reviewer
 *   loads, its accepted invitations — and, in chunks with
 *   a checkpoint each, files an inbox entry and sends the e-mail through sendMessage (the
 *   organisers' templates apply). Each recipient's reminder has a fixed id and time, and its e-mail
 *   is claimed before it is sent (notifications' claim: one conditional put), so a recipient gets a
 *   reminder once whatever the number of scheduler runs, job retries, restarts or overlaps.
 * - **Settings** (`reminderSettings`, `setReminderEnabled`): organisers see each kind — what it
 *   sends, when, to whom, how many went out — and switch it off or on (audited).
 */
import { InvalidState, NotFound, ValidationFailed } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import type { Round } from '../domain/evaluation.ts';
import { createHash } from 'node:crypto';
import type { Invitation } from '../domain/invitation.ts';
import type { Job } from '../domain/job.ts';
import { trustedEmail, type Membership } from '../domain/membership.ts';
import { render } from '../domain/messages.ts';
import type { Notification } from '../domain/notification.ts';
import { effectiveClose, type Competition } from '../domain/competition.ts';
import {
  draftOccasion,
  invitationUnused,
  invitationUnusedSince,
  isReminderKind,
  REMINDER_KINDS,
  REMINDER_RULES,
  reminderId,
  reviewReminderDue,
  roundOpen,
  type ReminderKind,
} from '../domain/reminders.ts';
import { allMembers, allPages } from './all-pages.ts';
import { membersByTeam } from '../domain/team.ts';
import { loadOrganisedCompetition } from './access.ts';
import type { JobContext, JobHandler } from './jobs.ts';
import { startJobFor } from './jobs.ts';
import { fieldsIn, sendMessage, templateCache, zoned, type MessageFields } from './messages.ts';
import { languagesOf } from './accounts.ts';
import { SOURCE_LOCALE } from '../shared/i18n/locales.ts';
import { mailerFor } from './mail-events.ts';
import type { Ports } from './ports.ts';

export const REMINDERS_JOB = 'reminders';

/** What a reminders job sends: one occasion of one kind (a round's, for the review kinds). */
export interface RemindersParams {
  kind: ReminderKind;
  occasion: string;
  roundId?: string;
}

/** Who starts the reminders: no person, so the job records this actor. */
const SCHEDULER: Identity = { sub: 'system', email: 'scheduler', name: 'Scheduled reminders', groups: [] };

/** Rounds read at once by the scheduler (one query per live competition). */
const ROUND_READS_PARALLEL = 8;
/** A competition this long past its announced results date gets no reminders (nor a rounds query each run). */
const AFTER_RESULTS_DATE_MS = 30 * 24 * 60 * 60 * 1000;

interface Due {
  competitionId: string;
  params: RemindersParams;
}

type RoundTimes = Pick<Round, 'id' | 'kind' | 'opensAt' | 'closesAt'>;

type InvitationTimes = Pick<Invitation, 'roundId' | 'acceptedBy' | 'acceptedAt'>;

/**
 * The reminder occasions due at `now` for one competition, given its rounds and its invitations
 * (pure). Unused invitations are looked for while a non-peer round is open (peer rounds invite no
 * one), and only when some accepted invitation is old enough to be unused: the occasion names the
 * reviewers it is due for, so a run that finds the same ones as before claims nothing new and
 * starts no job, and a day with nobody due writes nothing at all. (Whether they opened a review yet
 * is the job's to read; each reviewer's reminder is claimed once per round.)
 */
export function dueOccasions(c: Competition, rounds: readonly RoundTimes[], now: Date, invitations: readonly InvitationTimes[] = []): Due[] {
  const due: Due[] = [];
  const draft = draftOccasion(effectiveClose(c), now);
  if (draft) due.push({ competitionId: c.id, params: { kind: 'reminder-draft', occasion: draft.occasion } });
  for (const r of rounds) {
    if (reviewReminderDue(r, now)) due.push({ competitionId: c.id, params: { kind: 'reminder-review', occasion: r.id, roundId: r.id } });
    if (r.kind === 'peer' || !roundOpen(r, now)) continue;
    const reviewers = [...new Set(invitations.filter((i) => i.roundId === r.id && invitationUnusedSince(i, now)).map((i) => i.acceptedBy!))].sort();
    if (reviewers.length > 0) due.push({ competitionId: c.id, params: { kind: 'reminder-invitation', occasion: invitationOccasion(r.id, reviewers), roundId: r.id } });
  }
  return due;
}

/** "<round>@<n>:<digest of the reviewers>": the same reviewers due, the same occasion (claimed once). */
export function invitationOccasion(roundId: string, reviewerSubs: readonly string[]): string {
  return `${roundId}@${reviewerSubs.length}:${createHash('sha256').update(reviewerSubs.join('\n')).digest('base64url').slice(0, 16)}`;
}

type SchedulerPorts = Pick<Ports, 'competitions' | 'evaluation' | 'reminders' | 'jobs' | 'jobQueue' | 'clock' | 'ids'>;

/**
 * Starts the jobs of every reminder occasion that is due and not handed out yet. Returns what it
 * started. A failure to start one gives its claim back (the next run tries again) and does not
 * stop the others.
 */
export async function startDueReminders(ports: SchedulerPorts): Promise<{ started: Due[]; failed: number }> {
  const now = ports.clock.now();
  const nowIso = now.toISOString();
  const published = await allPages((cursor) => ports.competitions.listPublished(now, 100, cursor));
  // Competitions whose results are out, that are archived, or long past their results date get no more reminders.
  const live = published.filter(
    (c) => !c.archivedAt && !(c.resultsPublishedAt && c.resultsPublishedAt <= nowIso) && Date.parse(c.schedule.resultsDate) + AFTER_RESULTS_DATE_MS > now.getTime(),
  );
  // Their rounds (a round may open before submissions close): one query each, a few at a time —
  // bounded by the calls under way, never by their entrants or reviewers.
  const rounds = new Map<string, RoundTimes[]>();
  const invitations = new Map<string, InvitationTimes[]>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(ROUND_READS_PARALLEL, live.length) }, async () => {
      while (next < live.length) {
        const c = live[next++]!;
        const rs = await ports.evaluation.listRounds(c.id);
        rounds.set(c.id, rs);
        // The invitations (one query) only where an unused-invitation check can be due: a non-peer round open.
        if (rs.some((r) => r.kind !== 'peer' && roundOpen(r, now))) invitations.set(c.id, await ports.evaluation.listInvitations(c.id));
      }
    }),
  );
  const candidates = live.flatMap((c) => dueOccasions(c, rounds.get(c.id) ?? [], now, invitations.get(c.id) ?? []));
  if (candidates.length === 0) return { started: [], failed: 0 };
  const settings = await ports.reminders.getSettingsMany([...new Set(candidates.map((d) => d.competitionId))]);
  const due = candidates.filter((d) => !settings.get(d.competitionId)?.disabled.includes(d.params.kind));
  const started: Due[] = [];
  let failed = 0;
  await Promise.all(
    due.map(async (d) => {
      const { kind, occasion } = d.params;
      if (!(await ports.reminders.claimOccasion(d.competitionId, kind, occasion, nowIso))) return;
      try {
        await startJobFor(ports, SCHEDULER, d.competitionId, REMINDERS_JOB, { ...d.params });
        started.push(d);
      } catch {
        failed++;
        await ports.reminders.releaseOccasion(d.competitionId, kind, occasion).catch(() => undefined);
      }
    }),
  );
  return { started, failed };
}

// ---- the job ------------------------------------------------------------------------------------

interface Recipient {
  userSub: string;
  email?: string;
  /** The reminder's fixed time (when it became due): its inbox entry's and its claim's. */
  at: string;
  fields: MessageFields;
  link: string;
}

interface RemindCheckpoint {
  next: number;
}

/** Recipients per chunk: one batched inbox write and a checkpoint each. */
const CHUNK = 250;
const MAIL_PARALLEL = 8;
const RESERVE_MS = 30_000;

const emailsOf = async (ports: Pick<Ports, 'memberships'>, competitionId: string, subs: string[]): Promise<Map<string, Membership>> =>
  new Map((await ports.memberships.getMany(competitionId, subs)).map((m) => [m.userSub, m]));

async function draftRecipients(ports: Ports, c: Competition, occasion: string, now: Date, origin: string): Promise<Recipient[]> {
  const close = effectiveClose(c);
  const due = draftOccasion(close, now);
  // Only while the occasion lasts: a job run late (after the next occasion, or after the close) sends nothing stale.
  if (!due || due.occasion !== occasion) return [];
  const drafts = await ports.submissions.listAllInStatus(c.id, 'draft');
  if (drafts.length === 0) return [];
  // Each draft's team: everyone whose seat is that entrant's (domain/team.ts) — the owner, and the
  // members who joined with their own accounts. One paged query of the competition's members.
  const teams = membersByTeam(await allMembers(ports, c.id));
  const link = `/competitions/${c.id}/submission`;
  return drafts.flatMap((d) => (teams.get(d.ownerSub) ?? []).map((m) => ({
    userSub: m.userSub,
    email: trustedEmail(m),
    at: due.at,
    link,
    fields: {
      competition: c.title,
      organisation: d.organisationName,
      title: d.title || 'Untitled submission',
      deadline: zoned(close, c.schedule.timeZone),
      days: String(due.days),
      link: `${origin}${link}`,
    },
  })));
}

async function reviewRecipients(ports: Ports, c: Competition, roundId: string, now: Date, origin: string): Promise<Recipient[]> {
  const round = await ports.evaluation.getRound(c.id, roundId);
  const due = round && reviewReminderDue(round, now);
  if (!round || !due) return [];
  const loads = await ports.evaluation.reviewLoads(c.id, roundId);
  const pending = [...loads].filter(([, l]) => l.assigned - l.submitted > 0);
  const members = await emailsOf(ports, c.id, pending.map(([sub]) => sub));
  const days = Math.max(1, Math.ceil((Date.parse(round.closesAt) - now.getTime()) / 86_400_000));
  const link = '/me/reviews';
  return pending.map(([sub, l]) => ({
    userSub: sub,
    email: trustedEmail(members.get(sub)),
    at: due.at,
    link,
    fields: {
      competition: c.title,
      round: round.name,
      pending: String(l.assigned - l.submitted),
      deadline: zoned(round.closesAt, c.schedule.timeZone),
      days: String(days),
      link: `${origin}${link}`,
    },
  }));
}

async function invitationRecipients(ports: Ports, c: Competition, roundId: string, now: Date, origin: string): Promise<Recipient[]> {
  const round = await ports.evaluation.getRound(c.id, roundId);
  if (!round || !roundOpen(round, now)) return [];
  const accepted = (await ports.evaluation.listInvitations(c.id)).filter((i) => i.roundId === roundId && invitationUnusedSince(i, now));
  if (accepted.length === 0) return [];
  // "Used" from stored state read in one query: the round's reviews, who and status only.
  const statuses = new Map<string, string[]>();
  for (const r of await ports.evaluation.listRoundScores(c.id, roundId)) statuses.set(r.reviewerSub, [...(statuses.get(r.reviewerSub) ?? []), r.status]);
  const unused = accepted.filter((i) => invitationUnused(statuses.get(i.acceptedBy!) ?? []));
  const members = await emailsOf(ports, c.id, [...new Set(unused.map((i) => i.acceptedBy!))]);
  const link = '/me/reviews';
  const seen = new Set<string>();
  return unused.flatMap((i) => {
    if (seen.has(i.acceptedBy!)) return [];
    seen.add(i.acceptedBy!);
    return [{ userSub: i.acceptedBy!, email: trustedEmail(members.get(i.acceptedBy!)), at: invitationUnusedSince(i, now)!, link, fields: { competition: c.title, round: round.name, link: `${origin}${link}` } }];
  });
}

export const remindersJob: JobHandler<RemindCheckpoint> = async (ports: Ports, job: Job, ctx: JobContext<RemindCheckpoint>) => {
  const kind = String(job.params.kind);
  const occasion = String(job.params.occasion);
  if (!isReminderKind(kind)) throw new InvalidState(`Unknown reminder "${kind}".`);
  const competition = await ports.competitions.get(job.competitionId);
  if (!competition) throw new NotFound('No such competition.');
  const settings = await ports.reminders.getSettings(competition.id);
  if (settings.disabled.includes(kind)) return { rows: 0, counts: { sent: 0 } };
  const now = ports.clock.now();
  const origin = (ports as Ports & { webOrigin?: string }).webOrigin ?? '';
  const roundId = job.params.roundId === undefined ? '' : String(job.params.roundId);
  const recipients =
    kind === 'reminder-draft'
      ? await draftRecipients(ports, competition, occasion, now, origin)
      : kind === 'reminder-review'
        ? await reviewRecipients(ports, competition, roundId, now, origin)
        : await invitationRecipients(ports, competition, roundId, now, origin);
  // The claim's occasion: per round for invitations (once per reviewer per round, whichever day finds them).
  const claimOccasion = kind === 'reminder-invitation' ? roundId : occasion;
  recipients.sort((a, b) => (a.userSub < b.userSub ? -1 : a.userSub > b.userSub ? 1 : 0));

  const templates = templateCache(ports);
  const step = `Sending reminders (${REMINDER_RULES[kind].label.toLowerCase()})`;
  const from = ctx.resumeFrom?.next ?? 0;
  let sent = 0;
  await ctx.progress(from, recipients.length, step);
  for (let i = from; i < recipients.length; i += CHUNK) {
    if (i > from && ctx.timeLeftMs() < RESERVE_MS) return ctx.continueLater();
    const chunk = recipients.slice(i, i + CHUNK);
    // Issue 14: each in its recipient's language (the chunk's accounts in one BatchGetItem).
    const languages = await languagesOf(ports, chunk.map((r) => r.userSub));
    const languageOfR = (r: Recipient) => languages.get(r.userSub) ?? SOURCE_LOCALE;
    const inLanguage = new Map(await Promise.all([...new Set(chunk.map(languageOfR))].map(async (l) => [l, await templates(competition.id, kind, l)] as const)));
    const notes: { r: Recipient; n: Notification }[] = chunk.map((r) => {
      const l = languageOfR(r);
      const { subject, text } = render(inLanguage.get(l)!, fieldsIn(r.fields, l));
      return { r, n: { userSub: r.userSub, id: reminderId(competition.id, kind, claimOccasion), at: r.at, competitionId: competition.id, subject, body: text, link: r.link } };
    });
    await ports.notifications.addMany(notes.map((x) => x.n));
    const toMail = notes.filter((x) => x.r.email);
    // Issue 13: the chunk's suppression read at once (BatchGetItem), not one GetItem per mail.
    const mailing = { ...ports, mailer: await mailerFor(ports.mailer, toMail.map((x) => x.r.email!)) };
    let sentHere = 0;
    let k = 0;
    await Promise.all(
      Array.from({ length: Math.min(MAIL_PARALLEL, toMail.length) }, async () => {
        while (k < toMail.length) {
          const { r, n } = toMail[k++]!;
          if (!(await ports.notifications.claimEmail(n))) continue;
          try {
            // Counted when it went out: mail held back for a suppressed address is not "sent".
            if ((await sendMessage(mailing, { kind, competitionId: competition.id, to: r.email!, fields: r.fields, language: languageOfR(r) }, templates)).sent) sentHere++;
          } catch (e) {
            await ports.notifications.releaseEmail(n).catch(() => undefined);
            throw e;
          }
        }
      }),
    ).finally(() => ports.reminders.countSent(competition.id, kind, sentHere));
    sent += sentHere;
    await ctx.progress(i + chunk.length, recipients.length, step);
    await ctx.checkpoint({ next: i + chunk.length });
  }
  return { rows: recipients.length, counts: { sent } };
};

// ---- settings -------------------------------------------------------------------------------------

export interface ReminderView {
  kind: ReminderKind;
  label: string;
  what: string;
  when: string;
  to: string;
  enabled: boolean;
  sent: number;
}

type SettingsDeps = Parameters<typeof loadOrganisedCompetition>[0] & Pick<Ports, 'reminders' | 'audit' | 'clock'>;

export async function reminderSettings(ports: SettingsDeps, caller: Identity | undefined, competitionId: string): Promise<ReminderView[]> {
  await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const s = await ports.reminders.getSettings(competitionId);
  return REMINDER_KINDS.map((kind) => ({ kind, ...REMINDER_RULES[kind], enabled: !s.disabled.includes(kind), sent: s.sent[kind] }));
}

export async function setReminderEnabled(ports: SettingsDeps, caller: Identity | undefined, competitionId: string, kind: string, enabled: boolean): Promise<ReminderView[]> {
  if (!isReminderKind(kind)) throw new ValidationFailed('Unknown reminder.', { kind: `Must be one of ${REMINDER_KINDS.join(', ')}.` });
  const { membership } = await loadOrganisedCompetition(ports, caller, competitionId, 'manage');
  const before = await ports.reminders.getSettings(competitionId);
  const was = !before.disabled.includes(kind);
  if (was !== enabled) {
    await ports.reminders.setEnabled(competitionId, kind, enabled);
    await ports.audit.append({
      competitionId,
      at: ports.clock.now().toISOString(),
      actor: { sub: membership.userSub, email: membership.userEmail },
      action: enabled ? 'reminder.enabled' : 'reminder.disabled',
      target: `reminder:${kind}`,
      before: { reminder: REMINDER_RULES[kind].label, enabled: was },
      after: { reminder: REMINDER_RULES[kind].label, enabled },
    });
  }
  return reminderSettings(ports, caller, competitionId);
}
