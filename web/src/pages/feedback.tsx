/**
 * The feedback report on one submission: the final score and rank band, the round scores, each
 * criterion's calibrated score with its percentile in the cohort, the reviewers' comments (never
 * who wrote them) and how the ranking is computed. Entrants open their own once released;
 * organisers can open any. Printable (see the print stylesheet).
 */
import { Fragment } from 'preact';
import { api, ApiError, enc } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { LoadError, Loading, Notice } from '../components/ui.tsx';
import { useResource, useTitle } from '../hooks.ts';
import { resultsVisible } from '../lifecycle.ts';
import { Link } from '../router.tsx';
import { Rule } from './ranking.tsx';
import { RequireSignIn } from '../session.tsx';
import { roundKindLabel, type Competition, type FeedbackReport, type Submission } from '../types.ts';

/** `/competitions/:id/feedback`: the signed-in entrant's own report. */
export function FeedbackPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="your feedback report">
      <FeedbackLoader id={id} />
    </RequireSignIn>
  );
}

/** `/competitions/:id/submissions/:submissionId/feedback`: any submission's report, for organisers (and the team). */
export function SubmissionFeedbackPage({ id, submissionId }: { id: string; submissionId: string }) {
  return (
    <RequireSignIn what="this feedback report">
      <FeedbackLoader id={id} submissionId={submissionId} />
    </RequireSignIn>
  );
}

type Loaded = { competition: Competition; submission?: Submission; report?: FeedbackReport };

function FeedbackLoader({ id, submissionId }: { id: string; submissionId?: string }) {
  const res = useResource(async (): Promise<Loaded> => {
    const competition = await api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId: id } } });
    let sid = submissionId;
    if (!sid) {
      const mine = await api.GET('/api/me/submissions');
      sid = mine.items.find((s) => s.competitionId === id)?.id;
      if (!sid) return { competition };
    }
    const params = { path: { competitionId: id, submissionId: sid } };
    const [submission, report] = await Promise.all([
      api.GET('/api/competitions/{competitionId}/submissions/{submissionId}', { params }),
      api.GET('/api/competitions/{competitionId}/submissions/{submissionId}/feedback', { params }).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return undefined; // not released yet
        throw e;
      }),
    ]);
    return { competition, submission, report };
  }, `${id}/${submissionId ?? 'mine'}`);
  useTitle(res.data ? `Feedback report — ${res.data.competition.title}` : 'Feedback report');
  if (res.loading && !res.data) return <Loading label="Loading the feedback report…" />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, submission, report } = res.data;
  const crumbs = (
    <p class="breadcrumbs">
      <Link href={`/competitions/${enc(id)}`}>{c.title}</Link> ›{' '}
      {resultsVisible(c.phase) && (
        <>
          <Link href={`/competitions/${enc(id)}/results`}>Results</Link> ›
        </>
      )}
    </p>
  );
  if (!submission)
    return (
      <section>
        {crumbs}
        <h1>Feedback report</h1>
        <Notice kind="info">You did not submit an entry, so there is no outcome or feedback for you.</Notice>
      </section>
    );
  // Only a submitted entry was ranked and reviewed; a draft or a withdrawn entry has no report.
  if (submission.status !== 'submitted' && !c.myRoles.includes('organiser'))
    return (
      <section>
        {crumbs}
        <h1>Feedback report</h1>
        <Notice kind="info">You did not submit an entry, so there is no outcome or feedback for you.</Notice>
      </section>
    );
  if (!report)
    return (
      <section>
        {crumbs}
        <h1>Feedback report</h1>
        <Notice kind="info">Feedback is not released yet. You will get a message in your inbox when it is.</Notice>
      </section>
    );
  return <Report c={c} s={submission} r={report} crumbs={crumbs} />;
}

const one = (x: number) => x.toFixed(1);
const ordinal = (n: number) => {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
};

