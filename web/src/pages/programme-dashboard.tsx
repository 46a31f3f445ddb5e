/**
 * The programme dashboard (H3, issue 13 §2): one ledger across the programme's calls. Tiles with
 * the figures now; committed against budget per call and in total, and the direct-SME share
 * against its minimum, as bar charts (each with its table: the text alternative); the top
 * recipients against the per-third-party cap; SMEs by country and sector; the CSV exports for the
 * funder; for coordinators, the limits form and the non-SME spending lines (services, events).
 */
import { useState } from 'preact/hooks';
import { api, ApiError, enc, type ApiAnswer } from '../api.ts';
import { ACTIONS_COLUMN, DataTable } from '../components/data-table.tsx';
import { useConfirm } from '../components/confirm-step.tsx';
import { DownloadButton, DownloadStatus, useProgrammeDownloads, type ProgrammeExportFile } from '../components/downloads.tsx';
import { Empty, ErrorSummary, Field, LoadError, Loading, Notice, ProgressLine, TextField } from '../components/ui.tsx';
import { DateInput } from '../components/date-input.tsx';
import { useResource, useTitle } from '../hooks.ts';
import { centsToUnits, currencySymbol, formatMoney, formatShare, unitsToCents } from '../money.ts';
import { formatDay, formatNumber } from '../format.ts';
import { t, type MessageKey } from '../i18n.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';

type Dashboard = ApiAnswer<'/api/programmes/{programmeId}/dashboard', 'get'>;
type Spending = Dashboard['spending'][number];

export function ProgrammeDashboardPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('programmeDashboard.signInWhat')}>
      <ProgrammeDashboardView id={id} />
    </RequireSignIn>
  );
}

const share = (x: number) => formatShare(x);

