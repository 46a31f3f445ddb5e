/** Reviewers: what they have to review, round by round, with progress. */
import { useState } from 'preact/hooks';
import { api, enc } from '../api.ts';
import { RoundBadges } from '../components/round-info.tsx';
import { Empty, LoadError, Loading, Notice, ProgressLine, ReviewStatusBadge } from '../components/ui.tsx';
import { takeFlash } from '../flash.ts';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { expoJudgeHref } from './expo-judge.tsx';
import type { ReviewQueueGroup } from '../types.ts';
import { t } from '../i18n.ts';

export function MyReviewsPage() {
  return (
    <RequireSignIn what={t('myReviews.signInWhat')}>
      <MyReviews />
    </RequireSignIn>
  );
}

const ORDER: Record<string, number> = { assigned: 0, draft: 1, submitted: 2 };

function MyReviews() {
  useTitle(t('myReviews.title'));
  const res = useResource(() => api.GET('/api/me/reviews'), 'me');
  const [flash] = useState(takeFlash);
  return (
    <section>
      <h1>{t('myReviews.title')}</h1>
      {flash && <Notice kind="success">{flash}</Notice>}
      {res.loading && !res.data && <Loading label={t('myReviews.loading')} />}
      {!res.data && res.error !== undefined && <LoadError error={res.error} />}
      {res.data && res.data.items.length === 0 && (
        <Empty>
          {t('myReviews.empty')}
        </Empty>
      )}
      {res.data?.items.map((g) => (
        <RoundQueue key={`${g.competitionId}/${g.roundId}`} g={g} />
      ))}
    </section>
  );
}

/**
 * "Closes …", "Closed …" — or, for a round the server reports closed before its end date, that
 * reviewing ended with the results (the server closes every round once the results are decided).
 */
function windowLine(r: { phase: string; closesAt: string }): string {
  if (r.phase !== 'closed') return t('myReviews.closes', { date: formatLocal(r.closesAt) });
  if (Date.parse(r.closesAt) > Date.now()) return t('myReviews.closedDecided');
  return t('myReviews.closed', { date: formatLocal(r.closesAt) });
}

function RoundQueue({ g }: { g: ReviewQueueGroup }) {
  const headingId = `queue-${g.roundId}`;
  const items = [...g.items].sort((a, b) => (ORDER[a.status] ?? 0) - (ORDER[b.status] ?? 0) || a.title.localeCompare(b.title));
  const open = g.phase === 'open';
  return (
    <section class="panel section queue" aria-labelledby={headingId}>
      <div class="queue-head">
        <div>
          <h2 id={headingId}>
            {g.roundName} <span class="muted queue-competition">· {g.competitionTitle}</span>
          </h2>
          <p class="meta-line">
            <RoundBadges kind={g.roundKind} phase={g.phase} blind={g.blind} />
            <span class="muted">{windowLine(g)}</span>
          </p>
        </div>
      </div>
      {g.roundKind === 'expo' ? (
        // An expo round has no assigned reviews: the judge walks the hall, one table at a time.
        <p class="queue-expo">
          <Link href={g.judgePath ?? expoJudgeHref(g.competitionId, g.roundId)} class="btn btn-primary">
            {open ? t('myReviews.judge') : g.phase === 'upcoming' ? t('myReviews.judgeOpens', { date: formatLocal(g.opensAt) }) : t('myReviews.openJudging')}
          </Link>{' '}
          <span class="muted">{t('myReviews.expoHint')}</span>
        </p>
      ) : (
        <ProgressLine done={g.done} total={g.total} label={t('myReviews.progressIn', { round: g.roundName })} />
      )}
      {g.blind && <p class="hint">{t('myReviews.blind')}</p>}
      <ul class="queue-items">
        {items.map((i) => (
          <li key={i.submissionId}>
            <Link href={`/competitions/${enc(g.competitionId)}/rounds/${enc(g.roundId)}/reviews/${enc(i.submissionId)}`}>{i.title || t('myReviews.untitledSubmission')}</Link>
            <ReviewStatusBadge status={i.status} />
            {/* H4: a review the caller does for their team (its owner or an editor), shared with the team. */}
            {i.teamRole && <span class="muted"> {t('myReviews.forTeam', { role: i.teamRole })}</span>}
            <span class="muted queue-updated">{i.status === 'assigned' ? (open ? t('myReviews.notStarted') : '') : t('myReviews.saved', { date: formatLocal(i.updatedAt) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
