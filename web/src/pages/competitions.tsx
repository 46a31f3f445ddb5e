import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Empty, LoadError, Loading, PhaseBadge, Tags } from '../components/ui.tsx';
import { formatInZone } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { resultsVisible } from '../lifecycle.ts';
import { Link } from '../router.tsx';
import { KINDS, type Competition } from '../types.ts';

export function kindLabel(kind: string): string {
  return KINDS.find((k) => k.value === kind)?.label ?? kind;
}

/** `role`: what the caller is here, when the list says (My competitions: "Observer (read-only) · GreenChain"). */
export function CompetitionCard({ c, role }: { c: Competition; role?: string }) {
  return (
    <li class="card">
      <div class="card-top">
        <span class="kind">{kindLabel(c.kind)}</span>
        <PhaseBadge phase={c.phase} label={c.phaseLabel} />
      </div>
      <h2 class="card-title">
        <Link href={`/competitions/${encodeURIComponent(c.id)}`}>{c.title}</Link>
      </h2>
      {role && <p class="card-meta card-role">{role}</p>}
      {c.description && <p class="card-text">{excerpt(c.description)}</p>}
      <p class="card-meta">
        <CardDate c={c} />
      </p>
      <Tags items={c.sectors} />
    </li>
  );
}

/** The one date that matters in this state. */
function CardDate({ c }: { c: Competition }) {
  const at = (iso: string | undefined) => formatInZone(iso, c.schedule.timeZone);
  if (c.phase === 'draft' || c.phase === 'upcoming') return <>Opens {at(c.schedule.submissionsOpen)}</>;
  if (c.phase === 'open') return <>Closes {at(c.closesAt)}</>;
  if (c.phase === 'decided') return <>Results on {at(c.resultsPublishedAt)}</>;
  if (resultsVisible(c.phase)) {
    const amended = c.amendments?.at(-1);
    return (
      <>
        Results published {at(c.resultsPublishedAt)}
        {amended && <> · amended {at(amended.at)}</>}
      </>
    );
  }
  return <>Closed {at(c.closesAt)}</>;
}

function excerpt(text: string, max = 180): string {
  return text.length > max ? text.slice(0, max).replace(/\s+\S*$/, '') + '…' : text;
}

export function CompetitionsPage() {
  useTitle('Competitions');
  const first = useResource(() => api.GET('/api/competitions', { params: { query: { limit: 12 } } }), 'list');
  const [more, setMore] = useState<Competition[]>([]);
  const [cursor, setCursor] = useState<string | undefined | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>();
  const next = cursor === null ? first.data?.nextCursor : cursor;

  async function loadMore() {
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.GET('/api/competitions', { params: { query: { limit: 12, cursor: next } } });
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  const items = [...(first.data?.items ?? []), ...more];
  return (
    <section>
      <div class="page-head">
        <div>
          <h1>Competitions</h1>
          <p class="lead">Open calls, hackathons and pitch competitions for innovative SMEs.</p>
        </div>
      </div>
      {first.loading && !first.data && <Loading label="Loading competitions…" />}
      {first.error !== undefined && <LoadError error={first.error} />}
      {first.data && items.length === 0 && <Empty>No competitions are published yet. Check back soon.</Empty>}
      {items.length > 0 && (
        <ul class="cards" aria-label="Competitions">
          {items.map((c) => (
            <CompetitionCard key={c.id} c={c} />
          ))}
        </ul>
      )}
      {moreError !== undefined && <LoadError error={moreError} />}
      {next && (
        <div class="more">
          <button type="button" class="btn" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}
