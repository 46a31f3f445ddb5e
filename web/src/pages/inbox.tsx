/** The signed-in user's inbox: results and feedback announcements, with links; read on opening. */
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { LoadMore, useLoadMore } from '../components/paged-list.tsx';
import { Empty, LoadError, Loading, Notice } from '../components/ui.tsx';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { t } from '../i18n.ts';

/** The header's unread count listens for this after something is marked read. */
export const INBOX_CHANGED = 'podium:inbox-changed';

export async function markRead(id: string): Promise<void> {
  await api.POST('/api/me/notifications/{notificationId}/read', { params: { path: { notificationId: id } } });
  window.dispatchEvent(new Event(INBOX_CHANGED));
}

export function InboxPage() {
  useTitle(t('inbox.title'));
  return (
    <RequireSignIn what={t('inbox.signInWhat')}>
      <Inbox />
    </RequireSignIn>
  );
}

function Inbox() {
  // Newest first, a page at a time: "Load more" appends the older ones.
  const res = useResource(() => api.GET('/api/me/notifications', { params: { query: { limit: 50 } } }), 'inbox');
  const list = useLoadMore(res.data, (cursor) => api.GET('/api/me/notifications', { params: { query: { limit: 50, cursor } } }));
  const [readNow, setReadNow] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState('');
  const items = list.items.map((n) => (n.readAt || !readNow[n.id] ? n : { ...n, readAt: readNow[n.id] }));
  const unread = items.filter((n) => !n.readAt);

  async function read(ids: string[]) {
    setBusy(ids.length === 1 ? ids[0]! : 'all');
    setError(undefined);
    try {
      for (const id of ids) await markRead(id);
      const at = new Date().toISOString();
      setReadNow((r) => ({ ...r, ...Object.fromEntries(ids.map((id) => [id, at])) }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy('');
    }
  }

  return (
    <section class="inbox">
      <div class="page-head">
        <div>
          <h1>{t('inbox.title')}</h1>
          {res.data && (
            <p class="muted meta-line">
              {list.hasMore ? t('inbox.countMore', { count: items.length, unread: unread.length }) : t('inbox.count', { count: items.length, unread: unread.length })}
            </p>
          )}
        </div>
        {unread.length > 1 && (
          <button type="button" class="btn btn-small" disabled={!!busy} onClick={() => void read(unread.map((n) => n.id))}>
            {t('inbox.markAllRead')}
          </button>
        )}
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {res.loading && !res.data && <Loading />}
      {res.error !== undefined && <LoadError error={res.error} />}
      {res.data && items.length === 0 && <Empty>{t('inbox.empty')}</Empty>}
      {items.length > 0 && (
        <ul class="messages">
          {items.map((n) => (
            <li key={n.id} class={`message ${n.readAt ? '' : 'message-unread'}`}>
              <div class="message-head">
                <h2 class="message-subject">
                  {!n.readAt && <span class="sr-only">{t('inbox.unreadPrefix')} </span>}
                  {n.subject}
                </h2>
                <time class="muted" dateTime={n.at}>
                  {formatLocal(n.at)}
                </time>
              </div>
              <p class="message-body">{n.body}</p>
              <div class="actions">
                {n.link && (
                  <Link href={n.link} class="btn btn-small btn-primary" onClick={() => void (n.readAt ? undefined : markRead(n.id).catch(() => undefined))}>
                    {t('inbox.open')}
                    <span class="sr-only"> {t('audit.quoted', { name: n.subject })}</span>
                  </Link>
                )}
                {!n.readAt && (
                  <button type="button" class="btn btn-small btn-ghost" disabled={!!busy} onClick={() => void read([n.id])}>
                    {t('inbox.markRead')}
                    <span class="sr-only"> {t('audit.quoted', { name: n.subject })}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} label={t('inbox.older')} />
    </section>
  );
}
