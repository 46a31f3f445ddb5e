/** Small shared building blocks: badges, fields with their errors, states, the error summary. */
import { humanPath } from '../field-paths.ts';
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ApiError, FieldErrors } from '../api.ts';
import { fieldMessage } from '../error-text.ts';
import { currentLocale, t, tMaybe, type MessageKey } from '../i18n.ts';
import type { Phase, RoundPhase, SubmissionStatus } from '../types.ts';

export function fieldId(path: string): string {
  return 'f-' + path.replace(/[^A-Za-z0-9_-]/g, '-');
}

/**
 * Short words for every state, for where the server's `phaseLabel` is not at hand (a round's
 * phase is one of upcoming / open / closed).
 */
const PHASE_LABEL: Record<Phase | RoundPhase, MessageKey> = {
  draft: 'ui.phase.draft',
  upcoming: 'ui.phase.upcoming',
  open: 'ui.phase.open',
  closed: 'ui.phase.closed',
  evaluation: 'ui.phase.evaluation',
  deliberation: 'ui.phase.deliberation',
  decided: 'ui.phase.decided',
  published: 'ui.phase.published',
  amending: 'ui.phase.amending',
  archived: 'ui.phase.archived',
};

/** A competition's state (with the server's `phaseLabel` where there is one) or a round's phase. */
export function PhaseBadge({ phase, label }: { phase: Phase | RoundPhase; label?: string }) {
  const key = PHASE_LABEL[phase];
  return <span class={`badge badge-${phase}`}>{label ?? (key ? t(key) : phase)}</span>;
}

export function StatusBadge({ status }: { status: SubmissionStatus }) {
  return <span class={`badge badge-status-${status}`}>{tMaybe(`ui.submissionStatus.${status}`) ?? status}</span>;
}

