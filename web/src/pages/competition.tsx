import { useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { useConfirm } from '../components/confirm-step.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { pitchRules } from '../components/pitch-panel.tsx';
import { Loading, Notice, PhaseBadge, Tags } from '../components/ui.tsx';
import { takeFlash } from '../flash.ts';
import { formatInZone } from '../format.ts';
import { t, tx } from '../i18n.ts';
import { useResource, useTitle } from '../hooks.ts';
import { canRegister, competitionEditable, phaseLabel, resultsVisible } from '../lifecycle.ts';
import { Link } from '../router.tsx';
import { SignInButton, useSession } from '../session.tsx';
import type { Competition } from '../types.ts';
import { kindLabel } from './competitions.tsx';
import { CompetitionLoadError } from './not-found.tsx';
import { AudienceVoteLine } from './audience-vote.tsx';
import { allows, can } from '../capabilities.ts';
import { localised } from '../content.ts';

export function CompetitionPage({ id }: { id: string }) {
  const res = useResource(() => api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId: id } } }).then(localised), id);
  const [flash, setShownFlash] = useState(takeFlash);
  const missing = res.error instanceof ApiError && res.error.status === 404;
  useTitle(res.data?.title ?? (missing ? t('competition.title.notFound') : t('competition.title.default')));
  if (res.loading && !res.data) return <Loading />;
  if (!res.data) return <CompetitionLoadError error={res.error} />;
  const c = res.data;
  return (
    <article class="competition">
      <p class="breadcrumbs">
        <Link href="/">{t('competition.breadcrumbs.competitions')}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>{c.title}</h1>
          <p class="meta-line">
            <span class="kind">{kindLabel(c.kind)}</span> <PhaseBadge phase={c.phase} label={phaseLabel(c.phase)} />
            {c.closedEarlyAt && <span class="muted"> · {t('competition.closedEarly')}</span>}
          </p>
        </div>
      </div>
      {flash && <Notice kind="success">{flash}</Notice>}
      <StateLine c={c} />
      <ResultsState c={c} />
      <AudienceVoteLine c={c} />
      {/* One banner for one outcome: an action on this page replaces the message carried here. */}
      <Actions
        c={c}
        onChange={(next) => {
          setShownFlash(undefined);
          res.setData(localised(next));
        }}
      />
      <div class="grid-2">
        <div>
          {c.description ? <div class="prose">{c.description}</div> : <p class="muted">{t('competition.noDescription')}</p>}
          {c.sectors.length > 0 && (
            <>
              <h2>{t('competition.sectors')}</h2>
              <Tags items={c.sectors} />
            </>
          )}
        </div>
        <aside class="panel">
          <h2>{t('competition.eligibility.heading')}</h2>
          <ul class="plain">
            <li>
              {c.eligibility.countries.length
                ? t('competition.eligibility.countries', { countries: c.eligibility.countries.join(', ') })
                : t('competition.eligibility.anyCountry')}
            </li>
            <li>{c.eligibility.smeOnly ? t('competition.eligibility.smeOnly') : t('competition.eligibility.openToAll')}</li>
          </ul>
          <p class="pitch-rules-line">
            {tx('competition.videoPitch', { rules: pitchRules(c.pitch), strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
        </aside>
      </div>

      <h2>{t('competition.schedule.heading')}</h2>
      <div class="table-wrap">
        <table>
          <caption>{t('competition.schedule.caption', { zone: c.schedule.timeZone })}</caption>
          <tbody>
            <ScheduleRow label={t('competition.schedule.submissionsOpen')} at={c.schedule.submissionsOpen} tz={c.schedule.timeZone} />
            <ScheduleRow label={t('competition.schedule.submissionsClose')} at={c.schedule.submissionsClose} tz={c.schedule.timeZone} />
            {c.closedEarlyAt && <ScheduleRow label={t('competition.schedule.closedEarly')} at={c.closedEarlyAt} tz={c.schedule.timeZone} />}
            <ScheduleRow label={t('competition.schedule.evaluationStart')} at={c.schedule.evaluationStart} tz={c.schedule.timeZone} />
            <ScheduleRow label={t('competition.schedule.evaluationEnd')} at={c.schedule.evaluationEnd} tz={c.schedule.timeZone} />
            <ScheduleRow label={t('competition.schedule.results')} at={c.schedule.resultsDate} tz={c.schedule.timeZone} />
          </tbody>
        </table>
      </div>

      <h2>{t('competition.criteria.heading')}</h2>
      {c.rubric.length === 0 ? (
        <p class="muted">{t('competition.criteria.none')}</p>
      ) : (
        <ScrollRegion label={t('competition.criteria.heading')}>
          <DataTable columns={[t('competition.criteria.criterion'), t('competition.criteria.description'), { label: t('competition.criteria.weight'), num: true }, { label: t('competition.criteria.scale'), num: true }]}>
            {c.rubric.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                <td>{r.description || '—'}</td>
                <td class="num">{r.weight}</td>
                <td class="num">
                  {r.scale.min}–{r.scale.max}
                </td>
              </tr>
            ))}
          </DataTable>
        </ScrollRegion>
      )}

      <h2>{t('competition.questions.heading')}</h2>
      {c.questions.length === 0 ? (
        <p class="muted">{t('competition.questions.none')}</p>
      ) : (
        <ol class="questions">
          {c.questions.map((q) => (
            <li key={q.id}>
              <strong>{q.label}</strong> {q.required && <span class="badge badge-required">{t('competition.questions.required')}</span>}
              {q.help && <div class="hint">{q.help}</div>}
              {'maxLength' in q && <div class="hint">{t('competition.questions.maxLength', { max: q.maxLength })}</div>}
            </li>
          ))}
        </ol>
      )}
      <DangerZone c={c} onChange={(next) => res.setData(localised(next))} />
    </article>
  );
}

