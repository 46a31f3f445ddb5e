import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Empty, LoadError, Loading, PhaseBadge, Tags } from '../components/ui.tsx';
import { formatInZone } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { phaseLabel, resultsVisible } from '../lifecycle.ts';
import { Link } from '../router.tsx';
import type { Competition, Kind } from '../types.ts';
import { t, type MessageKey } from '../i18n.ts';
import { localised } from '../content.ts';

const KIND_WORDS: Record<Kind, MessageKey> = {
  idea: 'competitions.kind.idea',
  hackathon: 'competitions.kind.hackathon',
  pitch: 'competitions.kind.pitch',
};

/** A kind of competition in the reader's language ("Idea competition"); the raw value if unknown. */
export function kindLabel(kind: string): string {
  const key = KIND_WORDS[kind as Kind] as MessageKey | undefined;
  return key ? t(key) : kind;
}

/** `role`: what the caller is here, when the list says (My competitions: "Observer (read-only) · GreenChain"). */
export function CompetitionCard({ c, role }: { c: Competition; role?: string }) {
  return (
    <li class="card">
      <div class="card-top">
        <span class="kind">{kindLabel(c.kind)}</span>
        <PhaseBadge phase={c.phase} label={phaseLabel(c.phase)} />
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
  if (c.phase === 'draft' || c.phase === 'upcoming') return <>{t('competitions.card.opens', { at: at(c.schedule.submissionsOpen) })}</>;
  if (c.phase === 'open') return <>{t('competitions.card.closes', { at: at(c.closesAt) })}</>;
  if (c.phase === 'decided') return <>{t('competitions.card.resultsOn', { at: at(c.resultsPublishedAt) })}</>;
  if (resultsVisible(c.phase)) {
    const amended = c.amendments?.at(-1);
    return (
      <>
        {amended
          ? t('competitions.card.resultsPublishedAmended', { at: at(c.resultsPublishedAt), amendedAt: at(amended.at) })
          : t('competitions.card.resultsPublished', { at: at(c.resultsPublishedAt) })}
      </>
    );
  }
  return <>{t('competitions.card.closed', { at: at(c.closesAt) })}</>;
}

function excerpt(text: string, max = 180): string {
  return text.length > max ? text.slice(0, max).replace(/\s+\S*$/, '') + '…' : text;
}

export function CompetitionsPage() {
  useTitle(t('competitions.title'));
  const first = useResource(() => api.GET('/api/competitions', { params: { query: { limit: 12 } } }).then((p) => ({ ...p, items: p.items.map(localised) })), 'list');
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
      setMore((m) => [...m, ...page.items.map(localised)]);
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
          <h1>{t('competitions.title')}</h1>
          <p class="lead">{t('competitions.lead')}</p>
        </div>
      </div>
      {first.loading && !first.data && <Loading label={t('competitions.loading')} />}
      {first.error !== undefined && <LoadError error={first.error} />}
      {first.data && items.length === 0 && <Empty>{t('competitions.empty')}</Empty>}
      {items.length > 0 && (
        <ul class="cards" aria-label={t('competitions.title')}>
          {items.map((c) => (
            <CompetitionCard key={c.id} c={c} />
          ))}
        </ul>
      )}
      {moreError !== undefined && <LoadError error={moreError} />}
      {next && (
        <div class="more">
          <button type="button" class="btn" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? t('common.loading') : t('common.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}
