/**
 * Exports (CSV files, the audit trail, the results package) are prepared by a job on the server:
 * the button starts it (`POST …/exports`), the page follows the job's progress as a bar, and when
 * it has succeeded the browser downloads the file from the job's short-lived link. One export at a
 * time per page, with a failure notice.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type ApiAnswer } from '../api.ts';
import { Notice } from './ui.tsx';

type ExportRequest = NonNullable<Parameters<typeof api.POST<'/api/competitions/{competitionId}/exports'>>[1]>['body'];
export type ExportFile = ExportRequest['file'];
export type ExportFilter = ExportRequest['filter'];
type Job = ApiAnswer<'/api/competitions/{competitionId}/jobs/{jobId}', 'get'>;

/** How often the page asks how the job is doing. */
const POLL_MS = 600;

export interface Downloads {
  /** The file being prepared, '' when none is. */
  preparing: string;
  /** The job preparing it, once started (for the progress bar). */
  job?: Job;
  error?: string;
  download(file: ExportFile, filter?: ExportFilter): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function useDownloads(competitionId: string): Downloads {
  const [preparing, setPreparing] = useState('');
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<string>();
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  async function download(file: ExportFile, filter?: ExportFilter) {
    setPreparing(file);
    setError(undefined);
    setJob(undefined);
    const path = { competitionId };
    try {
      let current: Job = await api.POST('/api/competitions/{competitionId}/exports', { params: { path }, body: { file, ...(filter ? { filter } : {}) } });
      while (live.current && current.state !== 'succeeded' && current.state !== 'failed') {
        setJob(current);
        await sleep(POLL_MS);
        current = await api.GET('/api/competitions/{competitionId}/jobs/{jobId}', { params: { path: { competitionId, jobId: current.id } } });
      }
      if (!live.current) return;
      setJob(current);
      if (current.state === 'failed') throw new ApiError(409, current.error?.code ?? 'JOB_FAILED', current.error?.message ?? 'The export failed. Try again.');
      if (!current.downloadUrl) throw new ApiError(500, 'EMPTY_FILE', 'The export finished without a file.');
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
export function DownloadButton({
  downloads,
  file,
  filter,
  label,
  class: cls = 'btn btn-small',
}: {
  downloads: Downloads;
  file: ExportFile;
  filter?: ExportFilter;
  label: string;
  class?: string;
}) {
  return (
    <button type="button" class={cls} disabled={!!downloads.preparing} onClick={() => void downloads.download(file, filter)}>
      {downloads.preparing === file ? 'Preparing…' : label}
    </button>
  );
}

/** The running export's progress bar, and why the last export failed, if it did. */
export function DownloadStatus({ downloads }: { downloads: Downloads }) {
  const { job, preparing, error } = downloads;
  if (error) return <Notice kind="error">{error}</Notice>;
  if (!preparing || !job) return null;
  const { done, total, step } = job.progress;
  return (
    <div class="progress-line" role="status" aria-live="polite">
      <progress max={total ?? undefined} value={total ? done : undefined} aria-label={`Preparing ${preparing}`} />
      <span class="progress-text">
        {step ?? (job.state === 'queued' ? 'Waiting to start' : 'Preparing')}
        {total ? ` — ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}` : ''}
      </span>
    </div>
  );
}
