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
import { formatInZone } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { roundKindLabel } from '../types.ts';

type Dashboard = ApiAnswer<'/api/competitions/{competitionId}/dashboard', 'get'>;
type Counter = keyof Dashboard['totals'];

export function DashboardPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="the dashboard">
      <DashboardView id={id} />
    </RequireSignIn>
  );
}

const TILES: { key: Counter; label: string; hint: string }[] = [
  { key: 'registered', label: 'Registrations', hint: 'organisations registered' },
  { key: 'drafts', label: 'Drafts', hint: 'entries not yet submitted' },
  { key: 'submitted', label: 'Submitted', hint: 'entries submitted' },
  { key: 'withdrawn', label: 'Withdrawn', hint: 'entries withdrawn' },
  { key: 'pitchesReady', label: 'Pitches ready', hint: 'entries with a verified video' },
  { key: 'pitchesRejected', label: 'Pitches rejected', hint: 'uploads the server refused' },
];
/** The lines of the entries chart (withdrawn and rejected are small and stay in the table). */
const LINES: { key: Counter; label: string }[] = [
  { key: 'registered', label: 'Registrations' },
  { key: 'drafts', label: 'Drafts' },
  { key: 'submitted', label: 'Submitted' },
  { key: 'pitchesReady', label: 'Pitches ready' },
];

const n = (x: number) => x.toLocaleString('en-GB');
const signed = (x: number) => (x > 0 ? `+${n(x)}` : x < 0 ? `−${n(-x)}` : '±0');

