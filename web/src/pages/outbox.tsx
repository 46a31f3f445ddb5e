/**
 * Organisers and programme staff, locally: the e-mails the platform would have sent (on AWS they go
 * out through SES) — for the competitions the caller organises and the calls of the programmes
 * whose role reads them (the server decides: use-cases/outbox.ts).
 */
import { api } from '../api.ts';
import { Empty, LoadError, Loading } from '../components/ui.tsx';
import { MailStatusBadge } from '../components/mail-status-badge.tsx';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { RequireSignIn } from '../session.tsx';
import { t } from '../i18n.ts';

export function OutboxPage() {
  useTitle(t('outbox.title'));
  return (
    <RequireSignIn what={t('outbox.signInWhat')}>
      <Outbox />
    </RequireSignIn>
  );
}

function Outbox() {
  const res = useResource(() => api.GET('/api/dev/outbox'), 'outbox');
  const items = res.data?.items ?? [];
  return (
    <section class="outbox">
      <div class="page-head">
        <div>
          <h1>{t('outbox.title')}</h1>
          <p class="muted">{t('outbox.lead')}</p>
        </div>
        <button type="button" class="btn btn-small btn-ghost" onClick={res.reload} disabled={res.loading}>
          {res.loading ? t('outbox.refreshing') : t('outbox.refresh')}
        </button>
      </div>
      {res.loading && !res.data && <Loading />}
      {res.error !== undefined && <LoadError error={res.error} />}
      {res.data && items.length === 0 && (
        <Empty>
          {t('outbox.empty')}
        </Empty>
      )}
      {items.length > 0 && (
        <ul class="messages">
          {items.map((m) => (
            <li key={m.id} class="message">
              <div class="message-head">
                <h2 class="message-subject">{m.subject}</h2>
                <time class="muted" dateTime={m.at}>
                  {formatLocal(m.at)}
                </time>
              </div>
              <p class="muted message-to">
                {t('outbox.to', { to: m.to })} <MailStatusBadge status={m.mailStatus} />
              </p>
              <pre class="message-text">{m.text}</pre>
              {m.html && (
                // The HTML part (H5), sandboxed: no script runs, links open nothing here.
                <details class="message-html-part">
                  <summary>{t('outbox.htmlPart')}</summary>
                  <iframe class="message-html" title={t('outbox.htmlTitle', { subject: m.subject })} sandbox="" srcDoc={m.html} />
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
