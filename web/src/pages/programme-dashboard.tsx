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
import { useResource, useTitle } from '../hooks.ts';
import { centsToUnits, currencySymbol, formatMoney, formatShare, unitsToCents } from '../money.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';

type Dashboard = ApiAnswer<'/api/programmes/{programmeId}/dashboard', 'get'>;
type Spending = Dashboard['spending'][number];

export function ProgrammeDashboardPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="the programme dashboard">
      <ProgrammeDashboardView id={id} />
    </RequireSignIn>
  );
}

const share = (x: number) => formatShare(x);

function ProgrammeDashboardView({ id }: { id: string }) {
  const res = useResource(() => api.GET('/api/programmes/{programmeId}/dashboard', { params: { path: { programmeId: id } } }), id);
  useTitle(res.data ? `Dashboard — ${res.data.programmeName}` : 'Programme dashboard');
  if (res.loading && !res.data) return <Loading label="Loading the programme dashboard…" />;
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
          <h1>Programme dashboard</h1>
          <p class="muted meta-line">
            One budget and one cap per third party across {d.calls.length} {d.calls.length === 1 ? 'call' : 'calls'}
            {d.inFlight > 0 && ` · ${d.inFlight} confirmation(s) in flight`}
          </p>
        </div>
        <div class="actions" role="group" aria-label="Dashboard actions">
          <button type="button" class="btn btn-small btn-ghost" onClick={res.reload} disabled={res.loading}>
            {res.loading ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>

      <h2 id="programme-now">Now</h2>
      <ul class="dashboard-tiles" aria-labelledby="programme-now">
        <Tile label="Budget" value={money(d.limits.budget)} hint="for awards across the calls" />
        <Tile label="Committed" value={money(d.committed)} hint={`${money(Math.max(0, d.left))} left`} />
        <Tile label="Direct to SMEs" value={share(d.smeShareOfBudget)} hint={`of the budget; at least ${share(d.limits.minSmeShare)} required`} />
        <Tile label="Non-SME spending" value={money(d.otherSpending)} hint="services, events" />
        <Tile label="Third parties" value={String(d.recipients)} hint={`cap ${money(d.limits.thirdPartyCap)} each`} />
      </ul>
      {d.smeShareHolds ? (
        <Notice kind="success">SME awards reach the minimum share of the budget ({share(d.limits.minSmeShare)}).</Notice>
      ) : (
        <Notice kind="warning">
          {money(d.smeShortfall)} more must go to SMEs directly to reach {share(d.limits.minSmeShare)} of the budget.
        </Notice>
      )}

      <h2>Committed against budget</h2>
      <CallsChart d={d} />
      <DataTable columns={['Call', 'Partner', { label: 'Its plan', num: true }, { label: 'Committed', num: true }, { label: 'Of the programme budget', num: true }]} caption="Committed per call" class="programme-calls">
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
          <th scope="row">All calls</th>
          <td />
          <td class="num">{money(d.limits.budget)}</td>
          <td class="num">{money(d.committed)}</td>
          <td class="num">{share(d.limits.budget > 0 ? d.committed / d.limits.budget : 0)}</td>
        </tr>
      </DataTable>

      <h2>Direct support to SMEs</h2>
      <ShareChart d={d} />
      <DataTable columns={['Measure', { label: 'To SMEs', num: true }, { label: 'Of', num: true }, { label: 'Share', num: true }]} caption="SME share" hideCaption>
        <tr>
          <th scope="row">Share of the budget</th>
          <td class="num">{money(d.smeCommitted)}</td>
          <td class="num">{money(d.limits.budget)}</td>
          <td class="num">{share(d.smeShareOfBudget)}</td>
        </tr>
        <tr>
          <th scope="row">Share of all spent (awards and non-SME spending)</th>
          <td class="num">{money(d.smeCommitted)}</td>
          <td class="num">{money(d.committed + d.otherSpending)}</td>
          <td class="num">{share(d.smeShareOfSpent)}</td>
        </tr>
        <tr>
          <th scope="row">Minimum</th>
          <td class="num">{money(Math.ceil(d.limits.minSmeShare * d.limits.budget))}</td>
          <td class="num">{money(d.limits.budget)}</td>
          <td class="num">{share(d.limits.minSmeShare)}</td>
        </tr>
      </DataTable>

      <h2>Top recipients against the cap</h2>
      {d.topRecipients.length === 0 ? (
        <Empty>No awards confirmed in the programme’s calls yet.</Empty>
      ) : (
        <DataTable columns={['Organisation', 'Registry id', 'Country', { label: 'Received', num: true }, { label: 'Left under the cap', num: true }, 'Cap used']} caption={`${d.topRecipients.length === 1 ? 'The third party' : `The ${d.topRecipients.length} third parties`} with the most support (cap ${money(d.limits.thirdPartyCap)})`} class="programme-recipients">
          {d.topRecipients.map((r) => (
            <tr key={r.organisationKey} data-at-cap={r.atCap ? 'yes' : 'no'}>
              <th scope="row">
                {r.organisationName}
                {!r.isSme && <span class="badge"> not an SME</span>}
              </th>
              <td>{r.registryId}</td>
              <td>{r.country}</td>
              <td class="num">{money(r.total)}</td>
              <td class="num">{money(r.capLeft)}</td>
              <td>{r.atCap ? <strong class="badge badge-warning">At the cap</strong> : <ProgressLine done={Math.round((r.total / d.limits.thirdPartyCap) * 100)} total={100} label={`${r.organisationName}: share of the cap used`} suffix="%" />}</td>
            </tr>
          ))}
        </DataTable>
      )}

      <div class="programme-groups">
        <GroupTable title="SMEs supported by country" groups={d.byCountry} money={money} />
        <GroupTable title="SMEs supported by sector" groups={d.bySector} money={money} note="An SME active in several sectors counts in each." />
      </div>

      <h2>Reports for the funder</h2>
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
  const rows = [...d.calls.map((c) => ({ key: c.competitionId, label: c.title, committed: c.committed, limit: c.planBudget })), { key: 'all', label: 'All calls', committed: d.committed, limit: d.limits.budget }];
  const max = Math.max(1, ...rows.map((r) => Math.max(r.committed, r.limit)));
  const rowH = 34;
  const w = (x: number) => (x / max) * 100;
  return (
    <figure class="programme-chart">
      <figcaption>Committed (filled) against each call’s plan and the programme budget (outline)</figcaption>
      <div class="programme-chart-body">
        <ol class="programme-chart-labels" aria-hidden="true">
          {rows.map((r) => (
            <li key={r.key} style={{ height: `${rowH}px` }} title={r.label}>
              <span class="programme-chart-name">{r.label}</span> <span class="programme-chart-figure">{money(r.committed)} of {money(r.limit)}</span>
            </li>
          ))}
        </ol>
        <svg viewBox={`0 0 100 ${rows.length * rowH}`} preserveAspectRatio="none" width="100%" height={rows.length * rowH} role="img" aria-label={`Bar chart: ${rows.map((r) => `${r.label} ${money(r.committed)} of ${money(r.limit)}`).join('; ')}. The table below has the figures.`}>
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
      <figcaption>SME awards as a share of the budget, against the minimum of {formatShare(d.limits.minSmeShare)}</figcaption>
      <svg viewBox="0 0 100 20" preserveAspectRatio="none" width="100%" height="28" role="img" aria-label={`Gauge: ${formatShare(d.smeShareOfBudget)} of the budget to SMEs; the minimum is ${formatShare(d.limits.minSmeShare)}.`}>
        <rect x="0" y="4" width="100" height="12" class="programme-chart-limit" vector-effect="non-scaling-stroke" />
        <rect x="0" y="6" width={pct(d.smeShareOfBudget)} height="8" class={d.smeShareHolds ? 'programme-chart-total' : 'programme-chart-bar'} />
        <line x1={pct(d.limits.minSmeShare)} x2={pct(d.limits.minSmeShare)} y1="0" y2="20" class="programme-chart-rule" vector-effect="non-scaling-stroke" />
      </svg>
    </figure>
  );
}

function GroupTable({ title, groups, money, note }: { title: string; groups: Dashboard['byCountry']; money: (m: number) => string; note?: string }) {
  return (
    <div>
      <h3>{title}</h3>
      {note && <p class="hint">{note}</p>}
      {groups.length === 0 ? (
        <Empty>None yet.</Empty>
      ) : (
        <DataTable columns={[title.endsWith('country') ? 'Country' : 'Sector', { label: 'SMEs', num: true }, { label: 'Received', num: true }]} caption={title} hideCaption>
          {groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">{g.key}</th>
              <td class="num">{g.smes}</td>
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
  const files: [ProgrammeExportFile, string][] = [
    ['recipients.csv', 'Third parties supported (CSV)'],
    ['calls.csv', 'Committed per call (CSV)'],
    ['spending.csv', 'Non-SME spending (CSV)'],
  ];
  return (
    <div>
      <div class="actions" role="group" aria-label="Programme exports">
        {files.map(([file, label]) => (
          <DownloadButton key={file} downloads={downloads} file={file} label={label} />
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
    if (b === undefined) fields.totalBudget = 'Enter an amount, e.g. 1200000.';
    if (c === undefined || c === 0) fields.thirdPartyCap = 'Enter an amount above 0, e.g. 60000.';
    if (!Number.isFinite(s) || s < 0 || s > 100) fields.minSmeShare = 'Enter a share from 0 to 100 %.';
    if (Object.keys(fields).length > 0) return setError(new ApiError(400, 'VALIDATION_FAILED', 'Please check the limits.', fields));
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
    <form class="panel programme-limits" onSubmit={submit} noValidate aria-label="Programme limits">
      <h2>Programme limits</h2>
      <p class="hint">Every confirmation in every call is checked against these at once. They cannot go below what the calls have committed or what a third party has received.</p>
      <ErrorSummary error={error} labels={{ totalBudget: 'Budget', thirdPartyCap: 'Cap per third party', minSmeShare: 'Minimum SME share' }} />
      <div class="form-row">
        <TextField path="totalBudget" label={`Budget (${sym})`} value={budget} onValue={setBudget} errors={errors} inputMode="decimal" required />
        <TextField path="thirdPartyCap" label={`Cap per third party (${sym})`} value={cap} onValue={setCap} errors={errors} inputMode="decimal" required />
        <TextField path="minSmeShare" label="Minimum SME share (%)" value={minShare} onValue={setMinShare} errors={errors} inputMode="decimal" required />
      </div>
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save limits'}
      </button>
      {saved && <Notice kind="success">The limits are saved.</Notice>}
    </form>
  );
}

const CATEGORIES: [Spending['category'], string][] = [
  ['services', 'Services'],
  ['events', 'Events'],
  ['other', 'Other'],
];

/** Non-SME spending lines: a table, and for the coordinator an add/edit form and removal. */
function SpendingLines({ id, d, editable, onChanged }: { id: string; d: Dashboard; editable: boolean; onChanged: () => void }) {
  const [editing, setEditing] = useState<Spending | 'new'>();
  const [dialog, ask] = useConfirm();
  const [error, setError] = useState<Error>();
  const money = (m: number) => formatMoney(m, d.currency);
  const remove = async (s: Spending) => {
    if (!(await ask({ title: `Remove “${s.label}”?`, body: `${money(s.amount)} of non-SME spending on ${s.date} is taken off the programme’s figures.`, action: 'Remove', danger: true }))) return;
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
      <h2>Non-SME spending</h2>
      <p class="hint">Services and events paid from the programme budget that are not direct support to SMEs: they count in “all spent”.</p>
      {error && <Notice kind="error">{error.message}</Notice>}
      {d.spending.length === 0 ? (
        <Empty>No spending lines entered.</Empty>
      ) : (
        <DataTable columns={['Date', 'What', 'Category', { label: 'Amount', num: true }, ...(editable ? [ACTIONS_COLUMN] : [])]} caption="Non-SME spending lines" hideCaption>
          {d.spending.map((s) => (
            <tr key={s.id}>
              <td>{s.date}</td>
              <th scope="row">{s.label}</th>
              <td>{CATEGORIES.find(([c]) => c === s.category)?.[1] ?? s.category}</td>
              <td class="num">{money(s.amount)}</td>
              {editable && (
                <td class="row-actions">
                  <button type="button" class="btn btn-small btn-ghost" onClick={() => setEditing(s)} aria-label={`Edit ${s.label}`}>
                    Edit
                  </button>
                  <button type="button" class="btn btn-small btn-ghost" onClick={() => void remove(s)} aria-label={`Remove ${s.label}`}>
                    Remove
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
            Add a spending line
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
    if (cents === undefined) return setError(new ApiError(400, 'VALIDATION_FAILED', 'Please check the line.', { amount: 'Enter an amount, e.g. 2500.' }));
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
      <h3>{line ? `Edit “${line.label}”` : 'A new spending line'}</h3>
      <ErrorSummary error={error} labels={{ label: 'What', category: 'Category', amount: 'Amount', date: 'Date' }} />
      <div class="form-row">
        <TextField path="label" label="What" value={label} onValue={setLabel} errors={errors} required maxLength={200} />
        <Field path="category" label="Category" errors={errors} required>
          {(a11y) => (
            <select {...a11y} value={category} onChange={(e) => setCategory(e.currentTarget.value as Spending['category'])}>
              {CATEGORIES.map(([c, text]) => (
                <option key={c} value={c}>
                  {text}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField path="amount" label={`Amount (${currencySymbol(currency)})`} value={amount} onValue={setAmount} errors={errors} inputMode="decimal" required />
        <Field path="date" label="Date" errors={errors} required>
          {(a11y) => <input type="date" {...a11y} value={date} onInput={(e) => setDate(e.currentTarget.value)} />}
        </Field>
      </div>
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : line ? 'Save the line' : 'Add the line'}
        </button>
        <button type="button" class="btn btn-ghost" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
