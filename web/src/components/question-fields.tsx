/**
 * Issue 14 §3: the entrant's answers, one proper control per question type (text, number with its
 * unit, radio buttons, checkboxes, yes/no, date, file upload with progress and its state), with
 * conditions applied live (domain/questions.ts, shared with the server); and the answers as
 * reviewers and organisers read them.
 */
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import type { AnswerFileView, Competition } from '../types.ts';
import { answerText, isShown, type AnswerValue, type Question } from '../../../functions/shared/questions.ts';
import { Field, fieldId, TextArea, TextField } from './ui.tsx';
import { DateInput } from './date-input.tsx';
import { answerFileProblemText, fileKindLabel, formatSize } from '../answer-files.ts';
import { formatDay, formatList, formatNumber } from '../format.ts';
import { t, type MessageKey } from '../i18n.ts';
import { optionLabel } from '../content.ts';

type FieldErrors = Record<string, string>;
export type AnswerMap = Record<string, AnswerValue>;

export type { AnswerFileView };

const STATE_WORDS: Record<AnswerFileView['state'], MessageKey> = {
  uploaded: 'questionFields.state.uploaded',
  verified: 'questionFields.state.verified',
  rejected: 'questionFields.state.rejected',
  'awaiting-scan': 'questionFields.state.awaitingScan',
  clean: 'questionFields.state.clean',
  infected: 'questionFields.state.infected',
};
const stateWords = (s: AnswerFileView['state']) => (STATE_WORDS[s] ? t(STATE_WORDS[s]) : s);

const questionsOf = (c: Competition) => c.questions as unknown as Question[];

const hintOf = (q: Question): string | undefined => {
  const parts = [q.help];
  if (q.type === 'number')
    parts.push(
      [
        q.unit && t('questionFields.hint.unit', { unit: q.unit }),
        q.min !== undefined && t('questionFields.hint.min', { min: formatNumber(q.min) }),
        q.max !== undefined && t('questionFields.hint.max', { max: formatNumber(q.max) }),
        q.integer && t('questionFields.hint.integer'),
      ]
        .filter(Boolean)
        .join(' '),
    );
  if (q.type === 'date')
    parts.push([q.min && t('questionFields.hint.notBefore', { date: formatDay(q.min) }), q.max && t('questionFields.hint.notAfter', { date: formatDay(q.max) })].filter(Boolean).join(' '));
  if (q.type === 'multipleChoice') parts.push([q.minSelections > 0 && t('questionFields.hint.minSelections', { n: q.minSelections }), q.maxSelections !== undefined && t('questionFields.hint.maxSelections', { n: q.maxSelections })].filter(Boolean).join(' '));
  if (q.type === 'longText' && q.maxWords) parts.push(t('questionFields.hint.maxWords', { n: q.maxWords }));
  if (q.type === 'file') parts.push(t('questionFields.hint.file', { kinds: q.kinds.map(fileKindLabel).join(', '), size: formatSize(q.maxBytes) }));
  return parts.filter(Boolean).join(' ') || undefined;
};


/** The shown questions' controls; hidden ones disappear as soon as the earlier answer changes. */
export function AnswerFields({ c, answers, onAnswers, errors, disabled, submissionId }: { c: Competition; answers: AnswerMap; onAnswers: (a: AnswerMap) => void; errors: FieldErrors; disabled: boolean; submissionId?: string }) {
  const questions = questionsOf(c);
  const set = (id: string, v: AnswerValue | undefined) => {
    const next = { ...answers };
    if (v === undefined) delete next[id];
    else next[id] = v;
    onAnswers(next);
  };
  const files = useFiles(c.id, submissionId, questions.some((q) => q.type === 'file'));
  return (
    <>
      {questions
        .filter((q) => isShown(q, questions, answers))
        .map((q) => (
          <AnswerField key={q.id} q={q} value={answers[q.id]} onValue={(v) => set(q.id, v)} errors={errors} disabled={disabled} competitionId={c.id} submissionId={submissionId} files={files} />
        ))}
    </>
  );
}

function useFiles(competitionId: string, submissionId: string | undefined, any: boolean) {
  const [list, setList] = useState<AnswerFileView[]>([]);
  const reload = async () => {
    if (!submissionId || !any) return [];
    const r = (await api.GET('/api/competitions/{competitionId}/submissions/{submissionId}/files', { params: { path: { competitionId, submissionId } } })) as { files: AnswerFileView[] };
    setList(r.files);
    return r.files;
  };
  useEffect(() => {
    void reload().catch(() => undefined);
  }, [competitionId, submissionId, any]);
  return { list, reload };
}

