/** What SES reported about an address (H6), next to it in the outbox and the invitation lists. */
const LABEL: Record<string, { text: string; title: string }> = {
  bounced: { text: 'Bounced', title: 'Mail to this address bounced; it is still sent to (a temporary bounce).' },
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
