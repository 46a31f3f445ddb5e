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
import { awardTypeLabel, type Matches, type MyOutcome, type Winner } from '../types.ts';
import { can } from '../capabilities.ts';

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
      api.GET('/api/competitions/{competitionId}', { params }),
      unlessMissing(api.GET('/api/competitions/{competitionId}/results', { params })),
    ]);
    const signedIn = Boolean(claims) && results?.published;
    const [mine, matches] = await Promise.all([
      signedIn && competition.myRoles.includes('entrant') ? unlessMissing(api.GET('/api/competitions/{competitionId}/results/mine', { params })) : undefined,
      signedIn ? unlessMissing(api.GET('/api/competitions/{competitionId}/matches', { params })) : undefined,
    ]);
    return { competition, results, mine, matches };
  }, `${id}:${claims?.sub ?? ''}`);
  useTitle(res.data ? `Results — ${res.data.competition.title}` : 'Results');
  if (res.loading && !res.data) return <Loading label="Loading the results…" />;
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
          <h1>Results</h1>
          {r?.publishedAt && r.published && (
            <p class="muted meta-line">
              Published {formatInZone(r.publishedAt, c.schedule.timeZone)}
              {r.amendedAt && <> · amended {formatInZone(r.amendedAt, c.schedule.timeZone)}</>}
            </p>
          )}
        </div>
        {organiser && (
          <div class="actions">
            <Link href={`/competitions/${enc(id)}/awards`} class="btn btn-small">
              Prize plan &amp; awards
            </Link>
          </div>
        )}
      </div>
      {!r ? (
        <Empty>
          Results are not published yet.
          {c.phase === 'decided'
            ? ` They will be published on ${formatInZone(c.resultsPublishedAt, c.schedule.timeZone)}.`
            : Date.parse(c.schedule.resultsDate) > Date.now()
              ? ` They are announced for ${formatInZone(c.schedule.resultsDate, c.schedule.timeZone)}.`
              : ''}
        </Empty>
      ) : (
        <>
          {!r.published && (
            <Notice kind="warning">
              Preview — the results are not published yet; only organisers see this page.
              {r.frozen ? ` They are decided and become public on ${formatInZone(r.publishedAt, c.schedule.timeZone)}.` : ' The figures may still change until publication.'}
            </Notice>
          )}
          {r.published &&
            r.amendments.map((a, i) => (
              <Notice key={i} kind="info">
                Amended on {formatInZone(a.at, c.schedule.timeZone)}: {a.reason}
              </Notice>
            ))}
          {mine && <YourOutcome id={id} outcome={mine} tz={c.schedule.timeZone} />}
          <section aria-labelledby="winners-heading">
            <h2 id="winners-heading">Winners</h2>
            {r.winners.length === 0 ? (
              <Empty>No awards {r.published ? 'were made' : 'are confirmed yet'}.</Empty>
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
  const names = awards.map((a) => a.label || awardTypeLabel(a.type));
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The award's type, only where its label does not already say it ("Lump sum", "1st prize" say enough). */
function typeNote(a: { label: string; type: string }): string | undefined {
  const type = awardTypeLabel(a.type);
  return a.label && !a.label.toLowerCase().includes(type.toLowerCase()) ? type : undefined;
}

function YourOutcome({ id, outcome: o, tz }: { id: string; outcome: MyOutcome; tz: string }) {
  if (!o.submitted)
    return (
      <section class="panel your-outcome" aria-labelledby="outcome-heading">
        <h2 id="outcome-heading">Your outcome</h2>
        <p class="outcome-line">You did not submit an entry, so there is no outcome or feedback for you.</p>
      </section>
    );
  return (
    <section class={`panel your-outcome ${o.awarded ? 'your-outcome-won' : ''}`} aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">Your outcome</h2>
      <p class="outcome-line">
        {o.awarded ? (
          <>
            Awarded {formatMoney(o.total, o.currency)} — {awardNames(o.awards)}
          </>
        ) : (
          'Not awarded this time'
        )}
      </p>
      {o.rank !== undefined && o.of !== undefined && (
        <p class="outcome-rank">
          Ranked {o.rank} of {o.of}
        </p>
      )}
      {o.awarded && o.awards.length > 1 && (
        <ul class="plain">
          {o.awards.map((a, i) => (
            <li key={i}>
              {a.label || awardTypeLabel(a.type)}: {formatMoney(a.amount, o.currency)}
            </li>
          ))}
        </ul>
      )}
      {o.amendedAt && <p class="hint">As amended on {formatInZone(o.amendedAt, tz)}.</p>}
      <p class="muted">
        {o.awarded ? 'Congratulations! The organisers will contact you about the payment.' : 'Thank you for taking part.'}
      </p>
      {o.feedbackAvailable ? (
        <Link href={`/competitions/${enc(id)}/feedback`} class="btn btn-primary">
          Read your feedback report
        </Link>
      ) : (
        <p class="hint">Your feedback report (scores and reviewers' comments) will be available once the organisers release it.</p>
      )}
    </section>
  );
}

function WinnerCard({ w, currency }: { w: Winner; currency: string }) {
  const prize = w.awards.find((a) => a.type === 'prize');
  return (
    <li class="card winner-card">
      <div class="card-top">
        <span class={`award-badge ${prize ? 'award-badge-prize' : ''}`}>{prize ? prize.label : w.awards[0] ? w.awards[0].label || awardTypeLabel(w.awards[0].type) : ''}</span>
        <span class="winner-total">{formatMoney(w.total, currency)}</span>
      </div>
      <h3 class="card-title">{w.title || 'Untitled'}</h3>
      <p class="card-text">
        {w.organisationName}
        {w.country && ` · ${w.country}`}
      </p>
      <ul class="winner-awards" aria-label={`Awards to ${w.organisationName}`}>
        {w.awards.map((a, i) => (
          <li key={i}>
            <span>{a.label || awardTypeLabel(a.type)}</span>
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
      <h2 id="matches-heading">Your investor matches</h2>
      <p class="hint">Contacts appear only where both sides said they would like to meet.</p>
      {matches.matches.length === 0 ? (
        <p class="muted">No mutual matches.</p>
      ) : (
        <ul class="cards">
          {matches.matches.map((m, i) =>
            m.with === 'team' ? (
              <li key={i} class="card">
                <h3 class="card-title">{m.title || 'Untitled'}</h3>
                <p class="card-text">{m.organisationName}</p>
                <p class="card-meta">
                  Contact: <a href={`mailto:${m.contact}`}>{m.contact}</a>
                </p>
                {(m.team ?? []).length > 0 && (
                  <ul class="plain">
                    {(m.team ?? []).map((t, j) => (
                      <li key={j}>
                        {t.name}
                        {t.role && <span class="muted"> · {t.role}</span>} · <a href={`mailto:${t.email}`}>{t.email}</a>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ) : (
              <li key={i} class="card">
                <h3 class="card-title">An investor would like to meet you</h3>
                <p class="card-meta">
                  Contact: <a href={`mailto:${m.investorEmail}`}>{m.investorEmail}</a>
                </p>
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}
