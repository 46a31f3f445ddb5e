/**
 * What SES told us about an address (bounces, complaints, deliveries) and whether Podium still
 * sends to it. A permanent bounce or a complaint suppresses the address at once; transient bounces
 * (mailbox full, …) suppress it after TRANSIENT_LIMIT of them within TRANSIENT_WINDOW_DAYS. A
 * suppressed address is never sent to again (the mailer skips it and counts the skip), so mail to
 * an address that bounced is not retried endlessly. Pure rules; use-cases/mail-events.ts stores them.
 */

export const TRANSIENT_LIMIT = 3;
export const TRANSIENT_WINDOW_DAYS = 7;
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
  suppressed?: { reason: SuppressionReason; at: string };
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

/** The status after `e`; unchanged (the same object) when `e` was counted already. */
export function applyMailEvent(s: MailStatus, e: MailEvent, now: Date): MailStatus {
  if (e.feedbackId && s.seenFeedback.includes(e.feedbackId)) return s;
  const seenFeedback = e.feedbackId ? [...s.seenFeedback, e.feedbackId].slice(-SEEN_FEEDBACK) : s.seenFeedback;
  const next: MailStatus = { ...s, seenFeedback, updatedAt: now.toISOString(), version: s.version + 1 };
  if (e.kind === 'delivery') {
    next.deliveries = s.deliveries + 1;
    if (!s.lastDeliveryAt || e.at > s.lastDeliveryAt) next.lastDeliveryAt = e.at;
    return next;
  }
  if (e.kind === 'complaint') {
    next.complaints = s.complaints + 1;
    next.lastComplaint = { at: e.at, ...(e.feedbackType ? { feedbackType: e.feedbackType } : {}) };
    next.suppressed ??= { reason: 'complaint', at: e.at };
    return next;
  }
  next.bounces = s.bounces + 1;
  next.lastBounce = { type: e.type, subType: e.subType, at: e.at, ...(e.diagnostic ? { diagnostic: e.diagnostic.slice(0, 300) } : {}) };
  if (e.type === 'Permanent') {
    next.suppressed ??= { reason: 'permanent-bounce', at: e.at };
    return next;
  }
  // Transient (or Undetermined): suppress after TRANSIENT_LIMIT within the window before this one.
  const windowStart = new Date(Date.parse(e.at) - TRANSIENT_WINDOW_DAYS * 24 * 60 * 60 * 1000).toISOString();
  next.transientAts = [...s.transientAts, e.at].filter((t) => t > windowStart).sort().slice(-TRANSIENT_LIMIT);
  if (next.transientAts.length >= TRANSIENT_LIMIT) next.suppressed ??= { reason: 'transient-bounces', at: e.at };
  return next;
}

export function mailStatusBadge(s: MailStatus | undefined): MailStatusBadge | undefined {
  if (!s) return undefined;
  if (s.suppressed) return 'suppressed';
  if (s.complaints > 0) return 'complained';
  if (s.bounces > 0) return 'bounced';
  return undefined;
}