function DashboardView({ id }: { id: string }) {
  const res = useResource(() => api.GET('/api/competitions/{competitionId}/dashboard', { params: { path: { competitionId: id } } }), id);
  const [job, setJob] = useState<Job>();
  const [recount, setRecount] = useState<{ busy: boolean; error?: unknown; done?: string }>({ busy: false });
  useTitle(res.data ? `Dashboard — ${res.data.title}` : 'Dashboard');
  if (res.loading && !res.data) return <Loading label="Loading the dashboard…" />;
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
      setRecount({ busy: false, done: `Recounted: ${n(Number(finished.result?.counts?.corrected ?? 0))} day(s) corrected.` });
      res.reload();
    } catch (error) {
      setRecount({ busy: false, error });
    }
  };
  const entrySeries: LineSeries[] = LINES.map((l, i) => ({ label: l.label, values: d.series.counts[l.key], style: i }));
  const period = `${shortDay(d.series.from)} – ${shortDay(d.series.to)}`;

  return (
    <section class="dashboard-page">
      <p class="breadcrumbs">
        <Link href={base}>{d.title}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>Dashboard</h1>
          <p class="muted meta-line">
            Today is {shortDay(d.today)} in {d.timeZone} · day by day from {period}
            {d.recount && ` · last recounted ${formatInZone(d.recount.recountedAt, d.timeZone)}`}
          </p>
        </div>
        <div class="actions" role="group" aria-label="Dashboard actions">
          <button type="button" class="btn btn-small btn-ghost" onClick={res.reload} disabled={res.loading}>
            {res.loading ? 'Refreshing…' : 'Refresh'}
          </button>
          <button type="button" class="btn btn-small" onClick={runRecount} disabled={recount.busy}>
            {recount.busy ? 'Recounting…' : 'Recount'}
          </button>
        </div>
      </div>
      {recount.busy && <JobProgress job={job} label="Recounting the dashboard" />}
      {recount.done && <Notice kind="success">{recount.done}</Notice>}
      {recount.error !== undefined && <Notice kind="error">{recount.error instanceof ApiError ? recount.error.message : 'The recount failed. Try again.'}</Notice>}

      <h2 id="figures-now">Now</h2>
      <ul class="dashboard-tiles" aria-labelledby="figures-now">
        {TILES.map((t) => (
          <li key={t.key} class="dashboard-tile" data-counter={t.key}>
            <span class="dashboard-tile-label">{t.label}</span>
            <strong class="dashboard-tile-value">{n(d.totals[t.key])}</strong>
            <span class="dashboard-tile-hint">
              {t.hint}
              {change(t.key) !== 0 && <span class="dashboard-tile-change"> · {signed(change(t.key))} today</span>}
            </span>
          </li>
        ))}
      </ul>

      <h2>Entries over time</h2>
      <LineChart
        days={d.series.days}
        series={entrySeries}
        caption={`Registrations, drafts, submissions and ready pitches at the end of each day, ${period}`}
        summary={`Line chart over ${d.series.days.length} days: ${LINES.map((l) => `${l.label.toLowerCase()} ${n(d.series.counts[l.key].at(-1) ?? 0)}`).join(', ')} at the end. The table below lists every day.`}
        describedBy="entries-table-note"
      />
      <details class="chart-table">
        <summary>The figures day by day (table)</summary>
        <p class="hint" id="entries-table-note">
          Each figure as it stood at the end of the day, in the competition’s time zone ({d.timeZone}).
        </p>
        <ScrollRegion label="Entries day by day">
          <DataTable columns={['Day', ...TILES.map((t) => ({ label: t.label, num: true }))]} caption="Entries day by day" hideCaption class="dashboard-days">
            {[...d.series.days.keys()].reverse().map((i) => (
              <tr key={d.series.days[i]}>
                <th scope="row">{d.series.days[i]}</th>
                {TILES.map((t) => (
                  <td key={t.key} class="num">
                    {n(d.series.counts[t.key][i]!)}
                  </td>
                ))}
              </tr>
            ))}
          </DataTable>
        </ScrollRegion>
      </details>

      <h2>Reviews per round</h2>
      {d.rounds.length === 0 ? (
        <Empty>
          No review rounds yet. <Link href={`${base}/rounds/new`}>Add a round</Link>.
        </Empty>
      ) : (
        <>
          <ScrollRegion label="Reviews per round">
            <DataTable
              columns={['Round', { label: 'Assigned', num: true }, { label: 'Done', num: true }, { label: 'Pending', num: true }, { label: 'Done %', num: true }, { label: 'Reviewers', num: true }, { label: 'With none done', num: true }]}
              caption="Reviews per round"
              hideCaption
              class="dashboard-rounds"
            >
              {d.rounds.map((r) => (
                <tr key={r.roundId}>
                  <th scope="row">
                    <Link href={`${base}/rounds/${enc(r.roundId)}`}>{r.name}</Link>
                    <span class="cell-sub">
                      {roundKindLabel(r.kind)} · closes {formatInZone(r.closesAt, d.timeZone)}
                    </span>
                  </th>
                  <td class="num">{n(r.assigned)}</td>
                  <td class="num">{n(r.done)}</td>
                  <td class="num">{n(r.pending)}</td>
                  <td class="num">{r.assigned ? `${Math.round((r.done / r.assigned) * 100)} %` : '—'}</td>
                  <td class="num">{r.reviewers === null ? '—' : n(r.reviewers)}</td>
                  <td class="num">{r.reviewersWithNoneDone === null ? '—' : n(r.reviewersWithNoneDone)}</td>
                </tr>
              ))}
            </DataTable>
          </ScrollRegion>
          {d.rounds.some((r) => r.reviewers === null) && <p class="hint">— : this round is older than the reviewer counts; open its reviewer list once to have them counted.</p>}
          <LineChart
            days={d.series.days}
            series={d.rounds.flatMap((r, i) => {
              const s = d.series.rounds.find((x) => x.roundId === r.roundId);
              return s
                ? [
                    { label: `${r.name}: done`, values: s.done, style: (2 * i) % 6 },
                    { label: `${r.name}: pending`, values: s.pending, style: (2 * i + 1) % 6 },
                  ]
                : [];
            })}
            caption={`Reviews done and pending at the end of each day, ${period}`}
            summary={`Line chart of reviews over ${d.series.days.length} days: ${d.rounds.map((r) => `${r.name} ${n(r.done)} done, ${n(r.pending)} pending`).join('; ')}. The table below lists every day.`}
            describedBy="reviews-table-note"
          />
          <details class="chart-table">
            <summary>Reviews day by day (table)</summary>
            <p class="hint" id="reviews-table-note">
              Reviews done and pending in each round at the end of the day.
            </p>
            <ScrollRegion label="Reviews day by day">
              <DataTable
                columns={['Day', ...d.rounds.flatMap((r) => [{ label: `${r.name}: done`, num: true }, { label: `${r.name}: pending`, num: true }])]}
                caption="Reviews day by day"
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
        Counted as things happen (registrations, entries created, submitted and withdrawn, pitches verified or refused, reviews assigned and submitted); a draft’s saves are not counted. If a figure looks wrong, <em>Recount</em> recounts them all from
        the stored entries and reviews.
      </p>
    </section>
  );
}
