/**
 * What SES told us about an address (bounces, complaints, deliveries) and whether Podium still
 * sends to it. A permanent bounce or a complaint suppresses the address until an organiser clears
 * it (audited: use-cases/mail-suppression.ts). Transient bounces (mailbox full, …)
 * suppress it after TRANSIENT_LIMIT of them within TRANSIENT_WINDOW_DAYS, for
 * TRANSIENT_SUPPRESSION_HOURS only: then mail is tried again, and each transient bounce of a retry
 * suppresses it again at once; after TRANSIENT_RETRIES failed retries it stays suppressed until
 * cleared, like a permanent bounce. A delivery after the suppression lapsed ends it. A suppressed
 * address is not sent to (the mailer skips it, counts the skip, and tells the caller why), so mail
 * to an address that bounced is not retried endlessly. Pure rules; use-cases/mail-events.ts stores them.
 */

export const TRANSIENT_LIMIT = 3;
export const TRANSIENT_WINDOW_DAYS = 7;
/** How long transient bounces suppress an address before mail is tried again. */
export const TRANSIENT_SUPPRESSION_HOURS = 24;
/** Retries after a lapsed transient suppression that may bounce before the address stays suppressed. */
export const TRANSIENT_RETRIES = 3;
/** Feedback ids remembered, so a notification SNS delivers twice is counted once. */
const SEEN_FEEDBACK = 20;

export type SuppressionReason = 'permanent-bounce' | 'complaint' | 'transient-bounces';

export interface MailStatus {
  /** Normalised (normaliseAddress). */
  address: string;
  bounces: number;
  complaints: number;
  deliveries: number;
  lastBounce?: { type: string; subType: string; at: string; diagnostic?: string };
  lastComplaint?: { at: string; feedbackType?: string };
  lastDeliveryAt?: string;
  /** Transient bounces within the window, oldest first. */
  transientAts: string[];
  /** `until`: a transient suppression lapses then (absent: until an organiser clears it). */
  suppressed?: { reason: SuppressionReason; at: string; until?: string };
  /** Retries after a lapsed transient suppression that bounced again (reset by a delivery or a clearing). */
  transientRetries?: number;
  /** The last time an organiser cleared the suppression. */
  clearedAt?: string;
  /** Messages not sent because the address is suppressed. */
  suppressedSends: number;
  lastSuppressedAt?: string;
  seenFeedback: string[];
  updatedAt: string;
  version: number;
}

/** What a list shows next to an address. */
export type MailStatusBadge = 'suppressed' | 'complained' | 'bounced';

export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

export function emptyMailStatus(address: string): MailStatus {
  return { address: normaliseAddress(address), bounces: 0, complaints: 0, deliveries: 0, transientAts: [], suppressedSends: 0, seenFeedback: [], updatedAt: '', version: 0 };
}

export type MailEvent =
  | { kind: 'bounce'; address: string; at: string; feedbackId?: string; type: string; subType: string; diagnostic?: string }
  | { kind: 'complaint'; address: string; at: string; feedbackId?: string; feedbackType?: string }
  | { kind: 'delivery'; address: string; at: string; feedbackId?: string };

/** Whether mail to the address is held back at `now` (a transient suppression lapses at `until`). */
export function isSuppressed(s: MailStatus | undefined, now: Date): boolean {
  return !!s?.suppressed && (s.suppressed.until === undefined || Date.parse(s.suppressed.until) > now.getTime());
}

const HOUR = 60 * 60 * 1000;