function ProgrammeDashboardView({ id }: { id: string }) {
  const res = useResource(() => api.GET('/api/programmes/{programmeId}/dashboard', { params: { path: { programmeId: id } } }), id);
  useTitle(res.data ? t('programmeDashboard.titleOf', { programme: res.data.programmeName }) : t('programmeDashboard.title'));
  if (res.loading && !res.data) return <Loading label={t('programmeDashboard.loading')} />;
  if (!res.data) return <LoadError error={res.error} />;
  const d = res.data;
  const money = (m: number) => formatMoney(m, d.currency);
  const coordinator = d.myRole === 'coordinator';
  return (
    <section class="dashboard-page programme-dashboard">
      <p class="breadcrumbs">
        <Link href={`/programmes/${enc(id)}`}>{d.programmeName}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>{t('programmeDashboard.title')}</h1>
          <p class="muted meta-line">
            {d.inFlight > 0
              ? t('programmeDashboard.metaInFlight', { count: d.calls.length, inFlight: d.inFlight })
              : t('programmeDashboard.meta', { count: d.calls.length })}
          </p>
        </div>
        <div class="actions" role="group" aria-label={t('programmeDashboard.actions')}>
          <button type="button" class="btn btn-small btn-ghost" onClick={res.reload} disabled={res.loading}>
            {res.loading ? t('programmeDashboard.refreshing') : t('programmeDashboard.refresh')}
          </button>
        </div>
      </div>

      <h2 id="programme-now">{t('programmeDashboard.now')}</h2>
      <ul class="dashboard-tiles" aria-labelledby="programme-now">
        <Tile label={t('programmeDashboard.tiles.budget')} value={money(d.limits.budget)} hint={t('programmeDashboard.tiles.budgetHint')} />
        <Tile label={t('programmeDashboard.tiles.committed')} value={money(d.committed)} hint={t('programmeDashboard.tiles.committedHint', { left: money(Math.max(0, d.left)) })} />
        <Tile label={t('programmeDashboard.tiles.sme')} value={share(d.smeShareOfBudget)} hint={t('programmeDashboard.tiles.smeHint', { min: share(d.limits.minSmeShare) })} />
        <Tile label={t('programmeDashboard.tiles.other')} value={money(d.otherSpending)} hint={t('programmeDashboard.tiles.otherHint')} />
        <Tile label={t('programmeDashboard.tiles.recipients')} value={formatNumber(d.recipients)} hint={t('programmeDashboard.tiles.recipientsHint', { cap: money(d.limits.thirdPartyCap) })} />
      </ul>
      {d.smeShareHolds ? (
        <Notice kind="success">{t('programmeDashboard.smeHolds', { min: share(d.limits.minSmeShare) })}</Notice>
      ) : (
        <Notice kind="warning">
          {t('programmeDashboard.smeShortfall', { amount: money(d.smeShortfall), min: share(d.limits.minSmeShare) })}
        </Notice>
      )}

      <h2>{t('programmeDashboard.committedHeading')}</h2>
      <CallsChart d={d} />
      <DataTable
        columns={[
          t('programmeDashboard.col.call'),
          t('programmeDashboard.col.partner'),
          { label: t('programmeDashboard.col.plan'), num: true },
          { label: t('programmeDashboard.col.committed'), num: true },
          { label: t('programmeDashboard.col.ofBudget'), num: true },
        ]}
        caption={t('programmeDashboard.callsCaption')}
        class="programme-calls"
      >
        {d.calls.map((c) => (
          <tr key={c.competitionId}>
            <th scope="row">
              <Link href={`/competitions/${enc(c.competitionId)}/awards`}>{c.title}</Link>
            </th>
            <td>{c.partnerName ?? ''}</td>
            <td class="num">{money(c.planBudget)}</td>
            <td class="num">{money(c.committed)}</td>
            <td class="num">{share(d.limits.budget > 0 ? c.committed / d.limits.budget : 0)}</td>
          </tr>
        ))}
        <tr class="total-row">
          <th scope="row">{t('programmeDashboard.allCalls')}</th>
          <td />
          <td class="num">{money(d.limits.budget)}</td>
          <td class="num">{money(d.committed)}</td>
          <td class="num">{share(d.limits.budget > 0 ? d.committed / d.limits.budget : 0)}</td>
        </tr>
      </DataTable>

      <h2>{t('programmeDashboard.smeHeading')}</h2>
      <ShareChart d={d} />
      <DataTable
        columns={[t('programmeDashboard.col.measure'), { label: t('programmeDashboard.col.toSmes'), num: true }, { label: t('programmeDashboard.col.of'), num: true }, { label: t('programmeDashboard.col.share'), num: true }]}
        caption={t('programmeDashboard.smeCaption')}
        hideCaption
      >
        <tr>
          <th scope="row">{t('programmeDashboard.shareOfBudget')}</th>
          <td class="num">{money(d.smeCommitted)}</td>
          <td class="num">{money(d.limits.budget)}</td>
          <td class="num">{share(d.smeShareOfBudget)}</td>
        </tr>
        <tr>
          <th scope="row">{t('programmeDashboard.shareOfSpent')}</th>
          <td class="num">{money(d.smeCommitted)}</td>
          <td class="num">{money(d.committed + d.otherSpending)}</td>
          <td class="num">{share(d.smeShareOfSpent)}</td>
        </tr>
        <tr>
          <th scope="row">{t('programmeDashboard.minimum')}</th>
          <td class="num">{money(Math.ceil(d.limits.minSmeShare * d.limits.budget))}</td>
          <td class="num">{money(d.limits.budget)}</td>
          <td class="num">{share(d.limits.minSmeShare)}</td>
        </tr>
      </DataTable>

      <h2>{t('programmeDashboard.recipientsHeading')}</h2>
      {d.topRecipients.length === 0 ? (
        <Empty>{t('programmeDashboard.noAwards')}</Empty>
      ) : (
        <DataTable
          columns={[
            t('programmeDashboard.col.organisation'),
            t('programmeDashboard.col.registryId'),
            t('programmeDashboard.col.country'),
            { label: t('programmeDashboard.col.received'), num: true },
            { label: t('programmeDashboard.col.capLeft'), num: true },
            t('programmeDashboard.col.capUsed'),
          ]}
          caption={t('programmeDashboard.recipientsCaption', { count: d.topRecipients.length, cap: money(d.limits.thirdPartyCap) })}
          class="programme-recipients"
        >
          {d.topRecipients.map((r) => (
            <tr key={r.organisationKey} data-at-cap={r.atCap ? 'yes' : 'no'}>
              <th scope="row">
                {r.organisationName}
                {!r.isSme && <span class="badge">{t('programmeDashboard.notSme')}</span>}
              </th>
              <td>{r.registryId}</td>
              <td>{r.country}</td>
              <td class="num">{money(r.total)}</td>
              <td class="num">{money(r.capLeft)}</td>
              <td>{r.atCap ? <strong class="badge badge-warning">{t('programmeDashboard.atCap')}</strong> : <ProgressLine done={Math.round((r.total / d.limits.thirdPartyCap) * 100)} total={100} label={t('programmeDashboard.capUsedLabel', { organisation: r.organisationName })} suffix="%" />}</td>
            </tr>
          ))}
        </DataTable>
      )}

      <div class="programme-groups">
        <GroupTable by="country" title={t('programmeDashboard.byCountry')} groups={d.byCountry} money={money} />
        <GroupTable by="sector" title={t('programmeDashboard.bySector')} groups={d.bySector} money={money} note={t('programmeDashboard.sectorNote')} />
      </div>

      <h2>{t('programmeDashboard.reportsHeading')}</h2>
      <ProgrammeDownloads id={id} />

      {coordinator && <LimitsForm id={id} d={d} onSaved={res.reload} />}
      <SpendingLines id={id} d={d} editable={coordinator} onChanged={res.reload} />
    </section>
  );
}

