import { api, enc } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { TEAM_ROLE_LABELS } from '../components/team-panel.tsx';
import { Empty, LoadError, Loading, StatusBadge } from '../components/ui.tsx';
import { browserTimeZone, formatInZone, formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import { t, tx } from '../i18n.ts';

export function MySubmissionsPage() {
  useTitle(t('mySubmissions.title'));
  return (
    <RequireSignIn what={t('mySubmissions.signInWhat')}>
      <MySubmissions />
    </RequireSignIn>
  );
}

function MySubmissions() {
  const res = useResource(() => api.GET('/api/me/submissions'), 'mine');
  return (
    <section>
      <h1>{t('mySubmissions.title')}</h1>
      {res.loading && !res.data && <Loading />}
      {res.error !== undefined && <LoadError error={res.error} />}
      {res.data && res.data.items.length === 0 && (
        <Empty>
          {tx('mySubmissions.empty', { link: (chunks) => <Link href="/">{chunks}</Link> })}
        </Empty>
      )}
      {res.data && res.data.items.length > 0 && (
        <DataTable
          columns={[
            t('mySubmissions.col.competition'),
            t('mySubmissions.col.title'),
            t('mySubmissions.col.role'),
            t('mySubmissions.col.status'),
            t('mySubmissions.col.updated'),
            t('mySubmissions.col.deadline'),
          ]}
        >
          {res.data.items.map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={`/competitions/${enc(s.competitionId)}`}>{s.competitionTitle}</Link>
              </td>
              <td>
                <Link href={`/competitions/${enc(s.competitionId)}/submission`}>{s.title || t('mySubmissions.untitled')}</Link>
              </td>
              <td>{TEAM_ROLE_LABELS[s.teamRole]}</td>
              <td>
                <StatusBadge status={s.status} />
              </td>
              <td>{formatLocal(s.updatedAt)}</td>
              <td>
                {formatInZone(s.closesAt, browserTimeZone())}
                {!s.editable && <span class="muted"> {t('mySubmissions.closed')}</span>}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
