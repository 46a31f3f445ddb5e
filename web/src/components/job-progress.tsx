/**
 * Following a job the page started (an assignment run, …): polls `GET …/jobs/{jobId}` until it
 * has finished, handing each state to the page, and shows its progress as a bar — the pattern of
 * the export downloads (downloads.tsx), for jobs that make no file.
 */
import { api, ApiError, type ApiAnswer } from '../api.ts';
import { t } from '../i18n.ts';
import { jobStepText } from '../job-steps.ts';

export type Job = ApiAnswer<'/api/competitions/{competitionId}/jobs/{jobId}', 'get'>;

/** How often the page asks how the job is doing. */
const POLL_MS = 600;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits for `job` to finish, calling `onUpdate` with each state seen; resolves with the succeeded
 * job, throws (an ApiError with the job's code and message) when it failed. `live()` false stops it.
 */
export async function followJob(job: Job, onUpdate: (j: Job) => void, live: () => boolean = () => true): Promise<Job> {
  let current = job;
  while (live() && current.state !== 'succeeded' && current.state !== 'failed') {
    onUpdate(current);
    await sleep(POLL_MS);
    current = await api.GET('/api/competitions/{competitionId}/jobs/{jobId}', { params: { path: { competitionId: current.competitionId, jobId: current.id } } });
  }
  onUpdate(current);
  if (current.state === 'failed') throw new ApiError(409, current.error?.code ?? 'JOB_FAILED', current.error?.message ?? t('jobProgress.failed'));
  return current;
}

/** A running job's progress bar (nothing once it has finished). */
export function JobProgress({ job, label }: { job: Pick<Job, 'state' | 'progress'> | undefined; label: string }) {
  if (!job || job.state === 'succeeded' || job.state === 'failed') return null;
  const { done, total, step } = job.progress;
  return (
    <div class="progress-line" role="status" aria-live="polite">
      <progress max={total ?? undefined} value={total ? done : undefined} aria-label={label} />
      <span class="progress-text">
        {step != null ? jobStepText(step) : (job.state === 'queued' ? t('jobProgress.waiting') : t('jobProgress.working'))}
        {total ? t('jobProgress.count', { done, total }) : ''}
      </span>
    </div>
  );
}
