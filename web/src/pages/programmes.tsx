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
import { DateInput } from '../components/date-input.tsx';
import { setFlash } from '../flash.ts';
import { useResource, useTitle } from '../hooks.ts';
import { centsToUnits, formatMoney, unitsToCents } from '../money.ts';
import { t, tx, type MessageKey } from '../i18n.ts';
import { Link, navigate } from '../router.tsx';
import { RequireSignIn, useSession } from '../session.tsx';
import type { components } from '../../generated/api.d.ts';

export type Programme = components['schemas']['Programme'];
export type ProgrammeRole = Programme['myRole'];

const ROLE_KEYS: Record<ProgrammeRole, MessageKey> = {
  coordinator: 'programmes.role.coordinator',
  'partner-organiser': 'programmes.role.partnerOrganiser',
  'evaluation-manager': 'programmes.role.evaluationManager',
  'finance-officer': 'programmes.role.financeOfficer',
  observer: 'programmes.role.observer',
};
/** A role's name inside a sentence ("you are its partner organiser"; German keeps the capital). */
const ROLE_LOWER_KEYS: Record<ProgrammeRole, MessageKey> = {
  coordinator: 'programmes.roleLower.coordinator',
  'partner-organiser': 'programmes.roleLower.partnerOrganiser',
  'evaluation-manager': 'programmes.roleLower.evaluationManager',
  'finance-officer': 'programmes.roleLower.financeOfficer',
  observer: 'programmes.roleLower.observer',
};

/** The roles' names in the reader's language (each a getter: the language can change). */
export const ROLE_LABELS: Readonly<Record<ProgrammeRole, string>> = Object.defineProperties(
  {} as Record<ProgrammeRole, string>,
  Object.fromEntries(Object.entries(ROLE_KEYS).map(([role, key]) => [role, { get: () => t(key), enumerable: true }])),
);
export const roleInSentence = (role: ProgrammeRole) => t(ROLE_LOWER_KEYS[role]);

/** Programme amounts are cents (minor units), as prize plans and awards. */
export const programmeMoney = (cents: number, currency: string) => formatMoney(cents, currency);

