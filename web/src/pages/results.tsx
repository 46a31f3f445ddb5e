/**
 * The results of a competition: the winners with their awards (public once published; organisers
 * preview them before), the signed-in entrant's own outcome with a link to their feedback report,
 * and mutual investor–team matches with contacts.
 */
import { api, ApiError, enc } from '../api.ts';
import { Empty, LoadError, Loading, Notice } from '../components/ui.tsx';
import { formatInZone } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { formatMoney } from '../money.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { awardLabel, awardTypeLabel, type Matches, type MyOutcome, type Winner } from '../types.ts';
import { can } from '../capabilities.ts';
import { localised } from '../content.ts';
import { currentLocale, t, tx } from '../i18n.ts';

/** A 404 (or 403) becomes `undefined`: "not published yet", "not an entrant". */
function unlessMissing<T>(p: Promise<T>): Promise<T | undefined> {
  return p.catch((e: unknown) => {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return undefined;
    throw e;
  });
}

export function ResultsPage({ id }: { id: string }) {
  const { claims } = useSession();
  const res = useResource(async () => {
    const params = { path: { competitionId: id } };
    const [competition, results] = await Promise.all([
      api.GET('/api/competitions/{competitionId}', { params }).then(localised),
      unlessMissing(api.GET('/api/competitions/{competitionId}/results', { params })),
    ]);
    const signedIn = Boolean(claims) && results?.published;
    const [mine, matches] = await Promise.all([
      signedIn && competition.myRoles.includes('entrant') ? unlessMissing(api.GET('/api/competitions/{competitionId}/results/mine', { params })) : undefined,
      signedIn ? unlessMissing(api.GET('/api/competitions/{competitionId}/matches', { params })) : undefined,
    ]);
    return { competition, results, mine, matches };
  }, `${id}:${claims?.sub ?? ''}`);
  useTitle(res.data ? t('results.titleOf', { competition: res.data.competition.title }) : t('results.title'));
  if (res.loading && !res.data) return <Loading label={t('results.loading')} />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, results: r, mine, matches } = res.data;
  const organiser = can(c, 'read'); // organisers and the programme's staff see the preview
  return (
    <article class="results-page">
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(id)}`}>{c.title}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>{t('results.title')}</h1>
          {r?.publishedAt && r.published && (
            <p class="muted meta-line">
              {t('results.published', { date: formatInZone(r.publishedAt, c.schedule.timeZone) })}
              {r.amendedAt && <> {t('results.amended', { date: formatInZone(r.amendedAt, c.schedule.timeZone) })}</>}
            </p>
          )}
        </div>
        {organiser && (
          <div class="actions">
            <Link href={`/competitions/${enc(id)}/awards`} class="btn btn-small">
              {t('results.awardsLink')}
            </Link>
          </div>
        )}
      </div>
      {!r ? (
        <Empty>
          {t('results.notPublished')}
          {c.phase === 'decided'
            ? ` ${t('results.willPublish', { date: formatInZone(c.resultsPublishedAt, c.schedule.timeZone) })}`
            : Date.parse(c.schedule.resultsDate) > Date.now()
              ? ` ${t('results.announcedFor', { date: formatInZone(c.schedule.resultsDate, c.schedule.timeZone) })}`
              : ''}
        </Empty>
      ) : (
        <>
          {!r.published && (
            <Notice kind="warning">
              {t('results.preview')}
              {r.frozen ? ` ${t('results.previewFrozen', { date: formatInZone(r.publishedAt, c.schedule.timeZone) })}` : ` ${t('results.previewMayChange')}`}
            </Notice>
          )}
          {r.published &&
            r.amendments.map((a, i) => (
              <Notice key={i} kind="info">
                {t('results.amendedOn', { date: formatInZone(a.at, c.schedule.timeZone), reason: a.reason })}
              </Notice>
            ))}
          {mine && <YourOutcome id={id} outcome={mine} tz={c.schedule.timeZone} />}
          <section aria-labelledby="winners-heading">
            <h2 id="winners-heading">{t('results.winners')}</h2>
            {r.winners.length === 0 ? (
              <Empty>{r.published ? t('results.noAwardsMade') : t('results.noAwardsYet')}</Empty>
            ) : (
              <ol class="winners">
                {r.winners.map((w) => (
                  <WinnerCard key={w.submissionId} w={w} currency={r.currency} />
                ))}
              </ol>
            )}
          </section>
          {matches?.available && !organiser && <MatchesSection matches={matches} />}
        </>
      )}
    </article>
  );
}

/** "2nd place", "2nd place and Best green idea": the labels exactly as the server states them. */
function awardNames(awards: { label: string; type: string }[]): string {
  const names = awards.map((a) => awardLabel(a));
  return names.length <= 1 ? (names[0] ?? '') : new Intl.ListFormat(currentLocale() === 'en' ? 'en-GB' : currentLocale(), { type: 'conjunction' }).format(names);
}

/** The award's type, only where its label does not already say it ("Lump sum", "1st prize" say enough). */
function typeNote(a: { label: string; type: string }): string | undefined {
  const type = awardTypeLabel(a.type);
  const label = awardLabel(a);
  return a.label && !label.toLowerCase().includes(type.toLowerCase()) ? type : undefined;
}

function YourOutcome({ id, outcome: o, tz }: { id: string; outcome: MyOutcome; tz: string }) {
  if (!o.submitted)
    return (
      <section class="panel your-outcome" aria-labelledby="outcome-heading">
        <h2 id="outcome-heading">{t('results.yourOutcome')}</h2>
        <p class="outcome-line">{t('results.noEntry')}</p>
      </section>
    );
  return (
    <section class={`panel your-outcome ${o.awarded ? 'your-outcome-won' : ''}`} aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">{t('results.yourOutcome')}</h2>
      <p class="outcome-line">
        {o.awarded ? (
          t('results.awarded', { amount: formatMoney(o.total, o.currency), awards: awardNames(o.awards) })
        ) : (
          t('results.notAwarded')
        )}
      </p>
      {o.rank !== undefined && o.of !== undefined && (
        <p class="outcome-rank">
          {t('results.ranked', { rank: o.rank, of: o.of })}
        </p>
      )}
      {o.awarded && o.awards.length > 1 && (
        <ul class="plain">
          {o.awards.map((a, i) => (
            <li key={i}>
              {t('results.awardAmount', { award: awardLabel(a), amount: formatMoney(a.amount, o.currency) })}
            </li>
          ))}
        </ul>
      )}
      {o.amendedAt && <p class="hint">{t('results.asAmended', { date: formatInZone(o.amendedAt, tz) })}</p>}
      <p class="muted">
        {o.awarded ? t('results.congratulations') : t('results.thanks')}
      </p>
      {o.feedbackAvailable ? (
        <Link href={`/competitions/${enc(id)}/feedback`} class="btn btn-primary">
          {t('results.readFeedback')}
        </Link>
      ) : (
        <p class="hint">{t('results.feedbackLater')}</p>
      )}
    </section>
  );
}

function WinnerCard({ w, currency }: { w: Winner; currency: string }) {
  const prize = w.awards.find((a) => a.type === 'prize');
  return (
    <li class="card winner-card">
      <div class="card-top">
        <span class={`award-badge ${prize ? 'award-badge-prize' : ''}`}>{prize ? awardLabel(prize) : w.awards[0] ? awardLabel(w.awards[0]) : ''}</span>
        <span class="winner-total">{formatMoney(w.total, currency)}</span>
      </div>
      <h3 class="card-title">{w.title || t('common.untitled')}</h3>
      <p class="card-text">
        {w.organisationName}
        {w.country && ` · ${w.country}`}
      </p>
      <ul class="winner-awards" aria-label={t('results.awardsTo', { organisation: w.organisationName })}>
        {w.awards.map((a, i) => (
          <li key={i}>
            <span>{awardLabel(a)}</span>
            {typeNote(a) && <span class="muted"> {typeNote(a)}</span>}
            <span class="num">{formatMoney(a.amount, currency)}</span>
          </li>
        ))}
      </ul>
    </li>
  );
}

function MatchesSection({ matches }: { matches: Matches }) {
  return (
    <section aria-labelledby="matches-heading" class="matches">
      <h2 id="matches-heading">{t('results.matches')}</h2>
      <p class="hint">{t('results.matchesHint')}</p>
      {matches.matches.length === 0 ? (
        <p class="muted">{t('results.noMatches')}</p>
      ) : (
        <ul class="cards">
          {matches.matches.map((m, i) =>
            m.with === 'team' ? (
              <li key={i} class="card">
                <h3 class="card-title">{m.title || t('common.untitled')}</h3>
                <p class="card-text">{m.organisationName}</p>
                <p class="card-meta">
                  {tx('results.contact', { email: m.contact, link: (chunks) => <a href={`mailto:${m.contact}`}>{chunks}</a> })}
                </p>
                {(m.team ?? []).length > 0 && (
                  <ul class="plain">
                    {(m.team ?? []).map((member, j) => (
                      <li key={j}>
                        {member.name}
                        {member.role && <span class="muted"> · {member.role}</span>} · <a href={`mailto:${member.email}`}>{member.email}</a>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ) : (
              <li key={i} class="card">
                <h3 class="card-title">{t('results.investorWantsToMeet')}</h3>
                <p class="card-meta">
                  {tx('results.contact', { email: m.investorEmail, link: (chunks) => <a href={`mailto:${m.investorEmail}`}>{chunks}</a> })}
                </p>
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}
