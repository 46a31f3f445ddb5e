import { useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { useConfirm } from '../components/confirm-step.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { pitchRules } from '../components/pitch-panel.tsx';
import { Loading, Notice, PhaseBadge, Tags } from '../components/ui.tsx';
import { takeFlash } from '../flash.ts';
import { formatInZone } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { canRegister, competitionEditable, resultsVisible } from '../lifecycle.ts';
import { Link } from '../router.tsx';
import { SignInButton, useSession } from '../session.tsx';
import type { Competition } from '../types.ts';
import { kindLabel } from './competitions.tsx';
import { CompetitionLoadError } from './not-found.tsx';
import { AudienceVoteLine } from './audience-vote.tsx';
import { allows, can } from '../capabilities.ts';

export function CompetitionPage({ id }: { id: string }) {
  const res = useResource(() => api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId: id } } }), id);
  const [flash, setShownFlash] = useState(takeFlash);
  const missing = res.error instanceof ApiError && res.error.status === 404;
  useTitle(res.data?.title ?? (missing ? 'Competition not found' : 'Competition'));
  if (res.loading && !res.data) return <Loading />;
  if (!res.data) return <CompetitionLoadError error={res.error} />;
  const c = res.data;
  return (
    <article class="competition">
      <p class="breadcrumbs">
        <Link href="/">Competitions</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>{c.title}</h1>
          <p class="meta-line">
            <span class="kind">{kindLabel(c.kind)}</span> <PhaseBadge phase={c.phase} label={c.phaseLabel} />
            {c.closedEarlyAt && <span class="muted"> · submissions closed early</span>}
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
          res.setData(next);
        }}
      />
      <div class="grid-2">
        <div>
          {c.description ? <div class="prose">{c.description}</div> : <p class="muted">No description yet.</p>}
          {c.sectors.length > 0 && (
            <>
              <h2>Sectors</h2>
              <Tags items={c.sectors} />
            </>
          )}
        </div>
        <aside class="panel">
          <h2>Eligibility</h2>
          <ul class="plain">
            <li>
              {c.eligibility.countries.length
                ? `Organisations registered in: ${c.eligibility.countries.join(', ')}`
                : 'Organisations from any country'}
            </li>
            <li>{c.eligibility.smeOnly ? 'SMEs only (self-declared)' : 'Open to all organisations'}</li>
          </ul>
          <p class="pitch-rules-line">
            <strong>Video pitch:</strong> {pitchRules(c.pitch)}
          </p>
        </aside>
      </div>

      <h2>Schedule</h2>
      <div class="table-wrap">
        <table>
          <caption>Times in {c.schedule.timeZone}</caption>
          <tbody>
            <ScheduleRow label="Submissions open" at={c.schedule.submissionsOpen} tz={c.schedule.timeZone} />
            <ScheduleRow label="Submissions close" at={c.schedule.submissionsClose} tz={c.schedule.timeZone} />
            {c.closedEarlyAt && <ScheduleRow label="Closed early" at={c.closedEarlyAt} tz={c.schedule.timeZone} />}
            <ScheduleRow label="Evaluation starts" at={c.schedule.evaluationStart} tz={c.schedule.timeZone} />
            <ScheduleRow label="Evaluation ends" at={c.schedule.evaluationEnd} tz={c.schedule.timeZone} />
            <ScheduleRow label="Results" at={c.schedule.resultsDate} tz={c.schedule.timeZone} />
          </tbody>
        </table>
      </div>

      <h2>Evaluation criteria</h2>
      {c.rubric.length === 0 ? (
        <p class="muted">No criteria defined yet.</p>
      ) : (
        <ScrollRegion label="Evaluation criteria">
          <DataTable columns={['Criterion', 'Description', { label: 'Weight', num: true }, { label: 'Scale', num: true }]}>
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

      <h2>Questions for applicants</h2>
      {c.questions.length === 0 ? (
        <p class="muted">No extra questions.</p>
      ) : (
        <ol class="questions">
          {c.questions.map((q) => (
            <li key={q.id}>
              <strong>{q.label}</strong> {q.required && <span class="badge badge-required">required</span>}
              {q.help && <div class="hint">{q.help}</div>}
              <div class="hint">Up to {q.maxLength} characters.</div>
            </li>
          ))}
        </ol>
      )}
      <DangerZone c={c} onChange={res.setData} />
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
      text = <>Submissions open on {at(c.schedule.submissionsOpen)}; you can register already.</>;
      break;
    case 'open':
      text = <>Submissions close on {at(c.closesAt)}.</>;
      break;
    case 'closed':
    case 'evaluation':
    case 'deliberation':
      text = (
        <>
          Submissions closed on {at(c.closesAt)}. Results are expected on {at(c.schedule.resultsDate)}.
        </>
      );
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
    return <Notice kind="info">The results are decided and will be published on {formatInZone(c.resultsPublishedAt, tz)}.</Notice>;
  if (!resultsVisible(c.phase)) return null;
  const amended = c.amendments?.at(-1);
  return (
    <>
      <Notice kind="success">
        Results published on {formatInZone(c.resultsPublishedAt, tz)}
        {amended && <> (amended on {formatInZone(amended.at, tz)})</>} — <Link href={results}>see the results</Link>.
        {c.archivedAt && <> The competition was archived on {formatInZone(c.archivedAt, tz)}.</>}
      </Notice>
      {c.amendment && (
        <Notice kind="warning">
          Amendment in preparation: {c.amendment.reason} — entrants still see the published results.{' '}
          <Link href={`/competitions/${enc(c.id)}/awards`}>Prize plan &amp; awards</Link>
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
        err.code === 'VERSION_CONFLICT' ? 'Someone else changed this competition. Reload the page and try again.' : err.message,
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
      Results
    </Link>
  );
  const buttons = [];
  let manage: preact.JSX.Element | undefined;
  if (organiser) {
    if (allows(c, 'edit-competition') && competitionEditable(c.phase))
      buttons.push(
        <Link key="edit" href={`${base}/edit`} class="btn">
          Edit
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
              title: 'Publish this competition?',
              body: [
                'Everyone will see it, and SMEs can register from then on.',
                'A published competition cannot go back to draft; its schedule and criteria stay editable until the results are decided.',
              ],
              action: 'Publish',
            });
            if (ok) void act('publish', 'Published.');
          }}
        >
          Publish
        </button>,
      );
    const links: [string, string][] = [
      ['dashboard', 'Dashboard'],
      ['submissions', 'Submissions'],
      ['rounds', 'Evaluation rounds'],
      ['ranking', 'Ranking'],
      ['awards', 'Prize plan & awards'],
      ['vote/review', 'Audience vote'],
      ['results', 'Results'],
      ['messages', 'Messages'],
      ['reminders', 'Reminders'],
      ['audit', 'Audit trail'],
      ['privacy', 'Privacy & retention'], // issue 14 §2
      ['organisers', 'Organisers'],
    ];
    manage = (
      <nav class="competition-nav" aria-label="This competition">
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
    if (takingPart) buttons.push(<SignInButton key="signin" label="Sign in to take part" />);
    if (published) buttons.push(resultsLink);
  } else if (entrant) {
    buttons.push(<EntrantAction key="entrant" c={c} />);
    if (published) buttons.push(resultsLink);
  } else if (c.myRoles.includes('investor') || c.myRoles.includes('jury') || c.myRoles.includes('peer-reviewer')) {
    buttons.push(
      <Link key="reviews" href="/me/reviews" class="btn btn-primary">
        My reviews
      </Link>,
    );
    if (published) buttons.push(resultsLink);
  } else {
    if (takingPart)
      buttons.push(
        <Link key="register" href={`${base}/register`} class="btn btn-primary">
          Register
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
      <h2 id="danger-heading">Danger zone</h2>
      {canClose && (
        <div class="danger-item">
          <p>
            <strong>Close submissions early.</strong> Entrants can no longer submit or edit, and drafts that were not submitted stay out of the
            evaluation. This cannot be undone.
          </p>
          <button
            type="button"
            class="btn btn-danger-ghost"
            disabled={busy}
            onClick={async () => {
              const ok = await ask({
                title: 'Close submissions now?',
                body: [
                  `Submissions are scheduled to close on ${formatInZone(c.closesAt, c.schedule.timeZone)}.`,
                  'If you close them now, entrants can no longer submit or edit their entries, and drafts that were not submitted are not evaluated. This cannot be undone.',
                ],
                action: 'Close submissions',
                danger: true,
              });
              if (ok) void act('close', 'Submissions are closed.');
            }}
          >
            Close submissions early
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
  if (mine.loading) return <span class="muted">Checking your submission…</span>;
  if (!sub) {
    if (c.phase === 'open')
      return (
        <Link href={href} class="btn btn-primary">
          Start submission
        </Link>
      );
    if (c.phase === 'upcoming')
      return <span class="muted">You are registered. Submissions open {formatInZone(c.schedule.submissionsOpen, c.schedule.timeZone)}.</span>;
    return <span class="muted">You registered but did not submit an entry; submissions closed {formatInZone(c.closesAt, c.schedule.timeZone)}.</span>;
  }
  return (
    <Link href={href} class={`btn ${sub.editable ? 'btn-primary' : ''}`}>
      {sub.editable ? 'Continue submission' : 'View submission'}
    </Link>
  );
}
