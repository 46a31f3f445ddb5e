/**
 * Organisers during an expo: the live view (coverage per team, the judges' progress, the current
 * ranking with its intervals, the teams no judge has seen yet), refreshed every few seconds without
 * a reload and paused while the tab is hidden; and the tables editor the round page shows for an
 * expo round (table number, zone, absent, "Number the tables").
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, enc, type ApiAnswer } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { IntervalChart } from '../components/ranking-chart.tsx';
import { ErrorSummary, LoadError, Loading, Notice } from '../components/ui.tsx';
import { formatLocal, formatNumber } from '../format.ts';
import { currentLocale, t, t as tr, tx } from '../i18n.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { expoMethodLabel, loadOrganised, loadRounds } from './rounds.tsx';

export type ExpoLive = ApiAnswer<'/api/competitions/{competitionId}/rounds/{roundId}/expo/live', 'get'>;
type LiveTeam = ExpoLive['teams'][number];
export type ExpoTableRow = ApiAnswer<'/api/competitions/{competitionId}/rounds/{roundId}/expo/tables', 'get'>['items'][number];

/** How often the live view asks again (while the tab is visible). */
export const LIVE_REFRESH_MS = 3000;

/** A score or bound with one decimal (rounded as toFixed does), in the reader's language: 71.4, 71,4. */
const one = (n: number) => formatNumber(Number(n.toFixed(1)), { minimumFractionDigits: 1, maximumFractionDigits: 1 });


export const expoLiveHref = (competitionId: string, roundId: string) => `/competitions/${enc(competitionId)}/rounds/${enc(roundId)}/expo`;

export function ExpoLivePage({ id, roundId }: { id: string; roundId: string }) {
  return (
    <RequireSignIn what={t('expoLive.signInWhat')}>
      <ExpoLiveView competitionId={id} roundId={roundId} />
    </RequireSignIn>
  );
}

/** Calls `fn` every `ms` while the page is visible, and once at once when it becomes visible again. */
function useVisibleInterval(fn: () => void, ms: number): void {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    let timer: number | undefined;
    const start = () => {
      window.clearInterval(timer);
      timer = window.setInterval(() => saved.current(), ms);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') window.clearInterval(timer);
      else {
        saved.current();
        start();
      }
    };
    if (document.visibilityState !== 'hidden') start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [ms]);
}

