/** What SES reported about an address (H6), next to it in the outbox and the invitation lists. */
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { t, tx, type MessageKey } from '../i18n.ts';
const LABEL: Partial<Record<string, { text: MessageKey; title: MessageKey }>> = {
  bounced: { text: 'mailStatus.bounced', title: 'mailStatus.bouncedTitle' },
  complained: { text: 'mailStatus.complained', title: 'mailStatus.complainedTitle' },
  suppressed: { text: 'mailStatus.suppressed', title: 'mailStatus.suppressedTitle' },
};

export function MailStatusBadge({ status }: { status?: string }) {
  const l = status ? LABEL[status] : undefined;
  if (!l) return null;
  return (
    <span class={`badge badge-mail-${status}`} title={t(l.title)}>
      {t(l.text)}
      <span class="sr-only">{t('mailStatus.srTitle', { title: t(l.title) })}</span>
    </span>
  );
}

/**
 * Issue 13: an invitation whose e-mail did not go out, in a list's "Sent" cell — held back because
 * the address bounced or complained ("Not sent — address bounced …", the server's sentence), or
 * refused by SES (its reason). Nothing when it went out.
 */
export function MailNotSent({ mailState, mailError }: { mailState?: string; mailError?: string }) {
  if (!mailState && !mailError) return null;
  const text = mailState === 'suppressed' ? (mailError ?? t('mailStatus.notSentSuppressed')) : t('mailStatus.notSent', { reason: mailError ?? t('mailStatus.couldNotSend') });
  return <span class="field-error mail-not-sent">{text}</span>;
}

/**
 * Issue 13: "Send again" next to a suppressed address, for those who manage the competition: asks
 * first (clearing is audited), then clears the suppression so Podium mails the address again.
 */
export function ClearSuppression({
  competitionId,
  address,
  ask,
  onCleared,
}: {
  competitionId: string;
  address: string;
  ask: (o: { title: string; body: string; action: string; danger?: boolean }) => Promise<boolean>;
  onCleared: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function clear() {
    const sure = await ask({
      title: t('mailStatus.clearTitle', { address }),
      body: t('mailStatus.clearBody'),
      action: t('mailStatus.clearAction'),
    });
    if (!sure) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.POST('/api/competitions/{competitionId}/mail-suppressions/clear', { params: { path: { competitionId } }, body: { address } });
      onCleared();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" class="btn btn-small" disabled={busy} onClick={() => void clear()} >
        {busy ? t('mailStatus.clearing') : tx('mailStatus.sendAgain', { address, sr: (chunks) => <span class="sr-only">{chunks}</span> })}
      </button>
      {error && <span class="field-error"> {error}</span>}
    </>
  );
}