function Tile({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <li class="dashboard-tile">
      <span class="dashboard-tile-label">{label}</span>
      <strong class="dashboard-tile-value">{value}</strong>
      <span class="dashboard-tile-hint">{hint}</span>
    </li>
  );
}

/** Horizontal bars: each call's committed against its plan, and all calls against the programme budget (SVG). */
function CallsChart({ d }: { d: Dashboard }) {
  const money = (m: number) => formatMoney(m, d.currency);
  const rows = [...d.calls.map((c) => ({ key: c.competitionId, label: c.title, committed: c.committed, limit: c.planBudget })), { key: 'all', label: t('programmeDashboard.allCalls'), committed: d.committed, limit: d.limits.budget }];
  const max = Math.max(1, ...rows.map((r) => Math.max(r.committed, r.limit)));
  const rowH = 34;
  const w = (x: number) => (x / max) * 100;
  return (
    <figure class="programme-chart">
      <figcaption>{t('programmeDashboard.chart.caption')}</figcaption>
      <div class="programme-chart-body">
        <ol class="programme-chart-labels" aria-hidden="true">
          {rows.map((r) => (
            <li key={r.key} style={{ height: `${rowH}px` }} title={r.label}>
              <span class="programme-chart-name">{r.label}</span> <span class="programme-chart-figure">{t('programmeDashboard.chart.figure', { committed: money(r.committed), limit: money(r.limit) })}</span>
            </li>
          ))}
        </ol>
        <svg viewBox={`0 0 100 ${rows.length * rowH}`} preserveAspectRatio="none" width="100%" height={rows.length * rowH} role="img" aria-label={t('programmeDashboard.chart.summary', { rows: rows.map((r) => t('programmeDashboard.chart.row', { label: r.label, committed: money(r.committed), limit: money(r.limit) })).join('; ') })}>
          {rows.map((r, i) => (
            <g key={r.key} transform={`translate(0 ${i * rowH})`}>
              <rect x="0" y="10" width={w(r.limit)} height="14" class="programme-chart-limit" vector-effect="non-scaling-stroke" />
              <rect x="0" y="12" width={w(r.committed)} height="10" class={r.key === 'all' ? 'programme-chart-total' : 'programme-chart-bar'} />
            </g>
          ))}
        </svg>
      </div>
    </figure>
  );
}

