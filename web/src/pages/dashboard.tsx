/**
 * The organiser's dashboard of a competition — the page an organiser opens every morning of a
 * call: tiles with the figures now (and today's change), the entries over time as a line chart,
 * the reviews per round as a table and their progress as a chart, each chart with the figures day
 * by day as a table (its text alternative). The API reads counters (GET …/dashboard), so it costs
 * the same with 20 entries as with 2,000; a recount (a job) puts them right from the stored items.
 */
import { useState } from 'preact/hooks';
import { api, ApiError, enc, type ApiAnswer } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { followJob, JobProgress, type Job } from '../components/job-progress.tsx';
import { LineChart, shortDay, type LineSeries } from '../components/line-chart.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { Empty, LoadError, Loading, Notice } from '../components/ui.tsx';
import { formatInZone, formatNumber } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { t, tx, type MessageKey } from '../i18n.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { roundKindLabel } from '../types.ts';

type Dashboard = ApiAnswer<'/api/competitions/{competitionId}/dashboard', 'get'>;
type Counter = keyof Dashboard['totals'];

export function DashboardPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('dashboard.signInWhat')}>
      <DashboardView id={id} />
    </RequireSignIn>
  );
}

const TILES: { key: Counter; label: MessageKey; hint: MessageKey }[] = [
  { key: 'registered', label: 'dashboard.counter.registered', hint: 'dashboard.hint.registered' },
  { key: 'drafts', label: 'dashboard.counter.drafts', hint: 'dashboard.hint.drafts' },
  { key: 'submitted', label: 'dashboard.counter.submitted', hint: 'dashboard.hint.submitted' },
  { key: 'withdrawn', label: 'dashboard.counter.withdrawn', hint: 'dashboard.hint.withdrawn' },
  { key: 'pitchesReady', label: 'dashboard.counter.pitchesReady', hint: 'dashboard.hint.pitchesReady' },
  { key: 'pitchesRejected', label: 'dashboard.counter.pitchesRejected', hint: 'dashboard.hint.pitchesRejected' },
];
/** The lines of the entries chart (withdrawn and rejected are small and stay in the table); `summary` names its last figure. */
const LINES: { key: Counter; label: MessageKey; summary: MessageKey }[] = [
  { key: 'registered', label: 'dashboard.counter.registered', summary: 'dashboard.summaryItem.registered' },
  { key: 'drafts', label: 'dashboard.counter.drafts', summary: 'dashboard.summaryItem.drafts' },
  { key: 'submitted', label: 'dashboard.counter.submitted', summary: 'dashboard.summaryItem.submitted' },
  { key: 'pitchesReady', label: 'dashboard.counter.pitchesReady', summary: 'dashboard.summaryItem.pitchesReady' },
];

const n = (x: number) => formatNumber(x);
const signed = (x: number) => (x > 0 ? `+${n(x)}` : x < 0 ? `−${n(-x)}` : '±0');

