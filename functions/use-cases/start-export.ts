/**
 * Starting an export (the request's part: checks and a job record, answered at once). The job
 * itself is use-cases/exports.ts, which only the job runners load.
 */
import { exportNeed, type ExportFile } from '../domain/exports.ts';
import type { Identity } from '../domain/identity.ts';
import { startJob } from './jobs.ts';
import type { SubmissionFilter } from './ports.ts';

export interface ExportParams {
  file: ExportFile;
  /** submissions.csv only: the same filters as the submissions list. */
  filter?: SubmissionFilter;
}

/** The kind under which exports are registered (use-cases/job-handlers.ts). */
export const EXPORT_JOB = 'export';

/**
 * Starts an export for the competition's organisers, or returns the one already being prepared
 * with the same file and filter.
 */
export async function startExport(
  ports: Parameters<typeof startJob>[0],
  caller: Identity | undefined,
  competitionId: string,
  request: ExportParams,
) {
  return startJob(ports, caller, competitionId, EXPORT_JOB, { ...exportParams(request) }, exportNeed(request.file));
}

/** The params as stored: a filter only where it applies, without empty members, so equal requests are equal. */
function exportParams(request: ExportParams): ExportParams {
  if (request.file !== 'submissions.csv') return { file: request.file };
  const filter = Object.fromEntries(Object.entries(request.filter ?? {}).filter(([, v]) => v !== undefined && v !== '')) as SubmissionFilter;
  return Object.keys(filter).length > 0 ? { file: request.file, filter } : { file: request.file };
}
