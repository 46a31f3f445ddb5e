/**
 * Exports (CSV files, the audit trail, the results package) are prepared by a job on the server:
 * the button starts it (`POST …/exports`), the page follows the job's progress as a bar, and when
 * it has succeeded the browser downloads the file from the job's short-lived link. One export at a
 * time per page, with a failure notice. A competition's exports (`useDownloads`) and a
 * programme's (`useProgrammeDownloads`) differ only in the two routes they call.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type ApiAnswer } from '../api.ts';
import { t } from '../i18n.ts';
import { jobStepText } from '../job-steps.ts';
import { Notice } from './ui.tsx';

type ExportRequest = NonNullable<Parameters<typeof api.POST<'/api/competitions/{competitionId}/exports'>>[1]>['body'];
export type ExportFile = ExportRequest['file'];
export type ExportFilter = ExportRequest['filter'];
type ProgrammeExportRequest = NonNullable<Parameters<typeof api.POST<'/api/programmes/{programmeId}/exports'>>[1]>['body'];
export type ProgrammeExportFile = ProgrammeExportRequest['file'];

/** What the page reads of an export job: the competition's and the programme's jobs both have it. */
type ExportJob = Pick<ApiAnswer<'/api/competitions/{competitionId}/jobs/{jobId}', 'get'>, 'id' | 'state' | 'progress' | 'error' | 'downloadUrl'>;

/** Where a kind of export starts and how its job is asked about. */
interface ExportSource<F extends string, X> {
  start(file: F, filter?: X): Promise<ExportJob>;
  poll(jobId: string): Promise<ExportJob>;
}

/** How often the page asks how the job is doing. */
const POLL_MS = 600;

export interface Downloads<F extends string = ExportFile, X = ExportFilter> {
  /** The file being prepared, '' when none is. */
  preparing: F | '';
  /** The job preparing it, once started (for the progress bar). */
  job?: ExportJob;
  error?: string;
  download(file: F, filter?: X): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A competition's exports: `POST /api/competitions/{id}/exports`, followed through its jobs. */
export function useDownloads(competitionId: string): Downloads {
  return useExportJobs<ExportFile, ExportFilter>({
    start: (file, filter) => api.POST('/api/competitions/{competitionId}/exports', { params: { path: { competitionId } }, body: { file, ...(filter ? { filter } : {}) } }),
    poll: (jobId) => api.GET('/api/competitions/{competitionId}/jobs/{jobId}', { params: { path: { competitionId, jobId } } }),
  });
}

/** A programme's exports for the funder (the programme dashboard): `POST /api/programmes/{id}/exports`. */
export function useProgrammeDownloads(programmeId: string): Downloads<ProgrammeExportFile, never> {
  return useExportJobs<ProgrammeExportFile, never>({
    start: (file) => api.POST('/api/programmes/{programmeId}/exports', { params: { path: { programmeId } }, body: { file } }),
    poll: (jobId) => api.GET('/api/programmes/{programmeId}/jobs/{jobId}', { params: { path: { programmeId, jobId } } }),
  });
}

/** Start → progress → the job's presigned link, for any `source` (the page's one export at a time). */
function useExportJobs<F extends string, X>(source: ExportSource<F, X>): Downloads<F, X> {
  const [preparing, setPreparing] = useState<F | ''>('');
  const [job, setJob] = useState<ExportJob>();
  const [error, setError] = useState<string>();
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  async function download(file: F, filter?: X) {
    setPreparing(file);
    setError(undefined);
    setJob(undefined);
    try {
      let current = await source.start(file, filter);
      while (live.current && current.state !== 'succeeded' && current.state !== 'failed') {
        setJob(current);
        await sleep(POLL_MS);
        current = await source.poll(current.id);
      }
      if (!live.current) return;
      setJob(current);
      if (current.state === 'failed') throw new ApiError(409, current.error?.code ?? 'JOB_FAILED', current.error?.message ?? t('downloads.failed'));
      if (!current.downloadUrl) throw new ApiError(500, 'EMPTY_FILE', t('downloads.noFile'));
      saveFrom(current.downloadUrl);
    } catch (e) {
      if (live.current) setError((e as Error).message);
    } finally {
      if (live.current) setPreparing('');
    }
  }
  return { preparing, job, error, download };
}

/** The link names the file (Content-Disposition: attachment), so following it downloads and the page stays. */
function saveFrom(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

/** A button that prepares `file` and downloads it; disabled while any export of the page runs. */
export function DownloadButton<F extends string, X>({
  downloads,
  file,
  filter,
  label,
  class: cls = 'btn btn-small',
}: {
  downloads: Downloads<F, X>;
  file: F;
  filter?: X;
  label: string;
  class?: string;
}) {
  return (
    <button type="button" class={cls} disabled={!!downloads.preparing} onClick={() => void downloads.download(file, filter)}>
      {downloads.preparing === file ? t('downloads.preparing') : label}
    </button>
  );
}

/** The running export's progress bar, and why the last export failed, if it did. */
export function DownloadStatus<F extends string, X>({ downloads }: { downloads: Downloads<F, X> }) {
  const { job, preparing, error } = downloads;
  if (error) return <Notice kind="error">{error}</Notice>;
  if (!preparing || !job) return null;
  const { done, total, step } = job.progress;
  return (
    <div class="progress-line" role="status" aria-live="polite">
      <progress max={total ?? undefined} value={total ? done : undefined} aria-label={t('downloads.preparingFile', { file: preparing })} />
      <span class="progress-text">
        {step != null ? jobStepText(step) : (job.state === 'queued' ? t('downloads.waiting') : t('downloads.preparingStep'))}
        {total ? t('jobProgress.count', { done, total }) : ''}
      </span>
    </div>
  );
}
