/**
 * A submission's video pitch: the competition's rules, the upload (straight to S3 through
 * PitchUploader, with progress, pause/resume/cancel and resume after a reload), the server's
 * verdict, and the player. Read-only for organisers and after the deadline.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { getIdToken } from '../auth.ts';
import { formatBytes, formatDuration } from '../format.ts';
import { PitchUploader, UploadError, type ResumeStore, type UploadOutcome, type UploadProgress } from '../upload/pitch-uploader.ts';
import { uploadErrorText } from '../upload/upload-error-text.ts';
import { PITCH_FORMATS, type CurrentPitch, type PitchFormat, type PitchPolicy, type PitchStatus } from '../types.ts';
import { fieldId, LoadError, Loading } from './ui.tsx';
import { PitchCaptions } from './pitch-captions.tsx';
import { t, tx } from '../i18n.ts';
import { pitchProblemText } from '../pitch-problems.ts';

export function formatsLabel(formats: PitchFormat[]): string {
  return PITCH_FORMATS.filter((f) => formats.includes(f.value))
    .map((f) => f.label)
    .join(', ');
}

/** "optional · up to 3 min · up to 1 GiB · MP4, QuickTime, WebM" */
export function pitchRules(p: PitchPolicy): string {
  return [
    p.required ? t('pitchPanel.required') : t('pitchPanel.optional'),
    t('pitchPanel.upTo', { limit: formatDuration(p.maxDurationSeconds) }),
    t('pitchPanel.upTo', { limit: formatBytes(p.maxSizeBytes) }),
    formatsLabel(p.formats),
  ].join(' · ');
}

function resolution(p: { width?: number; height?: number }): string {
  return p.width && p.height ? `${p.width}×${p.height}` : '';
}

/** The format a chosen file claims to be: its MIME type, else its extension (some systems give no type for .mov). */
function formatOfFile(file: File): (typeof PITCH_FORMATS)[number] | undefined {
  const type = file.type.split(';')[0]!.trim().toLowerCase();
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  return PITCH_FORMATS.find((f) => f.contentType === type) ?? PITCH_FORMATS.find((f) => f.extensions.includes(ext));
}

/** The browser's early check; the server checks again, and judges what actually arrives. */
function precheck(file: File, policy: PitchPolicy): string | undefined {
  const format = formatOfFile(file);
  if (!format || !policy.formats.includes(format.value))
    return format
      ? t('pitchPanel.wrongFormat', { file: file.name, format: format.label, formats: formatsLabel(policy.formats) })
      : t('pitchPanel.notAccepted', { file: file.name, formats: formatsLabel(policy.formats) });
  if (file.size === 0) return t('pitchPanel.empty', { file: file.name });
  if (file.size > policy.maxSizeBytes) return t('pitchPanel.tooLarge', { file: file.name, size: formatBytes(file.size), max: formatBytes(policy.maxSizeBytes) });
  return undefined;
}

/** Interrupted uploads are remembered in localStorage, so a reload (or a new tab) can resume them. */
const resumeStore: ResumeStore = {
  get: (k) => localStorage.getItem(k),
  set: (k, v) => localStorage.setItem(k, v),
  remove: (k) => localStorage.removeItem(k),
};

type Note = { kind: 'info' | 'error'; text: string };

interface Props {
  competitionId: string;
  submissionId: string;
  /** The owning team, before the deadline: may upload, replace and cancel. */
  canUpload: boolean;
  /** `fields.pitch` from a refused submit. */
  error?: string;
  /** Called with every loaded status (e.g. to show next to Submit whether a pitch is attached). */
  onStatus?: (s: PitchStatus) => void;
}

