import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.ts';
import { LoadError } from '../components/ui.tsx';
import { useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { t, tx } from '../i18n.ts';

/**
 * "Not found" that says what was not found and the way back: an unknown address (the default), or
 * a competition, round or submission the API does not know (or does not show to this person).
 */
export function NotFoundPage({
  title = t('notFound.page'),
  detail,
  back = { href: '/', label: t('notFound.allCompetitions') },
}: {
  /** The heading, saying what was looked for: "Competition not found", "Page not found". */
  title?: string;
  detail?: ComponentChildren;
  back?: { href: string; label: string };
}) {
  useTitle(title);
  return (
    <section class="panel center not-found" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">{title}</h1>
      <p>
        {detail ?? (
          <>{tx('notFound.nothingAt', { path: location.pathname, code: (chunks) => <code class="break">{chunks}</code> })}</>
        )}
      </p>
      <p class="actions" style={{ justifyContent: 'center' }}>
        <Link href={back.href} class="btn btn-primary">
          {back.label}
        </Link>
        {back.href !== '/' && (
          <Link href="/" class="btn">
            {t('notFound.allCompetitions')}
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
        title={t('notFound.competition')}
        detail={t('notFound.competitionDetail')}
      />
    );
  return <LoadError error={error} />;
}