function DashboardView({ id }: { id: string }) {
  const res = useResource(() => api.GET('/api/competitions/{competitionId}/dashboard', { params: { path: { competitionId: id } } }), id);
  const [job, setJob] = useState<Job>();
  const [recount, setRecount] = useState<{ busy: boolean; error?: unknown; done?: string }>({ busy: false });
  useTitle(res.data ? t('dashboard.titleOf', { competition: res.data.title }) : t('dashboard.title'));
  if (res.loading && !res.data) return <Loading label={t('dashboard.loading')} />;
  if (!res.data) return <LoadError error={res.error} />;
  const d = res.data;
  const base = `/competitions/${enc(id)}`;
  const last = d.series.days.length - 1;
  /** Today's change of a counter (the last day of the series against the one before). */
  const change = (k: Counter) => (last >= 0 && d.series.days[last] === d.today ? d.series.counts[k][last]! - (last > 0 ? d.series.counts[k][last - 1]! : 0) : 0);
  const runRecount = async () => {
    setRecount({ busy: true });
    try {
      const started = await api.POST('/api/competitions/{competitionId}/dashboard/recount', { params: { path: { competitionId: id } } });
      const finished = await followJob(started, setJob);
      setRecount({ busy: false, done: t('dashboard.recounted', { count: n(Number(finished.result?.counts?.corrected ?? 0)) }) });
      res.reload();
    } catch (error) {
      setRecount({ busy: false, error });
    }
  };
  const entrySeries: LineSeries[] = LINES.map((l, i) => ({ label: t(l.label), values: d.series.counts[l.key], style: i }));
  const period = t('dashboard.period', { from: shortDay(d.series.from), to: shortDay(d.series.to) });

  return (
    <section class="dashboard-page">
      <p class="breadcrumbs">
        <Link href={base}>{d.title}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>{t('dashboard.title')}</h1>
          <p class="muted meta-line">
            {d.recount
              ? t('dashboard.metaRecounted', { today: shortDay(d.today), zone: d.timeZone, period, when: formatInZone(d.recount.recountedAt, d.timeZone) })
              : t('dashboard.meta', { today: shortDay(d.today), zone: d.timeZone, period })}
          </p>
        </div>
        <div class="actions" role="group" aria-label={t('dashboard.actions')}>
          <button type="button" class="btn btn-small btn-ghost" onClick={res.reload} disabled={res.loading}>
            {res.loading ? t('dashboard.refreshing') : t('dashboard.refresh')}
          </button>
          <button type="button" class="btn btn-small" onClick={runRecount} disabled={recount.busy}>
            {recount.busy ? t('dashboard.recounting') : t('dashboard.recount')}
          </button>
        </div>
      </div>
      {recount.busy && <JobProgress job={job} label={t('dashboard.recountJob')} />}
      {recount.done && <Notice kind="success">{recount.done}</Notice>}
      {recount.error !== undefined && <Notice kind="error">{recount.error instanceof ApiError ? recount.error.message : t('dashboard.recountFailed')}</Notice>}

      <h2 id="figures-now">{t('dashboard.now')}</h2>
      <ul class="dashboard-tiles" aria-labelledby="figures-now">
        {TILES.map((tile) => (
          <li key={tile.key} class="dashboard-tile" data-counter={tile.key}>
            <span class="dashboard-tile-label">{t(tile.label)}</span>
            <strong class="dashboard-tile-value">{n(d.totals[tile.key])}</strong>
            <span class="dashboard-tile-hint">
              {t(tile.hint)}
              {change(tile.key) !== 0 && <span class="dashboard-tile-change">{t('dashboard.today', { change: signed(change(tile.key)) })}</span>}
            </span>
          </li>
        ))}
      </ul>

      <h2>{t('dashboard.entriesHeading')}</h2>
      <LineChart
        days={d.series.days}
        series={entrySeries}
        caption={t('dashboard.entriesCaption', { period })}
        summary={t('dashboard.entriesSummary', {
          days: d.series.days.length,
          figures: LINES.map((l) => t(l.summary, { value: n(d.series.counts[l.key].at(-1) ?? 0) })).join(', '),
        })}
        describedBy="entries-table-note"
      />
      <details class="chart-table">
        <summary>{t('dashboard.figuresTable')}</summary>
        <p class="hint" id="entries-table-note">
          {t('dashboard.entriesNote', { zone: d.timeZone })}
        </p>
        <ScrollRegion label={t('dashboard.entriesByDay')}>
          <DataTable columns={[t('dashboard.col.day'), ...TILES.map((tile) => ({ label: t(tile.label), num: true }))]} caption={t('dashboard.entriesByDay')} hideCaption class="dashboard-days">
            {[...d.series.days.keys()].reverse().map((i) => (
              <tr key={d.series.days[i]}>
                <th scope="row">{d.series.days[i]}</th>
                {TILES.map((tile) => (
                  <td key={tile.key} class="num">
                    {n(d.series.counts[tile.key][i]!)}
                  </td>
                ))}
              </tr>
            ))}
          </DataTable>
        </ScrollRegion>
      </details>

      <h2>{t('dashboard.reviewsHeading')}</h2>
      {d.rounds.length === 0 ? (
        <Empty>
          {tx('dashboard.noRounds', { link: (c) => <Link href={`${base}/rounds/new`}>{c}</Link> })}
        </Empty>
      ) : (
        <>
          <ScrollRegion label={t('dashboard.reviewsHeading')}>
            <DataTable
              columns={[
                t('dashboard.col.round'),
                { label: t('dashboard.col.assigned'), num: true },
                { label: t('dashboard.col.done'), num: true },
                { label: t('dashboard.col.pending'), num: true },
                { label: t('dashboard.col.donePct'), num: true },
                { label: t('dashboard.col.reviewers'), num: true },
                { label: t('dashboard.col.noneDone'), num: true },
              ]}
              caption={t('dashboard.reviewsHeading')}
              hideCaption
              class="dashboard-rounds"
            >
              {d.rounds.map((r) => (
                <tr key={r.roundId}>
                  <th scope="row">
                    <Link href={`${base}/rounds/${enc(r.roundId)}`}>{r.name}</Link>
                    <span class="cell-sub">
                      {t('dashboard.roundSub', { kind: roundKindLabel(r.kind), when: formatInZone(r.closesAt, d.timeZone) })}
                    </span>
                  </th>
                  <td class="num">{n(r.assigned)}</td>
                  <td class="num">{n(r.done)}</td>
                  <td class="num">{n(r.pending)}</td>
                  <td class="num">{r.assigned ? t('dashboard.percent', { pct: Math.round((r.done / r.assigned) * 100) }) : '—'}</td>
                  <td class="num">{r.reviewers === null ? '—' : n(r.reviewers)}</td>
                  <td class="num">{r.reviewersWithNoneDone === null ? '—' : n(r.reviewersWithNoneDone)}</td>
                </tr>
              ))}
            </DataTable>
          </ScrollRegion>
          {d.rounds.some((r) => r.reviewers === null) && <p class="hint">{t('dashboard.oldRound')}</p>}
          <LineChart
            days={d.series.days}
            series={d.rounds.flatMap((r, i) => {
              const s = d.series.rounds.find((x) => x.roundId === r.roundId);
              return s
                ? [
                    { label: t('dashboard.roundDone', { round: r.name }), values: s.done, style: (2 * i) % 6 },
                    { label: t('dashboard.roundPending', { round: r.name }), values: s.pending, style: (2 * i + 1) % 6 },
                  ]
                : [];
            })}
            caption={t('dashboard.reviewsCaption', { period })}
            summary={t('dashboard.reviewsSummary', {
              days: d.series.days.length,
              figures: d.rounds.map((r) => t('dashboard.reviewsSummaryRound', { round: r.name, done: n(r.done), pending: n(r.pending) })).join('; '),
            })}
            describedBy="reviews-table-note"
          />
          <details class="chart-table">
            <summary>{t('dashboard.reviewsTable')}</summary>
            <p class="hint" id="reviews-table-note">
              {t('dashboard.reviewsNote')}
            </p>
            <ScrollRegion label={t('dashboard.reviewsByDay')}>
              <DataTable
                columns={[
                  t('dashboard.col.day'),
                  ...d.rounds.flatMap((r) => [
                    { label: t('dashboard.roundDone', { round: r.name }), num: true },
                    { label: t('dashboard.roundPending', { round: r.name }), num: true },
                  ]),
                ]}
                caption={t('dashboard.reviewsByDay')}
                hideCaption
                class="dashboard-review-days"
              >
                {[...d.series.days.keys()].reverse().map((i) => (
                  <tr key={d.series.days[i]}>
                    <th scope="row">{d.series.days[i]}</th>
                    {d.series.rounds.flatMap((s) => [
                      <td key={`${s.roundId}-done`} class="num">
                        {n(s.done[i]!)}
                      </td>,
                      <td key={`${s.roundId}-pending`} class="num">
                        {n(s.pending[i]!)}
                      </td>,
                    ])}
                  </tr>
                ))}
              </DataTable>
            </ScrollRegion>
          </details>
        </>
      )}
      <p class="hint">
        {tx('dashboard.footnote', { em: (c) => <em>{c}</em> })}
      </p>
    </section>
  );
}