export function ProgrammesPage() {
  useTitle(t('programmes.title'));
  return (
    <RequireSignIn what={t('programmes.signInWhat')}>
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
          <h1>{t('programmes.title')}</h1>
          <p class="muted">{t('programmes.lead')}</p>
        </div>
        {me?.canCreateCompetitions && (
          <Link href="/programmes/new" class="btn btn-primary">
            {t('programmes.new')}
          </Link>
        )}
      </div>
      {res.loading && !res.data && <Loading />}
      {res.error !== undefined && <LoadError error={res.error} />}
      {res.data && items.length === 0 && <Empty>{t('programmes.empty')}</Empty>}
      {items.length > 0 && (
        <DataTable
          columns={[t('programmes.col.programme'), t('programmes.col.myRole'), t('programmes.col.partners'), t('programmes.col.period'), { label: t('programmes.col.budget'), num: true }]}
          caption={t('programmes.caption')}
          hideCaption
        >
          {items.map((p) => (
            <tr key={p.id}>
              <td>
                <Link href={`/programmes/${enc(p.id)}`}>{p.name}</Link>
              </td>
              <td>{ROLE_LABELS[p.myRole]}</td>
              <td>{p.partners.length}</td>
              <td>
                {t('programmes.period', { start: p.period.start, end: p.period.end })}
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

const labels = (): Record<string, string> => ({
  name: t('programmes.field.name'),
  description: t('programmes.field.description'),
  partners: t('programmes.field.partners'),
  coordinatorPartnerId: t('programmes.field.coordinatorPartner'),
  'period.start': t('programmes.field.start'),
  'period.end': t('programmes.field.end'),
  currency: t('programmes.field.currency'),
  totalBudget: t('programmes.field.totalBudget'),
  minSmeShare: t('programmes.field.minSmeShare'),
  thirdPartyCap: t('programmes.field.cap'),
});

export function ProgrammeFormPage({ id }: { id?: string }) {
  return <RequireSignIn what={t('programmes.editorWhat')}>{id ? <EditExisting id={id} /> : <ProgrammeForm />}</RequireSignIn>;
}

function EditExisting({ id }: { id: string }) {
  const res = useResource(() => api.GET('/api/programmes/{programmeId}', { params: { path: { programmeId: id } } }), id);
  // Whether the currency can still change (not once awards are confirmed in it): the limits say.
  const limits = useResource(() => api.GET('/api/programmes/{programmeId}/limits', { params: { path: { programmeId: id } } }), `${id}/limits`);
  if ((res.loading && !res.data) || (limits.loading && !limits.data)) return <Loading />;
  if (!res.data) return <LoadError error={res.error} />;
  if (res.data.myRole !== 'coordinator') return <LoadError error={new ApiError(403, 'FORBIDDEN', t('programmes.onlyCoordinators'))} />;
  return <ProgrammeForm existing={res.data} {...(limits.data?.currencyLocked ? { currencyLocked: limits.data.currencyLocked } : {})} />;
}

function ProgrammeForm({ existing, currencyLocked }: { existing?: Programme; currencyLocked?: string }) {
  useTitle(existing ? t('programmes.editTitle', { name: existing.name }) : t('programmes.new'));
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
      setFlash(existing ? t('programmes.saved') : t('programmes.created'));
      navigate(`/programmes/${enc(saved.id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT')
        setError(new ApiError(e.status, e.code, t('programmes.versionConflict')));
      else setError(e as Error);
      setBusy(false);
    }
  }

  return (
    <section class="panel">
      <h1>{existing ? t('programmes.editTitle', { name: existing.name }) : t('programmes.new')}</h1>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorSummary error={error} labels={labels()} />
        <TextField path="name" label={t('programmes.field.name')} required value={form.name} onValue={(v) => set('name', v)} errors={errors} maxLength={200} hint={t('programmes.nameHint')} />
        <TextArea path="description" label={t('programmes.field.description')} value={form.description} onValue={(v) => set('description', v)} errors={errors} maxLength={4000} rows={3} />
        <div class="grid-2">
          <Field path="period.start" label={t('programmes.field.start')} required errors={errors}>
            {(a11y) => <DateInput a11y={a11y} value={form.start} onValue={(v) => set('start', v)} />}
          </Field>
          <Field path="period.end" label={t('programmes.field.end')} required errors={errors}>
            {(a11y) => <DateInput a11y={a11y} value={form.end} onValue={(v) => set('end', v)} />}
          </Field>
        </div>
        <TextField
          path="currency"
          label={t('programmes.field.currency')}
          required
          value={form.currency}
          onValue={(v) => set('currency', v.toUpperCase())}
          errors={errors}
          maxLength={3}
          disabled={currencyLocked !== undefined}
          hint={currencyLocked ?? t('programmes.currencyHint')}
        />
        {existing ? (
          <p class="muted">
            {tx('programmes.existingBudget', {
              budget: programmeMoney(existing.totalBudget, existing.currency),
              share: Math.round(existing.minSmeShare * 100),
              cap: programmeMoney(existing.thirdPartyCap, existing.currency),
              link: (c) => <Link href={`/programmes/${enc(existing.id)}/dashboard`}>{c}</Link>,
            })}
          </p>
        ) : (
          <div class="grid-2">
            <TextField path="totalBudget" label={t('programmes.field.totalBudget')} required inputMode="numeric" value={form.totalBudget} onValue={(v) => set('totalBudget', v)} errors={errors} hint={t('programmes.totalBudgetHint')} />
            <TextField path="minSmeShare" label={t('programmes.minSmeSharePct')} inputMode="decimal" value={form.minSmeShare} onValue={(v) => set('minSmeShare', v)} errors={errors} hint={t('programmes.minSmeShareHint')} />
            <TextField path="thirdPartyCap" label={t('programmes.field.cap')} inputMode="numeric" value={form.thirdPartyCap} onValue={(v) => set('thirdPartyCap', v)} errors={errors} hint={t('programmes.capHint')} />
          </div>
        )}

        <fieldset class="plain-fieldset">
          <legend>{t('programmes.field.partners')}</legend>
          <p class="hint">{t('programmes.partnersHint')}</p>
          {errors.partners && <p class="field-error">{errors.partners}</p>}
          {errors.coordinatorPartnerId && <p class="field-error">{errors.coordinatorPartnerId}</p>}
          {form.partners.map((p, i) => (
            <fieldset key={p.key} class="plain-fieldset partner-row">
              <legend>{t('programmes.partnerN', { n: i + 1 })}</legend>
              <div class="grid-2">
                <TextField path={`partners.${i}.name`} label={t('programmes.field.organisation')} required value={p.name} onValue={(v) => setPartner(p.key, { name: v })} errors={errors} maxLength={200} />
                <TextField path={`partners.${i}.country`} label={t('programmes.field.country')} required value={p.country} onValue={(v) => setPartner(p.key, { country: v.toUpperCase() })} errors={errors} maxLength={2} hint={t('programmes.countryHint')} />
                <TextField path={`partners.${i}.contactName`} label={t('programmes.field.contactName')} required value={p.contactName} onValue={(v) => setPartner(p.key, { contactName: v })} errors={errors} maxLength={120} />
                <TextField path={`partners.${i}.contactEmail`} label={t('programmes.field.contactEmail')} type="email" required value={p.contactEmail} onValue={(v) => setPartner(p.key, { contactEmail: v })} errors={errors} maxLength={254} />
              </div>
              <div class="row-buttons">
                <Field path={`coordinator.${p.key}`} label={t('programmes.coordinates')}>
                  {(a11y) => <input {...a11y} type="radio" name="coordinator" checked={form.coordinator === p.key} onChange={() => set('coordinator', p.key)} />}
                </Field>
                {form.partners.length > 1 && (
                  <button type="button" class="btn btn-small btn-danger-ghost" onClick={() => setForm((f) => ({ ...f, partners: f.partners.filter((x) => x.key !== p.key), coordinator: f.coordinator === p.key ? f.partners.find((x) => x.key !== p.key)!.key : f.coordinator }))}>
                    {t('programmes.removePartner', { n: i + 1 })}
                  </button>
                )}
              </div>
            </fieldset>
          ))}
          <AddRowButton
            label={t('programmes.addPartner')}
            disabled={form.partners.length >= 40}
            focusPath={`partners.${form.partners.length}.name`}
            onAdd={() => setForm((f) => ({ ...f, partners: [...f.partners, emptyPartner()] }))}
          />
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('programmes.saving') : existing ? t('programmes.save') : t('programmes.create')}
          </button>
          <Link href={existing ? `/programmes/${enc(existing.id)}` : '/programmes'} class="btn btn-ghost">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
