/**
 * The feedback report on one submission: the final score and rank band, the round scores, each
 * criterion's calibrated score with its percentile in the cohort, the reviewers' comments (never
 * who wrote them) and how the ranking is computed. Entrants open their own once released;
 * organisers can open any. Printable (see the print stylesheet).
 */
import { Fragment } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { LoadError, Loading, Notice } from '../components/ui.tsx';
import { CompetitionLoadError } from './not-found.tsx';
import { useResource, useTitle } from '../hooks.ts';
import { resultsVisible } from '../lifecycle.ts';
import { Link } from '../router.tsx';
import { Rule } from './ranking.tsx';
import { RequireSignIn } from '../session.tsx';
import { roundKindLabel, type Competition, type FeedbackReport, type Submission } from '../types.ts';
import { can } from '../capabilities.ts';

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
  if (!res.data) return <CompetitionLoadError error={res.error} />;
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
  if (submission.status !== 'submitted' && !can(c, 'read'))
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

/**
 * The place in plain words: "1st of 3" and what it means ("the highest final score", "top third").
 * The number ranked comes from the server's band ("… (ranked 2 of 4)").
 */
export function placeInWords(rank: number, rankBand: string | null): { headline: string; meaning: string } {
  const n = Number(/of (\d+)\)?\s*$/.exec(rankBand ?? '')?.[1]);
  if (!Number.isFinite(n) || n < rank || n <= 0) return { headline: `${ordinal(rank)} place`, meaning: rankBand ?? '' };
  const headline = `${ordinal(rank)} of ${n}`;
  if (n === 1) return { headline, meaning: 'the only ranked submission' };
  if (rank === 1) return { headline, meaning: `the highest final score of the ${n} ranked submissions` };
  if (rank === n) return { headline, meaning: `the lowest final score of the ${n} ranked submissions` };
  const share = rank / n;
  const band =
    share <= 0.1 ? 'top 10 %' : share <= 0.25 ? 'top quarter' : share <= 1 / 3 ? 'top third' : share <= 0.5 ? 'top half' : share <= 0.75 ? 'lower half' : 'bottom quarter';
  return { headline, meaning: `${band} of the ${n} ranked submissions` };
}

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
                <strong class="place-headline">{placeInWords(r.rank, r.rankBand).headline}</strong>
                <span class="cell-sub">{placeInWords(r.rank, r.rankBand).meaning}</span>
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
          <ScrollRegion label="Round scores">
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
          </ScrollRegion>
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

      <Method method={r.method} />
      <p class="print-only muted">
        {c.title} — printed from Podium on {new Date().toLocaleDateString('en-GB', { dateStyle: 'long' })}.
      </p>
    </article>
  );
}

/** How the scores are computed: one sentence, then the steps in plain words, then the exact rules. */
function Method({ method }: { method: string[] }) {
  const plain = useRef<HTMLDetailsElement>(null);
  const exact = useRef<HTMLDetailsElement>(null);
  // A printed report carries the explanation, open.
  useEffect(() => {
    const open = () => {
      if (plain.current) plain.current.open = true;
      if (exact.current) exact.current.open = true;
    };
    window.addEventListener('beforeprint', open);
    return () => window.removeEventListener('beforeprint', open);
  }, []);
  return (
    <section aria-labelledby="method-heading" class="report-section method-text">
      <h2 id="method-heading">How the scores are computed</h2>
      <p>
        Each reviewer scored your submission on the criteria. The scores were put on a common 0–100 scale, evened out between strict and generous
        reviewers, averaged per round and combined over the rounds by their weights.
      </p>
      <details class="method-plain" ref={plain}>
        <summary>How is this computed?</summary>
        <ol>
          <li>
            <strong>Each review.</strong> Every criterion's mark is turned into 0–100: the lowest mark on its scale counts 0, the highest 100. The
            criteria are then combined by their weights into one score for the review.
          </li>
          <li>
            <strong>Fair to strict and generous reviewers.</strong> Some reviewers mark hard, others kindly. Each reviewer's scores are adjusted so
            that their usual level and spread match the round as a whole, so a 2 out of 5 from a strict reviewer can count as much as a 4 from a
            generous one. A reviewer who reviewed only a few submissions is adjusted less, because a few reviews say little about how they mark.
            This adjusted figure is the <em>calibrated</em> score; the <em>raw</em> score is the one before the adjustment.
          </li>
          <li>
            <strong>Round score.</strong> The average of the calibrated scores of your reviews in that round. With four or more reviews, the single
            highest and the single lowest are left out, so that one unusual review cannot decide.
          </li>
          {method.some((m) => /^\d+\. Expo rounds/.test(m)) && (
            <li>
              <strong>Expo round.</strong> At the expo, judges walked the hall and said, at each table, which was better: the project in front of them
              or the one they saw before. The round's ranking method (named in the exact rules below) turns all these comparisons into a 0–100 score
              for each project, with its uncertainty; that score is the project's round score. A project no judge compared has no score in that round.
            </li>
          )}
          <li>
            <strong>Final score and place.</strong> The round scores are combined by the rounds' weights. A submission reviewed in more rounds (for
            example, shortlisted for a later round) is placed ahead of those reviewed in fewer; exact ties are broken by fixed rules.
          </li>
          <li>
            <strong>Uncertainty band.</strong> How far the final score could move with other reviewers: the fewer and the more divided the reviews,
            the wider the band. Submissions whose bands overlap are close to each other.
          </li>
          <li>
            <strong>Criteria and percentiles.</strong> Each criterion's score is adjusted in the same way. The percentile says where you stand among
            the ranked submissions on that criterion: the 75th percentile means better than about three in four. These figures explain the result;
            they do not change the ranking.
          </li>
        </ol>
        <details class="method-plain" ref={exact}>
          <summary>The exact rules, with the formulas</summary>
          <ol>
            {method.map((m, i) => (
              <li key={i}>
                <Rule text={m.replace(/^\d+\.\s*/, '')} />
              </li>
            ))}
          </ol>
        </details>
      </details>
    </section>
  );
}
