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
import { rankingReasonText, rankingRulesText, tieBreakRulesText, tieBreakText } from '../ranking-rules.ts';
import { roundKindLabel } from '../types.ts';
import { formatNumber } from '../format.ts';
import { t, tx, type MessageKey } from '../i18n.ts';
import { loadOrganised } from './rounds.tsx';

export function RankingPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('ranking.signInWhat')}>
      <RankingView id={id} />
    </RequireSignIn>
  );
}

const fmt = (x: number) => formatNumber(x, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

const EXPORTS: readonly (readonly ['ranking.csv' | 'reviews.csv' | 'deal-flow.csv', MessageKey])[] = [
  ['ranking.csv', 'ranking.export.ranking'],
  ['reviews.csv', 'ranking.export.reviews'],
  ['deal-flow.csv', 'ranking.export.dealFlow'],
];

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
  useTitle(res.data ? t('ranking.titleOf', { competition: res.data.competition.title }) : t('ranking.title'));
  const stale = res.data?.ranking.stale ?? false;
  // Being recomputed: ask again until it is current (the rows read so far are replaced then).
  useEffect(() => {
    if (!stale) return;
    const t = setTimeout(res.reload, POLL_MS);
    return () => clearTimeout(t);
  }, [stale, res.data]);
  if (res.loading && !res.data) return <Loading label={t('ranking.loading')} />;
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
  const title = (sid: string) => info(sid)?.title || t('common.untitled');
  const link = (sid: string) => `/competitions/${enc(id)}/submissions/${enc(sid)}`;
  const rounds = [...r.rounds];
  const totalWeight = rounds.reduce((s, x) => s + x.weight, 0);
  const excluded = r.excludedReviews;
  /** k of P(top k), the funding line (absent in rankings stored before it was computed). */
  const topK = r.ranked.find((s) => s.topK)?.topK?.k;

  return (
    <section class="ranking-page">
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(id)}`}>{c.title}</Link> › <Link href={`/competitions/${enc(id)}/rounds`}>{t('ranking.breadcrumbRounds')}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>{t('ranking.title')}</h1>
          <p class="muted meta-line">
            {t('ranking.meta', {
              ranked: r.rankedCount,
              unranked: Math.max(0, r.entryCount - r.rankedCount),
              showing: r.nextCursor ? String(r.ranked.length + r.unranked.length) : 'all',
            })}
          </p>
        </div>
        <div class="actions" role="group" aria-label={t('ranking.downloads')}>
          {EXPORTS.map(([file, label]) => (
            <DownloadButton key={file} downloads={downloads} file={file} label={t(label)} />
          ))}
          <button type="button" class="btn btn-small btn-ghost" onClick={res.reload} disabled={res.loading}>
            {res.loading ? t('ranking.refreshing') : t('ranking.refresh')}
          </button>
        </div>
      </div>
      <DownloadStatus downloads={downloads} />
      {r.stale && (
        <div class="ranking-stale" role="status" aria-live="polite">
          <Notice kind="info">
            {r.computedFromVersion === null ? t('ranking.firstCompute') : t('ranking.recomputing')}
            {recomputing && (
              <span class="progress-line">
                <progress max={recomputing.progress.total ?? undefined} value={recomputing.progress.total ? recomputing.progress.done : undefined} aria-label={t('ranking.recomputingLabel')} />
                <span class="progress-text">
                  {recomputing.progress.step ?? t('ranking.queued')}
                  {recomputing.progress.total ? ` ${t('ranking.progressPercent', { percent: Math.round((recomputing.progress.done / recomputing.progress.total) * 100) })}` : ''}
                </span>
              </span>
            )}
          </Notice>
        </div>
      )}

      {rounds.length === 0 ? (
        <Empty>
          {tx('ranking.noRounds', { link: (chunks) => <Link href={`/competitions/${enc(id)}/rounds/new`}>{chunks}</Link> })}
        </Empty>
      ) : r.ranked.length === 0 && r.computedFromVersion === null ? null : r.ranked.length === 0 ? (
        <Empty>{t('ranking.noReviews')}</Empty>
      ) : (
        <>
          <RankingChart ranked={r.ranked.slice(0, CHART_ROWS)} title={title} label={r.rankedCount > CHART_ROWS ? t('ranking.chartTop', { count: CHART_ROWS }) : t('ranking.chart')} describedBy="ranking-explained" />
          <p class="hint" id="ranking-explained">
            {t('ranking.explain.scores')}
            {topK !== undefined && ` ${t('ranking.explain.topK', { k: String(topK) })}`} {t('ranking.explain.perRound', { expo: rounds.some((x) => x.kind === 'expo') ? 'yes' : 'no' })}
          </p>
          <ScrollRegion label={t('ranking.scrollLabel')}>
            <DataTable
              columns={[
                { label: t('ranking.col.rank'), num: true },
                t('ranking.col.submission'),
                t('ranking.col.organisation'),
                { label: t('ranking.col.finalScore'), num: true },
                { label: t('ranking.col.band'), num: true },
                ...(topK !== undefined ? [{ label: t('ranking.col.topK', { k: String(topK) }), num: true }] : []),
                ...rounds.map((x) => ({
                  label: (
                    <>
                      {x.name}
                      <span class="th-sub">
                        {x.name === roundKindLabel(x.kind) ? '' : `${roundKindLabel(x.kind)} · `}
                        {totalWeight > 0 ? t('ranking.col.share', { percent: Math.round((x.weight / totalWeight) * 100) }) : t('ranking.col.weight', { weight: x.weight })}
                      </span>
                    </>
                  ),
                  num: true,
                })),
              ]}
              caption={t('ranking.caption')}
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
                    {s.tieBreak && <span class="tie-note">{t('ranking.tieBroken', { rule: tieBreakText(s.tieBreak, r.tieBreakRules) })}</span>}
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
                            <strong title={t('ranking.calibrated')}>{fmt(o.calibratedMean)}</strong>
                            {x.kind === 'expo' ? (
                              // An expo round's score comes from the judges' comparisons, not from reviews.
                              <span class="cell-sub">{t('ranking.comparisons', { count: o.reviews })}</span>
                            ) : (
                              <span class="cell-sub">
                                {t('ranking.raw', { raw: fmt(o.rawMean), n: o.reviews })}
                                {o.trimmed && ` ${t('ranking.trimmed')}`}
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
                {more.loading ? t('common.loading') : t('ranking.showNext', { count: PAGE_ROWS })}
              </button>
            </p>
          )}
          {more.error !== undefined && <LoadError error={more.error} />}
        </>
      )}

      {r.unranked.length > 0 && (
        <section aria-labelledby="unranked-heading">
          <h2 id="unranked-heading">{t('ranking.notRanked')}</h2>
          <ul class="unranked">
            {r.unranked.map((u) => (
              <li key={u.submissionId}>
                <Link href={link(u.submissionId)}>{title(u.submissionId)}</Link>
                {info(u.submissionId)?.organisationName && <span class="muted"> ({info(u.submissionId)!.organisationName})</span>}: {rankingReasonText(u.reason)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {excluded.length > 0 && (
        <section aria-labelledby="excluded-heading">
          <h2 id="excluded-heading">{t('ranking.reviewsLeftOut')}</h2>
          <ul class="unranked">
            {excluded.map((e, i) => (
              <li key={i}>
                {t('ranking.excludedItem', { title: title(e.submissionId), round: rounds.find((x) => x.id === e.roundId)?.name ?? t('ranking.aRound'), reason: rankingReasonText(e.reason) })}
              </li>
            ))}
          </ul>
        </section>
      )}

      <details class="method panel">
        <summary>{t('ranking.how')}</summary>
        <ol>
          {rankingRulesText(r.rules).map((rule, i) => (
            <li key={i}>
              <Rule text={rule} />
            </li>
          ))}
        </ol>
        {r.tieBreakRules.length > 0 && (
          <>
            <h3>{t('ranking.tieBreaks')}</h3>
            <ol>
              {tieBreakRulesText(r.tieBreakRules).map((rule, i) => (
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
