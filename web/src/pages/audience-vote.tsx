/**
 * The audience vote's public page (/competitions/:id/vote): its window in the competition's time
 * zone, the published method, the candidates (searchable, a page at a time) with a pick of up to N,
 * the person's saved ballot, a plain sentence for every refusal, and the count once it is shown
 * (after the close, or live when the organiser chose so) as a table and a bar chart.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, enc, type ApiAnswer } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { LoadMore, useLoadMore } from '../components/paged-list.tsx';
import { Empty, LoadError, Loading, Notice, PhaseBadge } from '../components/ui.tsx';
import { formatInZone, formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { SignInButton, useSession } from '../session.tsx';
import type { Competition } from '../types.ts';
import { can } from '../capabilities.ts';
import { localised } from '../content.ts';
import { t, tx } from '../i18n.ts';

const VOTE = '/api/competitions/{competitionId}/audience-vote';
export type VoteView = ApiAnswer<typeof VOTE, 'get'>;
export type Candidate = ApiAnswer<'/api/competitions/{competitionId}/audience-vote/candidates', 'get'>['items'][number];
export type VoteResults = ApiAnswer<'/api/competitions/{competitionId}/audience-vote/results', 'get'>;

/** How many candidates one request reads. */
const CANDIDATE_PAGE = 50;

/** A 404 becomes `undefined`: "no audience vote here". */
export function unlessMissing<T>(p: Promise<T>): Promise<T | undefined> {
  return p.catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  });
}

/** Why this person cannot vote now, as the page says it (the API's reason codes; its own sentence otherwise). */
export function refusalText(code: string | undefined, v: Pick<VoteView, 'opensAt' | 'closesAt'>, tz: string): string {
  switch (code) {
    case 'not-signed-in':
    case 'UNAUTHENTICATED':
      return t('audienceVote.refusal.signIn');
    case 'email-unverified':
      return t('audienceVote.refusal.emailUnverified');
    case 'upcoming':
    case 'not-open':
      return t('audienceVote.refusal.upcoming', { at: formatInZone(v.opensAt, tz) });
    case 'closed':
      return t('audienceVote.refusal.closed', { at: formatInZone(v.closesAt, tz) });
    case 'organiser':
      return t('audienceVote.refusal.organiser');
    case 'rate-limited':
      return t('audienceVote.refusal.rateLimited');
    default:
      return code ?? t('audienceVote.refusal.other');
  }
}

/** A failed save, in words for the voter. */
function saveErrorText(e: unknown, v: VoteView, tz: string): string {
  if (!(e instanceof ApiError)) return (e as Error).message || t('audienceVote.save.failed');
  if (e.status === 401) return t('audienceVote.save.sessionEnded');
  if (e.status === 429) return e.message || refusalText('rate-limited', v, tz);
  if (e.status === 403 && /unverified/i.test(e.code)) return refusalText('email-unverified', v, tz);
  if (e.status === 403) return `${e.message || t('audienceVote.save.cannotVoteEntry')} ${t('audienceVote.save.ownEntry')}`;
  if (e.status === 409) return e.message || refusalText('closed', v, tz);
  return e.message;
}

export function AudienceVotePage({ id }: { id: string }) {
  const { claims } = useSession();
  const res = useResource(async () => {
    const params = { path: { competitionId: id } };
    const [competition, vote] = await Promise.all([api.GET('/api/competitions/{competitionId}', { params }).then(localised), unlessMissing(api.GET(VOTE, { params }))]);
    return { competition, vote };
  }, `${id}:${claims?.sub ?? ''}`);
  useTitle(res.data ? t('audienceVote.titleOf', { title: res.data.competition.title }) : t('audienceVote.title'));
  if (res.loading && !res.data) return <Loading label={t('audienceVote.loading')} />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, vote } = res.data;
  const organiser = can(c, 'read');
  return (
    <article class="audience-vote">
      <VotePageHead competition={c} vote={vote} link={organiser ? { href: `/competitions/${enc(id)}/vote/review`, label: t('audienceVote.manage') } : undefined} />
      {!vote ? (
        <Empty>
          {organiser ? t('audienceVote.noneYet') : t('audienceVote.none')} <Link href={`/competitions/${enc(id)}`}>{t('audienceVote.back')}</Link>
        </Empty>
      ) : (
        <VoteBody c={c} vote={vote} onSaved={(myBallot) => res.setData({ competition: c, vote: { ...vote, myBallot } })} />
      )}
    </article>
  );
}

