/**
 * Records of processing for organisers (issue 14 §2): what the platform stores, why, how long, who
 * sees it — the typed, versioned list in functions/domain/records-of-processing.ts, as the API
 * serves it — and, for one competition (`/competitions/:id/privacy`), its purposes, its retention
 * periods and the erasure requests concerning it (what was erased, what is kept and why).
 */
import { useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { ErrorSummary, LoadError, Loading, Notice, TextArea, TextField } from '../components/ui.tsx';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { allows } from '../capabilities.ts';
import { loadOrganised } from './rounds.tsx';

export function RecordsOfProcessingPage() {
  const res = useResource(() => api.GET('/api/records-of-processing'), 'records-of-processing');
  useTitle('Records of processing');
  if (res.error !== undefined) return <LoadError error={res.error} />;
  if (!res.data) return <Loading />;
  return (
    <section class="records-page">
      <h1>Records of processing</h1>
      <p class="lead">
        What Podium stores, why, for how long and who sees it (version {res.data.version}). Each competition sets its own retention periods and may add purposes to the{' '}
        <Link href="/privacy">privacy notice</Link>.
      </p>
      <DataTable columns={['Data', 'Whose', 'Why', 'How long', 'Who sees it', 'Where']} caption="Records of processing" hideCaption>
        {res.data.records.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.data}</th>
            <td>{r.subjects}</td>
            <td>{r.purpose}</td>
            <td>{r.retention}</td>
            <td>{r.recipients}</td>
            <td>{r.storage}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

export function CompetitionPrivacyPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="the competition's privacy settings">
      <CompetitionPrivacy id={id} />
    </RequireSignIn>
  );
}

function CompetitionPrivacy({ id }: { id: string }) {
  const path = { competitionId: id };
  const res = useResource(async () => {
    const [competition, settings, erasures] = await Promise.all([
      loadOrganised(id),
      api.GET('/api/competitions/{competitionId}/privacy', { params: { path } }),
      api.GET('/api/competitions/{competitionId}/erasures', { params: { path } }),
    ]);
    return { competition, settings, erasures: erasures.items };
  }, `competition-privacy:${id}`);
  const [draft, setDraft] = useState<{ purposes: string; awardedYears: string; othersYears: string; noticeDays: string }>();
  const [error, setError] = useState<ApiError | Error>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useTitle(res.data ? `Privacy · ${res.data.competition.title}` : 'Privacy');
  if (res.error !== undefined) return <LoadError error={res.error} />;
  if (!res.data) return <Loading />;
  const { competition: c, settings: s, erasures } = res.data;
  const form = draft ?? { purposes: s.purposes.join('\n'), awardedYears: String(s.retention.awardedYears), othersYears: String(s.retention.othersYears), noticeDays: String(s.retention.noticeDays) };
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};
  const editable = allows(c, 'edit-privacy');

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const next = await api.PUT('/api/competitions/{competitionId}/privacy', {
        params: { path },
        body: {
          purposes: form.purposes.split('\n').map((p) => p.trim()).filter((p) => p),
          retention: { awardedYears: Number(form.awardedYears), othersYears: Number(form.othersYears), noticeDays: Number(form.noticeDays) },
          version: s.version,
        },
      });
      res.setData({ competition: c, settings: next, erasures });
      setDraft(undefined);
      setSaved(true);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="competition-privacy-page">
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(c.id)}`}>{c.title}</Link> › Privacy
      </p>
      <h1>Privacy and retention</h1>
      <p class="muted">
        Applicants accept the <Link href="/privacy">privacy notice</Link> (version {s.noticeVersion}) and these purposes when they register. See also the{' '}
        <Link href="/records-of-processing">records of processing</Link>.
      </p>
      <dl class="details">
        <dt>Applicants without an award</dt>
        <dd>
          erased on {formatLocal(s.othersEraseAt)} (you are told on {formatLocal(s.othersNoticeAt)}){s.retentionErasedAt ? ` — erased ${formatLocal(s.retentionErasedAt)}` : ''}
        </dd>
        <dt>Awarded organisations</dt>
        <dd>kept until {formatLocal(s.awardedKeptUntil)} (the funder’s audits)</dd>
      </dl>
      <form class="form" noValidate onSubmit={save}>
        <ErrorSummary error={error} />
        {saved && <Notice kind="success">Saved.</Notice>}
        <TextArea path="purposes" label="Purposes this competition adds (one per line)" hint="Changing them asks new registrants to accept the new text." value={form.purposes} onValue={(v) => setDraft({ ...form, purposes: v })} errors={errors} rows={3} disabled={!editable} />
        <div class="grid-auto">
          <TextField path="retention.awardedYears" label="Years kept after the results: awarded" type="number" value={form.awardedYears} onValue={(v) => setDraft({ ...form, awardedYears: v })} errors={errors} disabled={!editable} />
          <TextField path="retention.othersYears" label="Years kept after the results: not awarded" type="number" value={form.othersYears} onValue={(v) => setDraft({ ...form, othersYears: v })} errors={errors} disabled={!editable} />
          <TextField path="retention.noticeDays" label="Days of notice before erasure" type="number" value={form.noticeDays} onValue={(v) => setDraft({ ...form, noticeDays: v })} errors={errors} disabled={!editable} />
        </div>
        {editable && (
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save'}
            </button>
          </div>
        )}
      </form>
      <h2>Erasure requests</h2>
      {erasures.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <DataTable columns={['Who', 'Asked', 'By', 'State', 'What is kept and why']} caption="Erasure requests" hideCaption>
          {erasures.map((e) => (
            <tr key={e.sub}>
              <th scope="row">{e.pseudonym}</th>
              <td>{formatLocal(e.requestedAt)}</td>
              <td>{e.source === 'person' ? 'The person' : 'Retention period'}</td>
              <td>{e.state === 'done' ? (e.outcome === 'kept' ? 'Kept' : 'Erased') : 'Under way'}</td>
              <td>{e.outcome === 'kept' ? `Until ${formatLocal(e.keptUntil)}: ${e.reason}` : '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