function ScheduleRow({ label, at, tz }: { label: string; at: string; tz: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>
        <time dateTime={at}>{formatInZone(at, tz)}</time>
      </td>
    </tr>
  );
}

/**
 * Before the results: where the competition stands, in one sentence from its one lifecycle state
 * (the results themselves are ResultsState's). Nothing for a draft: the badge says it.
 */
function StateLine({ c }: { c: Competition }) {
  const tz = c.schedule.timeZone;
  const at = (iso: string) => <time dateTime={iso}>{formatInZone(iso, tz)}</time>;
  let text: preact.ComponentChildren;
  switch (c.phase) {
    case 'upcoming':
      text = tx('competition.state.upcoming', { at: at(c.schedule.submissionsOpen) });
      break;
    case 'open':
      text = tx('competition.state.open', { at: at(c.closesAt) });
      break;
    case 'closed':
    case 'evaluation':
    case 'deliberation':
      text = tx('competition.state.closed', { closed: at(c.closesAt), results: at(c.schedule.resultsDate) });
      break;
    default:
      return null;
  }
  return <p class="state-line">{text}</p>;
}

/** Where the results stand, once they are decided: one line, with the way to them. */
function ResultsState({ c }: { c: Competition }) {
  const tz = c.schedule.timeZone;
  const results = `/competitions/${enc(c.id)}/results`;
  if (c.phase === 'decided')
    return <Notice kind="info">{t('competition.results.decided', { at: formatInZone(c.resultsPublishedAt, tz) })}</Notice>;
  if (!resultsVisible(c.phase)) return null;
  const amended = c.amendments?.at(-1);
  const seeResults = (chunks: preact.ComponentChildren) => <Link href={results}>{chunks}</Link>;
  return (
    <>
      <Notice kind="success">
        {amended
          ? tx('competition.results.publishedAmended', { at: formatInZone(c.resultsPublishedAt, tz), amendedAt: formatInZone(amended.at, tz), link: seeResults })
          : tx('competition.results.published', { at: formatInZone(c.resultsPublishedAt, tz), link: seeResults })}
        {c.archivedAt && <> {t('competition.results.archived', { at: formatInZone(c.archivedAt, tz) })}</>}
      </Notice>
      {c.amendment && (
        <Notice kind="warning">
          {t('competition.results.amendment', { reason: c.amendment.reason })}{' '}
          <Link href={`/competitions/${enc(c.id)}/awards`}>{t('competition.nav.awards')}</Link>
        </Notice>
      )}
    </>
  );
}

