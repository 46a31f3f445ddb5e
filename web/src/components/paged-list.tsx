/** A list the API pages with a cursor, shown as a table with its loading, failure and empty states. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Resource } from '../hooks.ts';
import { t } from '../i18n.ts';
import { Link } from '../router.tsx';
import type { Page } from '../types.ts';
import { Empty, LoadError, Loading } from './ui.tsx';

export function PagedList<T>({
  list,
  cursor,
  pageHref,
  firstLabel,
  loadingLabel,
  empty,
  children,
}: {
  list: Resource<Page<T>>;
  /** The cursor of the page shown ('' for the first). */
  cursor: string;
  /** The address of a page; without a cursor, the first. */
  pageHref: (cursor?: string) => string;
  /** The link back to the first page, e.g. "First page". */
  firstLabel: string;
  loadingLabel?: string;
  empty: ComponentChildren;
  children: (items: T[]) => ComponentChildren;
}) {
  return (
    <>
      {list.loading && <Loading label={loadingLabel} />}
      {list.error !== undefined && <LoadError error={list.error} />}
      {/* A filtered page may read its share and find nothing, with more to read on (nextCursor). */}
      {!list.loading && list.data && list.data.items.length === 0 && <Empty>{list.data.nextCursor ? t('pagedList.nextReadsOn') : empty}</Empty>}
      {!list.loading && list.data && list.data.items.length > 0 && children(list.data.items)}
      <div class="pager">
        {cursor && (
          <Link href={pageHref()} class="btn">
            {firstLabel}
          </Link>
        )}
        {list.data?.nextCursor && (
          <Link href={pageHref(list.data.nextCursor)} class="btn">
            {t('pagedList.nextPage')}
          </Link>
        )}
      </div>
    </>
  );
}

/** A list shown a page at a time, with "Load more" appending the next page (useLoadMore). */
export interface LoadMoreList<T> {
  /** Every item loaded so far: the first page's, then those "Load more" fetched. */
  items: T[];
  /** True while more pages exist. */
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  more: () => void;
}

/**
 * Keeps the pages after `first` that "Load more" fetched; starts again whenever `first` changes
 * (a reload of the page's data).
 */
export function useLoadMore<T>(first: Page<T> | undefined, next: (cursor: string) => Promise<Page<T>>): LoadMoreList<T> {
  const [extra, setExtra] = useState<{ of?: Page<T>; items: T[]; cursor?: string; loading: boolean; error?: unknown }>({ items: [], loading: false });
  useEffect(() => setExtra({ of: first, items: [], cursor: first?.nextCursor, loading: false }), [first]);
  const current = extra.of === first ? extra : { of: first, items: [] as T[], cursor: first?.nextCursor, loading: false, error: undefined };
  return {
    items: [...(first?.items ?? []), ...current.items],
    hasMore: Boolean(current.cursor),
    loading: current.loading,
    error: current.error,
    more: () => {
      const cursor = current.cursor;
      if (!cursor || current.loading) return;
      setExtra({ ...current, loading: true, error: undefined });
      next(cursor).then(
        (page) => setExtra((s) => (s.of === first ? { of: first, items: [...s.items, ...page.items], cursor: page.nextCursor, loading: false } : s)),
        (error: unknown) => setExtra((s) => (s.of === first ? { ...s, loading: false, error } : s)),
      );
    },
  };
}

/** The "Load more" button of a LoadMoreList (nothing once every page is loaded). */
export function LoadMore({ list, label = t('pagedList.loadMore') }: { list: Pick<LoadMoreList<unknown>, 'hasMore' | 'loading' | 'error' | 'more'>; label?: string }) {
  if (!list.hasMore && list.error === undefined) return null;
  return (
    <div class="pager">
      {list.error !== undefined && <LoadError error={list.error} />}
      {list.hasMore && (
        <button type="button" class="btn" disabled={list.loading} onClick={list.more}>
          {list.loading ? t('pagedList.loading') : label}
        </button>
      )}
    </div>
  );
}
