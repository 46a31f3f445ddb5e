/**
 * "Your data" (issue 14 §2): download everything Podium holds about you (JSON, or a zip of CSV
 * files: a job with progress, then a short-lived link), see the notices you accepted, and ask for
 * your data to be erased (pseudonymised; what a funder obliges the organiser to keep is kept until
 * its retention ends, and the page says so).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type ApiAnswer } from '../api.ts';
import { useConfirm } from '../components/confirm-step.tsx';
import { DataTable } from '../components/data-table.tsx';
import { JobProgress } from '../components/job-progress.tsx';
import { ErrorSummary, LoadError, Loading, Notice } from '../components/ui.tsx';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { t, tx } from '../i18n.ts';

type Job = ApiAnswer<'/api/me/data/jobs', 'get'>['items'][number];
type Mine = ApiAnswer<'/api/me/privacy', 'get'>;

const POLL_MS = 600;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the caller's jobs until `jobId` has finished; hands each state to `onUpdate`. */
async function follow(jobId: string, onUpdate: (j: Job) => void, live: () => boolean): Promise<Job | undefined> {
  for (;;) {
    const job = (await api.GET('/api/me/data/jobs')).items.find((j) => j.id === jobId);
    if (!live() || !job) return job;
    onUpdate(job);
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    await sleep(POLL_MS);
  }
}

export function YourDataPage() {
  return (
    <RequireSignIn what={t('yourData.signInWhat')}>
      <YourData />
    </RequireSignIn>
  );
}

function YourData() {
  const res = useResource(() => api.GET('/api/me/privacy'), 'my-privacy');
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<ApiError | Error>();
  const [dialog, ask] = useConfirm();
  const live = useRef(true);
  useEffect(() => () => void (live.current = false), []);
  useTitle(t('yourData.title'));
  if (res.error !== undefined) return <LoadError error={res.error} />;
  if (!res.data) return <Loading />;
  const mine: Mine = res.data;
  const busy = job !== undefined && job.state !== 'succeeded' && job.state !== 'failed';

  async function run(start: () => Promise<Job>, after?: () => void) {
    setError(undefined);
    try {
      const started = await start();
      setJob(started);
      const done = await follow(started.id, setJob, () => live.current);
      if (done?.state === 'failed') setError(new ApiError(409, done.error?.code ?? 'JOB_FAILED', done.error?.message ?? t('yourData.failed')));
      after?.();
    } catch (e) {
      setError(e as Error);
    }
  }

  const download = (format: 'json' | 'csv') => run(() => api.POST('/api/me/data/exports', { body: { format } }));

  async function erase() {
    const ok = await ask({
      title: t('yourData.erase.confirmTitle'),
      body: [t('yourData.erase.confirmWhat'), t('yourData.erase.confirmKept')],
      action: t('yourData.erase.action'),
      danger: true,
    });
    if (!ok) return;
    await run(async () => (await api.POST('/api/me/erasure')).job, () => res.reload());
  }

  const erasure = mine.erasure;
  return (
    <section class="your-data-page">
      {dialog}
      <h1>{t('yourData.title')}</h1>
      <p class="lead">
        {t('yourData.lead')} <Link href="/privacy">{t('yourData.privacyNotice')}</Link>
      </p>
      <ErrorSummary error={error} />

      <h2>{t('yourData.download.heading')}</h2>
      <p>{t('yourData.download.what')}</p>
      <div class="form-actions">
        <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void download('json')}>
          {t('yourData.download.json')}
        </button>
        <button type="button" class="btn" disabled={busy} onClick={() => void download('csv')}>
          {t('yourData.download.csv')}
        </button>
      </div>
      <JobProgress job={job} label={t('yourData.download.preparing')} />
      {job?.state === 'succeeded' && job.params.action === 'export' && job.downloadUrl && (
        <Notice kind="success">
          {tx('yourData.download.ready', {
            name: job.downloadName ?? '',
            link: (chunks) => (
              <a href={job.downloadUrl} download={job.downloadName}>
                {chunks}
              </a>
            ),
          })}
        </Notice>
      )}

      <h2>{t('yourData.consents.heading')}</h2>
      {mine.consents.length === 0 ? (
        <p class="muted">{t('yourData.consents.none')}</p>
      ) : (
        <DataTable columns={[t('yourData.consents.col.what'), t('yourData.consents.col.version'), t('yourData.consents.col.accepted')]} caption={t('yourData.consents.heading')} hideCaption>
          {mine.consents.map((c, i) => (
            <tr key={i}>
              <td>{c.scope.kind === 'platform' ? t('yourData.consents.platform') : t('yourData.consents.registration', { competition: c.scope.competitionId ?? '', purposes: c.purposesVersion ?? 0 })}</td>
              <td>{c.noticeVersion}</td>
              <td>{formatLocal(c.acceptedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}

      <h2>{t('yourData.erase.heading')}</h2>
      {erasure?.state === 'done' ? (
        <>
          <Notice kind="success">
            {t('yourData.erase.done', { at: formatLocal(erasure.finishedAt), pseudonym: erasure.pseudonym })}
          </Notice>
          <ul>
            {erasure.outcomes.map((o) => (
              <li key={o.competitionId}>
                <strong>{o.title || o.competitionId}</strong>:{' '}
                {o.outcome === 'erased' ? t('yourData.erase.erased') : t('yourData.erase.keptUntil', { until: formatLocal(o.keptUntil), reason: o.keptBecause === 'awarded' ? t('yourData.erase.awardedKept') : o.reason })}
              </li>
            ))}
          </ul>
        </>
      ) : erasure?.state === 'requested' ? (
        <Notice kind="info">{t('yourData.erase.underWay', { at: formatLocal(erasure.requestedAt) })}</Notice>
      ) : (
        <>
          <p>{t('yourData.erase.what')}</p>
          <button type="button" class="btn btn-danger" disabled={busy} onClick={() => void erase()}>
            {t('yourData.erase.action')}
          </button>
        </>
      )}
    </section>
  );
}