export function PitchPanel({ competitionId, submissionId, canUpload, error, onStatus }: Props) {
  const path = { competitionId, submissionId };
  const [status, setStatus] = useState<PitchStatus>();
  const [loadError, setLoadError] = useState<unknown>();
  const [progress, setProgress] = useState<UploadProgress>();
  /** Set while this page has an upload that is running, paused or stopped by an error. */
  const [active, setActive] = useState<{ fileName: string; sizeBytes: number }>();
  const [outcome, setOutcome] = useState<UploadOutcome>();
  const [note, setNote] = useState<Note>();
  const [checkError, setCheckError] = useState<string>();
  const [replacing, setReplacing] = useState(false);
  const [busy, setBusy] = useState(false);
  const uploader = useRef<PitchUploader>();
  const fileInput = useRef<HTMLInputElement>(null);
  const live = useRef(true);

  async function reload(): Promise<PitchStatus | undefined> {
    try {
      const s = await api.GET('/api/competitions/{competitionId}/submissions/{submissionId}/pitch', { params: { path } });
      if (!live.current) return undefined;
      setStatus(s);
      setLoadError(undefined);
      onStatus?.(s);
      return s;
    } catch (e) {
      if (live.current) setLoadError(e);
      return undefined;
    }
  }

  useEffect(() => {
    live.current = true;
    void reload();
    return () => {
      live.current = false;
      // Leaving the page stops sending; the upload is remembered and resumes when the file is chosen again.
      uploader.current?.pause();
    };
  }, [competitionId, submissionId]);

  // An upload completed before a reload is still being verified: ask again until there is a verdict.
  const verifyingElsewhere = !active && status?.upload?.state === 'verifying';
  useEffect(() => {
    if (!verifyingElsewhere) return;
    const t = setTimeout(() => void reload(), 1000);
    return () => clearTimeout(t);
  }, [verifyingElsewhere, status]);

  if (!status) return <section class="pitch-panel">{loadError ? <LoadError error={loadError} /> : <Loading label={t('pitchPanel.loading')} />}</section>;

  const policy = status.policy;
  const current = status.current;
  const phase = progress?.phase;
  const running = phase === 'starting' || phase === 'uploading';
  const verifying = phase === 'completing' || phase === 'verifying' || verifyingElsewhere;
  const interrupted = !active && status.upload?.state === 'uploading' ? status.upload : undefined;
  const showPicker = canUpload && (!current || replacing || !!active || !!interrupted);
  const fieldError = checkError ?? error;
  const inputId = fieldId('pitch');

  function uploaderFor(file: Blob, fileName: string, contentType: string) {
    return new PitchUploader({
      apiBase: '',
      competitionId,
      submissionId,
      file,
      fileName,
      contentType,
      authorization: () => `Bearer ${getIdToken() ?? ''}`,
      store: resumeStore,
      onProgress: (p) => live.current && setProgress(p),
    });
  }

  async function drive(up: PitchUploader) {
    setNote(undefined);
    setOutcome(undefined);
    try {
      const result = await up.run();
      if (uploader.current !== up) return;
      uploader.current = undefined;
      setActive(undefined);
      setOutcome(result);
      if (result.state === 'ready') setReplacing(false);
      await reload();
    } catch (e) {
      if (uploader.current !== up) return; // cancelled meanwhile, or a newer upload
      const err = e instanceof UploadError ? e : new UploadError((e as Error).message, 'UNKNOWN');
      if (err.code === 'PAUSED') return;
      const fatal = (text: string, field = false) => {
        uploader.current = undefined;
        setActive(undefined);
        setProgress(undefined);
        if (field) setCheckError(text);
        else setNote({ kind: 'error', text });
        void reload();
      };
      if (err.code === 'PITCH_NOT_ALLOWED') fatal(uploadErrorText(err), true);
      else if (err.code === 'UPLOAD_IN_PROGRESS')
        fatal(status?.upload ? t('pitchPanel.anotherUploadOf', { file: status.upload.fileName }) : t('pitchPanel.anotherUpload'));
      else if (err.code === 'CANCELLED') fatal(t('pitchPanel.cancelled'));
      else if (err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429) fatal(uploadErrorText(err));
      // Network trouble and the like: the finished parts are recorded, so it can resume.
      else setNote({ kind: 'error', text: t('pitchPanel.stopped', { error: uploadErrorText(err) }) });
    }
  }

  function onFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    // Clear it so that choosing the same file again (e.g. after a rejection) counts as a choice.
    input.value = '';
    if (!file) return;
    setNote(undefined);
    setOutcome(undefined);
    setProgress(undefined);
    const problem = precheck(file, policy);
    setCheckError(problem);
    if (problem) return;
    const up = uploaderFor(file, file.name, formatOfFile(file)!.contentType);
    uploader.current = up;
    setActive({ fileName: file.name, sizeBytes: file.size });
    setProgress(undefined);
    void drive(up);
  }

  function onPauseResume() {
    const up = uploader.current;
    if (!up) return;
    if (running) up.pause();
    else void drive(up);
  }

  async function onCancel() {
    setBusy(true);
    try {
      const up = uploader.current;
      uploader.current = undefined;
      if (up) await up.cancel();
      else if (interrupted) {
        // Interrupted before a reload: forget what this browser remembers, and cancel on the server.
        await uploaderFor(new Blob([]), interrupted.fileName, 'video/mp4').cancel();
        await api.DELETE('/api/competitions/{competitionId}/submissions/{submissionId}/pitch/uploads/{uploadId}', { params: { path: { ...path, uploadId: interrupted.id } } }).catch((e: unknown) => {
          if (!(e instanceof ApiError && e.status === 404)) throw e;
        });
      }
      await reload();
      setActive(undefined);
      setProgress(undefined);
      setReplacing(false);
      setNote({ kind: 'info', text: t('pitchPanel.uploadCancelled') });
    } catch (e) {
      setNote({ kind: 'error', text: e instanceof UploadError ? uploadErrorText(e) : (e as Error).message });
      await reload();
    } finally {
      setBusy(false);
    }
  }

  // One line a screen reader announces when it changes (progress numbers are not in it: too chatty).
  let stateText = '';
  let stateKind = '';
  const ready = (p: { durationSeconds: number; width?: number; height?: number }) =>
    resolution(p)
      ? t('pitchPanel.state.readyResolution', { duration: formatDuration(p.durationSeconds), resolution: resolution(p) })
      : t('pitchPanel.state.ready', { duration: formatDuration(p.durationSeconds) });
  if (phase === 'starting' || phase === 'uploading') stateText = t('pitchPanel.state.uploading');
  else if (phase === 'paused') stateText = t('pitchPanel.state.paused');
  else if (phase === 'completing') stateText = t('pitchPanel.state.completing');
  // Every byte is stored; what remains is the server's check of the video.
  else if (verifying) stateText = t('pitchPanel.state.verifying');
  else if (phase === 'failed' && active) stateText = t('pitchPanel.state.stopped');
  else if (outcome?.state === 'ready' && outcome.pitch) {
    stateText = ready(outcome.pitch);
    stateKind = 'ready';
  } else if (outcome?.state === 'transcoding' || (!active && status.upload?.state === 'transcoding')) {
    stateText = t('pitchPanel.state.transcoding');
  } else if (outcome?.state === 'rejected') {
    stateText = t('pitchPanel.state.rejected', { reason: pitchProblemText(outcome.problem, outcome.reason) ?? t('pitchPanel.state.failedChecks') });
    stateKind = 'rejected';
  } else if (canUpload && !active && !checkError && status.last?.state === 'rejected' && !interrupted) {
    // After a reload: say how the last upload ended.
    stateText = t('pitchPanel.state.rejectedFile', { reason: pitchProblemText(status.last.problem, status.last.reason) ?? t('pitchPanel.state.failedChecks'), file: status.last.fileName });
    stateKind = 'rejected';
  } else if (current && !active) {
    stateText = ready(current);
    stateKind = 'ready';
  }

  return (
    <section class="pitch-panel" aria-labelledby="pitch-heading" id={showPicker ? undefined : inputId} tabIndex={-1}>
      <h2 id="pitch-heading">
        {t('pitchPanel.heading')} {policy.required && <span class="badge badge-required">{t('pitchPanel.required')}</span>}
      </h2>
      <p class="pitch-rules">
        <span class="sr-only">{t('pitchPanel.rules')} </span>
        {pitchRules(policy)}
      </p>

      {current ? (
        <Player key={current.pitchId} current={current} captions={status.captions} onRefresh={() => void reload()} />
      ) : (
        !showPicker && <p class="muted">{t('pitchPanel.none')}</p>
      )}
      {current?.warning && (
        <div class="notice notice-warning">
          <strong>{t('pitchPanel.mayNotPlay')}</strong> {pitchProblemText(current.warningProblem, current.warning)}
        </div>
      )}
      {(current || status.captions.length > 0) && (
        <PitchCaptions competitionId={competitionId} submissionId={submissionId} captions={status.captions} canEdit={canUpload} onChanged={reload} />
      )}

      {interrupted && (
        <div class="notice notice-warning">
          {tx('pitchPanel.interrupted', { file: interrupted.fileName, done: interrupted.partsDone, total: interrupted.partCount, strong: (chunks) => <strong>{chunks}</strong> })}
          <div class="actions pitch-actions">
            <button type="button" class="btn btn-small btn-danger-ghost" disabled={busy} onClick={() => void onCancel()}>
              {busy ? t('pitchPanel.cancelling') : t('pitchPanel.cancelUpload')}
            </button>
          </div>
        </div>
      )}

      {showPicker && (
        <div class={`field ${fieldError ? 'field-invalid' : ''}`}>
          <label for={inputId}>{current ? t('pitchPanel.fileReplaces') : t('pitchPanel.file')}</label>
          <div class="hint" id={`${inputId}-hint`}>
            {t('pitchPanel.fileHint', { formats: formatsLabel(policy.formats), duration: formatDuration(policy.maxDurationSeconds), size: formatBytes(policy.maxSizeBytes) })}
          </div>
          <input
            ref={fileInput}
            type="file"
            id={inputId}
            accept={PITCH_FORMATS.filter((f) => policy.formats.includes(f.value))
              .map((f) => f.contentType)
              .join(',')}
            disabled={!!active && (running || verifying)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={[`${inputId}-hint`, fieldError ? `${inputId}-error` : ''].filter(Boolean).join(' ')}
            onChange={(e) => onFile(e.currentTarget)}
          />
          {fieldError && (
            <div class="field-error" id={`${inputId}-error`}>
              {fieldError}
            </div>
          )}
        </div>
      )}

      {progress && (active || phase === 'ready' || phase === 'rejected') && (
        <div class="pitch-progress">
          {active && <div class="pitch-file">{active.fileName}</div>}
          <progress
            max={100}
            value={progress.percent}
            aria-label={t('pitchPanel.uploadOf', { file: active?.fileName ?? t('pitchPanel.theVideo') })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.floor(progress.percent)}
          />
          <div class="pitch-progress-text">{progressText(progress)}</div>
        </div>
      )}

      <p class={`pitch-state ${stateKind ? `pitch-state-${stateKind}` : ''}`} role="status" aria-live="polite">
        {stateText}
      </p>

      {active && uploader.current && !verifying && (
        <div class="actions pitch-actions">
          <button type="button" class="btn" onClick={onPauseResume} disabled={busy}>
            {running ? t('pitchPanel.pause') : t('pitchPanel.resume')}
          </button>
          <button type="button" class="btn btn-danger-ghost" onClick={() => void onCancel()} disabled={busy}>
            {busy ? t('pitchPanel.cancelling') : t('common.cancel')}
          </button>
        </div>
      )}
      {canUpload && current && !active && !interrupted && (
        <div class="actions pitch-actions">
          {showPicker ? (
            <button type="button" class="btn btn-ghost btn-small" onClick={() => (setReplacing(false), setCheckError(undefined))}>
              {t('pitchPanel.keepCurrent')}
            </button>
          ) : (
            <button
              type="button"
              class="btn"
              onClick={() => {
                setReplacing(true);
                setProgress(undefined);
                setOutcome(undefined);
                setTimeout(() => fileInput.current?.focus(), 0);
              }}
            >
              {t('pitchPanel.replace')}
            </button>
          )}
        </div>
      )}

      {note && (
        <div class={`notice notice-${note.kind}`} role={note.kind === 'error' ? 'alert' : undefined}>
          {note.text}
        </div>
      )}
      {!canUpload && status.upload && <p class="muted">{t('pitchPanel.inProgress')}</p>}
    </section>
  );
}

