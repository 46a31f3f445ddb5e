/**
 * When the platform's own reminders go out (domain/reminders.ts decides who gets one and when): the
 * days, shared so the reminders page says them in the reader's language from the same numbers.
 * Pure code: the web imports this file.
 */

/** Days before submissions close that a draft's owner is reminded (the first is the earlier one). */
export const DRAFT_REMINDER_DAYS = [7, 1] as const;
/** Days before a round closes that reviewers with pending reviews are reminded. */
export const REVIEW_REMINDER_DAYS = 3;
/** Days after accepting an invitation without opening a review that a reviewer is reminded. */
export const INVITATION_UNUSED_DAYS = 3;
