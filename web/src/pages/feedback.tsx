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
import { roundKindLabel, type Competition, type FeedbackReport, type RankingRules, type Submission } from '../types.ts';
import { hasExpoStep, rankingRulesText } from '../ranking-rules.ts';
import { can } from '../capabilities.ts';
import { localised } from '../content.ts';
import { currentLocale, t, tx } from '../i18n.ts';
import { formatNumber } from '../format.ts';
import { rankingReasonText } from '../ranking-rules.ts';

/** `/competitions/:id/feedback`: the signed-in entrant's own report. */
export function FeedbackPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('feedback.signInWhatOwn')}>
      <FeedbackLoader id={id} />
    </RequireSignIn>
  );
}

/** `/competitions/:id/submissions/:submissionId/feedback`: any submission's report, for organisers (and the team). */
export function SubmissionFeedbackPage({ id, submissionId }: { id: string; submissionId: string }) {
  return (
    <RequireSignIn what={t('feedback.signInWhat')}>
      <FeedbackLoader id={id} submissionId={submissionId} />
    </RequireSignIn>
  );
}

type Loaded = { competition: Competition; submission?: Submission; report?: FeedbackReport };

function FeedbackLoader({ id, submissionId }: { id: string; submissionId?: string }) {
  const res = useResource(async (): Promise<Loaded> => {
    const competition = await api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId: id } } }).then(localised);
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
  useTitle(res.data ? t('feedback.titleOf', { competition: res.data.competition.title }) : t('feedback.title'));
  if (res.loading && !res.data) return <Loading label={t('feedback.loading')} />;
  if (!res.data) return <CompetitionLoadError error={res.error} />;
  const { competition: c, submission, report } = res.data;
  const crumbs = (
    <p class="breadcrumbs">
      <Link href={`/competitions/${enc(id)}`}>{c.title}</Link> ›{' '}
      {resultsVisible(c.phase) && (
        <>
          <Link href={`/competitions/${enc(id)}/results`}>{t('feedback.results')}</Link> ›
        </>
      )}
    </p>
  );
  if (!submission)
    return (
      <section>
        {crumbs}
        <h1>{t('feedback.title')}</h1>
        <Notice kind="info">{t('feedback.noEntry')}</Notice>
      </section>
    );
  // Only a submitted entry was ranked and reviewed; a draft or a withdrawn entry has no report.
  if (submission.status !== 'submitted' && !can(c, 'read'))
    return (
      <section>
        {crumbs}
        <h1>{t('feedback.title')}</h1>
        <Notice kind="info">{t('feedback.noEntry')}</Notice>
      </section>
    );
  if (!report)
    return (
      <section>
        {crumbs}
        <h1>{t('feedback.title')}</h1>
        <Notice kind="info">{t('feedback.notReleased')}</Notice>
      </section>
    );
  return <Report c={c} s={submission} r={report} crumbs={crumbs} />;
}

const one = (x: number) => formatNumber(x, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * The place in plain words: "1st of 3" and what it means ("the highest final score", "top third").
 * The number ranked comes from the server's band ("… (ranked 2 of 4)").
 */
export function placeInWords(rank: number, rankBand: string | null): { headline: string; meaning: string } {
  const n = Number(/of (\d+)\)?\s*$/.exec(rankBand ?? '')?.[1]);
  if (!Number.isFinite(n) || n < rank || n <= 0) return { headline: t('feedback.place.fallback', { rank }), meaning: rankBand ?? '' };
  const headline = t('feedback.place.headline', { rank, n });
  if (n === 1) return { headline, meaning: t('feedback.place.only') };
  if (rank === 1) return { headline, meaning: t('feedback.place.highest', { n }) };
  if (rank === n) return { headline, meaning: t('feedback.place.lowest', { n }) };
  const share = rank / n;
  const band =
    share <= 0.1 ? 'top10' : share <= 0.25 ? 'topQuarter' : share <= 1 / 3 ? 'topThird' : share <= 0.5 ? 'topHalf' : share <= 0.75 ? 'lowerHalf' : 'bottomQuarter';
  return { headline, meaning: t('feedback.place.band', { band, n }) };
}

