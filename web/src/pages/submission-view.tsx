import { Fragment } from 'preact';
import { api, enc } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { PitchPanel } from '../components/pitch-panel.tsx';
import { SubmissionModeration } from '../components/moderation.tsx';
import { ReviewComments, SubmissionDetails } from '../components/submission-parts.tsx';
import { LoadError, Loading, ReviewStatusBadge, StatusBadge } from '../components/ui.tsx';
import { formatInZone, formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { roundKindLabel, type Round, type RoundReview } from '../types.ts';
import { loadRoundReviews } from './round.tsx';
import { loadRounds } from './rounds.tsx';
import { allows, can } from '../capabilities.ts';
import { localised } from '../content.ts';
import { FormattedAnswers, type AnswerFileView } from '../components/question-fields.tsx';
import { t } from '../i18n.ts';

/** One submission, read-only: for the competition's organisers (and the owning team). */
export function SubmissionViewPage({ id, submissionId }: { id: string; submissionId: string }) {
  return (
    <RequireSignIn what={t('submissionView.signInWhat')}>
      <SubmissionView id={id} submissionId={submissionId} />
    </RequireSignIn>
  );
}

function SubmissionView({ id, submissionId }: { id: string; submissionId: string }) {
  const res = useResource(async () => {
    const [competition, submission, files] = await Promise.all([
      api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId: id } } }).then(localised),
      api.GET('/api/competitions/{competitionId}/submissions/{submissionId}', { params: { path: { competitionId: id, submissionId } } }),
      // Issue 14 §3: answer files with their state and, where the caller may open them, a short-lived link.
      api.GET('/api/competitions/{competitionId}/submissions/{submissionId}/files', { params: { path: { competitionId: id, submissionId } } }).then((r) => r.files as AnswerFileView[], () => [] as AnswerFileView[]),
    ]);
    return { competition, submission, files };
  }, `${id}/${submissionId}`);
  useTitle(res.data ? t('submissionView.titleOf', { submission: res.data.submission.title || t('submissionView.untitled'), competition: res.data.competition.title }) : t('submissionView.title'));
  if (res.loading && !res.data) return <Loading label={t('submissionView.loading')} />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, submission: s } = res.data;
  const organiser = can(c, 'read'); // organisers and the programme's staff
  const tz = c.schedule.timeZone;
  return (
    <article class="submission-view">
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(c.id)}`}>{c.title}</Link> ›{' '}
        {organiser && (
          <>
            <Link href={`/competitions/${enc(c.id)}/submissions`}>{t('submissionView.submissions')}</Link> ›
          </>
        )}
      </p>
      <div class="page-head">
        <div>
          <h1>{s.title || t('submissionView.untitled')}</h1>
          <p class="meta-line">
            <StatusBadge status={s.status} /> <span>{s.organisationName}</span> <span class="muted">· {s.country}</span>
          </p>
        </div>
        {!organiser && s.editable && (
          <Link href={`/competitions/${enc(c.id)}/submission`} class="btn btn-primary">
            {t('submissionView.edit')}
          </Link>
        )}
      </div>
      <p class="muted">
        {s.submittedAt ? t('submissionView.submittedAt', { when: formatInZone(s.submittedAt, tz) }) : t('submissionView.notSubmitted')} · {t('submissionView.lastChanged', { when: formatLocal(s.updatedAt) })}
      </p>

      <PitchPanel competitionId={c.id} submissionId={s.id} canUpload={false} />

      <SubmissionDetails submission={s} />
      {c.questions.length > 0 && (
        <>
          <h2>{t('submissionView.answers')}</h2>
          <dl class="details submission-details">
            <FormattedAnswers c={c} answers={s.answers} files={res.data.files} />
          </dl>
        </>
      )}
      {organiser && <SubmissionReviews competitionId={c.id} submissionId={s.id} />}
      {organiser && <SubmissionModeration competitionId={c.id} submissionId={s.id} moderates={allows(c, 'moderate-reviews')} />}
    </article>
  );
}

/** Organisers: every review of this submission, round by round (private notes stay private). */
function SubmissionReviews({ competitionId, submissionId }: { competitionId: string; submissionId: string }) {
  const res = useResource(async () => {
    const rounds = await loadRounds(competitionId);
    // Only this submission's reviews in each round (a key prefix), not the rounds' whole lists.
    const reviews = await Promise.all(rounds.map((r) => loadRoundReviews(competitionId, r.id, submissionId)));
    return rounds.map((round, i) => ({ round, reviews: reviews[i]!.filter((x) => x.submissionId === submissionId) })).filter((x) => x.reviews.length > 0);
  }, `${competitionId}/${submissionId}/reviews`);
  return (
    <section class="submission-reviews" aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">{t('submissionView.reviews')}</h2>
      {res.loading && !res.data && <Loading label={t('submissionView.loadingReviews')} />}
      {!res.data && res.error !== undefined && <LoadError error={res.error} />}
      {res.data && res.data.length === 0 && <p class="muted">{t('submissionView.noReviews')}</p>}
      {res.data?.map(({ round, reviews }) => (
        <RoundReviews key={round.id} round={round} reviews={reviews} />
      ))}
    </section>
  );
}

function RoundReviews({ round, reviews }: { round: Round; reviews: RoundReview[] }) {
  const done = reviews.filter((r) => r.status === 'submitted').length;
  return (
    <div class="round-reviews">
      <h3>
        {round.name} <span class="muted">· {roundKindLabel(round.kind)} · {t('submissionView.submittedCount', { done, total: reviews.length })}</span>
      </h3>
      <DataTable
        columns={[
          t('submissionView.col.reviewer'),
          t('submissionView.col.status'),
          ...round.rubric.map((c) => ({ label: `${c.name} (${c.scale.min}–${c.scale.max})`, num: true })),
          t('submissionView.col.comments'),
        ]}
        caption={<>{t('submissionView.caption', { round: round.name })}</>}
        hideCaption
      >
        {reviews.map((r) => (
          <tr key={r.reviewerSub}>
            <td class="break">
              {r.reviewerEmail}
              {r.meet && <span class="badge badge-meet">{t('submissionView.wantsToMeet')}</span>}
            </td>
            <td>
              <ReviewStatusBadge status={r.status} />
            </td>
            {round.rubric.map((c) => (
              <td key={c.id} class="num">
                {r.scores[c.id] ?? <span class="muted">—</span>}
              </td>
            ))}
            <td class="review-comments">
              <ReviewComments overallComment={r.overallComment} comments={r.comments} rubric={round.rubric} />
              {!r.overallComment && !Object.values(r.comments).some(Boolean) && <span class="muted">—</span>}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
