/**
 * Organisers: the calibrated ranking — a chart of final scores with their uncertainty bands, the
 * table with every figure (the chart's text alternative), how it is computed, what is not ranked
 * and why, and the CSV exports.
 */
import { api, enc } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { DownloadButton, DownloadStatus, useDownloads } from '../components/downloads.tsx';
import { RankingChart } from '../components/ranking-chart.tsx';
import { Empty, LoadError, Loading } from '../components/ui.tsx';
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

function RankingView({ id }: { id: string }) {
  const params = { path: { competitionId: id } };
  const res = useResource(async () => {
    const competition = await loadOrganised(id);
    return { competition, ranking: await api.GET('/api/competitions/{competitionId}/ranking', { params }) };
  }, id);
  const downloads = useDownloads(id);
  useTitle(res.data ? `Ranking — ${res.data.competition.title}` : 'Ranking');
  if (res.loading && !res.data) return <Loading label="Computing the ranking…" />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, ranking: r } = res.data;
  const info = (sid: string) => r.submissions[sid];
  const title = (sid: string) => info(sid)?.title || 'Untitled';
  const link = (sid: string) => `/competitions/${enc(id)}/submissions/${enc(sid)}`;
  const rounds = [...r.rounds];
  const totalWeight = rounds.reduce((s, x) => s + x.weight, 0);
  const excluded = r.excludedReviews;

  return (
    <section class="ranking-page">
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(id)}`}>{c.title}</Link> › <Link href={`/competitions/${enc(id)}/rounds`}>Evaluation rounds</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>Ranking</h1>
          <p class="muted meta-line">
            {r.ranked.length} ranked{r.unranked.length > 0 && `, ${r.unranked.length} not ranked`} · calibrated scores on 0–100
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

      {rounds.length === 0 ? (
        <Empty>
          No evaluation rounds yet. <Link href={`/competitions/${enc(id)}/rounds/new`}>Add a round</Link> to start reviewing.
        </Empty>
      ) : r.ranked.length === 0 ? (
        <Empty>No submission has a submitted review yet. The ranking appears as soon as reviews come in.</Empty>
      ) : (
        <>
          <RankingChart ranked={r.ranked} title={title} label="Final score by rank, with uncertainty bands" describedBy="ranking-explained" />
          <p class="hint" id="ranking-explained">
            Scores are on 0–100; the band is the 95 % uncertainty range. Per round: the calibrated score, then the raw score and the number of reviews.
          </p>
          <DataTable
            columns={[
              { label: 'Rank', num: true },
              'Submission',
              'Organisation',
              { label: 'Final score', num: true },
              { label: 'Band', num: true },
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
              'Note',
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
                </th>
                <td>
                  {info(s.submissionId)?.organisationName}
                  {info(s.submissionId)?.country && <span class="muted"> · {info(s.submissionId)!.country}</span>}
                </td>
                <td class="num final-score">{fmt(s.finalScore)}</td>
                <td class="num">
                  {fmt(s.band.low)}–{fmt(s.band.high)}
                </td>
                {rounds.map((x) => {
                  const o = s.rounds.find((y) => y.roundId === x.id);
                  return (
                    <td key={x.id} class="num">
                      {o ? (
                        <>
                          <strong title="Calibrated">{fmt(o.calibratedMean)}</strong>
                          <span class="cell-sub">
                            raw {fmt(o.rawMean)} · n={o.reviews}
                            {o.trimmed && ' · trimmed'}
                          </span>
                        </>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                  );
                })}
                <td class="tie-note">{s.tieBreak ? `Tie broken by ${s.tieBreak}` : ''}</td>
              </tr>
            ))}
          </DataTable>
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
