/** A list the API pages with a cursor, shown as a table with its loading, failure and empty states. */
import type { ComponentChildren } from 'preact';
import type { Resource } from '../hooks.ts';
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
      {!list.loading && list.data && list.data.items.length === 0 && <Empty>{empty}</Empty>}
      {!list.loading && list.data && list.data.items.length > 0 && children(list.data.items)}
      <div class="pager">
        {cursor && (
          <Link href={pageHref()} class="btn">
            {firstLabel}
          </Link>
        )}
        {list.data?.nextCursor && (
          <Link href={pageHref(list.data.nextCursor)} class="btn">
            Next page
          </Link>
        )}
      </div>
    </>
  );
}
