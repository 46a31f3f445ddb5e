/**
 * Organisers: the reminders the platform sends for a competition on its own (issue 13 §4) — for
 * each kind what it says, when it goes out, to whom, how many went out — with a switch to turn
 * each off or on (audited). The texts are edited with the competition's other messages.
 */
import { ruleWords } from '../reminder-words.ts';
import { useState } from 'preact/hooks';
import { api, ApiError, enc, type ApiAnswer } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { ErrorSummary, LoadError, Loading, Notice } from '../components/ui.tsx';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { loadOrganised } from './rounds.tsx';
import { allows, readOnlyNote } from '../capabilities.ts';
import { formatNumber } from '../format.ts';
import { t, tx } from '../i18n.ts';

type Reminder = ApiAnswer<'/api/competitions/{competitionId}/reminders', 'get'>['items'][number];

export function RemindersPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('reminders.signInWhat')}>
      <Reminders id={id} />
    </RequireSignIn>
  );
}

function Reminders({ id }: { id: string }) {
  const res = useResource(async () => {
    const [competition, reminders] = await Promise.all([loadOrganised(id), api.GET('/api/competitions/{competitionId}/reminders', { params: { path: { competitionId: id } } })]);
    return { competition, reminders: reminders.items };
  }, `reminders:${id}`);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<ApiError | Error>();
  const [done, setDone] = useState<string>();
  useTitle(res.data ? t('reminders.titleOf', { competition: res.data.competition.title }) : t('reminders.title'));
  if (res.error !== undefined) return <LoadError error={res.error} />;
  if (!res.data) return <Loading />;
  const { competition: c, reminders } = res.data;
  const base = `/competitions/${enc(c.id)}`;
  const switches = allows(c, 'edit-reminders');

  async function toggle(r: Reminder) {
    setBusy(r.kind);
    setError(undefined);
    setDone(undefined);
    try {
      const next = await api.PUT('/api/competitions/{competitionId}/reminders/{kind}', { params: { path: { competitionId: id, kind: r.kind } }, body: { enabled: !r.enabled } });
      res.setData({ competition: c, reminders: next.items });
      setDone(r.enabled ? t('reminders.switchedOff', { label: ruleWords(r).label }) : t('reminders.switchedOn', { label: ruleWords(r).label }));
    } catch (e) {
      setError(e as ApiError | Error);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section class="reminders-page">
      <p class="breadcrumbs">
        <Link href={base}>{c.title}</Link> › {t('reminders.title')}
      </p>
      <h1>{t('reminders.title')}</h1>
      <p class="muted">
        {tx('reminders.intro', { link: (chunks) => <Link href={`${base}/messages`}>{chunks}</Link> })}
      </p>
      {readOnlyNote(c, 'edit-reminders') && <p class="muted">{readOnlyNote(c, 'edit-reminders')}</p>}
      <ErrorSummary error={error} />
      {done && <Notice kind="success">{done}</Notice>}
      <DataTable
        columns={[t('reminders.col.reminder'), t('reminders.col.when'), t('reminders.col.to'), { label: t('reminders.col.sent'), num: true }, t('reminders.col.status')]}
        caption={t('reminders.caption')}
      >
        {reminders.map((r) => {
          const words = ruleWords(r);
          return (
          <tr key={r.kind}>
            <th scope="row">
              {words.label}
              <p class="muted small">{words.what}</p>
            </th>
            <td>{words.when}</td>
            <td>{words.to}</td>
            <td class="num">{formatNumber(r.sent)}</td>
            <td>
              {!switches ? (
                r.enabled ? t('reminders.on') : t('reminders.off')
              ) : (
                <label class="switch">
                  <input type="checkbox" role="switch" checked={r.enabled} disabled={busy !== undefined} onChange={() => void toggle(r)} aria-describedby={`reminder-${r.kind}-state`} />
                  <span id={`reminder-${r.kind}-state`}>{busy === r.kind ? t('common.saving') : r.enabled ? t('reminders.on') : t('reminders.off')}</span>
                  <span class="sr-only"> — {words.label}</span>
                </label>
              )}
            </td>
          </tr>
          );
        })}
      </DataTable>
    </section>
  );
}