/** The status after `e`; unchanged (the same object) when `e` was counted already. */
export function applyMailEvent(s: MailStatus, e: MailEvent, now: Date): MailStatus {
  if (e.feedbackId && s.seenFeedback.includes(e.feedbackId)) return s;
  const seenFeedback = e.feedbackId ? [...s.seenFeedback, e.feedbackId].slice(-SEEN_FEEDBACK) : s.seenFeedback;
  const next: MailStatus = { ...s, seenFeedback, updatedAt: now.toISOString(), version: s.version + 1 };
  // Permanent reasons replace a transient suppression (no lapse), never the other way round.
  const suppressForGood = (reason: SuppressionReason) => {
    if (!next.suppressed || next.suppressed.until !== undefined) next.suppressed = { reason, at: e.at };
  };
  if (e.kind === 'delivery') {
    next.deliveries = s.deliveries + 1;
    if (!s.lastDeliveryAt || e.at > s.lastDeliveryAt) next.lastDeliveryAt = e.at;
    // A retry got through: the transient trouble is over.
    if (s.suppressed?.until !== undefined && e.at >= s.suppressed.until) {
      delete next.suppressed;
      next.transientAts = [];
      delete next.transientRetries;
    }
    return next;
  }
  if (e.kind === 'complaint') {
    next.complaints = s.complaints + 1;
    next.lastComplaint = { at: e.at, ...(e.feedbackType ? { feedbackType: e.feedbackType } : {}) };
    suppressForGood('complaint');
    return next;
  }
  next.bounces = s.bounces + 1;
  next.lastBounce = { type: e.type, subType: e.subType, at: e.at, ...(e.diagnostic ? { diagnostic: e.diagnostic.slice(0, 300) } : {}) };
  if (e.type === 'Permanent') {
    suppressForGood('permanent-bounce');
    return next;
  }
  if (s.suppressed && s.suppressed.until === undefined) return next; // held until cleared already
  const lapsed = s.suppressed?.until !== undefined && e.at >= s.suppressed.until;
  const until = new Date(Date.parse(e.at) + TRANSIENT_SUPPRESSION_HOURS * HOUR).toISOString();
  if (lapsed || (s.suppressed === undefined && (s.transientRetries ?? 0) > 0)) {
    // A retry after the suppression lapsed bounced: suppressed again at once, for good after TRANSIENT_RETRIES.
    const retries = (s.transientRetries ?? 0) + 1;
    next.transientRetries = retries;
    next.transientAts = [...s.transientAts, e.at].sort().slice(-TRANSIENT_LIMIT);
    next.suppressed = retries >= TRANSIENT_RETRIES ? { reason: 'transient-bounces', at: e.at } : { reason: 'transient-bounces', at: e.at, until };
    return next;
  }
  // Transient (or Undetermined): suppress after TRANSIENT_LIMIT within the window before this one.
  const windowStart = new Date(Date.parse(e.at) - TRANSIENT_WINDOW_DAYS * 24 * HOUR).toISOString();
  next.transientAts = [...s.transientAts, e.at].filter((t) => t > windowStart).sort().slice(-TRANSIENT_LIMIT);
  if (next.transientAts.length >= TRANSIENT_LIMIT && !s.suppressed) next.suppressed = { reason: 'transient-bounces', at: e.at, until };
  return next;
}

/** The status with its suppression cleared by an organiser: mail is sent again (counts kept, the transient history reset). */
export function clearedMailStatus(s: MailStatus, now: Date): MailStatus {
  const { suppressed: _s, transientRetries: _r, ...rest } = s;
  return { ...rest, transientAts: [], clearedAt: now.toISOString(), updatedAt: now.toISOString(), version: s.version + 1 };
}

/** Why a message was not sent to a suppressed address, in the words lists and answers show. */
export function suppressionSentence(reason: SuppressionReason, until?: string): string {
  if (reason === 'complaint') return 'Not sent — address complained (marked an earlier e-mail as spam).';
  if (reason === 'permanent-bounce') return 'Not sent — address bounced (the mail server said it does not exist).';
  return until
    ? `Not sent — address bounced several times (mailbox full or unreachable); tried again after ${until.slice(0, 16).replace('T', ' ')} UTC.`
    : 'Not sent — address bounced several times, also when tried again.';
}

export function mailStatusBadge(s: MailStatus | undefined, now?: Date): MailStatusBadge | undefined {
  if (!s) return undefined;
  if (now ? isSuppressed(s, now) : s.suppressed) return 'suppressed';
  if (s.complaints > 0) return 'complained';
  if (s.bounces > 0) return 'bounced';
  return undefined;
}
