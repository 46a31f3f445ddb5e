/**
 * Reminders the platform sends on its own (issue 13 §4): drafts not submitted 7 days and 1 day
 * before submissions close; pending reviews 3 days before a round closes; accepted reviewer
 * invitations never used. Pure rules: when each is due (its "occasion"), who gets one, and the
 * fixed instant and id each reminder is filed under, so that whatever number of scheduler runs,
 * restarts or overlaps, a recipient gets each reminder once (use-cases/reminders.ts claims it).
 */
import { DRAFT_REMINDER_DAYS, INVITATION_UNUSED_DAYS, REVIEW_REMINDER_DAYS } from '../shared/reminder-days.ts';
import type { Round } from './evaluation.ts';
import type { Invitation } from './invitation.ts';

export const REMINDER_KINDS = ['reminder-draft', 'reminder-review', 'reminder-invitation'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

export { DRAFT_REMINDER_DAYS, INVITATION_UNUSED_DAYS, REVIEW_REMINDER_DAYS };

/** What each reminder is, in English, for the API (the reminders page words them by kind: `reminders.rule.*`). */
export const REMINDER_RULES: Record<ReminderKind, { label: string; what: string; when: string; to: string }> = {
  'reminder-draft': {
    label: 'Unsubmitted drafts',
    what: 'Tells the entrant that their submission is still a draft and when submissions close.',
    when: `${DRAFT_REMINDER_DAYS[0]} days and ${DRAFT_REMINDER_DAYS[1]} day before submissions close`,
    to: "Each draft's team: its owner and the members who joined with their own accounts",
  },
  'reminder-review': {
    label: 'Pending reviews',
    what: 'Tells each reviewer how many of their reviews are not submitted yet.',
    when: `${REVIEW_REMINDER_DAYS} days before each round closes`,
    to: 'Each reviewer with pending reviews in the round',
  },
  'reminder-invitation': {
    label: 'Unused invitations',
    what: 'Reminds a reviewer who accepted an invitation that their reviews are waiting.',
    when: `${INVITATION_UNUSED_DAYS} days after accepting, while the round is open`,
    to: 'Each reviewer who accepted but has opened none of their reviews',
  },
};

export function isReminderKind(k: string): k is ReminderKind {
  return (REMINDER_KINDS as readonly string[]).includes(k);
}

/** A moment the draft reminder is due: `d7` or `d1`, from that instant until the next one (or the close). */
export interface DraftOccasion {
  occasion: `d${number}`;
  /** When it became due (close − days): the instant the reminder is filed under. */
  at: string;
  days: number;
}

/**
 * The draft reminder due at `now` for submissions closing at `close`: `d7` from 7 days before
 * until 1 day before, then `d1` until the close; none outside. A call published with 3 days left
 * gets only `d1` (a "7 days left" message would be wrong, and two in a row is noise).
 */
export function draftOccasion(close: string, now: Date): DraftOccasion | undefined {
  const closeMs = Date.parse(close);
  const t = now.getTime();
  if (!(t < closeMs)) return undefined;
  let due: DraftOccasion | undefined;
  for (const days of DRAFT_REMINDER_DAYS) {
    const from = closeMs - days * DAY_MS;
    if (t >= from) due = { occasion: `d${days}`, at: new Date(from).toISOString(), days };
  }
  return due;
}

/** Whether a round's pending-review reminder is due: it is open and closes within REVIEW_REMINDER_DAYS. */
export function reviewReminderDue(round: Pick<Round, 'opensAt' | 'closesAt'>, now: Date): { at: string } | undefined {
  const t = now.getTime();
  const closes = Date.parse(round.closesAt);
  const from = Math.max(closes - REVIEW_REMINDER_DAYS * DAY_MS, Date.parse(round.opensAt));
  return t >= from && t < closes ? { at: new Date(from).toISOString() } : undefined;
}

/** Whether a round is open (so an unused-invitation check makes sense). */
export function roundOpen(round: Pick<Round, 'opensAt' | 'closesAt'>, now: Date): boolean {
  const t = now.toISOString();
  return round.opensAt <= t && t < round.closesAt;
}

/** The day (UTC) a check runs on: the scheduler starts an unused-invitation check once a day per open round. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * When an accepted invitation counts as unused, if it is by `now`: accepted at least
 * INVITATION_UNUSED_DAYS ago. The instant it became due is the reminder's (fixed) time.
 */
export function invitationUnusedSince(inv: Pick<Invitation, 'acceptedAt' | 'acceptedBy'>, now: Date): string | undefined {
  if (!inv.acceptedAt || !inv.acceptedBy) return undefined;
  const due = Date.parse(inv.acceptedAt) + INVITATION_UNUSED_DAYS * DAY_MS;
  return due <= now.getTime() ? new Date(due).toISOString() : undefined;
}

/**
 * "Used": the reviewer opened at least one review — saved a draft of it or submitted it (a review
 * leaves `assigned` when first saved). A reviewer with nothing assigned has nothing to open and
 * is not reminded.
 */
export function invitationUnused(reviewStatuses: readonly string[]): boolean {
  return reviewStatuses.length > 0 && reviewStatuses.every((s) => s === 'assigned');
}

/**
 * The id of a reminder in its recipient's inbox (and of its e-mail's claim): one per
 * (competition, kind, occasion) for each recipient, whose inbox partition is theirs.
 */
export function reminderId(competitionId: string, kind: ReminderKind, occasion: string): string {
  return `${kind}-${competitionId}-${occasion}`;
}

/** A reminder's settings and figures per competition: kinds switched off, and how many went out. */
export interface ReminderSettings {
  competitionId: string;
  disabled: ReminderKind[];
  sent: Record<ReminderKind, number>;
}

export function defaultReminderSettings(competitionId: string): ReminderSettings {
  return { competitionId, disabled: [], sent: { 'reminder-draft': 0, 'reminder-review': 0, 'reminder-invitation': 0 } };
}
