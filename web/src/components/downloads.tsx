/** Files fetched with the bearer token (CSV exports, the results package): one at a time, with a failure notice. */
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Notice } from './ui.tsx';

export interface Downloads {
  /** The path being fetched, '' when none is. */
  downloading: string;
  error?: string;
  download(path: string, fallbackName: string): Promise<void>;
}

export function useDownloads(): Downloads {
  const [downloading, setDownloading] = useState('');
  const [error, setError] = useState<string>();
  async function download(path: string, fallbackName: string) {
    setDownloading(path);
    setError(undefined);
    try {
      await api.download(path, fallbackName);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setDownloading('');
    }
  }
  return { downloading, error, download };
}

/** A button that fetches `path` (saved as `fileName` unless the server names it); disabled while any download runs. */
export function DownloadButton({
  downloads,
  path,
  fileName,
  label,
  class: cls = 'btn btn-small',
}: {
  downloads: Downloads;
  path: string;
  fileName: string;
  label: string;
  class?: string;
}) {
  return (
    <button type="button" class={cls} disabled={!!downloads.downloading} onClick={() => void downloads.download(path, fileName)}>
      {downloads.downloading === path ? 'Preparing…' : label}
    </button>
  );
}

/** Why the last download failed, if it did. */
export function DownloadError({ downloads }: { downloads: Downloads }) {
  return downloads.error ? <Notice kind="error">{downloads.error}</Notice> : null;
}
