/**
 * Final scores as horizontal bars (0–100) with the uncertainty band as whiskers, in ranked order,
 * each with its P(top k); a dashed rule below the k-th row marks the funding line. Plain HTML and
 * CSS so that it reflows on a phone; the ranking table is its text alternative.
 */
import type { RankedSubmission } from '../types.ts';

/** A probability as a percentage; "< 1 %" and "> 99 %" rather than a misleading 0 % or 100 % when not certain. */
export const pct = (p: number) => (p === 0 ? '0 %' : p === 1 ? '100 %' : p < 0.01 ? '< 1 %' : p > 0.99 ? '> 99 %' : `${Math.round(p * 100)} %`);

const TICKS = [0, 25, 50, 75, 100];
const clamp = (x: number) => Math.max(0, Math.min(100, x));

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
  const summary = `${label}: ${ranked.length} ranked submissions${top ? `; first: ${title(top.submissionId)} with ${top.finalScore.toFixed(1)}` : ''}${k !== undefined ? `; funding line after rank ${k}` : ''}. The table below lists every figure.`;
  return (
    <figure class={`rank-chart${k !== undefined ? ' rank-chart-with-p' : ''}`}>
      <figcaption id="rank-chart-title">{label}</figcaption>
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
          {ranked.map((r) => {
            const low = clamp(r.band.low);
            const high = clamp(r.band.high);
            return (
              <li key={r.submissionId} class={`rank-chart-row${k !== undefined && r.rank === k && r.rank < ranked.length ? ' rank-chart-line' : ''}`}>
                <span class="rank-chart-label" title={title(r.submissionId)}>
                  <span class="rank-chart-rank">{r.rank}</span> {title(r.submissionId)}
                </span>
                <span class="rank-chart-cell">
                  <span class="rank-chart-track">
                    {TICKS.slice(1, -1).map((t) => (
                      <span key={t} class="rank-chart-grid" style={{ left: `${t}%` }} />
                    ))}
                    <span class="rank-chart-bar" style={{ width: `${clamp(r.finalScore)}%` }} />
                    <span class="rank-chart-whisker" style={{ left: `${low}%`, width: `${Math.max(high - low, 0)}%` }} />
                  </span>
                  <span class="rank-chart-value">{r.finalScore.toFixed(1)}</span>
                  {r.topK && (
                    <span class="rank-chart-p" title={`P(top ${r.topK.k})`}>
                      {pct(r.topK.probability)}
                    </span>
                  )}
                </span>
              </li>
            );
          })}
        </ol>
        <p class="rank-chart-legend" aria-hidden="true">
          <span class="legend-bar" /> final score <span class="legend-whisker" /> 95 % uncertainty band
          {k !== undefined && (
            <>
              {' '}
              · % = P(top {k}), the chance of being among the first {k} <span class="legend-line" /> funding line
            </>
          )}
        </p>
      </div>
    </figure>
  );
}