/** The SME share as a gauge: filled to the share of the budget, a rule at the minimum. */
function ShareChart({ d }: { d: Dashboard }) {
  const pct = (x: number) => Math.max(0, Math.min(100, x * 100));
  return (
    <figure class="programme-chart">
      <figcaption>{t('programmeDashboard.gauge.caption', { min: formatShare(d.limits.minSmeShare) })}</figcaption>
      <svg viewBox="0 0 100 20" preserveAspectRatio="none" width="100%" height="28" role="img" aria-label={t('programmeDashboard.gauge.summary', { share: formatShare(d.smeShareOfBudget), min: formatShare(d.limits.minSmeShare) })}>
        <rect x="0" y="4" width="100" height="12" class="programme-chart-limit" vector-effect="non-scaling-stroke" />
        <rect x="0" y="6" width={pct(d.smeShareOfBudget)} height="8" class={d.smeShareHolds ? 'programme-chart-total' : 'programme-chart-bar'} />
        <line x1={pct(d.limits.minSmeShare)} x2={pct(d.limits.minSmeShare)} y1="0" y2="20" class="programme-chart-rule" vector-effect="non-scaling-stroke" />
      </svg>
    </figure>
  );
}

function GroupTable({ by, title, groups, money, note }: { by: 'country' | 'sector'; title: string; groups: Dashboard['byCountry']; money: (m: number) => string; note?: string }) {
  return (
    <div>
      <h3>{title}</h3>
      {note && <p class="hint">{note}</p>}
      {groups.length === 0 ? (
        <Empty>{t('programmeDashboard.none')}</Empty>
      ) : (
        <DataTable
          columns={[by === 'country' ? t('programmeDashboard.col.country') : t('programmeDashboard.col.sector'), { label: t('programmeDashboard.col.smes'), num: true }, { label: t('programmeDashboard.col.received'), num: true }]}
          caption={title}
          hideCaption
        >
          {groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">{g.key}</th>
              <td class="num">{formatNumber(g.smes)}</td>
              <td class="num">{money(g.amount)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

/** The programme's CSV files: each prepared by a job, followed, downloaded from its link (components/downloads.tsx). */
function ProgrammeDownloads({ id }: { id: string }) {
  const downloads = useProgrammeDownloads(id);
  const files: [ProgrammeExportFile, MessageKey][] = [
    ['recipients.csv', 'programmeDashboard.export.recipients'],
    ['calls.csv', 'programmeDashboard.export.calls'],
    ['spending.csv', 'programmeDashboard.export.spending'],
  ];
  return (
    <div>
      <div class="actions" role="group" aria-label={t('programmeDashboard.exports')}>
        {files.map(([file, label]) => (
          <DownloadButton key={file} downloads={downloads} file={file} label={t(label)} />
        ))}
      </div>
      <DownloadStatus downloads={downloads} />
    </div>
  );
}

/** The coordinator's form for the programme's limits: typed in currency units, sent in cents (web/src/money.ts). */
function LimitsForm({ id, d, onSaved }: { id: string; d: Dashboard; onSaved: () => void }) {
  const [budget, setBudget] = useState(centsToUnits(d.limits.budget, d.currency));
  const [cap, setCap] = useState(centsToUnits(d.limits.thirdPartyCap, d.currency));
  const [minShare, setMinShare] = useState(String(Math.round(d.limits.minSmeShare * 10_000) / 100));
  const [error, setError] = useState<ApiError | Error>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const sym = currencySymbol(d.currency);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    const b = unitsToCents(budget, d.currency);
    const c = unitsToCents(cap, d.currency);
    const s = Number(minShare.replace(',', '.').replace('%', '').trim());
    const fields: Record<string, string> = {};
    if (b === undefined) fields.totalBudget = t('programmeDashboard.limits.budgetError');
    if (c === undefined || c === 0) fields.thirdPartyCap = t('programmeDashboard.limits.capError');
    if (!Number.isFinite(s) || s < 0 || s > 100) fields.minSmeShare = t('programmeDashboard.limits.shareError');
    if (Object.keys(fields).length > 0) return setError(new ApiError(400, 'VALIDATION_FAILED', t('programmeDashboard.limits.check'), fields));
    setBusy(true);
    try {
      await api.PUT('/api/programmes/{programmeId}/limits', {
        params: { path: { programmeId: id } },
        // Cents, as the API counts every amount (unitsToCents converted what was typed).
        body: { totalBudget: b!, thirdPartyCap: c!, minSmeShare: Math.round(s * 100) / 10_000, version: d.limits.limitsVersion },
      });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const errors = error instanceof ApiError ? error.fields : {};
  return (
    <form class="panel programme-limits" onSubmit={submit} noValidate aria-label={t('programmeDashboard.limits.heading')}>
      <h2>{t('programmeDashboard.limits.heading')}</h2>
      <p class="hint">{t('programmeDashboard.limits.hint')}</p>
      <ErrorSummary error={error} labels={{ totalBudget: t('programmeDashboard.limits.budget'), thirdPartyCap: t('programmeDashboard.limits.cap'), minSmeShare: t('programmeDashboard.limits.minShare') }} />
      <div class="form-row">
        <TextField path="totalBudget" label={t('programmeDashboard.withUnit', { label: t('programmeDashboard.limits.budget'), unit: sym })} value={budget} onValue={setBudget} errors={errors} inputMode="decimal" required />
        <TextField path="thirdPartyCap" label={t('programmeDashboard.withUnit', { label: t('programmeDashboard.limits.cap'), unit: sym })} value={cap} onValue={setCap} errors={errors} inputMode="decimal" required />
        <TextField path="minSmeShare" label={t('programmeDashboard.limits.minSharePct')} value={minShare} onValue={setMinShare} errors={errors} inputMode="decimal" required />
      </div>
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? t('programmeDashboard.saving') : t('programmeDashboard.limits.save')}
      </button>
      {saved && <Notice kind="success">{t('programmeDashboard.limits.saved')}</Notice>}
    </form>
  );
}

const CATEGORIES: [Spending['category'], MessageKey][] = [
  ['services', 'programmeDashboard.category.services'],
  ['events', 'programmeDashboard.category.events'],
  ['other', 'programmeDashboard.category.other'],
];

/** Non-SME spending lines: a table, and for the coordinator an add/edit form and removal. */
function SpendingLines({ id, d, editable, onChanged }: { id: string; d: Dashboard; editable: boolean; onChanged: () => void }) {
  const [editing, setEditing] = useState<Spending | 'new'>();
  const [dialog, ask] = useConfirm();
  const [error, setError] = useState<Error>();
  const money = (m: number) => formatMoney(m, d.currency);
  const remove = async (s: Spending) => {
    if (
      !(await ask({
        title: t('programmeDashboard.spending.removeTitle', { label: s.label }),
        body: t('programmeDashboard.spending.removeBody', { amount: money(s.amount), date: formatDay(s.date) }),
        action: t('programmeDashboard.remove'),
        danger: true,
      }))
    )
      return;
    try {
      await api.DELETE('/api/programmes/{programmeId}/spending/{spendingId}', { params: { path: { programmeId: id, spendingId: s.id }, query: { version: s.version } } });
      onChanged();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <section class="programme-spending">
      {dialog}
      <h2>{t('programmeDashboard.spending.heading')}</h2>
      <p class="hint">{t('programmeDashboard.spending.hint')}</p>
      {error && <Notice kind="error">{error.message}</Notice>}
      {d.spending.length === 0 ? (
        <Empty>{t('programmeDashboard.spending.empty')}</Empty>
      ) : (
        <DataTable
          columns={[t('programmeDashboard.col.date'), t('programmeDashboard.col.what'), t('programmeDashboard.col.category'), { label: t('programmeDashboard.col.amount'), num: true }, ...(editable ? [ACTIONS_COLUMN] : [])]}
          caption={t('programmeDashboard.spending.caption')}
          hideCaption
        >
          {d.spending.map((s) => (
            <tr key={s.id}>
              <td>{formatDay(s.date)}</td>
              <th scope="row">{s.label}</th>
              <td>{((k) => (k ? t(k) : s.category))(CATEGORIES.find(([c]) => c === s.category)?.[1])}</td>
              <td class="num">{money(s.amount)}</td>
              {editable && (
                <td class="row-actions">
                  <button type="button" class="btn btn-small btn-ghost" onClick={() => setEditing(s)} aria-label={t('programmeDashboard.editLabel', { label: s.label })}>
                    {t('programmeDashboard.edit')}
                  </button>
                  <button type="button" class="btn btn-small btn-ghost" onClick={() => void remove(s)} aria-label={t('programmeDashboard.removeLabel', { label: s.label })}>
                    {t('programmeDashboard.remove')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {editable &&
        (editing ? (
          <SpendingForm key={editing === 'new' ? 'new' : editing.id} id={id} currency={d.currency} line={editing === 'new' ? undefined : editing} onDone={(changed) => (setEditing(undefined), changed && onChanged())} />
        ) : (
          <button type="button" class="btn" onClick={() => setEditing('new')}>
            {t('programmeDashboard.spending.add')}
          </button>
        ))}
    </section>
  );
}

function SpendingForm({ id, currency, line, onDone }: { id: string; currency: string; line?: Spending; onDone: (changed: boolean) => void }) {
  const [label, setLabel] = useState(line?.label ?? '');
  const [category, setCategory] = useState<Spending['category']>(line?.category ?? 'services');
  const [amount, setAmount] = useState(line ? centsToUnits(line.amount, currency) : '');
  const [date, setDate] = useState(line?.date ?? new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const cents = unitsToCents(amount, currency);
    if (cents === undefined) return setError(new ApiError(400, 'VALIDATION_FAILED', t('programmeDashboard.spending.check'), { amount: t('programmeDashboard.spending.amountError') }));
    const body = { label, category, amount: cents, date };
    setBusy(true);
    try {
      if (line) await api.PUT('/api/programmes/{programmeId}/spending/{spendingId}', { params: { path: { programmeId: id, spendingId: line.id } }, body: { ...body, version: line.version } });
      else await api.POST('/api/programmes/{programmeId}/spending', { params: { path: { programmeId: id } }, body });
      onDone(true);
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  };
  const errors = error instanceof ApiError ? error.fields : {};
  return (
    <form class="panel" onSubmit={submit} noValidate>
      <h3>{line ? t('programmeDashboard.spending.editTitle', { label: line.label }) : t('programmeDashboard.spending.newTitle')}</h3>
      <ErrorSummary error={error} labels={{ label: t('programmeDashboard.col.what'), category: t('programmeDashboard.col.category'), amount: t('programmeDashboard.col.amount'), date: t('programmeDashboard.col.date') }} />
      <div class="form-row">
        <TextField path="label" label={t('programmeDashboard.col.what')} value={label} onValue={setLabel} errors={errors} required maxLength={200} />
        <Field path="category" label={t('programmeDashboard.col.category')} errors={errors} required>
          {(a11y) => (
            <select {...a11y} value={category} onChange={(e) => setCategory(e.currentTarget.value as Spending['category'])}>
              {CATEGORIES.map(([c, text]) => (
                <option key={c} value={c}>
                  {t(text)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField path="amount" label={t('programmeDashboard.withUnit', { label: t('programmeDashboard.col.amount'), unit: currencySymbol(currency) })} value={amount} onValue={setAmount} errors={errors} inputMode="decimal" required />
        <Field path="date" label={t('programmeDashboard.col.date')} errors={errors} required>
          {(a11y) => <DateInput a11y={a11y} value={date} onValue={setDate} />}
        </Field>
      </div>
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('programmeDashboard.saving') : line ? t('programmeDashboard.spending.saveLine') : t('programmeDashboard.spending.addLine')}
        </button>
        <button type="button" class="btn btn-ghost" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
