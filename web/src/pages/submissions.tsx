import { useState } from 'preact/hooks';
import { api, enc, query } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { DownloadButton, DownloadStatus, useDownloads } from '../components/downloads.tsx';
import { PagedList } from '../components/paged-list.tsx';
import { StatusBadge } from '../components/ui.tsx';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import type { SubmissionStatus } from '../types.ts';

const STATUSES: SubmissionStatus[] = ['draft', 'submitted', 'withdrawn'];

export function SubmissionsPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="the submissions">
      <Submissions id={id} />
    </RequireSignIn>
  );
}

/** The organiser's view. Filters live in the URL so a filtered view can be shared or reloaded. */
function Submissions({ id }: { id: string }) {
  const { query: q } = useLocation();
  const filters = { status: q.get('status') ?? '', sector: q.get('sector') ?? '', q: q.get('q') ?? '' };
  const cursor = q.get('cursor') ?? '';
  const path = { competitionId: id };
  // The filters as the API takes them (empty ones are left out of the query).
  const apiFilters = { status: STATUSES.find((s) => s === filters.status), sector: filters.sector, q: filters.q };
  const comp = useResource(() => api.GET('/api/competitions/{competitionId}', { params: { path } }), id);
  const list = useResource(
    () => api.GET('/api/competitions/{competitionId}/submissions', { params: { path, query: { ...apiFilters, cursor, limit: 25 } } }),
    JSON.stringify([id, filters, cursor]),
  );
  const [draft, setDraft] = useState(filters);
  const downloads = useDownloads(id);
  useTitle(comp.data ? `Submissions — ${comp.data.title}` : 'Submissions');
  const here = `/competitions/${enc(id)}/submissions`;

  return (
    <section>
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(id)}`}>{comp.data?.title ?? 'Competition'}</Link> ›
      </p>
      <div class="page-head">
        <h1>Submissions</h1>
        <DownloadButton
          downloads={downloads}
          class="btn"
          file="submissions.csv"
          filter={apiFilters}
          label="Download CSV"
        />
      </div>
      <DownloadStatus downloads={downloads} />
      <form
        class="filters"
        role="search"
        aria-label="Filter submissions"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(here + query(draft));
        }}
      >
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })}>
            <option value="">Any</option>
            <option value="draft">Draft</option>
            <option value="submitted">Submitted</option>
            <option value="withdrawn">Withdrawn</option>
          </select>
        </div>
        <div class="field">
          <label for="filter-sector">Sector</label>
          {comp.data && comp.data.sectors.length > 0 ? (
            <select id="filter-sector" value={draft.sector} onChange={(e) => setDraft({ ...draft, sector: e.currentTarget.value })}>
              <option value="">Any</option>
              {comp.data.sectors.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          ) : (
            <input id="filter-sector" type="text" value={draft.sector} onInput={(e) => setDraft({ ...draft, sector: e.currentTarget.value })} />
          )}
        </div>
        <div class="field field-grow">
          <label for="filter-q">Search</label>
          <input id="filter-q" type="search" placeholder="Title or organisation" value={draft.q} onInput={(e) => setDraft({ ...draft, q: e.currentTarget.value })} />
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">
            Apply filters
          </button>
          {(filters.status || filters.sector || filters.q) && (
            <Link href={here} class="btn btn-ghost">
              Clear
            </Link>
          )}
        </div>
      </form>
      <PagedList
        list={list}
        cursor={cursor}
        pageHref={(c) => here + query({ ...filters, cursor: c })}
        firstLabel="First page"
        loadingLabel="Loading submissions…"
        empty={filters.status || filters.sector || filters.q ? 'No submissions match these filters.' : 'No submissions yet.'}
      >
        {(items) => (
          <ScrollRegion label="Submissions">
            <DataTable columns={['Title', 'Organisation', 'Country', 'Status', 'Sectors', 'Updated']} caption="Submissions" hideCaption>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link href={`/competitions/${enc(id)}/submissions/${enc(s.id)}`}>{s.title || 'Untitled'}</Link>
                  </td>
                  <td>{s.organisationName}</td>
                  <td>{s.country}</td>
                  <td>
                    <StatusBadge status={s.status} />
                  </td>
                  <td>{s.sectors.join(', ') || '—'}</td>
                  <td>{formatLocal(s.updatedAt)}</td>
                </tr>
              ))}
            </DataTable>
          </ScrollRegion>
        )}
      </PagedList>
    </section>
  );
}
