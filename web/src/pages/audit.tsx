import { api, enc, query } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { DownloadButton, DownloadStatus, useDownloads } from '../components/downloads.tsx';
import { PagedList } from '../components/paged-list.tsx';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link, useLocation } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';

export function AuditPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="the audit trail">
      <Audit id={id} />
    </RequireSignIn>
  );
}

function Audit({ id }: { id: string }) {
  const { query: q } = useLocation();
  const cursor = q.get('cursor') ?? '';
  const path = { competitionId: id };
  const comp = useResource(() => api.GET('/api/competitions/{competitionId}', { params: { path } }), id);
  const list = useResource(() => api.GET('/api/competitions/{competitionId}/audit', { params: { path, query: { cursor, limit: 50 } } }), id + cursor);
  useTitle(comp.data ? `Audit trail — ${comp.data.title}` : 'Audit trail');
  const here = `/competitions/${enc(id)}/audit`;
  const downloads = useDownloads(id);
  return (
    <section>
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(id)}`}>{comp.data?.title ?? 'Competition'}</Link> ›
      </p>
      <h1>Audit trail</h1>
      <p class="actions">
        <DownloadButton
          downloads={downloads}
          file="audit.csv"
          label="Download the whole trail (CSV)"
        />
      </p>
      <DownloadStatus downloads={downloads} />
      <PagedList list={list} cursor={cursor} pageHref={(c) => here + query({ cursor: c })} firstLabel="Newest" empty="Nothing recorded yet.">
        {(items) => (
          <DataTable columns={['Time', 'Actor', 'Action', 'Target']}>
            {items.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{formatLocal(e.at)}</time>
                </td>
                <td>{e.actor.email || e.actor.sub}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td class="break">{e.target}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedList>
    </section>
  );
}
