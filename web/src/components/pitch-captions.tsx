/**
 * A pitch's caption tracks (issue 14): the list, and for the team an upload form — a WebVTT or
 * SRT file and its language. The file goes straight to the bucket by a presigned PUT; the server
 * then checks that it parses (naming the wrong line when it does not), converts SRT to WebVTT and
 * stores it, replacing the captions in that language. The player shows them as <track>s.
 */
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import type { PitchStatus } from '../types.ts';
import { fieldId } from './ui.tsx';
import { currentLocale, t } from '../i18n.ts';

/** Languages offered first (any BCP 47 code may be typed). */
const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pl', 'pt'] as const;

/** A language's name in the reader's language ("French", "français"), capitalised as in a list. */
function languageLabel(code: string): string {
  const locale = currentLocale();
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
    return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  } catch {
    return code;
  }
}

const MAX_BYTES = 512 * 1024;

interface Props {
  competitionId: string;
  submissionId: string;
  captions: PitchStatus['captions'];
  canEdit: boolean;
  onChanged: () => Promise<unknown>;
}

export function PitchCaptions({ competitionId, submissionId, captions, canEdit, onChanged }: Props) {
  const path = { competitionId, submissionId };
  const [language, setLanguage] = useState('en');
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fileId = fieldId('captions-file');
  const languageId = fieldId('captions-language');

  async function upload(e: Event) {
    e.preventDefault();
    setError(undefined);
    setNote(undefined);
    if (!file) return setError(t('pitchCaptions.chooseFile'));
    if (file.size > MAX_BYTES) return setError(t('pitchCaptions.tooLarge', { file: file.name, max: MAX_BYTES / 1024 }));
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/.test(language)) return setError(t('pitchCaptions.badLanguage'));
    setBusy(true);
    try {
      const up = await api.POST('/api/competitions/{competitionId}/submissions/{submissionId}/pitch/captions/uploads', {
        params: { path },
        body: { sizeBytes: file.size },
      });
      const put = await fetch(up.url, { method: 'PUT', body: file });
      if (!put.ok) throw new Error(t('pitchCaptions.sendFailed', { status: put.status }));
      const done = await api.POST('/api/competitions/{competitionId}/submissions/{submissionId}/pitch/captions/uploads/{uploadId}/complete', {
        params: { path: { ...path, uploadId: up.uploadId } },
        body: { language, fileName: file.name },
      });
      setFile(undefined);
      setNote(t('pitchCaptions.added', { language: done.label, cues: done.cues, source: done.source === 'srt' ? 'srt' : 'vtt' }));
      await onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : (err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function remove(lang: string) {
    setBusy(true);
    setError(undefined);
    try {
      await api.DELETE('/api/competitions/{competitionId}/submissions/{submissionId}/pitch/captions/{language}', { params: { path: { ...path, language: lang } } });
      setNote(t('pitchCaptions.deleted'));
      await onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (!canEdit && captions.length === 0) return null;
  return (
    <div class="pitch-captions">
      <h3>{t('pitchCaptions.heading')}</h3>
      {captions.length === 0 ? (
        <p class="muted">{t('pitchCaptions.none')}</p>
      ) : (
        <ul class="pitch-caption-list">
          {captions.map((c) => (
            <li key={c.language}>
              <strong>{c.label}</strong> ({c.language}) · {t('pitchCaptions.cues', { cues: c.cues })} · {c.fileName}
              {canEdit && (
                <button type="button" class="btn btn-small btn-danger-ghost" disabled={busy} onClick={() => void remove(c.language)} aria-label={t('pitchCaptions.deleteLabel', { label: c.label })}>
                  {t('pitchCaptions.delete')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form class="pitch-caption-form" onSubmit={(e) => void upload(e)}>
          <div class="field">
            <label for={languageId}>{t('pitchCaptions.language')}</label>
            <input id={languageId} list={`${languageId}-list`} value={language} onInput={(e) => setLanguage(e.currentTarget.value.trim())} size={8} />
            <datalist id={`${languageId}-list`}>
              {LANGUAGES.map((code) => (
                <option key={code} value={code}>
                  {languageLabel(code)}
                </option>
              ))}
            </datalist>
          </div>
          <div class={`field ${error ? 'field-invalid' : ''}`}>
            <label for={fileId}>{t('pitchCaptions.file')}</label>
            <input
              id={fileId}
              type="file"
              accept=".vtt,.srt,text/vtt,application/x-subrip"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${fileId}-error` : undefined}
              onChange={(e) => setFile(e.currentTarget.files?.[0])}
            />
            {error && (
              <div class="field-error" id={`${fileId}-error`} role="alert">
                {error}
              </div>
            )}
          </div>
          <button type="submit" class="btn btn-small" disabled={busy || !file}>
            {busy ? t('pitchCaptions.checking') : t('pitchCaptions.add')}
          </button>
        </form>
      )}
      {note && <p class="notice notice-info" role="status">{note}</p>}
    </div>
  );
}
