/**
 * Issue 14 §4: "Caption automatically" on the organiser's submissions page. Starts Amazon
 * Transcribe on every submitted pitch without captions (POST …/pitches/automatic-captions starts a
 * job, followed here with its progress); the
 * teams can then replace an automatic track with their own. Where the deployment has no
 * automatic captions (locally, or AWS without the option) the button is disabled and says why.
 */
import { useState } from 'preact/hooks';
import { api, type ApiError } from '../api.ts';
import { allows } from '../capabilities.ts';
import { useResource } from '../hooks.ts';
import { t } from '../i18n.ts';
import type { Competition } from '../types.ts';
import { JobProgress, type Job } from './job-progress.tsx';
import { ErrorSummary, Notice } from './ui.tsx';

export function AutomaticCaptions({ competition }: { competition: Pick<Competition, 'id' | 'myCapabilities'> }) {
  const path = { competitionId: competition.id };
  const allowed = allows(competition, 'caption-automatically');
  const availability = useResource(
    () => (allowed ? api.GET('/api/competitions/{competitionId}/pitches/automatic-captions', { params: { path } }) : Promise.resolve(undefined)),
    `${competition.id}:${allowed}`,
  );
  const [state, setState] = useState<{ busy: boolean; job?: Job; error?: unknown }>({ busy: false });
  if (!allowed) return null;
  const unavailable = availability.data?.available === false;
  const run = async () => {
    setState({ busy: true });
    try {
      // A job starts the Transcribe jobs (the jobs function); followed until it is done.
      let job: Job = await api.POST('/api/competitions/{competitionId}/pitches/automatic-captions', { params: { path }, body: { language: 'auto' } });
      setState({ busy: true, job });
      while (job.state === 'queued' || job.state === 'running') {
        await new Promise((r) => setTimeout(r, 1000));
        job = await api.GET('/api/competitions/{competitionId}/jobs/{jobId}', { params: { path: { competitionId: competition.id, jobId: job.id } } });
        setState({ busy: true, job });
      }
      setState({ busy: false, job });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return (
    <section class="automatic-captions" aria-labelledby="automatic-captions-heading">
      <h2 id="automatic-captions-heading">{t('automaticCaptions.heading')}</h2>
      <p>{t('automaticCaptions.intro')}</p>
      <button type="button" class="btn" disabled={!availability.data?.available || state.busy} aria-describedby={unavailable ? 'automatic-captions-why' : undefined} onClick={run}>
        {state.busy ? t('automaticCaptions.starting') : t('automaticCaptions.button')}
      </button>
      {unavailable && (
        <p id="automatic-captions-why" class="hint">
          {t('automaticCaptions.unavailable')}
        </p>
      )}
      <JobProgress job={state.job} label={t('automaticCaptions.running')} />
      {state.job?.state === 'succeeded' && (
        <Notice kind="success">
          <p>{t('automaticCaptions.started', { count: state.job.result?.counts?.started ?? 0 })}</p>
        </Notice>
      )}
      {state.job?.state === 'failed' && <Notice kind="error">{state.job.error?.message ?? t('automaticCaptions.failed')}</Notice>}
      {state.error !== undefined && <ErrorSummary error={state.error as ApiError} />}
    </section>
  );
}