export function Loading({ label = t('common.loading') }: { label?: string }) {
  // As LoadError: where it is all the page shows (a page loading), its label is the page's h1.
  const ref = useRef<HTMLDivElement>(null);
  const [alone, setAlone] = useState(false);
  useLayoutEffect(() => {
    const main = ref.current?.closest('main');
    setAlone(Boolean(main && !main.querySelector('h1')));
  }, []);
  return (
    <div class="loading" role="status" aria-live="polite" ref={ref}>
      <span class="spinner" aria-hidden="true" />
      {alone ? <h1 class="notice-heading">{label}</h1> : label}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'error' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** A failed load: the message, and for 404 a plain "not found". */
export function LoadError({ error }: { error: unknown }) {
  const e = error as Partial<ApiError> & { message?: string };
  // Where the failure is all the page shows, its sentence is the page's h1 (for screen-reader users
  // who jump to the h1; axe's page-has-heading-one): decided once mounted, if <main> has no h1.
  const ref = useRef<HTMLDivElement>(null);
  const [alone, setAlone] = useState(false);
  useLayoutEffect(() => {
    const main = ref.current?.closest('main');
    setAlone(Boolean(main && !main.querySelector('h1')));
  }, []);
  // (The *Heading messages are no longer shown: the sentence itself is the heading, one text for getByText.)
  const [, message] =
    e.status === 404
      ? [t('ui.loadError.notFoundHeading'), t('ui.loadError.notFound')]
      : e.status === 403
        ? [t('ui.loadError.forbiddenHeading'), t('ui.loadError.forbidden')]
        : e.status === 401
          ? [t('ui.loadError.signInHeading'), t('ui.loadError.signIn')]
          : [t('ui.somethingWentWrong'), e.message ?? t('ui.somethingWentWrongSentence')];
  return (
    <div class="load-error" ref={ref}>
      <Notice kind="error">{alone ? <h1 class="notice-heading">{message}</h1> : message}</Notice>
    </div>
  );
}

/**
 * The summary at the top of a form: the API's message plus one link per field error. It takes
 * focus when it appears so keyboard and screen-reader users hear it.
 */
export function ErrorSummary({ error, labels = {} }: { error: ApiError | Error | undefined; labels?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const fields = ('fields' in error ? error.fields : undefined) ?? {};
  const entries = Object.entries(fields);
  // A 409 is the server saying "not in this state", with a sentence: nothing went wrong.
  const refused = 'status' in error && error.status === 409;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2>{entries.length ? t('ui.errorSummary.fix') : refused ? t('ui.errorSummary.refused') : t('ui.somethingWentWrong')}</h2>
      <p>{error.message}</p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([path, msg]) => (
            <li key={path}>
              <a href={`#${fieldId(path)}`}>{t('ui.errorSummary.item', { field: labels[path] ?? humanPath(path), message: fieldMessage(msg) })}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export { humanPath };

/** An error the API reports on a group of fields (e.g. "rubric", "schedule"), focusable from the error summary. */
export function GroupError({ path, errors }: { path: string; errors: FieldErrors }) {
  const msg = errors[path];
  return msg ? (
    <div class="field-error" id={fieldId(path)} tabIndex={-1}>
      {fieldMessage(msg)}
    </div>
  ) : null;
}

/** Focuses the element with this id once the next render has put it on the page. */
function focusLater(id: string): void {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/** "Add criterion", "Add question": appends a row to a list editor, then focuses the new row's first field. */
export function AddRowButton({ label, disabled, onAdd, focusPath }: { label: string; disabled: boolean; onAdd: () => void; focusPath: string }) {
  return (
    <button
      type="button"
      class="btn"
      disabled={disabled}
      onClick={() => {
        onAdd();
        focusLater(fieldId(focusPath));
      }}
    >
      {label}
    </button>
  );
}

interface FieldProps {
  path: string;
  label: ComponentChildren;
  errors?: FieldErrors;
  hint?: ComponentChildren;
  required?: boolean;
  class?: string;
  children: (a11y: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string; required?: boolean }) => ComponentChildren;
}

/** A label, the control, an optional hint and the field's error from the API, wired together. */
export function Field({ path, label, errors, hint, required, class: cls, children }: FieldProps) {
  const id = fieldId(path);
  const error = errors?.[path];
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field ${error ? 'field-invalid' : ''} ${cls ?? ''}`}>
      <label for={id}>
        {label}
        {required && (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {hint && (
        <div class="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described, required })}
      {error && (
        <div class="field-error" id={`${id}-error`}>
          {fieldMessage(error)}
        </div>
      )}
    </div>
  );
}

/** What a text control takes besides its element's own attributes. */
interface TextControlProps {
  path: string;
  label: ComponentChildren;
  value: string;
  onValue: (v: string) => void;
  errors?: FieldErrors;
  hint?: ComponentChildren;
  required?: boolean;
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'label'> & TextControlProps;

export function TextField({ path, label, value, onValue, errors, hint, required, class: cls, ...rest }: InputProps) {
  return (
    <Field path={path} label={label} errors={errors} hint={hint} required={required} class={cls as string | undefined}>
      {(a11y) => <input type="text" {...rest} {...a11y} value={value} onInput={(e) => onValue(e.currentTarget.value)} />}
    </Field>
  );
}

type AreaProps = Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onInput' | 'label'> & TextControlProps & { maxLength?: number };

/** A textarea with a live character counter when it has a maximum length. */
export function TextArea({ path, label, value, onValue, errors, hint, required, maxLength, rows = 4, ...rest }: AreaProps) {
  const id = fieldId(path);
  return (
    <Field path={path} label={label} errors={errors} hint={hint} required={required}>
      {(a11y) => (
        <>
          <textarea
            rows={rows}
            maxLength={maxLength}
            {...rest}
            {...a11y}
            aria-describedby={[a11y['aria-describedby'], maxLength ? `${id}-count` : ''].filter(Boolean).join(' ') || undefined}
            value={value}
            onInput={(e) => onValue(e.currentTarget.value)}
          />
          {maxLength !== undefined && (
            <div class="counter" id={`${id}-count`}>
              {t('ui.counter.characters', { count: value.length, max: maxLength })}
            </div>
          )}
        </>
      )}
    </Field>
  );
}

export function Checkbox({
  path,
  label,
  checked,
  onChecked,
  errors,
  disabled,
}: {
  path: string;
  label: ComponentChildren;
  checked: boolean;
  onChecked: (v: boolean) => void;
  errors?: FieldErrors;
  disabled?: boolean;
}) {
  const id = fieldId(path);
  const error = errors?.[path];
  return (
    <div class={`field field-check ${error ? 'field-invalid' : ''}`}>
      <input
        type="checkbox"
        id={id}
        checked={checked}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChecked(e.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      {error && (
        <div class="field-error" id={`${id}-error`}>
          {fieldMessage(error)}
        </div>
      )}
    </div>
  );
}

/** Comma-separated tags edited as text; shown as chips underneath. */
export function TagsField({
  path,
  label,
  value,
  onValue,
  errors,
  hint = t('ui.tags.hint'),
  disabled,
  upper,
}: {
  path: string;
  label: ComponentChildren;
  value: string;
  onValue: (v: string) => void;
  errors?: FieldErrors;
  hint?: string;
  disabled?: boolean;
  upper?: boolean;
}) {
  const tags = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Per-tag errors come back as "sectors.2"; show them on the field.
  const tagError = Object.entries(errors ?? {}).find(([k]) => k.startsWith(path + '.'));
  const merged = tagError && !errors?.[path] ? { ...errors, [path]: t('ui.tags.tagError', { tag: tags[Number(tagError[0].split('.').pop())] ?? t('ui.tags.aTag'), message: tagError[1] }) } : errors;
  return (
    <Field path={path} label={label} errors={merged} hint={hint}>
      {(a11y) => (
        <>
          <input
            type="text"
            {...a11y}
            disabled={disabled}
            value={value}
            onInput={(e) => onValue(upper ? e.currentTarget.value.toUpperCase() : e.currentTarget.value)}
          />
          {tags.length > 0 && (
            <ul class="chips" aria-label={t('ui.tags.entered', { label: typeof label === 'string' ? label : t('ui.tags.label') })}>
              {tags.map((t, i) => (
                <li key={i} class="chip">
                  {t}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Field>
  );
}

export function Tags({ items }: { items: string[] }) {
  if (!items.length) return null;
  return (
    <ul class="chips">
      {items.map((t) => (
        <li key={t} class="chip">
          {t}
        </li>
      ))}
    </ul>
  );
}

const REVIEW_STATUS_LABEL: Record<string, MessageKey> = { assigned: 'ui.reviewStatus.assigned', draft: 'ui.reviewStatus.draft', submitted: 'ui.reviewStatus.submitted' };

/** A review's state: assigned (not started), draft, submitted. */
export function ReviewStatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-review-${status}`}>{REVIEW_STATUS_LABEL[status] ? t(REVIEW_STATUS_LABEL[status]!) : status}</span>;
}

/** "7 of 10 done" with a bar; the text is what screen readers and the tests read. */
export function ProgressLine({ done, total, label, suffix = t('ui.progress.done') }: { done: number; total: number; label: string; suffix?: string }) {
  return (
    <div class="progress-line">
      <progress max={Math.max(total, 1)} value={done} aria-label={label} />
      <span class="progress-text">
        {t('ui.progress.line', { done, total, suffix })}
      </span>
    </div>
  );
}