/** "42 % · 12.3 MiB of 29.1 MiB · 3.4 MiB/s · about 5 s left" */
function progressText(p: UploadProgress): string {
  // Paused or stopped: only whole parts count (a part cut off midway is sent again), hence "stored".
  const stored = p.phase === 'paused' || p.phase === 'failed';
  const bytes = { sent: formatBytes(p.sentBytes), total: formatBytes(p.totalBytes) };
  const parts = [t('pitchPanel.progress.percent', { percent: Math.floor(p.percent) }), stored ? t('pitchPanel.progress.stored', bytes) : t('pitchPanel.progress.sent', bytes)];
  if (p.phase === 'uploading' && p.bytesPerSecond > 0) {
    parts.push(t('pitchPanel.progress.rate', { rate: formatBytes(p.bytesPerSecond) }));
    if (p.secondsLeft !== undefined) parts.push(t('pitchPanel.progress.left', { time: formatDuration(Math.max(1, p.secondsLeft)) }));
  }
  return parts.join(' · ');
}

/**
 * The player. Its URL is short-lived: it is renewed shortly before it expires (unless the video is
 * playing) and when the video fails to load; the position and play state carry over.
 */
function Player({ current, captions, onRefresh }: { current: CurrentPitch; captions: PitchStatus['captions']; onRefresh: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const resumeAt = useRef<{ time: number; playing: boolean }>();
  const retried = useRef<string>();

  function refresh() {
    const v = video.current;
    if (v && v.currentTime > 0) resumeAt.current = { time: v.currentTime, playing: !v.paused && !v.ended };
    onRefresh();
  }

  useEffect(() => {
    const ms = Date.parse(current.playbackExpiresAt) - Date.now() - 15_000;
    const t = setTimeout(
      () => {
        const v = video.current;
        if (!v || v.paused) refresh();
      },
      Math.max(ms, 5_000),
    );
    return () => clearTimeout(t);
  }, [current.playbackUrl]);

  const res = resolution(current);
  return (
    <figure class="pitch-player">
      <video
        ref={video}
        controls
        preload="metadata"
        playsInline
        src={current.playbackUrl}
        // Caption files come from the bucket too: a <track> from another origin loads only in CORS mode.
        crossOrigin={captions.length > 0 ? 'anonymous' : undefined}
        aria-label={t('pitchPanel.playerLabel', { file: current.fileName })}
        style={current.width && current.height ? { aspectRatio: `${current.width} / ${current.height}` } : undefined}
        onLoadedMetadata={(e) => {
          const r = resumeAt.current;
          resumeAt.current = undefined;
          if (!r) return;
          e.currentTarget.currentTime = r.time;
          if (r.playing) void e.currentTarget.play().catch(() => undefined);
        }}
        onError={() => {
          // Most likely an expired URL: get a fresh one, once per URL.
          if (retried.current === current.playbackUrl) return;
          retried.current = current.playbackUrl;
          refresh();
        }}
      >
        {captions.map((c, i) => (
          <track key={`${c.language}-${c.url}`} kind="captions" src={c.url} srcLang={c.language} label={c.label} default={i === 0} />
        ))}
      </video>
      <figcaption>
        <strong>{current.fileName}</strong> · {formatDuration(current.durationSeconds)}
        {res && ` · ${res}`} · {formatBytes(current.sizeBytes)}
      </figcaption>
    </figure>
  );
}
