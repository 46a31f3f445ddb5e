import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.ts';
import { LoadError } from '../components/ui.tsx';
import { useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

/**
 * "Not found" that says what was not found and the way back: an unknown address (the default), or
 * a competition, round or submission the API does not know (or does not show to this person).
 */
export function NotFoundPage({
  what = 'Page',
  detail,
  back = { href: '/', label: 'See all competitions' },
}: {
  /** What was looked for, capitalised: "Competition", "Page". */
  what?: string;
  detail?: ComponentChildren;
  back?: { href: string; label: string };
}) {
  useTitle(`${what} not found`);
  return (
    <section class="panel center not-found" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">{what} not found</h1>
      <p>
        {detail ?? (
          <>
            There is nothing at <code class="break">{location.pathname}</code>. The link may be mistyped or out of date.
          </>
        )}
      </p>
      <p class="actions" style={{ justifyContent: 'center' }}>
        <Link href={back.href} class="btn btn-primary">
          {back.label}
        </Link>
        {back.href !== '/' && (
          <Link href="/" class="btn">
            See all competitions
          </Link>
        )}
      </p>
    </section>
  );
}

/** A competition the API answered 404 for: not found, with the way back; any other failure as usual. */
export function CompetitionLoadError({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.status === 404)
    return (
      <NotFoundPage
        what="Competition"
        detail="There is no competition at this address, or it is not public yet. If you were sent a link, check that it is complete."
      />
    );
  return <LoadError error={error} />;
}
