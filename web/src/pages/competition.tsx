import { useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { pitchRules } from '../components/pitch-panel.tsx';
import { LoadError, Loading, Notice, PhaseBadge, Tags } from '../components/ui.tsx';
import { takeFlash } from '../flash.ts';
import { formatInZone } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { canRegister, competitionEditable, resultsVisible } from '../lifecycle.ts';
import { Link } from '../router.tsx';
import { SignInButton, useSession } from '../session.tsx';
import type { Competition } from '../types.ts';
import { kindLabel } from './competitions.tsx';

export function CompetitionPage({ id }: { id: string }) {
  const res = useResource(() => api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId: id } } }), id);
  const [flash] = useState(takeFlash);
  useTitle(res.data?.title ?? 'Competition');
  if (res.loading && !res.data) return <Loading />;
  if (!res.data) return <LoadError error={res.error} />;
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
      <ResultsState c={c} />
      <Actions c={c} onChange={res.setData} />
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

function Actions({ c, onChange }: { c: Competition; onChange: (c: Competition) => void }) {
  const { claims } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const base = `/competitions/${enc(c.id)}`;
  const organiser = c.myRoles.includes('organiser');
  const entrant = c.myRoles.includes('entrant');
  // Only where the server would accept a registration: never next to closed entries or published results.
  const takingPart = canRegister(c.phase);
  const published = resultsVisible(c.phase);

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

  const resultsLink = (
    <Link key="results" href={`${base}/results`} class={`btn ${published ? 'btn-primary' : ''}`}>
      Results
    </Link>
  );
  const buttons = [];
  if (organiser) {
    if (competitionEditable(c.phase))
      buttons.push(
        <Link key="edit" href={`${base}/edit`} class="btn">
          Edit
        </Link>,
      );
    if (c.status === 'draft')
      buttons.push(
        <button key="publish" type="button" class="btn btn-primary" disabled={busy} onClick={() => act('publish', 'Published.')}>
          Publish
        </button>,
      );
    if (c.phase === 'open')
      buttons.push(
        <button
          key="close"
          type="button"
          class="btn btn-danger-ghost"
          disabled={busy}
          onClick={() => {
            if (confirm('Close submissions now? Entrants will no longer be able to submit or edit.'))
              void act('close', 'Submissions are closed.');
          }}
        >
          Close submissions early
        </button>,
      );
    buttons.push(
      <Link key="subs" href={`${base}/submissions`} class="btn">
        Submissions
      </Link>,
      <Link key="rounds" href={`${base}/rounds`} class="btn">
        Evaluation rounds
      </Link>,
      <Link key="ranking" href={`${base}/ranking`} class="btn">
        Ranking
      </Link>,
      <Link key="awards" href={`${base}/awards`} class="btn">
        Prize plan &amp; awards
      </Link>,
      resultsLink,
      <Link key="audit" href={`${base}/audit`} class="btn">
        Audit trail
      </Link>,
    );
  } else if (!claims) {
    if (takingPart) buttons.push(<SignInButton key="signin" label="Sign in to take part" />);
    if (published) buttons.push(resultsLink);
  } else if (entrant) {
    buttons.push(<EntrantAction key="entrant" c={c} />);
    if (published) buttons.push(resultsLink);
  } else if (c.myRoles.includes('investor') || c.myRoles.includes('jury')) {
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
  if (!buttons.length && !error && !done) return null;
  return (
    <div class="actions-bar">
      {buttons.length > 0 && <div class="actions">{buttons}</div>}
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
    </div>
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
