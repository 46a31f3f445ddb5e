/**
 * A background job's step in the reader's language. The server writes each job's current step in
 * English (`progress.step`, e.g. "Writing the ranking" — functions/use-cases/*); the known ones are
 * mapped here by their English text, and anything else is shown as it came.
 * tests/unit/web-job-steps.test.ts finds every step the server's code writes and checks it is here.
 */
import { t, type MessageKey } from './i18n.ts';

export const JOB_STEPS: Readonly<Record<string, MessageKey>> = {
  'Announcing the feedback': 'jobSteps.announcingFeedback',
  'Announcing the results': 'jobSteps.announcingResults',
  ballots: 'jobSteps.ballots',
  'Computing the assignment': 'jobSteps.computingAssignment',
  'Computing the results': 'jobSteps.computingResults',
  'Correcting the counters': 'jobSteps.correctingCounters',
  'Counting the reviewers’ loads': 'jobSteps.countingLoads',
  Done: 'jobSteps.done',
  'Erasing in your competitions': 'jobSteps.erasingCompetitions',
  'Erasing non-awarded applicants’ data': 'jobSteps.erasingNonAwarded',
  'Erasing your notifications': 'jobSteps.erasingNotifications',
  Publishing: 'jobSteps.publishing',
  'Reading the entries and reviews': 'jobSteps.readingEntriesReviews',
  'Reading the reviews': 'jobSteps.readingReviews',
  'Reading your competitions': 'jobSteps.readingCompetitions',
  'Saving the assignments': 'jobSteps.savingAssignments',
  'Saving the conflicts of interest': 'jobSteps.savingConflicts',
  'Saving the preview': 'jobSteps.savingPreview',
  'Sending reminders (pending reviews)': 'jobSteps.remindersReview',
  'Starting automatic captions': 'jobSteps.startingAutomaticCaptions',
  'Sending reminders (unsubmitted drafts)': 'jobSteps.remindersDraft',
  'Sending reminders (unused invitations)': 'jobSteps.remindersInvitation',
  'Storing the results': 'jobSteps.storingResults',
  'Working out the conflicts of interest': 'jobSteps.workingOutConflicts',
  "Writing investors' flags": 'jobSteps.writingInvestorFlags',
  'Writing reviews': 'jobSteps.writingReviews',
  'Writing submissions': 'jobSteps.writingSubmissions',
  'Writing the audit trail': 'jobSteps.writingAudit',
  'Writing the awards': 'jobSteps.writingAwards',
  'Writing the file': 'jobSteps.writingFile',
  'Writing the ranking': 'jobSteps.writingRanking',
  'Writing the results package': 'jobSteps.writingResultsPackage',
};

/** The step in the reader's language (the server's English where it is not a known one). */
export function jobStepText(step: string): string {
  const key = Object.hasOwn(JOB_STEPS, step) ? JOB_STEPS[step] : undefined;
  return key ? t(key) : step;
}
