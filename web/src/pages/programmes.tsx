/**
 * Programmes: the list of those the signed-in person has a role in (/programmes), and the form
 * that creates one (/programmes/new) or edits it (/programmes/:id/edit): name, description,
 * partner organisations (one of them coordinating), period and currency; at creation also the
 * budget, the minimum SME share and the per-third-party cap (changed later on the dashboard).
 */
import { useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { AddRowButton, Empty, ErrorSummary, Field, LoadError, Loading, TextArea, TextField } from '../components/ui.tsx';
import { setFlash } from '../flash.ts';
import { useResource, useTitle } from '../hooks.ts';
import { centsToUnits, formatMoney, unitsToCents } from '../money.ts';
import { Link, navigate } from '../router.tsx';
import { RequireSignIn, useSession } from '../session.tsx';
import type { components } from '../../generated/api.d.ts';

export type Programme = components['schemas']['Programme'];
export type ProgrammeRole = Programme['myRole'];

export const ROLE_LABELS: Record<ProgrammeRole, string> = {
  coordinator: 'Coordinator',
  'partner-organiser': 'Partner organiser',
  'evaluation-manager': 'Evaluation manager',
  'finance-officer': 'Finance officer',
  observer: 'Observer',
};

/** Programme amounts are cents (minor units), as prize plans and awards. */
export const programmeMoney = (cents: number, currency: string) => formatMoney(cents, currency);

export function ProgrammesPage() {
  useTitle('Programmes');
  return (
    <RequireSignIn what="your programmes">
      <Programmes />
    </RequireSignIn>
  );
}

function Programmes() {
  const { me } = useSession();
  const res = useResource(() => api.GET('/api/programmes'), 'programmes');
  const items = res.data?.items ?? [];
  return (
    <section>
      <div class="page-head">
        <div>
          <h1>Programmes</h1>
          <p class="muted">Consortium projects whose calls share one budget and one set of funding rules.</p>
        </div>
        {me?.canCreateCompetitions && (
          <Link href="/programmes/new" class="btn btn-primary">
            New programme
          </Link>
        )}
      </div>
      {res.loading && !res.data && <Loading />}
      {res.error !== undefined && <LoadError error={res.error} />}
      {res.data && items.length === 0 && <Empty>You have no role in a programme yet. A coordinator invites you by e-mail.</Empty>}
      {items.length > 0 && (
        <DataTable columns={['Programme', 'My role', 'Partners', 'Period', { label: 'Budget', num: true }]} caption="My programmes" hideCaption>
          {items.map((p) => (
            <tr key={p.id}>
              <td>
                <Link href={`/programmes/${enc(p.id)}`}>{p.name}</Link>
              </td>
              <td>{ROLE_LABELS[p.myRole]}</td>
              <td>{p.partners.length}</td>
              <td>
                {p.period.start} – {p.period.end}
              </td>
              <td class="num">{programmeMoney(p.totalBudget, p.currency)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

// ——— The form ———

interface PartnerRow {
  key: number;
  id?: string;
  name: string;
  country: string;
  contactName: string;
  contactEmail: string;
}

interface FormState {
  name: string;
  description: string;
  partners: PartnerRow[];
  /** The key of the coordinating partner's row. */
  coordinator: number;
  start: string;
  end: string;
  currency: string;
  totalBudget: string;
  minSmeShare: string;
  thirdPartyCap: string;
}

let nextKey = 1;
const emptyPartner = (): PartnerRow => ({ key: nextKey++, name: '', country: '', contactName: '', contactEmail: '' });

function emptyForm(): FormState {
  const first = emptyPartner();
  return { name: '', description: '', partners: [first], coordinator: first.key, start: '', end: '', currency: 'EUR', totalBudget: '', minSmeShare: '75', thirdPartyCap: '60000' };
}

function fromProgramme(p: Programme): FormState {
  const partners = p.partners.map((x) => ({ key: nextKey++, ...x }));
  return {
    name: p.name,
    description: p.description,
    partners,
    coordinator: partners.find((x) => x.id === p.coordinatorPartnerId)?.key ?? partners[0]!.key,
    start: p.period.start,
    end: p.period.end,
    currency: p.currency,
    totalBudget: centsToUnits(p.totalBudget, p.currency),
    minSmeShare: String(Math.round(p.minSmeShare * 10_000) / 100),
    thirdPartyCap: centsToUnits(p.thirdPartyCap, p.currency),
  };
}

/** An amount as typed ("1,200,000", "60 000", "1234.50") in cents; NaN when it is not one (the server says what is wrong). */
const cents = (t: string, currency: string) => unitsToCents(t, currency) ?? Number.NaN;

const LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  partners: 'Partners',
  coordinatorPartnerId: 'Coordinating partner',
  'period.start': 'Start',
  'period.end': 'End',
  currency: 'Currency',
  totalBudget: 'Total budget',
  minSmeShare: 'Minimum SME share',
  thirdPartyCap: 'Cap per third party',
};

export function ProgrammeFormPage({ id }: { id?: string }) {
  return <RequireSignIn what="the programme editor">{id ? <EditExisting id={id} /> : <ProgrammeForm />}</RequireSignIn>;
}

function EditExisting({ id }: { id: string }) {
  const res = useResource(() => api.GET('/api/programmes/{programmeId}', { params: { path: { programmeId: id } } }), id);
  // Whether the currency can still change (not once awards are confirmed in it): the limits say.
  const limits = useResource(() => api.GET('/api/programmes/{programmeId}/limits', { params: { path: { programmeId: id } } }), `${id}/limits`);
  if ((res.loading && !res.data) || (limits.loading && !limits.data)) return <Loading />;
  if (!res.data) return <LoadError error={res.error} />;
  if (res.data.myRole !== 'coordinator') return <LoadError error={new ApiError(403, 'FORBIDDEN', 'Only the programme’s coordinators can edit it.')} />;
  return <ProgrammeForm existing={res.data} {...(limits.data?.currencyLocked ? { currencyLocked: limits.data.currencyLocked } : {})} />;
}

function ProgrammeForm({ existing, currencyLocked }: { existing?: Programme; currencyLocked?: string }) {
  useTitle(existing ? `Edit ${existing.name}` : 'New programme');
  const [form, setForm] = useState<FormState>(() => (existing ? fromProgramme(existing) : emptyForm()));
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const setPartner = (key: number, patch: Partial<PartnerRow>) => setForm((f) => ({ ...f, partners: f.partners.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));

  async function save() {
    setBusy(true);
    setError(undefined);
    // Partners without an id get one from their row, so the coordinating one can be named before the server has seen them.
    const partners = form.partners.map((p) => ({ id: p.id ?? `partner-${p.key}`, name: p.name, country: p.country.trim().toUpperCase(), contactName: p.contactName, contactEmail: p.contactEmail.trim() }));
    const coordinatorPartnerId = partners[form.partners.findIndex((p) => p.key === form.coordinator)]?.id;
    const common = { name: form.name, description: form.description, partners, coordinatorPartnerId, period: { start: form.start, end: form.end }, currency: form.currency.trim().toUpperCase() };
    try {
      const saved = existing
        ? await api.PUT('/api/programmes/{programmeId}', { params: { path: { programmeId: existing.id } }, body: { ...common, version: existing.version } })
        : await api.POST('/api/programmes', {
            body: { ...common, totalBudget: cents(form.totalBudget, common.currency), minSmeShare: Number(form.minSmeShare) / 100, thirdPartyCap: cents(form.thirdPartyCap, common.currency) },
          });
      setFlash(existing ? 'Saved.' : 'Programme created — you are its coordinator.');
      navigate(`/programmes/${enc(saved.id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT')
        setError(new ApiError(e.status, e.code, 'Someone else changed this programme since you opened it. Reload the page to get the latest version.'));
      else setError(e as Error);
      setBusy(false);
    }
  }

  return (
    <section class="panel">
      <h1>{existing ? `Edit ${existing.name}` : 'New programme'}</h1>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorSummary error={error} labels={LABELS} />
        <TextField path="name" label="Name" required value={form.name} onValue={(v) => set('name', v)} errors={errors} maxLength={200} hint="e.g. GreenChain — INNOSUP-1 cluster project" />
        <TextArea path="description" label="Description" value={form.description} onValue={(v) => set('description', v)} errors={errors} maxLength={4000} rows={3} />
        <div class="grid-2">
          <TextField path="period.start" label="Start" type="date" required value={form.start} onValue={(v) => set('start', v)} errors={errors} />
          <TextField path="period.end" label="End" type="date" required value={form.end} onValue={(v) => set('end', v)} errors={errors} />
        </div>
        <TextField
          path="currency"
          label="Currency"
          required
          value={form.currency}
          onValue={(v) => set('currency', v.toUpperCase())}
          errors={errors}
          maxLength={3}
          disabled={currencyLocked !== undefined}
          hint={currencyLocked ?? 'ISO code, e.g. EUR.'}
        />
        {existing ? (
          <p class="muted">
            Budget {programmeMoney(existing.totalBudget, existing.currency)}, at least {Math.round(existing.minSmeShare * 100)} % to SMEs, at most{' '}
            {programmeMoney(existing.thirdPartyCap, existing.currency)} per third party — changed on the <Link href={`/programmes/${enc(existing.id)}/dashboard`}>programme dashboard</Link>.
          </p>
        ) : (
          <div class="grid-2">
            <TextField path="totalBudget" label="Total budget" required inputMode="numeric" value={form.totalBudget} onValue={(v) => set('totalBudget', v)} errors={errors} hint="In the currency, e.g. 1,200,000." />
            <TextField path="minSmeShare" label="Minimum SME share (%)" inputMode="decimal" value={form.minSmeShare} onValue={(v) => set('minSmeShare', v)} errors={errors} hint="Of the budget, as direct support to SMEs (INNOSUP-1: 75 %)." />
            <TextField path="thirdPartyCap" label="Cap per third party" inputMode="numeric" value={form.thirdPartyCap} onValue={(v) => set('thirdPartyCap', v)} errors={errors} hint="Across all calls (H2020: 60,000 unless the work programme says otherwise)." />
          </div>
        )}

        <fieldset class="plain-fieldset">
          <legend>Partners</legend>
          <p class="hint">The consortium’s organisations. Choose the one that coordinates the project.</p>
          {errors.partners && <p class="field-error">{errors.partners}</p>}
          {errors.coordinatorPartnerId && <p class="field-error">{errors.coordinatorPartnerId}</p>}
          {form.partners.map((p, i) => (
            <fieldset key={p.key} class="plain-fieldset partner-row">
              <legend>Partner {i + 1}</legend>
              <div class="grid-2">
                <TextField path={`partners.${i}.name`} label="Organisation" required value={p.name} onValue={(v) => setPartner(p.key, { name: v })} errors={errors} maxLength={200} />
                <TextField path={`partners.${i}.country`} label="Country" required value={p.country} onValue={(v) => setPartner(p.key, { country: v.toUpperCase() })} errors={errors} maxLength={2} hint="Two-letter code, e.g. DE." />
                <TextField path={`partners.${i}.contactName`} label="Contact name" required value={p.contactName} onValue={(v) => setPartner(p.key, { contactName: v })} errors={errors} maxLength={120} />
                <TextField path={`partners.${i}.contactEmail`} label="Contact e-mail" type="email" required value={p.contactEmail} onValue={(v) => setPartner(p.key, { contactEmail: v })} errors={errors} maxLength={254} />
              </div>
              <div class="row-buttons">
                <Field path={`coordinator.${p.key}`} label="Coordinates the project">
                  {(a11y) => <input {...a11y} type="radio" name="coordinator" checked={form.coordinator === p.key} onChange={() => set('coordinator', p.key)} />}
                </Field>
                {form.partners.length > 1 && (
                  <button type="button" class="btn btn-small btn-danger-ghost" onClick={() => setForm((f) => ({ ...f, partners: f.partners.filter((x) => x.key !== p.key), coordinator: f.coordinator === p.key ? f.partners.find((x) => x.key !== p.key)!.key : f.coordinator }))}>
                    Remove partner {i + 1}
                  </button>
                )}
              </div>
            </fieldset>
          ))}
          <AddRowButton
            label="Add a partner"
            disabled={form.partners.length >= 40}
            focusPath={`partners.${form.partners.length}.name`}
            onAdd={() => setForm((f) => ({ ...f, partners: [...f.partners, emptyPartner()] }))}
          />
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : existing ? 'Save' : 'Create programme'}
          </button>
          <Link href={existing ? `/programmes/${enc(existing.id)}` : '/programmes'} class="btn btn-ghost">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