/** "Open from 1 Dec 2026, 09:00 to 3 Dec 2026, 18:00 Europe/Brussels". */
export function VoteWindow({ vote, tz }: { vote: Pick<VoteView, 'opensAt' | 'closesAt' | 'phase'>; tz: string }) {
  const from = formatInZone(vote.opensAt, tz).replace(` ${tz}`, '');
  const to = formatInZone(vote.closesAt, tz);
  const times = { from: <time dateTime={vote.opensAt}>{from}</time>, to: <time dateTime={vote.closesAt}>{to}</time> };
  return (
    <span class="vote-window">
      {tx(vote.phase === 'upcoming' ? 'audienceVote.window.upcoming' : vote.phase === 'open' ? 'audienceVote.window.open' : 'audienceVote.window.closed', times)}
    </span>
  );
}

function VoteBody({ c, vote, onSaved }: { c: Competition; vote: VoteView; onSaved: (b: NonNullable<VoteView['myBallot']>) => void }) {
  const tz = c.schedule.timeZone;
  const showResults = vote.phase === 'closed' || vote.liveCounts || can(c, 'read');
  return (
    <>
      <details class="vote-method">
        <summary>{t('audienceVote.method')}</summary>
        <p class="prose">{vote.method}</p>
      </details>
      {vote.phase !== 'closed' && <Ballot c={c} vote={vote} onSaved={onSaved} />}
      {vote.phase === 'closed' && vote.myBallot && <SavedBallotLine ballot={vote.myBallot} />}
      {showResults && <Results competitionId={c.id} vote={vote} />}
    </>
  );
}

function SavedBallotLine({ ballot }: { ballot: NonNullable<VoteView['myBallot']> }) {
  return (
    <p class="vote-saved">
      {t('audienceVote.savedLine', { count: ballot.choices.length, at: formatLocal(ballot.updatedAt) })}
    </p>
  );
}

/** The entries that are the signed-in person's own (they cannot vote for them). */
function useOwnEntries(competitionId: string, signedIn: boolean, entrant: boolean): Set<string> {
  const mine = useResource(
    () => (signedIn && entrant ? api.GET('/api/me/submissions') : Promise.resolve({ items: [] as { id: string; competitionId: string }[] })),
    `${competitionId}:${signedIn}:${entrant}`,
  );
  return useMemo(() => new Set((mine.data?.items ?? []).filter((s) => s.competitionId === competitionId).map((s) => s.id)), [mine.data, competitionId]);
}

