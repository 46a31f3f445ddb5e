/**
 * Records of processing for organisers (issue 14 §2): what the platform stores, why, how long, who
 * sees it — the typed, versioned list in functions/domain/records-of-processing.ts, in the reader's language as the API
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
import { currentLocale, t, tx } from '../i18n.ts';

export function RecordsOfProcessingPage() {
  const res = useResource(() => api.GET('/api/records-of-processing', { params: { query: { language: currentLocale() } } }), `records-of-processing:${currentLocale()}`);
  useTitle(t('recordsOfProcessing.title'));
  if (res.error !== undefined) return <LoadError error={res.error} />;
  if (!res.data) return <Loading />;
  return (
    <section class="records-page">
      <h1>{t('recordsOfProcessing.title')}</h1>
      <p class="lead">
        {tx('recordsOfProcessing.lead', { version: res.data.version, link: (chunks) => <Link href="/privacy">{chunks}</Link> })}
      </p>
      <DataTable
        columns={[
          t('recordsOfProcessing.col.data'),
          t('recordsOfProcessing.col.whose'),
          t('recordsOfProcessing.col.why'),
          t('recordsOfProcessing.col.howLong'),
          t('recordsOfProcessing.col.whoSees'),
          t('recordsOfProcessing.col.where'),
        ]}
        caption={t('recordsOfProcessing.title')}
        hideCaption
      >
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
    <RequireSignIn what={t('recordsOfProcessing.competition.signInWhat')}>
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
  useTitle(res.data ? t('recordsOfProcessing.competition.titleOf', { title: res.data.competition.title }) : t('recordsOfProcessing.competition.titleShort'));
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
        <Link href={`/competitions/${enc(c.id)}`}>{c.title}</Link> › {t('recordsOfProcessing.competition.titleShort')}
      </p>
      <h1>{t('recordsOfProcessing.competition.heading')}</h1>
      <p class="muted">
        {tx('recordsOfProcessing.competition.lead', {
          version: s.noticeVersion,
          notice: (chunks) => <Link href="/privacy">{chunks}</Link>,
          records: (chunks) => <Link href="/records-of-processing">{chunks}</Link>,
        })}
      </p>
      <dl class="details">
        <dt>{t('recordsOfProcessing.competition.others')}</dt>
        <dd>
          {s.retentionErasedAt
            ? t('recordsOfProcessing.competition.othersErased', { at: formatLocal(s.othersEraseAt), notice: formatLocal(s.othersNoticeAt), erased: formatLocal(s.retentionErasedAt) })
            : t('recordsOfProcessing.competition.othersErase', { at: formatLocal(s.othersEraseAt), notice: formatLocal(s.othersNoticeAt) })}
        </dd>
        <dt>{t('recordsOfProcessing.competition.awarded')}</dt>
        <dd>{t('recordsOfProcessing.competition.awardedKept', { until: formatLocal(s.awardedKeptUntil) })}</dd>
      </dl>
      <form class="form" noValidate onSubmit={save}>
        <ErrorSummary error={error} />
        {saved && <Notice kind="success">{t('recordsOfProcessing.competition.saved')}</Notice>}
        <TextArea path="purposes" label={t('recordsOfProcessing.competition.purposes')} hint={t('recordsOfProcessing.competition.purposesHint')} value={form.purposes} onValue={(v) => setDraft({ ...form, purposes: v })} errors={errors} rows={3} disabled={!editable} />
        <div class="grid-auto">
          <TextField path="retention.awardedYears" label={t('recordsOfProcessing.competition.awardedYears')} type="number" value={form.awardedYears} onValue={(v) => setDraft({ ...form, awardedYears: v })} errors={errors} disabled={!editable} />
          <TextField path="retention.othersYears" label={t('recordsOfProcessing.competition.othersYears')} type="number" value={form.othersYears} onValue={(v) => setDraft({ ...form, othersYears: v })} errors={errors} disabled={!editable} />
          <TextField path="retention.noticeDays" label={t('recordsOfProcessing.competition.noticeDays')} type="number" value={form.noticeDays} onValue={(v) => setDraft({ ...form, noticeDays: v })} errors={errors} disabled={!editable} />
        </div>
        {editable && (
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy}>
              {busy ? t('common.saving') : t('recordsOfProcessing.competition.save')}
            </button>
          </div>
        )}
      </form>
      <h2>{t('recordsOfProcessing.erasures.heading')}</h2>
      {erasures.length === 0 ? (
        <p class="muted">{t('recordsOfProcessing.erasures.none')}</p>
      ) : (
        <DataTable
          columns={[
            t('recordsOfProcessing.erasures.col.who'),
            t('recordsOfProcessing.erasures.col.asked'),
            t('recordsOfProcessing.erasures.col.by'),
            t('recordsOfProcessing.erasures.col.state'),
            t('recordsOfProcessing.erasures.col.kept'),
          ]}
          caption={t('recordsOfProcessing.erasures.heading')}
          hideCaption
        >
          {erasures.map((e) => (
            <tr key={e.sub}>
              <th scope="row">{e.pseudonym}</th>
              <td>{formatLocal(e.requestedAt)}</td>
              <td>{e.source === 'person' ? t('recordsOfProcessing.erasures.byPerson') : t('recordsOfProcessing.erasures.byRetention')}</td>
              <td>{e.state === 'done' ? (e.outcome === 'kept' ? t('recordsOfProcessing.erasures.kept') : t('recordsOfProcessing.erasures.erased')) : t('recordsOfProcessing.erasures.underWay')}</td>
              <td>{e.outcome === 'kept' ? t('recordsOfProcessing.erasures.keptUntil', { until: formatLocal(e.keptUntil), reason: e.keptBecause === 'awarded' ? t('recordsOfProcessing.erasures.awardedKept') : (e.reason ?? '') }) : '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
