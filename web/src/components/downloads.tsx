/** Files fetched with the bearer token (CSV exports, the results package): one at a time, with a failure notice. */
import { useState } from 'preact/hooks';
import { saveFile, type ApiFile } from '../api.ts';
import { Notice } from './ui.tsx';

export interface Downloads {
  /** The file name of the download being fetched, '' when none is. */
  downloading: string;
  error?: string;
  download(fetchFile: () => Promise<ApiFile>, fallbackName: string): Promise<void>;
}

export function useDownloads(): Downloads {
  const [downloading, setDownloading] = useState('');
  const [error, setError] = useState<string>();
  async function download(fetchFile: () => Promise<ApiFile>, fallbackName: string) {
    setDownloading(fallbackName);
    setError(undefined);
    try {
      saveFile(await fetchFile(), fallbackName);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setDownloading('');
    }
  }
  return { downloading, error, download };
}

/**
 * A button that fetches a file (`file`: a call of `api.file(…)`, typed by the API's paths) and saves
 * it as `fileName` unless the server names it; disabled while any download runs.
 */
export function DownloadButton({
  downloads,
  file,
  fileName,
  label,
  class: cls = 'btn btn-small',
}: {
  downloads: Downloads;
  file: () => Promise<ApiFile>;
  fileName: string;
  label: string;
  class?: string;
}) {
  return (
    <button type="button" class={cls} disabled={!!downloads.downloading} onClick={() => void downloads.download(file, fileName)}>
      {downloads.downloading === fileName ? 'Preparing…' : label}
    </button>
  );
}

/** Why the last download failed, if it did. */
export function DownloadError({ downloads }: { downloads: Downloads }) {
  return downloads.error ? <Notice kind="error">{downloads.error}</Notice> : null;
}
