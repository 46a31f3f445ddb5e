/**
 * Final scores as horizontal bars (0–100) with the uncertainty band as whiskers, in ranked order,
 * each with its P(top k); a dashed rule below the k-th row marks the funding line. Plain HTML and
 * CSS so that it reflows on a phone; the ranking table is its text alternative.
 */
import type { ComponentChildren } from 'preact';
import { formatNumber } from '../format.ts';
import { t, tx } from '../i18n.ts';
import type { RankedSubmission } from '../types.ts';

/** A probability as a percentage; "< 1 %" and "> 99 %" rather than a misleading 0 % or 100 % when not certain. */
export const pct = (p: number) =>
  p === 0 || p === 1 ? t('rankingChart.pct', { pct: p * 100 }) : p < 0.01 ? t('rankingChart.pctBelow1') : p > 0.99 ? t('rankingChart.pctAbove99') : t('rankingChart.pct', { pct: Math.round(p * 100) });

/** A score to one decimal, in the reader's language ("72.5", "72,5"). */
const score1 = (x: number) => formatNumber(x, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

const TICKS = [0, 25, 50, 75, 100];
const clamp = (x: number) => Math.max(0, Math.min(100, x));

/** One bar of an interval chart: a 0–100 score with its interval, in ranked order. */
export interface IntervalRow {
  id: string;
  rank: number;
  label: string;
  score: number;
  low: number;
  high: number;
  /** P(top k), shown beside the score. */
  topK?: { k: number; probability: number };
}

/**
 * Scores (0–100) as horizontal bars with their intervals as whiskers, in the order given; a dashed
 * rule below row `lineAfterRank`. The final ranking and an expo round's live ranking both use it.
 */
export function IntervalChart({
  rows,
  caption,
  summary,
  describedBy,
  lineAfterRank,
  legend,
  class: extraClass = '',
}: {
  rows: IntervalRow[];
  caption: string;
  summary: string;
  describedBy?: string;
  lineAfterRank?: number;
  legend: ComponentChildren;
  class?: string;
}) {
  const withP = rows.some((r) => r.topK);
  return (
    <figure class={`rank-chart${withP ? ' rank-chart-with-p' : ''}${extraClass ? ` ${extraClass}` : ''}`}>
      <figcaption id="rank-chart-title">{caption}</figcaption>
      <div class="rank-chart-plot" role="img" aria-label={summary} aria-describedby={describedBy}>
        <div class="rank-chart-axis" aria-hidden="true">
          <span class="rank-chart-label-spacer" />
          <span class="rank-chart-scale">
            {TICKS.map((t) => (
              <span key={t} class="rank-chart-tick" style={{ left: `${t}%` }}>
                {t}
              </span>
            ))}
          </span>
        </div>
        <ol class="rank-chart-rows" aria-hidden="true">
          {rows.map((r) => {
            const low = clamp(r.low);
            const high = clamp(r.high);
            return (
              <li key={r.id} class={`rank-chart-row${lineAfterRank !== undefined && r.rank === lineAfterRank && r.rank < rows.length ? ' rank-chart-line' : ''}`}>
                <span class="rank-chart-label" title={r.label}>
                  <span class="rank-chart-rank">{r.rank}</span> {r.label}
                </span>
                <span class="rank-chart-cell">
                  <span class="rank-chart-track">
                    {TICKS.slice(1, -1).map((t) => (
                      <span key={t} class="rank-chart-grid" style={{ left: `${t}%` }} />
                    ))}
                    <span class="rank-chart-bar" style={{ width: `${clamp(r.score)}%` }} />
                    <span class="rank-chart-whisker" style={{ left: `${low}%`, width: `${Math.max(high - low, 0)}%` }} />
                  </span>
                  <span class="rank-chart-value">{score1(r.score)}</span>
                  {r.topK && (
                    <span class="rank-chart-p" title={t('rankingChart.pTop', { k: r.topK.k })}>
                      {pct(r.topK.probability)}
                    </span>
                  )}
                </span>
              </li>
            );
          })}
        </ol>
        <p class="rank-chart-legend" aria-hidden="true">
          {legend}
        </p>
      </div>
    </figure>
  );
}

export function RankingChart({
  ranked,
  title,
  describedBy,
  label,
}: {
  ranked: RankedSubmission[];
  title: (id: string) => string;
  describedBy?: string;
  label: string;
}) {
  const top = ranked[0];
  const k = ranked.find((r) => r.topK)?.topK?.k;
  const figures = { label, count: ranked.length, k: k ?? 0, ...(top ? { first: title(top.submissionId), score: score1(top.finalScore) } : {}) };
  const summary = top
    ? t(k !== undefined ? 'rankingChart.summaryTopLine' : 'rankingChart.summaryTop', figures)
    : t(k !== undefined ? 'rankingChart.summaryLine' : 'rankingChart.summary', figures);
  const rows = ranked.map((r) => ({ id: r.submissionId, rank: r.rank, label: title(r.submissionId), score: r.finalScore, low: r.band.low, high: r.band.high, ...(r.topK ? { topK: r.topK } : {}) }));
  return (
    <IntervalChart
      rows={rows}
      caption={label}
      summary={summary}
      describedBy={describedBy}
      lineAfterRank={k}
      legend={
        <>
          {tx('rankingChart.legend', { bar: <span class="legend-bar" />, whisker: <span class="legend-whisker" /> })}
          {k !== undefined && tx('rankingChart.legendLine', { k, line: <span class="legend-line" /> })}
        </>
      }
    />
  );
}
