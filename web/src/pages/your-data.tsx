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
    <RequireSignIn what="your data">
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
  useTitle('Your data');
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
      if (done?.state === 'failed') setError(new ApiError(409, done.error?.code ?? 'JOB_FAILED', done.error?.message ?? 'It failed. Try again.'));
      after?.();
    } catch (e) {
      setError(e as Error);
    }
  }

  const download = (format: 'json' | 'csv') => run(() => api.POST('/api/me/data/exports', { body: { format } }));

  async function erase() {
    const ok = await ask({
      title: 'Erase your personal data?',
      body: [
        'Your name, e-mail address, your organisation’s registration and the texts you wrote are replaced by a pseudonym in every competition. Scores, awards and the published results stay (under the pseudonym). This cannot be undone.',
        'Where your organisation received an award, the funder requires the programme to keep its data until the end of the retention period: it is erased then.',
      ],
      action: 'Erase my data',
      danger: true,
    });
    if (!ok) return;
    await run(async () => (await api.POST('/api/me/erasure')).job, () => res.reload());
  }

  const erasure = mine.erasure;
  return (
    <section class="your-data-page">
      {dialog}
      <h1>Your data</h1>
      <p class="lead">
        Everything Podium holds about you, to download or to erase. <Link href="/privacy">Privacy notice</Link>
      </p>
      <ErrorSummary error={error} />

      <h2>Download</h2>
      <p>Your account, the notices you accepted, your registrations and team, your submissions, the reviews you wrote, your messages and what the audit trail recorded of your actions.</p>
      <div class="form-actions">
        <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void download('json')}>
          Download as JSON
        </button>
        <button type="button" class="btn" disabled={busy} onClick={() => void download('csv')}>
          Download as CSV (zip)
        </button>
      </div>
      <JobProgress job={job} label="Preparing" />
      {job?.state === 'succeeded' && job.params.action === 'export' && job.downloadUrl && (
        <Notice kind="success">
          Ready: <a href={job.downloadUrl} download={job.downloadName}>{job.downloadName}</a> (the link works for 5 minutes).
        </Notice>
      )}

      <h2>Notices you accepted</h2>
      {mine.consents.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <DataTable columns={['What', 'Version', 'Accepted']} caption="Notices you accepted" hideCaption>
          {mine.consents.map((c, i) => (
            <tr key={i}>
              <td>{c.scope.kind === 'platform' ? 'Platform privacy notice' : `Registration (competition ${c.scope.competitionId}, purposes v${c.purposesVersion ?? 0})`}</td>
              <td>{c.noticeVersion}</td>
              <td>{formatLocal(c.acceptedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}

      <h2>Erase your data</h2>
      {erasure?.state === 'done' ? (
        <>
          <Notice kind="success">
            Your data was erased on {formatLocal(erasure.finishedAt)}: you appear as “{erasure.pseudonym}”.
          </Notice>
          <ul>
            {erasure.outcomes.map((o) => (
              <li key={o.competitionId}>
                <strong>{o.title || o.competitionId}</strong>:{' '}
                {o.outcome === 'erased' ? 'erased.' : `kept until ${formatLocal(o.keptUntil)} — ${o.reason}`}
              </li>
            ))}
          </ul>
        </>
      ) : erasure?.state === 'requested' ? (
        <Notice kind="info">Your erasure is under way (asked on {formatLocal(erasure.requestedAt)}).</Notice>
      ) : (
        <>
          <p>Replaces your name, e-mail address, registrations and the texts you wrote by a pseudonym everywhere. The organisers of your competitions see the request.</p>
          <button type="button" class="btn btn-danger" disabled={busy} onClick={() => void erase()}>
            Erase my data
          </button>
        </>
      )}
    </section>
  );
}
