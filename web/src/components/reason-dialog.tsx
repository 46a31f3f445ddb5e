/**
 * A modal that asks for a written reason before an organiser's action that others will see
 * (excluding a review, voiding a ballot): the reason is required; Escape or Cancel closes it and
 * the focus goes back to the button that opened it (useModalDialog).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { FieldErrors } from '../api.ts';
import { useModalDialog } from '../hooks.ts';
import { TextArea } from './ui.tsx';
import { t } from '../i18n.ts';

/** Longest reason the API takes. */
export const REASON_MAX = 1000;

export function ReasonDialog({
  id,
  title,
  intro,
  missing,
  action,
  busy,
  extra,
  onCancel,
  onSubmit,
}: {
  /** The heading's id (the dialog's label). */
  id: string;
  title: ComponentChildren;
  intro: ComponentChildren;
  /** What the field says when the reason is left empty. */
  missing: string;
  /** The button's label, and its label while the action runs. */
  action: string;
  busy: string;
  /** More fields below the reason (they keep their own state). */
  extra?: (errors: FieldErrors) => ComponentChildren;
  onCancel: () => void;
  /** Runs the action; the field errors of a refusal, or nothing once done. */
  onSubmit: (reason: string) => Promise<FieldErrors | undefined>;
}) {
  const ref = useModalDialog('textarea');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    if (reason.trim() === '') return setErrors({ reason: missing });
    setSaving(true);
    const problems = await onSubmit(reason.trim());
    setSaving(false);
    if (problems) setErrors(problems);
  }
  return (
    <dialog
      ref={ref}
      class="confirm-dialog"
      aria-labelledby={id}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id={id}>{title}</h2>
        {intro}
        <TextArea path="reason" label={t('reasonDialog.reason')} value={reason} onValue={setReason} errors={errors} required maxLength={REASON_MAX} rows={4} />
        {extra?.(errors)}
        <div class="confirm-dialog-actions">
          <button type="button" class="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="btn btn-danger" disabled={saving}>
            {saving ? busy : action}
          </button>
        </div>
      </form>
    </dialog>
  );
}
