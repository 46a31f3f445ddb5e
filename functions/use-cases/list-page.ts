/**
 * Paging a list that is computed rather than read page by page from DynamoDB (a round's conflicts:
 * recorded ones and those the rules find). The cursor names the last item shown, base64url JSON;
 * it never reaches DynamoDB, only a comparison, so it needs no signature — a crafted one just
 * starts the page elsewhere in the same list the caller may read anyway, and a malformed one is
 * a 400 (field `cursor`), as for the signed cursors.
 */
import { ValidationFailed } from '../domain/errors.ts';
import type { Page } from './ports.ts';

const invalid = () =>
  new ValidationFailed('Page link — not a page of this list (it may be old or altered); start again from the first page.', {
    cursor: 'Not a page link of this list; start from the first page.',
  });

function decode(cursor: string): string {
  if (cursor.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof v === 'object' && v !== null && typeof (v as { after?: unknown }).after === 'string') return (v as { after: string }).after;
  } catch {
    // falls through
  }
  throw invalid();
}

/** The page after `cursor` of `items`, which must be sorted by `keyOf` (a string unique per item). */
export function pageAfter<T>(items: readonly T[], keyOf: (item: T) => string, limit: number, cursor?: string): Page<T> {
  const after = cursor ? decode(cursor) : undefined;
  const start = after === undefined ? 0 : items.findIndex((i) => keyOf(i) > after);
  const from = start < 0 ? items.length : start;
  const slice = items.slice(from, from + limit);
  const page: Page<T> = { items: slice };
  if (from + limit < items.length) page.nextCursor = Buffer.from(JSON.stringify({ after: keyOf(slice.at(-1)!) }), 'utf8').toString('base64url');
  return page;
}