function AnswerField({ q, value, onValue, errors, disabled, competitionId, submissionId, files }: {
  q: Question;
  value: AnswerValue | undefined;
  onValue: (v: AnswerValue | undefined) => void;
  errors: FieldErrors;
  disabled: boolean;
  competitionId: string;
  submissionId?: string;
  files: ReturnType<typeof useFiles>;
}) {
  const path = `answers.${q.id}`;
  const hint = hintOf(q);
  switch (q.type) {
    case 'shortText':
      return <TextField path={path} label={q.label} required={q.required} hint={hint} value={typeof value === 'string' ? value : ''} onValue={(v) => onValue(v)} errors={errors} maxLength={q.maxLength} />;
    case 'longText':
      return <TextArea path={path} label={q.label} required={q.required} hint={hint} value={typeof value === 'string' ? value : ''} onValue={(v) => onValue(v)} errors={errors} maxLength={q.maxLength} rows={4} />;
    case 'number':
      return (
        <Field path={path} label={q.unit ? `${q.label} (${q.unit})` : q.label} required={q.required} hint={hint} errors={errors}>
          {(a11y) => (
            <input
              type="number"
              {...a11y}
              inputMode={q.integer ? 'numeric' : 'decimal'}
              step={q.integer ? 1 : 'any'}
              min={q.min}
              max={q.max}
              value={typeof value === 'number' ? String(value) : ''}
              onInput={(e) => {
                const typed = e.currentTarget.value;
                onValue(typed === '' || Number.isNaN(Number(typed)) ? undefined : Number(typed));
              }}
            />
          )}
        </Field>
      );
    case 'date':
      return (
        <Field path={path} label={q.label} required={q.required} hint={hint} errors={errors}>
          {(a11y) => <DateInput a11y={a11y} min={q.min} max={q.max} value={typeof value === 'string' ? value : ''} onValue={(v) => onValue(v || undefined)} />}
        </Field>
      );
    case 'yesNo':
      return <Choices path={path} label={q.label} required={q.required} hint={hint} errors={errors} type="radio" options={[['yes', t('common.yes')], ['no', t('common.no')]]} chosen={value === true ? ['yes'] : value === false ? ['no'] : []} onChosen={(c) => onValue(c[0] === 'yes' ? true : c[0] === 'no' ? false : undefined)} />;
    case 'singleChoice':
      return <Choices path={path} label={q.label} required={q.required} hint={hint} errors={errors} type="radio" options={q.options.map((o) => [o, optionLabel(q, o)])} chosen={typeof value === 'string' ? [value] : []} onChosen={(c) => onValue(c[0])} />;
    case 'multipleChoice':
      return <Choices path={path} label={q.label} required={q.required} hint={hint} errors={errors} type="checkbox" options={q.options.map((o) => [o, optionLabel(q, o)])} chosen={Array.isArray(value) ? value : []} onChosen={(c) => onValue(q.options.filter((o) => c.includes(o)))} />;
    case 'file':
      return <FileField q={q} path={path} hint={hint} errors={errors} disabled={disabled} value={value} onValue={onValue} competitionId={competitionId} submissionId={submissionId} files={files} />;
  }
}

/** Radio buttons or checkboxes in a labelled group (a fieldset whose legend is the question). */
function Choices({ path, label, required, hint, errors, type, options, chosen, onChosen }: {
  path: string;
  label: string;
  required: boolean;
  hint?: string;
  errors: FieldErrors;
  type: 'radio' | 'checkbox';
  options: [value: string, label: string][];
  chosen: string[];
  onChosen: (c: string[]) => void;
}) {
  const id = fieldId(path);
  const error = errors[path];
  return (
    <fieldset class={`field field-choices ${error ? 'field-invalid' : ''}`} id={id} tabIndex={-1} aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
      <legend>
        {label}
        {required && <span class="required" aria-hidden="true"> *</span>}
      </legend>
      {hint && <div class="hint" id={`${id}-hint`}>{hint}</div>}
      {options.map(([value, text], i) => (
        <div class="field-check" key={value}>
          <input
            type={type}
            id={`${id}-${i}`}
            name={id}
            value={value}
            checked={chosen.includes(value)}
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              onChosen(type === 'radio' ? (on ? [value] : []) : on ? [...chosen, value] : chosen.filter((c) => c !== value));
            }}
          />
          <label for={`${id}-${i}`}>{text}</label>
        </div>
      ))}
      {error && <div class="field-error" id={`${id}-error`}>{error}</div>}
    </fieldset>
  );
}

