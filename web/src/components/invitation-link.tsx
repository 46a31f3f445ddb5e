/**
 * What an invitation just sent shows its sender, and the actions on a pending one: shared by the
 * programme's people, a competition's organisers and an entrant's team.
 */
import { useState } from 'preact/hooks';
import { formatLocal } from '../format.ts';
import { fieldId } from './ui.tsx';

/** The link of an invitation just sent, to copy if the e-mail does not arrive (only its fingerprint is stored). */
export function InvitationLink({ sent }: { sent: { email: string; link: string; expiresAt: string; sent: boolean; mailState?: string; mailError?: string } }) {
  const [copied, setCopied] = useState(false);
  const url = location.origin + sent.link;
  const id = fieldId('invitation-link');
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      (document.getElementById(id) as HTMLInputElement | null)?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  }
  return (
    <div class="invite-links" role="region" aria-label="Invitation link">
      <p class={sent.sent ? 'hint' : 'field-error'}>
        {sent.sent
          ? `Invitation e-mailed to ${sent.email}.`
          : sent.mailState === 'suppressed'
            ? `${sent.mailError ?? 'Not sent — the address bounced or complained.'} Copy the link and pass it on another way, or check the address.`
            : `The e-mail to ${sent.email} could not be sent (${sent.mailError ?? 'unknown reason'}): copy the link and send it yourself.`}{' '}
        The link works until{' '}
        {formatLocal(sent.expiresAt)}; it is shown only now.
      </p>
      <div class="copy-row">
        <label class="sr-only" for={id}>
          Invitation link for {sent.email}
        </label>
        <input id={id} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="btn btn-small" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
      </div>
      <p class="sr-only" role="status" aria-live="polite">
        {copied && 'Link copied.'}
      </p>
    </div>
  );
}

/** Resend (a new link; the old one stops working) and revoke (asked first) for one pending invitation. */
export function InvitationActions({
  id,
  email,
  busy,
  ask,
  onResend,
  onRevoke,
}: {
  id: string;
  email: string;
  /** The id of the invitation being acted on ('' when none). */
  busy: string;
  ask: (o: { title: string; body: string; action: string; danger?: boolean }) => Promise<boolean>;
  onResend: () => Promise<unknown>;
  onRevoke: () => Promise<unknown>;
}) {
  return (
    <div class="actions">
      <button type="button" class="btn btn-small" disabled={busy !== ''} onClick={() => void onResend()} aria-label={`Resend the invitation to ${email}`}>
        {busy === id ? 'Sending…' : 'Resend'}
      </button>
      <button
        type="button"
        class="btn btn-small btn-danger-ghost"
        disabled={busy !== ''}
        onClick={async () => {
          if (await ask({ title: `Revoke the invitation of ${email}?`, body: 'The link in their e-mail stops working. You can invite them again later.', action: 'Revoke invitation', danger: true })) await onRevoke();
        }}
        aria-label={`Revoke the invitation to ${email}`}
      >
        Revoke
      </button>
    </div>
  );
}