function Report({ c, s, r, crumbs }: { c: Competition; s: Submission; r: FeedbackReport; crumbs: preact.JSX.Element }) {
  const rounds = [...new Set(r.criteria.map((x) => x.roundName))];
  return (
    <article class="feedback-report">
      <div class="no-print">{crumbs}</div>
      <div class="page-head">
        <div>
          <h1>{t('feedback.title')}</h1>
          <p class="lead">
            <strong>{s.title || t('feedback.untitledSubmission')}</strong> · {s.organisationName} — {r.competitionTitle}
          </p>
        </div>
        <div class="actions no-print">
          <button type="button" class="btn" onClick={() => window.print()}>
            {t('feedback.print')}
          </button>
        </div>
      </div>

      {!r.frozen && (
        <Notice kind="warning">
          {t('feedback.preview')}
        </Notice>
      )}
      <section class="panel feedback-summary" aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t('feedback.yourResult')}</h2>
        {r.rank !== null && r.finalScore !== null ? (
          <dl class="summary-figures">
            <div>
              <dt>{t('feedback.finalScore')}</dt>
              <dd>
                <strong>{one(r.finalScore)}</strong> / 100
                {r.band && (
                  <span class="cell-sub">
                    {t('feedback.band', { low: one(r.band.low), high: one(r.band.high) })}
                  </span>
                )}
              </dd>
            </div>
            <div>
              <dt>{t('feedback.place')}</dt>
              <dd>
                <strong class="place-headline">{placeInWords(r.rank, r.rankBand).headline}</strong>
                <span class="cell-sub">{placeInWords(r.rank, r.rankBand).meaning}</span>
              </dd>
            </div>
          </dl>
        ) : (
          <p>{r.unrankedReason ? t('feedback.notRankedReason', { reason: rankingReasonText(r.unrankedReason) }) : t('feedback.notRanked')}</p>
        )}
      </section>

      {r.rounds.length > 0 && (
        <section aria-labelledby="rounds-heading" class="report-section">
          <h2 id="rounds-heading">{t('feedback.roundScores')}</h2>
          <ScrollRegion label={t('feedback.roundScores')}>
            <DataTable
              columns={[t('feedback.col.round'), { label: t('feedback.col.reviews'), num: true }, { label: t('feedback.col.calibrated'), num: true }, { label: t('feedback.col.raw'), num: true }]}
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
                    {x.trimmed && <span class="cell-sub">{t('feedback.trimmed')}</span>}
                  </td>
                </tr>
              ))}
            </DataTable>
          </ScrollRegion>
        </section>
      )}

      {r.criteria.length > 0 && (
        <section aria-labelledby="criteria-heading" class="report-section">
          <h2 id="criteria-heading">{t('feedback.criteria')}</h2>
          <p class="hint">{t('feedback.criteriaHint')}</p>
          <DataTable columns={[t('feedback.col.criterion'), { label: t('feedback.col.score'), num: true }, t('feedback.col.percentile')]} class="criteria-table">
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
                          <span class="muted">{t('feedback.notScored')}</span>
                        ) : (
                          <>
                            <span class="pct-bar" aria-hidden="true">
                              <span style={{ width: `${Math.max(2, Math.min(100, x.percentile))}%` }} />
                            </span>
                            <span class="pct-text">{t('feedback.percentile', { rank: Math.round(x.percentile) })}</span>
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
        <h2 id="comments-heading">{t('feedback.comments')}</h2>
        {r.comments.length === 0 ? (
          <p class="muted">{t('feedback.noComments')}</p>
        ) : (
          <ol class="report-comments">
            {r.comments.map((x, i) => (
              <li key={i} class="report-comment">
                <p class="comment-head">
                  {x.roundName}{' '}
                  <span class="muted">
                    · {x.roundName === roundKindLabel(x.kind) ? '' : `${roundKindLabel(x.kind)} · `}{t('feedback.reviewN', { n: i + 1 })}
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
        <p class="hint">{t('feedback.anonymous')}</p>
      </section>

      <Method method={r.method} />
      <p class="print-only muted">
        {t('feedback.printed', { competition: c.title, date: new Date().toLocaleDateString(currentLocale() === 'en' ? 'en-GB' : currentLocale(), { dateStyle: 'long' }) })}
      </p>
    </article>
  );
}

/** The tags of the method's messages. */
const RICH = { strong: (chunks: preact.ComponentChildren[]) => <strong>{chunks}</strong>, em: (chunks: preact.ComponentChildren[]) => <em>{chunks}</em> };

/** How the scores are computed: one sentence, then the steps in plain words, then the exact rules. */
function Method({ method }: { method: RankingRules }) {
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
      <h2 id="method-heading">{t('feedback.method.heading')}</h2>
      <p>{t('feedback.method.intro')}</p>
      <details class="method-plain" ref={plain}>
        <summary>{t('feedback.method.how')}</summary>
        <ol>
          <li>{tx('feedback.method.review', RICH)}</li>
          <li>{tx('feedback.method.fair', RICH)}</li>
          <li>{tx('feedback.method.round', RICH)}</li>
          {hasExpoStep(method) && (
            <li>{tx('feedback.method.expo', RICH)}</li>
          )}
          <li>{tx('feedback.method.final', RICH)}</li>
          <li>{tx('feedback.method.uncertainty', RICH)}</li>
          <li>{tx('feedback.method.percentiles', RICH)}</li>
        </ol>
        <details class="method-plain" ref={exact}>
          <summary>{t('feedback.method.exact')}</summary>
          <ol>
            {rankingRulesText(method).map((m, i) => (
              <li key={i}>
                <Rule text={m} />
              </li>
            ))}
          </ol>
        </details>
      </details>
    </section>
  );
}
