/**
 * What an invitation just sent shows its sender, and the actions on a pending one: shared by the
 * programme's people, a competition's organisers and an entrant's team.
 */
import { useState } from 'preact/hooks';
import { formatLocal } from '../format.ts';
import { fieldId } from './ui.tsx';
import { t } from '../i18n.ts';

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
    <div class="invite-links" role="region" aria-label={t('invitationLink.label')}>
      <p class={sent.sent ? 'hint' : 'field-error'}>
        {sent.sent
          ? t('invitationLink.sent', { email: sent.email })
          : sent.mailState === 'suppressed'
            ? `${sent.mailError ?? t('invitationLink.suppressed')} ${t('invitationLink.passOn')}`
            : t('invitationLink.failed', { email: sent.email, reason: sent.mailError ?? t('invitationLink.unknownReason') })}{' '}
        {t('invitationLink.worksUntil', { at: formatLocal(sent.expiresAt) })}
      </p>
      <div class="copy-row">
        <label class="sr-only" for={id}>
          {t('invitationLink.for', { email: sent.email })}
        </label>
        <input id={id} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="btn btn-small" onClick={() => void copy()}>
          {copied ? t('invitationLink.copied') : t('invitationLink.copy')}
        </button>
      </div>
      <p class="sr-only" role="status" aria-live="polite">
        {copied && t('invitationLink.copiedStatus')}
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
      <button type="button" class="btn btn-small" disabled={busy !== ''} onClick={() => void onResend()} aria-label={t('invitationLink.resendLabel', { email })}>
        {busy === id ? t('invitationLink.sending') : t('invitationLink.resend')}
      </button>
      <button
        type="button"
        class="btn btn-small btn-danger-ghost"
        disabled={busy !== ''}
        onClick={async () => {
          if (await ask({ title: t('invitationLink.revokeTitle', { email }), body: t('invitationLink.revokeBody'), action: t('invitationLink.revokeAction'), danger: true })) await onRevoke();
        }}
        aria-label={t('invitationLink.revokeLabel', { email })}
      >
        {t('invitationLink.revoke')}
      </button>
    </div>
  );
}
