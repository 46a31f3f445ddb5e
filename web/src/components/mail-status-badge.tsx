/** What SES reported about an address (H6), next to it in the outbox and the invitation lists. */
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
const LABEL: Record<string, { text: string; title: string }> = {
  bounced: { text: 'Bounced', title: 'Mail to this address bounced; it is still sent to (the bounce was temporary, or an organiser allowed mail again).' },
  complained: { text: 'Complained', title: 'The recipient reported mail as spam.' },
  suppressed: { text: 'Suppressed', title: 'This address bounced for good, complained, or bounced repeatedly: nothing more is sent to it.' },
};

export function MailStatusBadge({ status }: { status?: string }) {
  const l = status ? LABEL[status] : undefined;
  if (!l) return null;
  return (
    <span class={`badge badge-mail-${status}`} title={l.title}>
      {l.text}
      <span class="sr-only">: {l.title}</span>
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
  const text = mailState === 'suppressed' ? (mailError ?? 'Not sent — the address bounced or complained.') : `Not sent: ${mailError ?? 'the e-mail could not be sent'}`;
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
      title: `Send to ${address} again?`,
      body: 'SES reported that mail to this address bounced or that its owner marked it as spam, so Podium stopped sending to it. Clear this only when you know the address works now (its owner asked for it, or it was fixed). The change is kept in the audit trail.',
      action: 'Send to it again',
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
      <button type="button" class="btn btn-small" disabled={busy} onClick={() => void clear()} aria-label={`Send to ${address} again`}>
        {busy ? 'Clearing…' : 'Send again'}
      </button>
      {error && <span class="field-error"> {error}</span>}
    </>
  );
}
