/**
 * The platform's privacy notice (issue 14 §2), versioned text served by GET /api/privacy; a
 * signed-in person who has not accepted the current version accepts it here (first sign-in).
 * Also `PrivacyBanner`: the reminder the header area shows until they have.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { ErrorSummary, LoadError, Loading, Notice } from '../components/ui.tsx';
import { formatDay, formatLocal } from '../format.ts';
import { currentLocale, t, tx } from '../i18n.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

export const PRIVACY_CHANGED = 'podium:privacy-changed';

export function PrivacyPage() {
  const { claims } = useSession();
  const res = useResource(async () => {
    const [notice, mine] = await Promise.all([api.GET('/api/privacy', { params: { query: { language: currentLocale() } } }), claims ? api.GET('/api/me/privacy') : Promise.resolve(undefined)]);
    return { notice, mine };
  }, `privacy:${claims?.sub ?? ''}:${currentLocale()}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error>();
  useTitle(t('privacy.title'));
  if (res.error !== undefined) return <LoadError error={res.error} />;
  if (!res.data) return <Loading />;
  const { notice, mine } = res.data;

  async function accept() {
    setBusy(true);
    setError(undefined);
    try {
      const next = await api.POST('/api/me/privacy/accept', { body: { noticeVersion: notice.version } });
      res.setData({ notice, mine: next });
      window.dispatchEvent(new Event(PRIVACY_CHANGED));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <article class="privacy-page prose">
      <h1>{notice.title}</h1>
      <p class="muted">
        {t('privacy.version', { version: notice.version, since: formatDay(notice.effective) })}
      </p>
      {notice.sections.map((s) => (
        <section key={s.heading}>
          <h2>{s.heading}</h2>
          {s.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </section>
      ))}
      <p>
        <Link href="/records-of-processing">{t('privacy.records')}</Link>
        {claims && (
          <>
            {' · '}
            <Link href="/me/data">{t('privacy.yourData')}</Link>
          </>
        )}
      </p>
      <ErrorSummary error={error} />
      {mine &&
        (mine.accepted ? (
          <Notice kind="success">{t('privacy.accepted', { at: formatLocal(mine.acceptedAt) })}</Notice>
        ) : (
          <div class="form-actions">
            <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void accept()}>
              {busy ? t('common.saving') : t('privacy.accept')}
            </button>
          </div>
        ))}
    </article>
  );
}

/** Until the signed-in person accepts the current notice: a line asking them to read it (not on the notice itself). */
export function PrivacyBanner({ path }: { path: string }) {
  const { claims } = useSession();
  const [pending, setPending] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const bump = () => setTick((t) => t + 1);
    window.addEventListener(PRIVACY_CHANGED, bump);
    return () => window.removeEventListener(PRIVACY_CHANGED, bump);
  }, []);
  useEffect(() => {
    if (!claims) return setPending(false);
    let live = true;
    api.GET('/api/me/privacy').then(
      (r) => live && setPending(!r.accepted),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [claims?.sub, tick]);
  if (!pending || path === '/privacy') return null;
  return (
    <div class="container">
      <Notice kind="info">
        {tx('privacy.banner', { link: (chunks) => <Link href="/privacy">{chunks}</Link> })}
      </Notice>
    </div>
  );
}
