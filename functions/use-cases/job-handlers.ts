/**
 * Every kind of job and the handler that runs it: the registry runJob looks kinds up in. Adding a
 * kind is one line here plus its handler (a JobHandler, see use-cases/jobs.ts); start it with
 * `startJob(ports, who, competitionId, '<kind>', params)`.
 *
 * Only what runs jobs imports this module — the job Lambda (functions/lambda/jobs.ts) and the
 * runtimes that run jobs in-process (functions/local, the tests), which hand it to buildDeps — so
 * the API functions, which only start jobs, do not bundle every job's code.
 */
import type { JobHandlers } from './jobs.ts';
import { exportJob } from './exports.ts';
import { assignmentJob } from './assignment-job.ts';
import { ASSIGNMENT_PREVIEW_JOB, assignmentPreviewJob } from './assignment-preview-job.ts';
import { notificationsJob } from './notifications-job.ts';
import { publicationJob } from './publication-job.ts';
import { PUBLICATION_JOB } from './results.ts';
import { EXPORT_JOB } from './start-export.ts';
import { RANKING_JOB } from './ranking-job.ts';
import { rankingJob } from './ranking-compute.ts';
import { REVIEWER_LOADS_JOB, reviewerLoadsJob } from './reviewer-loads-job.ts';
import { CONFLICTS_JOB, conflictsJob } from './conflict-list.ts';
import { AUDIENCE_VOTE_CLOSE_JOB, audienceVoteCloseJob } from './audience-vote.ts';
import { REMINDERS_JOB, remindersJob } from './reminders.ts'; // H6
import { DASHBOARD_RECOUNT_JOB, dashboardRecountJob } from './dashboard.ts';
import { PROGRAMME_EXPORT_JOB, programmeExportJob } from './programme-dashboard.ts'; // H3
import { PERSONAL_DATA_JOB, personalDataJob } from './personal-data.ts'; // issue 14 §2 (GDPR)
import { AUTO_CAPTIONS_JOB, automaticCaptionsJob } from './media-jobs.ts';

export const JOB_HANDLERS = {
  [EXPORT_JOB]: exportJob,
  [RANKING_JOB]: rankingJob,
  assignment: assignmentJob,
  [ASSIGNMENT_PREVIEW_JOB]: assignmentPreviewJob,
  notifications: notificationsJob,
  [PUBLICATION_JOB]: publicationJob,
  [REVIEWER_LOADS_JOB]: reviewerLoadsJob,
  [CONFLICTS_JOB]: conflictsJob,
  [AUDIENCE_VOTE_CLOSE_JOB]: audienceVoteCloseJob,
  [REMINDERS_JOB]: remindersJob, // H6: scheduled reminders
  // Organiser dashboard (H7): the counters recounted from the items.
  [DASHBOARD_RECOUNT_JOB]: dashboardRecountJob,
  [PROGRAMME_EXPORT_JOB]: programmeExportJob, // H3: a programme's tables as CSV for the funder
  [PERSONAL_DATA_JOB]: personalDataJob, // issue 14 §2: a person's data download, their erasure, retention erasure
  [AUTO_CAPTIONS_JOB]: automaticCaptionsJob, // issue 14 §4: Transcribe started on a competition's pitches
} as const satisfies JobHandlers;

export type JobKind = keyof typeof JOB_HANDLERS;
