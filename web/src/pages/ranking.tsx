/**
 * Organisers: the calibrated ranking — a chart of final scores with their uncertainty bands, the
 * table with every figure (the chart's text alternative), how it is computed, what is not ranked
 * and why, and the CSV exports. The ranking is computed once per change, in the background: the
 * page reads it a page of rows at a time ("Show more"), and while a recomputation is under way it
 * says so, with its progress, and reloads when it is done.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { DownloadButton, DownloadStatus, useDownloads } from '../components/downloads.tsx';
import { pct, RankingChart } from '../components/ranking-chart.tsx';
import { Empty, LoadError, Loading, Notice } from '../components/ui.tsx';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { roundKindLabel } from '../types.ts';
import { loadOrganised } from './rounds.tsx';

export function RankingPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="the ranking">
      <RankingView id={id} />
    </RequireSignIn>
  );
}

const fmt = (x: number) => x.toFixed(1);

const EXPORTS = [
  ['ranking.csv', 'Ranking CSV'],
  ['reviews.csv', 'Reviews CSV'],
  ['deal-flow.csv', 'Deal-flow CSV'],
] as const;

/** Rows per page of the table; the chart shows the top CHART_ROWS of them. */
const PAGE_ROWS = 100;
const CHART_ROWS = 50;
/** While the ranking is being recomputed, the page asks again this often. */
const POLL_MS = 2_000;

type RankingPage = Awaited<ReturnType<typeof fetchPage>>;

function fetchPage(id: string, cursor?: string) {
  return api.GET('/api/competitions/{competitionId}/ranking', { params: { path: { competitionId: id }, query: { limit: PAGE_ROWS, ...(cursor ? { cursor } : {}) } } });
}

/** The rows read so far, one page after another. */
function merge(a: RankingPage, b: RankingPage): RankingPage {
  return { ...b, ranked: [...a.ranked, ...b.ranked], unranked: [...a.unranked, ...b.unranked], excludedReviews: [...a.excludedReviews, ...b.excludedReviews], submissions: { ...a.submissions, ...b.submissions } };
}

