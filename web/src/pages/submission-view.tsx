import { Fragment } from 'preact';
import { api, enc } from '../api.ts';
import { PitchPanel } from '../components/pitch-panel.tsx';
import { LoadError, Loading, StatusBadge, Tags } from '../components/ui.tsx';
import { formatInZone, formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import type { Competition, Submission } from '../types.ts';

/** One submission, read-only: for the competition's organisers (and the owning team). */
export function SubmissionViewPage({ id, submissionId }: { id: string; submissionId: string }) {
  return (
    <RequireSignIn what="this submission">
      <SubmissionView id={id} submissionId={submissionId} />
    </RequireSignIn>
  );
}

function SubmissionView({ id, submissionId }: { id: string; submissionId: string }) {
  const res = useResource(async () => {
    const base = `/api/competitions/${enc(id)}`;
    const [competition, submission] = await Promise.all([
      api.get<Competition>(base),
      api.get<Submission>(`${base}/submissions/${enc(submissionId)}`),
    ]);
    return { competition, submission };
  }, `${id}/${submissionId}`);
  useTitle(res.data ? `${res.data.submission.title || 'Untitled submission'} — ${res.data.competition.title}` : 'Submission');
  if (res.loading && !res.data) return <Loading label="Loading the submission…" />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, submission: s } = res.data;
  const organiser = c.myRoles.includes('organiser');
  const tz = c.schedule.timeZone;
  return (
    <article class="submission-view">
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(c.id)}`}>{c.title}</Link> ›{' '}
        {organiser && (
          <>
            <Link href={`/competitions/${enc(c.id)}/submissions`}>Submissions</Link> ›
          </>
        )}
      </p>
      <div class="page-head">
        <div>
          <h1>{s.title || 'Untitled submission'}</h1>
          <p class="meta-line">
            <StatusBadge status={s.status} /> <span>{s.organisationName}</span> <span class="muted">· {s.country}</span>
          </p>
        </div>
        {!organiser && s.editable && (
          <Link href={`/competitions/${enc(c.id)}/submission`} class="btn btn-primary">
            Edit your submission
          </Link>
        )}
      </div>
      <p class="muted">
        {s.submittedAt ? `Submitted ${formatInZone(s.submittedAt, tz)}` : 'Not submitted'} · last changed {formatLocal(s.updatedAt)}
      </p>

      <PitchPanel competitionId={c.id} submissionId={s.id} canUpload={false} />

      <dl class="details submission-details">
        <dt>Summary</dt>
        <dd class="prose">{s.summary || '—'}</dd>
        <dt>Problem</dt>
        <dd class="prose">{s.problem || '—'}</dd>
        <dt>Solution</dt>
        <dd class="prose">{s.solution || '—'}</dd>
        <dt>Value chain</dt>
        <dd>{s.valueChain.length ? <Tags items={s.valueChain} /> : '—'}</dd>
        <dt>Sectors</dt>
        <dd>{s.sectors.length ? <Tags items={s.sectors} /> : '—'}</dd>
      </dl>
      {c.questions.length > 0 && (
        <>
          <h2>Answers</h2>
          <dl class="details submission-details">
            {c.questions.map((q) => (
              <Fragment key={q.id}>
                <dt>{q.label}</dt>
                <dd class="prose">{s.answers[q.id] || <span class="muted">No answer</span>}</dd>
              </Fragment>
            ))}
          </dl>
        </>
      )}
    </article>
  );
}