/** Publishes the draft or closes submissions early; the page shows the answer (or the refusal). */
function useCompetitionAction(c: Competition, onChange: (c: Competition) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  async function act(action: 'publish' | 'close', message: string) {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const init = { params: { path: { competitionId: c.id } }, body: { version: c.version } };
      onChange(await (action === 'publish' ? api.POST('/api/competitions/{competitionId}/publish', init) : api.POST('/api/competitions/{competitionId}/close', init)));
      setDone(message);
    } catch (e) {
      const err = e as ApiError;
      setError(
        err.code === 'VERSION_CONFLICT' ? t('competition.versionConflict') : err.message,
      );
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, done, act };
}

/**
 * What this person does here: organisers edit and publish, and find the competition's pages in
 * their own navigation; entrants their submission; reviewers their reviews; the rest register.
 * Irreversible actions are not here but in the danger zone at the end of the page.
 */
function Actions({ c, onChange }: { c: Competition; onChange: (c: Competition) => void }) {
  const { claims } = useSession();
  const { busy, error, done, act } = useCompetitionAction(c, onChange);
  const [dialog, ask] = useConfirm();
  const base = `/competitions/${enc(c.id)}`;
  // Organisers, and the programme's staff by what their role lets them do (use-cases/access.ts).
  const organiser = can(c, 'read');
  const entrant = c.myRoles.includes('entrant');
  // Only where the server would accept a registration: never next to closed entries or published results.
  const takingPart = canRegister(c.phase);
  const published = resultsVisible(c.phase);

  const resultsLink = (
    <Link key="results" href={`${base}/results`} class={`btn ${published ? 'btn-primary' : ''}`}>
      {t('competition.nav.results')}
    </Link>
  );
  const buttons = [];
  let manage: preact.JSX.Element | undefined;
  if (organiser) {
    if (allows(c, 'edit-competition') && competitionEditable(c.phase))
      buttons.push(
        <Link key="edit" href={`${base}/edit`} class="btn">
          {t('competition.edit')}
        </Link>,
      );
    if (allows(c, 'publish-competition') && c.status === 'draft')
      buttons.push(
        <button
          key="publish"
          type="button"
          class="btn btn-primary"
          disabled={busy}
          onClick={async () => {
            const ok = await ask({
              title: t('competition.publish.confirmTitle'),
              body: [t('competition.publish.confirmVisible'), t('competition.publish.confirmFinal')],
              action: t('competition.publish.action'),
            });
            if (ok) void act('publish', t('competition.publish.done'));
          }}
        >
          {t('competition.publish.action')}
        </button>,
      );
    const links: [string, string][] = [
      ['dashboard', t('competition.nav.dashboard')],
      ['submissions', t('competition.nav.submissions')],
      ['rounds', t('competition.nav.rounds')],
      ['ranking', t('competition.nav.ranking')],
      ['awards', t('competition.nav.awards')],
      ['vote/review', t('competition.nav.audienceVote')],
      ['results', t('competition.nav.results')],
      ['messages', t('competition.nav.messages')],
      ['reminders', t('competition.nav.reminders')],
      ['audit', t('competition.nav.audit')],
      ['privacy', t('competition.nav.privacy')], // issue 14 §2
      ['translations', t('competition.nav.translations')], // issue 14 §1
      ['organisers', t('competition.nav.organisers')],
    ];
    manage = (
      <nav class="competition-nav" aria-label={t('competition.nav.label')}>
        <ul>
          {links.map(([path, label]) => (
            <li key={path}>
              <Link href={`${base}/${path}`} class={`btn ${path === 'results' && published ? 'btn-primary' : ''}`}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    );
  } else if (!claims) {
    if (takingPart) buttons.push(<SignInButton key="signin" label={t('competition.signInToTakePart')} />);
    if (published) buttons.push(resultsLink);
  } else if (entrant) {
    buttons.push(<EntrantAction key="entrant" c={c} />);
    if (published) buttons.push(resultsLink);
  } else if (c.myRoles.includes('investor') || c.myRoles.includes('jury') || c.myRoles.includes('peer-reviewer')) {
    buttons.push(
      <Link key="reviews" href="/me/reviews" class="btn btn-primary">
        {t('competition.myReviews')}
      </Link>,
    );
    if (published) buttons.push(resultsLink);
  } else {
    if (takingPart)
      buttons.push(
        <Link key="register" href={`${base}/register`} class="btn btn-primary">
          {t('competition.register')}
        </Link>,
      );
    if (published) buttons.push(resultsLink);
  }
  if (!buttons.length && !manage && !error && !done) return null;
  return (
    <div class="actions-bar">
      {dialog}
      {buttons.length > 0 && <div class="actions">{buttons}</div>}
      {manage}
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
    </div>
  );
}

/** Organisers: the actions that cannot be undone, apart from the navigation, each confirmed with its consequence. */
function DangerZone({ c, onChange }: { c: Competition; onChange: (c: Competition) => void }) {
  const { busy, error, done, act } = useCompetitionAction(c, onChange);
  const [dialog, ask] = useConfirm();
  if (!allows(c, 'close-competition')) return null;
  const canClose = c.phase === 'open';
  if (!canClose && !done && !error) return null;
  return (
    <section class="danger-zone" aria-labelledby="danger-heading">
      {dialog}
      <h2 id="danger-heading">{t('competition.danger.heading')}</h2>
      {canClose && (
        <div class="danger-item">
          <p>
            {tx('competition.danger.closeEarly', { strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
          <button
            type="button"
            class="btn btn-danger-ghost"
            disabled={busy}
            onClick={async () => {
              const ok = await ask({
                title: t('competition.danger.confirmTitle'),
                body: [t('competition.danger.confirmScheduled', { at: formatInZone(c.closesAt, c.schedule.timeZone) }), t('competition.danger.confirmConsequence')],
                action: t('competition.danger.confirmAction'),
                danger: true,
              });
              if (ok) void act('close', t('competition.danger.done'));
            }}
          >
            {t('competition.danger.button')}
          </button>
        </div>
      )}
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}

/** Entrants: start or continue their submission. */
function EntrantAction({ c }: { c: Competition }) {
  const mine = useResource(() => api.GET('/api/me/submissions'), c.id);
  const sub = mine.data?.items.find((s) => s.competitionId === c.id);
  const href = `/competitions/${enc(c.id)}/submission`;
  if (mine.loading) return <span class="muted">{t('competition.entrant.checking')}</span>;
  if (!sub) {
    if (c.phase === 'open')
      return (
        <Link href={href} class="btn btn-primary">
          {t('competition.entrant.start')}
        </Link>
      );
    if (c.phase === 'upcoming')
      return <span class="muted">{t('competition.entrant.registeredUpcoming', { at: formatInZone(c.schedule.submissionsOpen, c.schedule.timeZone) })}</span>;
    return <span class="muted">{t('competition.entrant.registeredClosed', { at: formatInZone(c.closesAt, c.schedule.timeZone) })}</span>;
  }
  return (
    <Link href={href} class={`btn ${sub.editable ? 'btn-primary' : ''}`}>
      {sub.editable ? t('competition.entrant.continue') : t('competition.entrant.view')}
    </Link>
  );
}