function RankingView({ id }: { id: string }) {
  const res = useResource(async () => {
    const competition = await loadOrganised(id);
    return { competition, ranking: await fetchPage(id) };
  }, id);
  const downloads = useDownloads(id);
  const [more, setMore] = useState<{ loading: boolean; error?: unknown }>({ loading: false });
  useTitle(res.data ? `Ranking — ${res.data.competition.title}` : 'Ranking');
  const stale = res.data?.ranking.stale ?? false;
  // Being recomputed: ask again until it is current (the rows read so far are replaced then).
  useEffect(() => {
    if (!stale) return;
    const t = setTimeout(res.reload, POLL_MS);
    return () => clearTimeout(t);
  }, [stale, res.data]);
  if (res.loading && !res.data) return <Loading label="Loading the ranking…" />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, ranking: r } = res.data;
  const loadMore = async () => {
    if (!r.nextCursor) return;
    setMore({ loading: true });
    try {
      const next = await fetchPage(id, r.nextCursor);
      res.setData({ competition: c, ranking: merge(r, next) });
      setMore({ loading: false });
    } catch (error) {
      // Recomputed meanwhile: the pages read so far belong to the old ranking; start again.
      if (error instanceof ApiError && error.status === 409) {
        setMore({ loading: false });
        res.reload();
      } else setMore({ loading: false, error });
    }
  };
  const recomputing = r.recomputation;
  const info = (sid: string) => r.submissions[sid];
  const title = (sid: string) => info(sid)?.title || 'Untitled';
  const link = (sid: string) => `/competitions/${enc(id)}/submissions/${enc(sid)}`;
  const rounds = [...r.rounds];
  const totalWeight = rounds.reduce((s, x) => s + x.weight, 0);
  const excluded = r.excludedReviews;
  /** k of P(top k), the funding line (absent in rankings stored before it was computed). */
  const topK = r.ranked.find((s) => s.topK)?.topK?.k;

  return (
    <section class="ranking-page">
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(id)}`}>{c.title}</Link> › <Link href={`/competitions/${enc(id)}/rounds`}>Evaluation rounds</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>Ranking</h1>
          <p class="muted meta-line">
            {r.rankedCount} ranked{r.entryCount > r.rankedCount && `, ${r.entryCount - r.rankedCount} not ranked`} · calibrated scores on 0–100
            {r.nextCursor && ` · showing the first ${r.ranked.length + r.unranked.length}`}
          </p>
        </div>
        <div class="actions" role="group" aria-label="Downloads">
          {EXPORTS.map(([file, label]) => (
            <DownloadButton key={file} downloads={downloads} file={file} label={label} />
          ))}
          <button type="button" class="btn btn-small btn-ghost" onClick={res.reload} disabled={res.loading}>
            {res.loading ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>
      <DownloadStatus downloads={downloads} />
      {r.stale && (
        <div class="ranking-stale" role="status" aria-live="polite">
          <Notice kind="info">
            {r.computedFromVersion === null ? 'The ranking is being computed for the first time…' : 'The ranking is being recomputed after the latest changes; what is shown is the previous ranking.'}
            {recomputing && (
              <span class="progress-line">
                <progress max={recomputing.progress.total ?? undefined} value={recomputing.progress.total ? recomputing.progress.done : undefined} aria-label="Recomputing the ranking" />
                <span class="progress-text">
                  {recomputing.progress.step ?? 'Queued'}
                  {recomputing.progress.total ? ` · ${Math.round((recomputing.progress.done / recomputing.progress.total) * 100)} %` : ''}
                </span>
              </span>
            )}
          </Notice>
        </div>
      )}

      {rounds.length === 0 ? (
        <Empty>
          No evaluation rounds yet. <Link href={`/competitions/${enc(id)}/rounds/new`}>Add a round</Link> to start reviewing.
        </Empty>
      ) : r.ranked.length === 0 && r.computedFromVersion === null ? null : r.ranked.length === 0 ? (
        <Empty>No submission has a submitted review yet. The ranking appears as soon as reviews come in.</Empty>
      ) : (
        <>
          <RankingChart ranked={r.ranked.slice(0, CHART_ROWS)} title={title} label={r.rankedCount > CHART_ROWS ? `Final score of the top ${CHART_ROWS} by rank, with uncertainty bands` : 'Final score by rank, with uncertainty bands'} describedBy="ranking-explained" />
          <p class="hint" id="ranking-explained">
            Scores are on 0–100; the band is the 95 % uncertainty range.
            {topK !== undefined && ` P(top ${topK}) is the chance that the submission is among the first ${topK} (the funding line), given that uncertainty.`} Per round: the calibrated score, then the raw score and
            the number of reviews{rounds.some((x) => x.kind === 'expo') && ' (expo rounds: the score from the judges’ comparisons, and how many the submission took part in)'}.
          </p>
          <ScrollRegion label="Ranking">
            <DataTable
              columns={[
                { label: 'Rank', num: true },
                'Submission',
                'Organisation',
                { label: 'Final score', num: true },
                { label: 'Band', num: true },
                ...(topK !== undefined ? [{ label: `P(top ${topK})`, num: true }] : []),
                ...rounds.map((x) => ({
                  label: (
                    <>
                      {x.name}
                      <span class="th-sub">
                        {x.name === roundKindLabel(x.kind) ? '' : `${roundKindLabel(x.kind)} · `}
                        {totalWeight > 0 ? `${Math.round((x.weight / totalWeight) * 100)} %` : `weight ${x.weight}`}
                      </span>
                    </>
                  ),
                  num: true,
                })),
              ]}
              caption="Ranked submissions"
              hideCaption
              class="ranking-table"
              describedBy="ranking-explained"
            >
              {r.ranked.map((s) => (
                <tr key={s.submissionId}>
                  <td class="num rank-cell">{s.rank}</td>
                  <th scope="row">
                    <Link href={link(s.submissionId)}>{title(s.submissionId)}</Link>
                    {/* Under the title, not a column of its own: the table fits a laptop. */}
                    {s.tieBreak && <span class="tie-note">Tie broken by {s.tieBreak}</span>}
                  </th>
                  <td>
                    {info(s.submissionId)?.organisationName}
                    {info(s.submissionId)?.country && <span class="muted"> · {info(s.submissionId)!.country}</span>}
                  </td>
                  <td class="num final-score">{fmt(s.finalScore)}</td>
                  <td class="num">
                    {fmt(s.band.low)}–{fmt(s.band.high)}
                  </td>
                  {topK !== undefined && <td class="num p-top">{s.topK ? pct(s.topK.probability) : '—'}</td>}
                  {rounds.map((x) => {
                    const o = s.rounds.find((y) => y.roundId === x.id);
                    return (
                      <td key={x.id} class="num">
                        {o ? (
                          <>
                            <strong title="Calibrated">{fmt(o.calibratedMean)}</strong>
                            {x.kind === 'expo' ? (
                              // An expo round's score comes from the judges' comparisons, not from reviews.
                              <span class="cell-sub">{o.reviews === 1 ? '1 comparison' : `${o.reviews} comparisons`}</span>
                            ) : (
                              <span class="cell-sub">
                                raw {fmt(o.rawMean)} · n={o.reviews}
                                {o.trimmed && ' · trimmed'}
                              </span>
                            )}
                          </>
                        ) : (
                          <span class="muted">—</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </DataTable>
          </ScrollRegion>
          {r.nextCursor && (
            <p class="actions">
              <button type="button" class="btn btn-small" onClick={loadMore} disabled={more.loading}>
                {more.loading ? 'Loading…' : `Show the next ${PAGE_ROWS}`}
              </button>
            </p>
          )}
          {more.error !== undefined && <LoadError error={more.error} />}
        </>
      )}

      {r.unranked.length > 0 && (
        <section aria-labelledby="unranked-heading">
          <h2 id="unranked-heading">Not ranked</h2>
          <ul class="unranked">
            {r.unranked.map((u) => (
              <li key={u.submissionId}>
                <Link href={link(u.submissionId)}>{title(u.submissionId)}</Link>
                {info(u.submissionId)?.organisationName && <span class="muted"> ({info(u.submissionId)!.organisationName})</span>}: {u.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {excluded.length > 0 && (
        <section aria-labelledby="excluded-heading">
          <h2 id="excluded-heading">Reviews left out</h2>
          <ul class="unranked">
            {excluded.map((e, i) => (
              <li key={i}>
                {title(e.submissionId)} in {rounds.find((x) => x.id === e.roundId)?.name ?? 'a round'}: {e.reason}
              </li>
            ))}
          </ul>
        </section>
      )}

      <details class="method panel">
        <summary>How the ranking is computed</summary>
        <ol>
          {r.rules.map((rule, i) => (
            <li key={i}>
              <Rule text={rule.replace(/^\d+\.\s*/, '')} />
            </li>
          ))}
        </ol>
        {r.tieBreakRules.length > 0 && (
          <>
            <h3>Order and tie-breaks</h3>
            <ol>
              {r.tieBreakRules.map((rule, i) => (
                <li key={i}>{rule.charAt(0).toUpperCase() + rule.slice(1)}.</li>
              ))}
            </ol>
          </>
        )}
      </details>
    </section>
  );
}

/** "Round score. A submission's …" → the first short sentence in bold, as a heading of the rule. */
export function Rule({ text }: { text: string }) {
  const dot = text.indexOf('. ');
  if (dot < 0 || dot > 40) return <>{text}</>;
  return (
    <>
      <strong>{text.slice(0, dot + 1)}</strong> {text.slice(dot + 2)}
    </>
  );
}