function ExpoLiveView({ competitionId, roundId }: { competitionId: string; roundId: string }) {
  const head = useResource(async () => {
    const competition = await loadOrganised(competitionId);
    const round = (await loadRounds(competitionId)).find((r) => r.id === roundId);
    if (!round) throw new ApiError(404, 'NOT_FOUND', t('expoLive.noSuchRound'));
    return { competition, round };
  }, `${competitionId}/${roundId}`);
  const [live, setLive] = useState<ExpoLive>();
  const [error, setError] = useState<unknown>();
  const [refreshedAt, setRefreshedAt] = useState<number>();
  const inFlight = useRef(false);
  useTitle(head.data ? t('expoLive.title', { round: head.data.round.name }) : t('expoLive.titleDefault'));

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      setLive(await api.GET('/api/competitions/{competitionId}/rounds/{roundId}/expo/live', { params: { path: { competitionId, roundId } } }));
      setError(undefined);
      setRefreshedAt(Date.now());
    } catch (e) {
      setError(e);
    } finally {
      inFlight.current = false;
    }
  }, [competitionId, roundId]);
  useEffect(() => void refresh(), [refresh]);
  useVisibleInterval(() => void refresh(), LIVE_REFRESH_MS);

  if (head.loading && !head.data) return <Loading label={t('expoLive.loading')} />;
  if (!head.data) return <LoadError error={head.error} />;
  const { competition: c, round: r } = head.data;
  const base = `/competitions/${enc(competitionId)}`;
  const teams = live ? [...live.teams].sort((a, b) => a.rank - b.rank || a.table.localeCompare(b.table, undefined, { numeric: true })) : [];
  const titleOf = new Map(teams.map((t) => [t.submissionId, t]));
  // The minimum the selection applies (the round's, as far as the judges' time allows), else the round's setting.
  const minVisits = live?.minVisits ?? r.expo?.minVisits ?? 0;
  // The bars' full length: the most visits so far, at least the minimum every team should get.
  const maxVisits = Math.max(1, minVisits, ...teams.map((t) => t.visits));

  return (
    <article class="expo-live">
      <p class="breadcrumbs">
        <Link href={base}>{c.title}</Link> › <Link href={`${base}/rounds`}>{t('expoLive.breadcrumbs.rounds')}</Link> › <Link href={`${base}/rounds/${enc(roundId)}`}>{r.name}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>{t('expoLive.title', { round: r.name })}</h1>
          {live && (
            <p class="meta-line">
              <span>{expoMethodLabel(live.method)}</span>
              <span class="muted">
                {' '}
                · {tx('expoLive.votes', { count: live.votes, n: (chunks) => <span data-testid="expo-live-votes">{chunks}</span> })}
              </span>
            </p>
          )}
        </div>
      </div>
      <p class="hint expo-live-refresh" aria-live="off">
        {refreshedAt
          ? t('expoLive.refreshesLast', { seconds: LIVE_REFRESH_MS / 1000, last: new Date(refreshedAt).toLocaleTimeString(currentLocale()) })
          : t('expoLive.refreshes', { seconds: LIVE_REFRESH_MS / 1000 })}
        {live?.updatedAt && ` ${t('expoLive.dataAsOf', { at: formatLocal(live.updatedAt) })}`}
      </p>
      {error !== undefined && live && <Notice kind="warning">{t('expoLive.refreshFailed')}</Notice>}
      {!live && error !== undefined && <LoadError error={error} />}
      {!live && error === undefined && <Loading label={t('expoLive.loadingFigures')} />}

      {live && (
        <>
          <section aria-labelledby="expo-ranking-heading">
            <h2 id="expo-ranking-heading">{t('expoLive.ranking.heading')}</h2>
            {teams.length === 0 ? (
              <p class="muted">{t('expoLive.ranking.noTables')}</p>
            ) : (
              <>
                <ExpoChart teams={teams} />
                <DataTable
                  columns={[{ label: t('expoLive.col.rank'), num: true }, t('expoLive.col.table'), t('expoLive.col.project'), { label: t('expoLive.col.score'), num: true }, t('expoLive.col.interval'), { label: t('expoLive.col.visits'), num: true }, { label: t('expoLive.col.votes'), num: true }]}
                  caption={minVisits ? t('expoLive.ranking.captionMin', { min: minVisits }) : t('expoLive.ranking.caption')}
                >
                  {teams.map((t) => (
                    <tr key={t.submissionId} class={t.absent ? 'expo-absent' : undefined}>
                      <td class="num">{t.rank}</td>
                      <td>
                        {t.table}
                        {t.zone && <span class="muted"> · {t.zone}</span>}
                      </td>
                      <th scope="row">
                        {t.title}
                        {t.absent && <span class="badge expo-absent-badge">{tr('expoLive.absent')}</span>}
                      </th>
                      <td class="num">{one(t.score)}</td>
                      <td>
                        {one(t.low)}–{one(t.high)}
                      </td>
                      <td class="num">
                        <span class={`expo-coverage${t.visits < minVisits && !t.absent ? ' expo-coverage-short' : ''}`}>
                          <span class="expo-coverage-track" aria-hidden="true">
                            <span class="expo-coverage-bar" style={{ width: `${Math.min(1, t.visits / maxVisits) * 100}%` }} />
                          </span>
                          <span>{t.visits}</span>
                        </span>
                      </td>
                      <td class="num">{t.votes}</td>
                    </tr>
                  ))}
                </DataTable>
              </>
            )}
          </section>

          {live.criteria.length > 0 && teams.length > 0 && <ExpoCriteriaTable teams={teams} criteria={live.criteria} />}

          <section aria-labelledby="expo-unseen-heading">
            <h2 id="expo-unseen-heading">{t('expoLive.unseen.heading')}</h2>
            {live.unseen.length === 0 ? (
              <p class="muted">{t('expoLive.unseen.none')}</p>
            ) : (
              <ul class="expo-unseen" aria-labelledby="expo-unseen-heading">
                {live.unseen.map((id) => {
                  const team = titleOf.get(id);
                  return (
                    <li key={id}>
                      {team ? (team.absent ? t('expoLive.unseen.teamAbsent', { table: team.table, title: team.title }) : t('expoLive.unseen.team', { table: team.table, title: team.title })) : id}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>

          <section aria-labelledby="expo-judges-heading">
            <h2 id="expo-judges-heading">{t('expoLive.judges.heading')}</h2>
            {live.judges.length === 0 ? (
              <p class="muted">{t('expoLive.judges.none')}</p>
            ) : (
              <DataTable
                columns={[t('expoLive.judges.col.judge'), { label: t('expoLive.judges.col.seen'), num: true }, { label: t('expoLive.col.votes'), num: true }, { label: t('expoLive.judges.col.skips'), num: true }, t('expoLive.judges.col.nowAt'), t('expoLive.judges.col.lastVote'), t('expoLive.judges.col.agreement')]}
                caption={t('expoLive.judges.caption')}
              >
                {live.judges.map((j) => (
                  <tr key={j.sub}>
                    <th scope="row">{j.name}</th>
                    <td class="num">{j.seen}</td>
                    <td class="num">{j.votes}</td>
                    <td class="num">{j.skips}</td>
                    <td>{j.current ? (titleOf.get(j.current) ? t('expoLive.judges.atTable', { table: titleOf.get(j.current)!.table }) : '—') : '—'}</td>
                    <td>{j.lastAt ? formatLocal(j.lastAt) : '—'}</td>
                    <td>
                      {j.agreement !== undefined
                        ? t('expoLive.judges.agreement', { percent: Math.round(j.agreement * 100) })
                        : j.alpha !== undefined && j.beta !== undefined
                          ? t('expoLive.judges.expected', { percent: Math.round((j.alpha / (j.alpha + j.beta)) * 100) })
                          : '—'}
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
        </>
      )}
    </article>
  );
}

/**
 * Issue 12 (H10): the rank of every team on each criterion the judges compared, beside its overall
 * rank (rows in the overall order), each criterion ranked with the round's method on its own votes.
 */
function ExpoCriteriaTable({ teams, criteria }: { teams: LiveTeam[]; criteria: ExpoLive['criteria'] }) {
  const standing = criteria.map((c) => new Map(c.standings.map((s) => [s.submissionId, s])));
  return (
    <section aria-labelledby="expo-criteria-heading" class="expo-criteria">
      <h2 id="expo-criteria-heading">{t('expoLive.criteria.heading')}</h2>
      <DataTable
        columns={[t('expoLive.col.project'), { label: t('expoLive.criteria.overallRank'), num: true }, ...criteria.map((c) => ({ label: t('expoLive.criteria.column', { name: c.name, count: c.votes }), num: true }))]}
        caption={t('expoLive.criteria.caption')}
      >
        {teams.map((t) => (
          <tr key={t.submissionId}>
            <th scope="row">{t.title}</th>
            <td class="num">{t.rank}</td>
            {criteria.map((c, i) => {
              const s = standing[i]!.get(t.submissionId);
              return (
                <td key={c.id} class="num" data-criterion={c.id}>
                  {s && s.votes > 0 ? (
                    <>
                      {s.rank} <span class="muted">· {one(s.score)}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** The ranking as bars with interval whiskers (components/ranking-chart.tsx); the table is its text alternative. */
function ExpoChart({ teams }: { teams: LiveTeam[] }) {
  const top = teams[0];
  const summary = top ? t('expoLive.chart.summaryTop', { count: teams.length, title: top.title, score: one(top.score) }) : t('expoLive.chart.summary', { count: teams.length });
  const rows = teams.map((t) => ({ id: t.submissionId, rank: t.rank, label: t.title, score: t.score, low: t.low, high: t.high }));
  return (
    <IntervalChart
      class="expo-chart"
      rows={rows}
      caption={t('expoLive.chart.caption')}
      summary={summary}
      legend={
        <>
          <span class="legend-bar" /> {t('expoLive.chart.score')} <span class="legend-whisker" /> {t('expoLive.chart.interval')}
        </>
      }
    />
  );
}

// ——— The tables editor (on the round page of an expo round) ———

/** Every table of the round, following the pages. */
async function loadTables(competitionId: string, roundId: string): Promise<ExpoTableRow[]> {
  const out: ExpoTableRow[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await api.GET('/api/competitions/{competitionId}/rounds/{roundId}/expo/tables', { params: { path: { competitionId, roundId }, query: { limit: 100, cursor } } });
    out.push(...page.items);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return out;
}

interface Row {
  submissionId: string;
  title: string;
  table: string;
  zone: string;
  absent: boolean;
}

export function ExpoTablesPanel({ competitionId, roundId, frozen }: { competitionId: string; roundId: string; frozen: boolean }) {
  const res = useResource(() => loadTables(competitionId, roundId), `${competitionId}/${roundId}`);
  const [rows, setRows] = useState<Row[]>();
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState<string>();
  const [saved, setSaved] = useState('');
  useEffect(() => {
    if (res.data) setRows(res.data.map((t) => ({ submissionId: t.submissionId, title: t.title, table: t.table, zone: t.zone ?? '', absent: t.absent })));
  }, [res.data]);

  const path = { competitionId, roundId };
  const edit = (sid: string, patch: Partial<Row>) => {
    setSaved('');
    setRows((rs) => rs?.map((r) => (r.submissionId === sid ? { ...r, ...patch } : r)));
  };

  async function run(label: string, fn: () => Promise<string>) {
    setBusy(label);
    setError(undefined);
    setSaved('');
    try {
      setSaved(await fn());
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  }

  const sorted = rows ? [...rows].sort((a, b) => a.table.localeCompare(b.table, undefined, { numeric: true }) || a.title.localeCompare(b.title)) : [];
  return (
    <section class="panel section expo-tables" aria-labelledby="expo-tables-heading">
      <h2 id="expo-tables-heading">{t('expoLive.tables.heading')}</h2>
      <p class="muted">
        {t('expoLive.tables.lead')}
      </p>
      <ErrorSummary error={error} />
      {saved && <Notice kind="success">{saved}</Notice>}
      {res.loading && !rows && <Loading label={t('expoLive.tables.loading')} />}
      {!rows && res.error !== undefined && <LoadError error={res.error} />}
      {rows && (
        <>
          <div class="actions expo-tables-actions">
            <button
              type="button"
              class="btn"
              disabled={frozen || !!busy}
              onClick={() =>
                void run('auto', async () => {
                  const r = await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/expo/tables/auto', { params: { path } });
                  res.reload();
                  return t('expoLive.tables.numbered', { count: r.updated });
                })
              }
            >
              {busy === 'auto' ? t('expoLive.tables.numbering') : t('expoLive.tables.number')}
            </button>
          </div>
          {rows.length === 0 ? (
            <p class="muted">{t('expoLive.tables.none')}</p>
          ) : (
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void run('save', async () => {
                  const r = await api.PUT('/api/competitions/{competitionId}/rounds/{roundId}/expo/tables', {
                    params: { path },
                    body: { items: sorted.filter((x) => x.table.trim() !== '').map((x) => ({ submissionId: x.submissionId, table: x.table.trim(), ...(x.zone.trim() ? { zone: x.zone.trim() } : {}) })) },
                  });
                  res.reload();
                  return t('expoLive.tables.saved', { count: r.updated });
                });
              }}
            >
              <DataTable columns={[t('expoLive.col.project'), t('expoLive.col.table'), t('expoLive.tables.zone'), t('expoLive.absent')]} caption={t('expoLive.tables.caption')}>
                {sorted.map((t) => (
                  <tr key={t.submissionId}>
                    <th scope="row">{t.title}</th>
                    <td>
                      <input
                        class="expo-table-input"
                        type="text"
                        inputMode="numeric"
                        maxLength={20}
                        aria-label={tr('expoLive.tables.tableOf', { title: t.title })}
                        value={t.table}
                        disabled={frozen}
                        onInput={(e) => edit(t.submissionId, { table: e.currentTarget.value })}
                      />
                    </td>
                    <td>
                      <input
                        class="expo-zone-input"
                        type="text"
                        maxLength={40}
                        aria-label={tr('expoLive.tables.zoneOf', { title: t.title })}
                        value={t.zone}
                        disabled={frozen}
                        onInput={(e) => edit(t.submissionId, { zone: e.currentTarget.value })}
                      />
                    </td>
                    <td>
                      <label class="field-check expo-absent-toggle">
                        <input
                          type="checkbox"
                          checked={t.absent}
                          disabled={frozen || !!busy}
                          aria-label={tr('expoLive.tables.isAbsent', { title: t.title })}
                          onChange={(e) => {
                            const absent = e.currentTarget.checked;
                            edit(t.submissionId, { absent });
                            void run('absent', async () => {
                              try {
                                await api.PUT('/api/competitions/{competitionId}/rounds/{roundId}/expo/tables/{submissionId}/absent', {
                                  params: { path: { ...path, submissionId: t.submissionId } },
                                  body: { absent },
                                });
                              } catch (e) {
                                edit(t.submissionId, { absent: !absent }); // as it was: the server said no
                                throw e;
                              }
                              return absent ? tr('expoLive.tables.markedAbsent', { title: t.title }) : tr('expoLive.tables.back', { title: t.title });
                            });
                          }}
                        />
                        <span>{t.absent ? tr('expoLive.absent') : tr('expoLive.tables.here')}</span>
                      </label>
                    </td>
                  </tr>
                ))}
              </DataTable>
              <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled={frozen || !!busy}>
                  {busy === 'save' ? t('common.saving') : t('expoLive.tables.save')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