/** Upload straight to S3 (presigned POST, with progress), then the file's state as the server judged it. */
function FileField({ q, path, hint, errors, disabled, value, onValue, competitionId, submissionId, files }: {
  q: Extract<Question, { type: 'file' }>;
  path: string;
  hint?: string;
  errors: FieldErrors;
  disabled: boolean;
  value: AnswerValue | undefined;
  onValue: (v: AnswerValue | undefined) => void;
  competitionId: string;
  submissionId?: string;
  files: ReturnType<typeof useFiles>;
}) {
  const [progress, setProgress] = useState<number>();
  const [problem, setProblem] = useState<string>();
  const poll = useRef<number>();
  const fileId = value && typeof value === 'object' && !Array.isArray(value) ? value.fileId : undefined;
  const file = files.list.find((f) => f.questionId === q.id && f.fileId === fileId);
  useEffect(() => () => window.clearTimeout(poll.current), []);
  // Until the server has judged it, look again every second.
  useEffect(() => {
    if (file?.state !== 'uploaded') return;
    poll.current = window.setTimeout(() => void files.reload().catch(() => undefined), 1000);
    return () => window.clearTimeout(poll.current);
  }, [file?.state, files.list]);

  async function upload(f: File) {
    if (!submissionId) return;
    setProblem(undefined);
    if (f.size > q.maxBytes) return setProblem(t('questionFields.tooLarge', { size: formatSize(f.size), max: formatSize(q.maxBytes) }));
    try {
      const started = (await api.POST('/api/competitions/{competitionId}/submissions/{submissionId}/answers/{questionId}/file', {
        params: { path: { competitionId, submissionId, questionId: q.id } },
        body: { fileName: f.name, sizeBytes: f.size },
      })) as { file: AnswerFileView; upload: { url: string; fields: Record<string, string> } };
      const form = new FormData();
      for (const [k, v] of Object.entries(started.upload.fields)) form.append(k, v);
      form.append('file', f);
      setProgress(0);
      await new Promise<void>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
        xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(t('questionFields.storageRefused', { status: xhr.status }))));
        xhr.onerror = () => reject(new Error(t('questionFields.uploadFailedNetwork')));
        xhr.open('POST', started.upload.url);
        xhr.send(form);
      });
      setProgress(undefined);
      onValue({ fileId: started.file.fileId });
      await files.reload();
    } catch (e) {
      setProgress(undefined);
      setProblem(e instanceof ApiError || e instanceof Error ? e.message : t('questionFields.uploadFailed'));
    }
  }

  const id = fieldId(path);
  return (
    <Field path={path} label={q.label} required={q.required} hint={hint} errors={errors}>
      {(a11y) => (
        <div class="answer-file">
          {file && (
            <p class={`answer-file-state state-${file.state}`} role="status" aria-live="polite">
              <strong>{file.fileName}</strong> — {stateWords(file.state)}
              {file.reason ? `: ${answerFileProblemText(file)}` : ''}
              {file.scanNote ? ` (${t('questionFields.localScan')})` : ''}
              {file.downloadUrl && (
                <>
                  {' '}
                  <a href={file.downloadUrl} download={file.fileName}>{t('questionFields.download')}</a>
                </>
              )}
            </p>
          )}
          {!file && fileId && <p class="muted">{t('questionFields.attached')}</p>}
          {submissionId ? (
            <input
              type="file"
              {...a11y}
              disabled={disabled || progress !== undefined}
              accept={q.kinds.flatMap((k) => (k === 'pdf' ? ['application/pdf', '.pdf'] : k === 'image' ? ['image/*'] : ['.docx', '.xlsx', '.pptx', '.odt', '.ods', '.odp'])).join(',')}
              onChange={(e) => {
                const f = e.currentTarget.files?.[0];
                if (f) void upload(f);
              }}
            />
          ) : (
            <p class="muted" id={id}>{t('questionFields.saveFirst')}</p>
          )}
          {progress !== undefined && (
            <progress max={100} value={progress} aria-label={t('questionFields.uploading', { label: q.label })}>
              {progress} %
            </progress>
          )}
          {problem && <div class="field-error" role="alert">{problem}</div>}
        </div>
      )}
    </Field>
  );
}

/** Answers as reviewers and organisers read them: choices as text, files as links with their state. */
export function FormattedAnswers({ c, answers, files }: { c: Competition; answers: Record<string, unknown>; files?: AnswerFileView[] }) {
  const questions = questionsOf(c);
  return (
    <>
      {questions
        .filter((q) => isShown(q, questions, answers))
        .map((q) => {
          const v = answers[q.id] as AnswerValue | undefined;
          const file = q.type === 'file' ? files?.find((f) => f.questionId === q.id) : undefined;
          return (
            <Fragment key={q.id}>
              <dt>{q.label}</dt>
              <dd class="prose">
                {file ? <FileLink file={file} /> : v === undefined ? <span class="muted">{t('questionFields.noAnswer')}</span> : shownAnswer(q, v)}
              </dd>
            </Fragment>
          );
        })}
    </>
  );
}

/** An answer as text in the reader's language: yes / no and numbers localised, the rest as typed. */
function shownAnswer(q: Question, v: AnswerValue): string {
  if (q.type === 'yesNo' && typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (q.type === 'number' && typeof v === 'number') return q.unit ? `${formatNumber(v)} ${q.unit}` : formatNumber(v);
  return answerText(q, v);
}

export function FileLink({ file }: { file: Pick<AnswerFileView, 'fileName' | 'state' | 'downloadUrl' | 'scanNote' | 'reason'> }) {
  return (
    <span class={`answer-file-state state-${file.state}`}>
      {file.downloadUrl ? <a href={file.downloadUrl} download={file.fileName}>{file.fileName}</a> : <span>{file.fileName}</span>} — {stateWords(file.state)}
      {file.scanNote ? ` (${file.scanNote})` : ''}
    </span>
  );
}