function Report({ c, s, r, crumbs }: { c: Competition; s: Submission; r: FeedbackReport; crumbs: preact.JSX.Element }) {
  const rounds = [...new Set(r.criteria.map((x) => x.roundName))];
  return (
    <article class="feedback-report">
      <div class="no-print">{crumbs}</div>
      <div class="page-head">
        <div>
          <h1>Feedback report</h1>
          <p class="lead">
            <strong>{s.title || 'Untitled submission'}</strong> · {s.organisationName} — {r.competitionTitle}
          </p>
        </div>
        <div class="actions no-print">
          <button type="button" class="btn" onClick={() => window.print()}>
            Print / save as PDF
          </button>
        </div>
      </div>

      {!r.frozen && (
        <Notice kind="warning">
          Preview: computed from the reviews as they are now. The report is fixed when the results are published, and the team sees it only once
          feedback is released.
        </Notice>
      )}
      <section class="panel feedback-summary" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Your result</h2>
        {r.rank !== null && r.finalScore !== null ? (
          <dl class="summary-figures">
            <div>
              <dt>Final score</dt>
              <dd>
                <strong>{one(r.finalScore)}</strong> / 100
                {r.band && (
                  <span class="cell-sub">
                    uncertainty band {one(r.band.low)}–{one(r.band.high)}
                  </span>
                )}
              </dd>
            </div>
            <div>
              <dt>Place</dt>
              <dd>
                <strong>{r.rankBand}</strong>
              </dd>
            </div>
          </dl>
        ) : (
          <p>Not ranked{r.unrankedReason ? `: ${r.unrankedReason}` : '.'}</p>
        )}
      </section>

      {r.rounds.length > 0 && (
        <section aria-labelledby="rounds-heading" class="report-section">
          <h2 id="rounds-heading">Round scores</h2>
          <DataTable
            columns={['Round', { label: 'Reviews', num: true }, { label: 'Calibrated score', num: true }, { label: 'Raw score', num: true }]}
          >
            {r.rounds.map((x) => (
              <tr key={x.roundId}>
                <th scope="row">{x.roundName}</th>
                <td class="num">{x.reviews}</td>
                <td class="num">
                  <strong>{one(x.calibratedMean)}</strong>
                </td>
                <td class="num">
                  {one(x.rawMean)}
                  {x.trimmed && <span class="cell-sub">extremes trimmed</span>}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}

      {r.criteria.length > 0 && (
        <section aria-labelledby="criteria-heading" class="report-section">
          <h2 id="criteria-heading">Criteria</h2>
          <p class="hint">Calibrated scores on 0–100. The percentile says where you stand among the ranked submissions (50th = the middle).</p>
          <DataTable columns={['Criterion', { label: 'Score', num: true }, 'Percentile']} class="criteria-table">
            {rounds.map((round) => (
              <Fragment key={round}>
                {rounds.length > 1 && (
                  <tr class="group-row">
                    <th scope="rowgroup" colSpan={3}>
                      {round}
                    </th>
                  </tr>
                )}
                {r.criteria
                  .filter((x) => x.roundName === round)
                  .map((x) => (
                    <tr key={`${x.roundId}/${x.criterionId}`}>
                      <th scope="row">{x.name}</th>
                      <td class="num">{x.score === null ? '—' : one(x.score)}</td>
                      <td class="percentile-cell">
                        {x.percentile === null ? (
                          <span class="muted">not scored</span>
                        ) : (
                          <>
                            <span class="pct-bar" aria-hidden="true">
                              <span style={{ width: `${Math.max(2, Math.min(100, x.percentile))}%` }} />
                            </span>
                            <span class="pct-text">{ordinal(Math.round(x.percentile))} percentile</span>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
              </Fragment>
            ))}
          </DataTable>
        </section>
      )}

      <section aria-labelledby="comments-heading" class="report-section">
        <h2 id="comments-heading">Reviewers' comments</h2>
        {r.comments.length === 0 ? (
          <p class="muted">The reviewers left no comments.</p>
        ) : (
          <ol class="report-comments">
            {r.comments.map((x, i) => (
              <li key={i} class="report-comment">
                <p class="comment-head">
                  {x.roundName}{' '}
                  <span class="muted">
                    · {x.roundName === roundKindLabel(x.kind) ? '' : `${roundKindLabel(x.kind)} · `}review {i + 1}
                  </span>
                </p>
                {x.overall && <p class="prose">{x.overall}</p>}
                {x.criteria.length > 0 && (
                  <dl class="comment-criteria">
                    {x.criteria.map((cc, j) => (
                      <div key={j}>
                        <dt>{cc.name}</dt>
                        <dd class="prose">{cc.comment}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </li>
            ))}
          </ol>
        )}
        <p class="hint">Reviewers are not named; the order of the comments says nothing about who wrote them.</p>
      </section>

      <section aria-labelledby="method-heading" class="report-section method-text">
        <h2 id="method-heading">How the scores are computed</h2>
        <ol>
          {r.method.map((m, i) => (
            <li key={i}>
              <Rule text={m.replace(/^\d+\.\s*/, '')} />
            </li>
          ))}
        </ol>
      </section>
      <p class="print-only muted">
        {c.title} — printed from Podium on {new Date().toLocaleDateString('en-GB', { dateStyle: 'long' })}.
      </p>
    </article>
  );
}
