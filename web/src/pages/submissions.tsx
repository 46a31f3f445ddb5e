import { useState } from 'preact/hooks';
import { api, enc, query } from '../api.ts';
import { AutomaticCaptions } from '../components/automatic-captions.tsx';
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
import { t } from '../i18n.ts';

const STATUSES: SubmissionStatus[] = ['draft', 'submitted', 'withdrawn'];

export function SubmissionsPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('submissions.signInWhat')}>
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
  useTitle(comp.data ? t('submissions.titleOf', { title: comp.data.title }) : t('submissions.title'));
  const here = `/competitions/${enc(id)}/submissions`;

  return (
    <section>
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(id)}`}>{comp.data?.title ?? t('submissions.competition')}</Link> ›
      </p>
      <div class="page-head">
        <h1>{t('submissions.title')}</h1>
        <DownloadButton
          downloads={downloads}
          class="btn"
          file="submissions.csv"
          filter={apiFilters}
          label={t('submissions.download')}
        />
      </div>
      <DownloadStatus downloads={downloads} />
      {comp.data && <AutomaticCaptions competition={comp.data} />}
      <form
        class="filters"
        role="search"
        aria-label={t('submissions.filter.label')}
        onSubmit={(e) => {
          e.preventDefault();
          navigate(here + query(draft));
        }}
      >
        <div class="field">
          <label for="filter-status">{t('submissions.filter.status')}</label>
          <select id="filter-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value })}>
            <option value="">{t('submissions.filter.any')}</option>
            <option value="draft">{t('submissions.status.draft')}</option>
            <option value="submitted">{t('submissions.status.submitted')}</option>
            <option value="withdrawn">{t('submissions.status.withdrawn')}</option>
          </select>
        </div>
        <div class="field">
          <label for="filter-sector">{t('submissions.filter.sector')}</label>
          {comp.data && comp.data.sectors.length > 0 ? (
            <select id="filter-sector" value={draft.sector} onChange={(e) => setDraft({ ...draft, sector: e.currentTarget.value })}>
              <option value="">{t('submissions.filter.any')}</option>
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
          <label for="filter-q">{t('submissions.filter.search')}</label>
          <input id="filter-q" type="search" placeholder={t('submissions.filter.searchPlaceholder')} value={draft.q} onInput={(e) => setDraft({ ...draft, q: e.currentTarget.value })} />
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">
            {t('submissions.filter.apply')}
          </button>
          {(filters.status || filters.sector || filters.q) && (
            <Link href={here} class="btn btn-ghost">
              {t('submissions.filter.clear')}
            </Link>
          )}
        </div>
      </form>
      <PagedList
        list={list}
        cursor={cursor}
        pageHref={(c) => here + query({ ...filters, cursor: c })}
        firstLabel={t('submissions.firstPage')}
        loadingLabel={t('submissions.loading')}
        empty={filters.status || filters.sector || filters.q ? t('submissions.noMatch') : t('submissions.none')}
      >
        {(items) => (
          <ScrollRegion label={t('submissions.title')}>
            <DataTable
              columns={[
                t('submissions.col.title'),
                t('submissions.col.organisation'),
                t('submissions.col.country'),
                t('submissions.filter.status'),
                t('submissions.col.sectors'),
                t('submissions.col.updated'),
              ]}
              caption={t('submissions.title')}
              hideCaption
            >
              {items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link href={`/competitions/${enc(id)}/submissions/${enc(s.id)}`}>{s.title || t('common.untitled')}</Link>
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
