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

export function MyReviewsPage() {
  return (
    <RequireSignIn what="your reviews">
      <MyReviews />
    </RequireSignIn>
  );
}

const ORDER: Record<string, number> = { assigned: 0, draft: 1, submitted: 2 };

function MyReviews() {
  useTitle('My reviews');
  const res = useResource(() => api.GET('/api/me/reviews'), 'me');
  const [flash] = useState(takeFlash);
  return (
    <section>
      <h1>My reviews</h1>
      {flash && <Notice kind="success">{flash}</Notice>}
      {res.loading && !res.data && <Loading label="Loading your reviews…" />}
      {!res.data && res.error !== undefined && <LoadError error={res.error} />}
      {res.data && res.data.items.length === 0 && (
        <Empty>
          Nothing to review yet. Entrants get their peer reviews once the organiser runs the assignment; investors and jury members once they have accepted an
          invitation.
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
  if (r.phase !== 'closed') return `Closes ${formatLocal(r.closesAt)}`;
  if (Date.parse(r.closesAt) > Date.now()) return 'Closed: the results are decided, so reviews can no longer be given or changed';
  return `Closed ${formatLocal(r.closesAt)}`;
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
            {open ? 'Judge this expo' : g.phase === 'upcoming' ? `Judge this expo (opens ${formatLocal(g.opensAt)})` : 'Open the judging page'}
          </Link>{' '}
          <span class="muted">Pairwise judging on your phone: you are sent from table to table.</span>
        </p>
      ) : (
        <ProgressLine done={g.done} total={g.total} label={`Progress in ${g.roundName}`} />
      )}
      {g.blind && <p class="hint">Blind round: you will not see who the teams are.</p>}
      <ul class="queue-items">
        {items.map((i) => (
          <li key={i.submissionId}>
            <Link href={`/competitions/${enc(g.competitionId)}/rounds/${enc(g.roundId)}/reviews/${enc(i.submissionId)}`}>{i.title || 'Untitled submission'}</Link>
            <ReviewStatusBadge status={i.status} />
            {/* H4: a review the caller does for their team (its owner or an editor), shared with the team. */}
            {i.teamRole && <span class="muted"> · for your team ({i.teamRole})</span>}
            <span class="muted queue-updated">{i.status === 'assigned' ? (open ? 'Not started' : '') : `Saved ${formatLocal(i.updatedAt)}`}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
