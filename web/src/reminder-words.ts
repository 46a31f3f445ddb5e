/** The platform's reminders as the reminders page names them (web/src/pages/reminders.tsx). */
import { DRAFT_REMINDER_DAYS, INVITATION_UNUSED_DAYS, REVIEW_REMINDER_DAYS } from '../../functions/shared/reminder-days.ts';
import { t } from './i18n.ts';

/**
 * A reminder's name, what it says, when and to whom, in the reader's language — by its kind, with
 * the days from the rules themselves (shared/reminder-days.ts); a kind this page does not know yet
 * shows the server's English.
 */
export function ruleWords(r: { kind: string; label: string; what: string; when: string; to: string }): { label: string; what: string; when: string; to: string } {
  switch (r.kind) {
    case 'reminder-draft':
      return {
        label: t('reminders.rule.draft.label'),
        what: t('reminders.rule.draft.what'),
        when: t('reminders.rule.draft.when', { first: DRAFT_REMINDER_DAYS[0], second: DRAFT_REMINDER_DAYS[1] }),
        to: t('reminders.rule.draft.to'),
      };
    case 'reminder-review':
      return { label: t('reminders.rule.review.label'), what: t('reminders.rule.review.what'), when: t('reminders.rule.review.when', { days: REVIEW_REMINDER_DAYS }), to: t('reminders.rule.review.to') };
    case 'reminder-invitation':
      return { label: t('reminders.rule.invitation.label'), what: t('reminders.rule.invitation.what'), when: t('reminders.rule.invitation.when', { days: INVITATION_UNUSED_DAYS }), to: t('reminders.rule.invitation.to') };
    default:
      return r;
  }
}