function Ballot({ c, vote, onSaved }: { c: Competition; vote: VoteView; onSaved: (b: NonNullable<VoteView['myBallot']>) => void }) {
  const { claims } = useSession();
  const tz = c.schedule.timeZone;
  const params = { path: { competitionId: c.id } };
  const first = useResource(() => api.GET('/api/competitions/{competitionId}/audience-vote/candidates', { params: { ...params, query: { limit: CANDIDATE_PAGE } } }), c.id);
  const list = useLoadMore<Candidate>(first.data, (cursor) =>
    api.GET('/api/competitions/{competitionId}/audience-vote/candidates', { params: { ...params, query: { limit: CANDIDATE_PAGE, cursor } } }),
  );
  const own = useOwnEntries(c.id, Boolean(claims), c.myRoles.includes('entrant'));
  const [chosen, setChosen] = useState<string[]>(vote.myBallot?.choices ?? []);
  useEffect(() => setChosen(vote.myBallot?.choices ?? []), [vote.myBallot?.updatedAt]);
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();

  const open = vote.phase === 'open';
  const canPick = open && Boolean(claims) && vote.canVote;
  const max = vote.maxChoices;
  const full = chosen.length >= max;
  const changed = JSON.stringify([...chosen].sort()) !== JSON.stringify([...(vote.myBallot?.choices ?? [])].sort());
  const needle = search.trim().toLowerCase();
  const shown = needle ? list.items.filter((x) => `${x.title} ${x.organisationName} ${x.summary}`.toLowerCase().includes(needle)) : list.items;
  const titles = new Map(list.items.map((x) => [x.submissionId, x.title]));

  const toggle = (sid: string, on: boolean) => {
    setSaved(undefined);
    setError(undefined);
    setChosen((cur) => (on ? (cur.includes(sid) || cur.length >= max ? cur : [...cur, sid]) : cur.filter((x) => x !== sid)));
  };

  async function save(e: Event) {
    e.preventDefault();
    if (chosen.length === 0) return setError(t('audienceVote.ballot.chooseOne', { max }));
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      const ballot = await api.PUT('/api/competitions/{competitionId}/audience-vote/ballot', { params, body: { choices: chosen } });
      const names = ballot.choices.map((s) => titles.get(s) ?? s).join(', ');
      const until = formatInZone(vote.closesAt, tz);
      setSaved(vote.myBallot ? t('audienceVote.ballot.changed', { names, until }) : t('audienceVote.ballot.saved', { names, until }));
      onSaved(ballot);
    } catch (err) {
      setError(saveErrorText(err, vote, tz));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="section vote-ballot" aria-labelledby="ballot-heading">
      <h2 id="ballot-heading">{t('audienceVote.ballot.heading')}</h2>
      <BallotState c={c} vote={vote} signedIn={Boolean(claims)} />
      {saved ? <Notice kind="success">{saved}</Notice> : vote.myBallot && <SavedBallotLine ballot={vote.myBallot} />}
      <form class="vote-form" noValidate onSubmit={(e) => void save(e)} aria-labelledby="ballot-heading">
        <div class="vote-toolbar">
          <div class="field field-grow">
            <label for="vote-search">{t('audienceVote.ballot.search')}</label>
            <input id="vote-search" type="search" placeholder={t('audienceVote.ballot.searchPlaceholder')} value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
            {list.hasMore && <span class="hint">{t('audienceVote.ballot.searchHint')}</span>}
          </div>
          <p class="vote-count" role="status" aria-live="polite">
            {tx(full && canPick ? 'audienceVote.ballot.countFull' : 'audienceVote.ballot.count', { chosen: chosen.length, max, strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
        </div>
        {first.loading && !first.data && <Loading label={t('audienceVote.ballot.loading')} />}
        {first.error !== undefined && <LoadError error={first.error} />}
        {first.data && list.items.length === 0 && <Empty>{t('audienceVote.ballot.empty')}</Empty>}
        {first.data && list.items.length > 0 && shown.length === 0 && <Empty>{t('audienceVote.ballot.noMatch', { search: search.trim() })}</Empty>}
        <fieldset class="plain-fieldset">
          <legend class="sr-only">{t('audienceVote.ballot.legend', { max })}</legend>
          <ul class="vote-candidates">
            {shown.map((x) => {
              const isOwn = own.has(x.submissionId);
              const on = chosen.includes(x.submissionId);
              const inputId = `vote-${x.submissionId}`;
              return (
                <li key={x.submissionId} class={`vote-candidate${on ? ' vote-candidate-on' : ''}${isOwn ? ' vote-candidate-own' : ''}`}>
                  <input
                    type="checkbox"
                    id={inputId}
                    checked={on}
                    disabled={!canPick || isOwn || (!on && full)}
                    aria-describedby={`${inputId}-about`}
                    onChange={(e) => toggle(x.submissionId, e.currentTarget.checked)}
                  />
                  <label for={inputId}>
                    <span class="vote-candidate-title">{x.title || t('common.untitled')}</span>
                    <span class="vote-candidate-org">{x.organisationName}</span>
                  </label>
                  <p class="vote-candidate-summary" id={`${inputId}-about`}>
                    {isOwn && <strong class="vote-own-note">{t('audienceVote.ballot.own')} </strong>}
                    {x.summary}
                  </p>
                </li>
              );
            })}
          </ul>
        </fieldset>
        <LoadMore list={list} label={t('audienceVote.ballot.loadMore')} />
        {error && <Notice kind="error">{error}</Notice>}
        {canPick && (
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy || !changed}>
              {busy ? t('common.saving') : vote.myBallot ? t('audienceVote.ballot.change') : t('audienceVote.ballot.save')}
            </button>
            <span class="muted form-status">
              {changed ? t('audienceVote.ballot.statusChanged', { max }) : vote.myBallot ? t('audienceVote.ballot.statusSaved') : t('audienceVote.ballot.statusNew', { max })}
            </span>
          </div>
        )}
      </form>
    </section>
  );
}

/** Before the list: why the person cannot vote (if so), with the way to fix it where there is one. */
function BallotState({ c, vote, signedIn }: { c: Competition; vote: VoteView; signedIn: boolean }) {
  const tz = c.schedule.timeZone;
  if (vote.phase === 'upcoming') return <Notice kind="info">{refusalText('upcoming', vote, tz)} {t('audienceVote.state.lookAlready')}</Notice>;
  if (!signedIn)
    return (
      <div class="notice notice-info vote-signin" role="status">
        <span>{t('audienceVote.state.signIn')}</span> <SignInButton label={t('audienceVote.state.signInButton')} class="btn btn-primary btn-small" />
      </div>
    );
  if (!vote.canVote) return <Notice kind="warning">{refusalText(vote.cannotVoteReason, vote, tz)}</Notice>;
  return (
    <p class="hint">
      {t('audienceVote.state.howTo', { max: vote.maxChoices, until: formatInZone(vote.closesAt, tz) })}
    </p>
  );
}

/** The count (table + bars), when the API shows it to this person. */
function Results({ competitionId, vote }: { competitionId: string; vote: VoteView }) {
  const res = useResource(
    () => unlessMissing(api.GET('/api/competitions/{competitionId}/audience-vote/results', { params: { path: { competitionId } } })),
    `${competitionId}:${vote.phase}:${vote.myBallot?.updatedAt ?? ''}`,
  );
  return (
    <section class="section" aria-labelledby="vote-results-heading">
      <h2 id="vote-results-heading">{vote.phase === 'closed' ? t('audienceVote.results.heading') : t('audienceVote.results.live')}</h2>
      {vote.phase !== 'closed' && <p class="hint">{vote.liveCounts ? t('audienceVote.results.liveShown') : t('audienceVote.results.organisersOnly')}</p>}
      {res.loading && !res.data && <Loading label={t('audienceVote.results.counting')} />}
      {res.error !== undefined && <LoadError error={res.error} />}
      {!res.loading && !res.error && !res.data && <Empty>{t('audienceVote.results.later')}</Empty>}
      {res.data && <VoteCount results={res.data} />}
    </section>
  );
}

/** "12 ballots counted (1 voided)", the bars (relative to the most votes) and the table they stand for. */
export function VoteCount({ results }: { results: VoteResults }) {
  const top = Math.max(1, ...results.items.map((i) => i.votes));
  const summary = results.voided ? t('audienceVote.count.summaryVoided', { count: results.ballots, voided: results.voided }) : t('audienceVote.count.summary', { count: results.ballots });
  if (results.items.length === 0) return <Empty>{t('audienceVote.count.none', { summary })}</Empty>;
  const leader = results.items[0];
  return (
    <>
      <p class="vote-summary">{t('audienceVote.count.sentence', { summary })}</p>
      <figure class="rank-chart vote-chart">
        <figcaption>{t('audienceVote.count.caption')}</figcaption>
        <div class="rank-chart-plot" role="img" aria-label={t('audienceVote.count.chart', { summary, title: leader?.title ?? '', votes: leader?.votes ?? 0 })}>
          <ol class="rank-chart-rows" aria-hidden="true">
            {results.items.map((i) => (
              <li key={i.submissionId} class="rank-chart-row">
                <span class="rank-chart-label" title={i.title}>
                  <span class="rank-chart-rank">{i.rank}</span> {i.title}
                </span>
                <span class="rank-chart-cell">
                  <span class="rank-chart-track">
                    <span class="rank-chart-bar" style={{ width: `${(100 * i.votes) / top}%` }} />
                  </span>
                  <span class="rank-chart-value">{i.votes}</span>
                </span>
              </li>
            ))}
          </ol>
        </div>
      </figure>
      <DataTable columns={[{ label: t('audienceVote.count.rank'), num: true }, t('audienceVote.count.entry'), { label: t('audienceVote.count.votes'), num: true }]} caption={t('audienceVote.count.caption')} hideCaption class="vote-results-table">
        {results.items.map((i) => (
          <tr key={i.submissionId}>
            <td class="num">{i.rank}</td>
            <td>{i.title}</td>
            <td class="num">{i.votes}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

/** On the competition's page: one line about its audience vote, with the way to it (nothing when there is none). */
export function AudienceVoteLine({ c }: { c: Competition }) {
  // Asked only when the competition says it has a vote (no 404 on every view of one without).
  const res = useResource(async () => (c.audienceVote !== false ? unlessMissing(api.GET(VOTE, { params: { path: { competitionId: c.id } } })) : undefined), `${c.id}:${String(c.audienceVote)}`);
  const vote = res.data;
  if (!vote) return null;
  const tz = c.schedule.timeZone;
  const href = `/competitions/${enc(c.id)}/vote`;
  const text =
    vote.phase === 'open'
      ? t('audienceVote.line.open', { at: formatInZone(vote.closesAt, tz) })
      : vote.phase === 'upcoming'
        ? t('audienceVote.line.upcoming', { at: formatInZone(vote.opensAt, tz) })
        : t('audienceVote.line.closed');
  return (
    <p class="state-line vote-line">
      {text}{' '}
      <Link href={href} class={`btn btn-small ${vote.phase === 'open' ? 'btn-primary' : ''}`}>
        {vote.phase === 'open' ? (vote.myBallot ? t('audienceVote.line.change') : t('audienceVote.line.vote')) : vote.phase === 'closed' ? t('audienceVote.line.results') : t('audienceVote.line.entries')}
      </Link>
    </p>
  );
}

/** The breadcrumb and heading of both vote pages (the public one and the organisers'): the vote's phase and window, and a link to the other page. */
export function VotePageHead({ competition: c, vote, link }: { competition: Pick<Competition, 'id' | 'title' | 'schedule'>; vote: VoteView | undefined; link?: { href: string; label: string } }) {
  return (
    <>
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(c.id)}`}>{c.title}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>{t('audienceVote.title')}</h1>
          {vote && (
            <p class="meta-line">
              <PhaseBadge phase={vote.phase} /> <VoteWindow vote={vote} tz={c.schedule.timeZone} />
            </p>
          )}
        </div>
        {link && (
          <div class="actions">
            <Link href={link.href} class="btn btn-small">
              {link.label}
            </Link>
          </div>
        )}
      </div>
    </>
  );
}
