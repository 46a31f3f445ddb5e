/**
 * Asking before an irreversible step (publishing, releasing feedback, withdrawing an award): a
 * modal dialog that names the step and its consequence, with the step's own verb on the button and
 * "Cancel" focused first, so Enter never does the irreversible thing by accident.
 *
 *   const [dialog, ask] = useConfirm();
 *   if (!(await ask({ title: 'Publish the results?', body: 'The winners become public…', action: 'Publish results' }))) return;
 *   …
 *   return <>{dialog}…</>;
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useModalDialog } from '../hooks.ts';
import { t } from '../i18n.ts';

export interface ConfirmOptions {
  /** The question, e.g. "Publish the results now?" (the dialog's name). */
  title: string;
  /** What happens: one paragraph per string. */
  body: string | string[];
  /** The button that does it, e.g. "Publish results". */
  action: string;
  /** Red button: the step takes something away (withdrawing, archiving). */
  danger?: boolean;
}

interface Pending extends ConfirmOptions {
  resolve: (ok: boolean) => void;
}

export function useConfirm(): [ComponentChildren, (o: ConfirmOptions) => Promise<boolean>] {
  const [pending, setPending] = useState<Pending>();
  const ask = (o: ConfirmOptions) => new Promise<boolean>((resolve) => setPending({ ...o, resolve }));
  const finish = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(undefined);
  };
  return [pending ? <ConfirmDialog key={pending.title} {...pending} onDone={finish} /> : null, ask];
}

function ConfirmDialog({ title, body, action, danger, onDone }: ConfirmOptions & { onDone: (ok: boolean) => void }) {
  // The focus starts on Cancel: Enter on an unread dialog must not confirm it.
  const ref = useModalDialog('button[data-cancel]');
  const paragraphs = Array.isArray(body) ? body : [body];
  return (
    <dialog
      ref={ref}
      class="confirm-dialog"
      aria-labelledby="confirm-dialog-title"
      aria-describedby="confirm-dialog-body"
      onCancel={(e) => {
        e.preventDefault();
        onDone(false);
      }}
    >
      <h2 id="confirm-dialog-title">{title}</h2>
      <div id="confirm-dialog-body">
        {paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
      <div class="confirm-dialog-actions">
        <button type="button" class="btn" data-cancel onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
        <button type="button" class={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} onClick={() => onDone(true)}>
          {action}
        </button>
      </div>
    </dialog>
  );
}
