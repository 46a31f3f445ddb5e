import { useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { PitchPanel } from '../components/pitch-panel.tsx';
import { TeamPanel, type TeamView } from '../components/team-panel.tsx';
import { Checkbox, ErrorSummary, LoadError, Loading, Notice, StatusBadge, TagsField, TextArea, TextField } from '../components/ui.tsx';
import { takeFlash } from '../flash.ts';
import { formatInZone, formatLocal, splitList } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { canRegister, resultsFrozen } from '../lifecycle.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import type { Competition, Registration, Submission, SubmissionContent } from '../types.ts';

export function SubmissionPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="your submission">
      <SubmissionLoader id={id} />
    </RequireSignIn>
  );
}

function SubmissionLoader({ id }: { id: string }) {
  const res = useResource(async () => {
    const path = { competitionId: id };
    const [competition, registration] = await Promise.all([
      api.GET('/api/competitions/{competitionId}', { params: { path } }),
      api.GET('/api/competitions/{competitionId}/registration', { params: { path } }).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return undefined;
        throw e;
      }),
    ]);
    if (!registration) return { competition, registration, submission: undefined };
    // "My submissions" answers each submission whole (as GET …/submissions/{id} does, read as
    // freshly): no second request for it.
    const mine = await api.GET('/api/me/submissions');
    const submission: Submission | undefined = mine.items.find((s) => s.competitionId === id);
    return { competition, registration, submission };
  }, id);
  useTitle(res.data ? `Submission — ${res.data.competition.title}` : 'Submission');
  if (res.loading && !res.data) return <Loading label="Loading your submission…" />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, registration, submission } = res.data;
  if (!registration)
    return (
      <section class="panel center">
        <h1>Register first</h1>
        <p>To take part in {c.title}, register your organisation and team.</p>
        {canRegister(c.phase) ? (
          <Link href={`/competitions/${enc(c.id)}/register`} class="btn btn-primary">
            Register
          </Link>
        ) : (
          <Notice kind="warning">Registration is closed.</Notice>
        )}
      </section>
    );
  return <TeamSubmission c={c} registration={registration} initial={submission} />;
}

/** The entry and, below it, its team (H4): a viewer of the team sees the entry read-only. */
function TeamSubmission({ c, registration, initial }: { c: Competition; registration: Registration; initial?: Submission }) {
  const team = useResource(
    () =>
      api.GET('/api/competitions/{competitionId}/team', { params: { path: { competitionId: c.id } } }).catch((e: unknown): TeamView | undefined => {
        if (e instanceof ApiError && e.status === 404) return undefined;
        throw e;
      }),
    `team-${c.id}`,
  );
  if (team.loading && !team.data && team.error === undefined) return <Loading label="Loading your submission…" />;
  return (
    <>
      <SubmissionForm c={c} registration={registration} initial={initial} viewer={team.data?.myRole === 'viewer'} />
      {team.data !== undefined || team.error !== undefined ? <TeamPanel competitionId={c.id} team={team.data} loading={team.loading} error={team.error} onChange={team.reload} /> : null}
    </>
  );
}

interface FormState {
  title: string;
  summary: string;
  problem: string;
  solution: string;
  valueChain: string;
  sectors: string;
  answers: Record<string, string>;
}

function toForm(s: Submission | undefined): FormState {
  return {
    title: s?.title ?? '',
    summary: s?.summary ?? '',
    problem: s?.problem ?? '',
    solution: s?.solution ?? '',
    valueChain: s?.valueChain.join(', ') ?? '',
    sectors: s?.sectors.join(', ') ?? '',
    answers: { ...(s?.answers ?? {}) },
  };
}

function SubmissionForm({ c: opened, registration, initial, viewer = false }: { c: Competition; registration: Registration; initial?: Submission; viewer?: boolean }) {
  const [c, setC] = useState(opened);
  const [sub, setSub] = useState(initial);
  const [form, setForm] = useState(() => toForm(initial));
  const [error, setError] = useState<ApiError | Error>();
  const [message, setMessage] = useState<string | undefined>(takeFlash);
  const [busy, setBusy] = useState<string>();
  /** Whether a verified video pitch is attached (known once the pitch panel has loaded). */
  const [hasPitch, setHasPitch] = useState<boolean>();
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};
  const tz = c.schedule.timeZone;
  // Entries change only while submissions are open (the server refuses anything else with a 409).
  const beforeDeadline = c.phase === 'open';
  // A team's viewers read the entry and change nothing (the server refuses them anyway).
  const editable = !viewer && (sub ? sub.editable && sub.status !== 'withdrawn' : beforeDeadline);
  const canAct = beforeDeadline && !viewer;
  const competitionId = c.id;
  /** The path of this submission's own operations (save, submit, withdraw). */
  const mine = (s: Submission) => ({ params: { path: { competitionId, submissionId: s.id } } });

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));

  function content(): SubmissionContent {
    const answers: Record<string, string> = {};
    for (const q of c.questions) answers[q.id] = form.answers[q.id] ?? '';
    return {
      title: form.title,
      summary: form.summary,
      problem: form.problem,
      solution: form.solution,
      valueChain: splitList(form.valueChain),
      sectors: splitList(form.sectors),
      answers,
    };
  }

  async function save(): Promise<Submission> {
    if (!sub) return api.POST('/api/competitions/{competitionId}/submissions', { params: { path: { competitionId } }, body: content() });
    return api.PUT('/api/competitions/{competitionId}/submissions/{submissionId}', { ...mine(sub), body: { ...content(), version: sub.version } });
  }

  async function run(what: string, action: () => Promise<Submission>, done: string) {
    setBusy(what);
    setError(undefined);
    setMessage(undefined);
    try {
      const s = await action();
      setSub(s);
      setMessage(done);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT')
        setError(new ApiError(e.status, e.code, 'This submission was changed elsewhere (another tab or a team member). Reload the page to get the latest version.'));
      else if (e instanceof ApiError && e.code === 'SUBMISSION_EXISTS')
        setError(new ApiError(e.status, e.code, 'Your organisation already has a submission for this competition. Reload the page to continue it.'));
      else {
        setError(e as Error);
        // Refused because things changed since the page was opened (the deadline passed, results were
        // published): show where they stand now, so the page stops offering what the server refuses.
        if (e instanceof ApiError && e.status === 409) await refresh();
      }
    } finally {
      setBusy(undefined);
    }
  }

  /** Reads the competition and the submission again (keeping what is typed in the form). */
  async function refresh() {
    try {
      const [fresh, freshSub] = await Promise.all([
        api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId } } }),
        sub ? api.GET('/api/competitions/{competitionId}/submissions/{submissionId}', mine(sub)) : undefined,
      ]);
      setC(fresh);
      if (freshSub) setSub(freshSub);
    } catch {
      /* the refusal is shown already */
    }
  }

  const onSave = () => run('save', save, 'Draft saved.');
  const onSubmit = () =>
    run(
      'submit',
      async () => {
        // What gets submitted is what the team sees: a draft is saved and submitted in one request
        // and one write (issue 10 cost; refused, nothing is saved — the work is then kept as a
        // draft, as saving first did); an entry never saved is created first; a withdrawn one is
        // submitted as it stands (it cannot be edited until it is submitted again).
        if (sub && sub.status === 'draft') {
          try {
            return await api.POST('/api/competitions/{competitionId}/submissions/{submissionId}/submit', { ...mine(sub), body: { version: sub.version, content: content() } });
          } catch (e) {
            if (e instanceof ApiError && e.status === 422) setSub(await save().catch(() => sub));
            throw e;
          }
        }
        let s = sub && sub.status === 'withdrawn' ? sub : await save();
        setSub(s);
        s = await api.POST('/api/competitions/{competitionId}/submissions/{submissionId}/submit', { ...mine(s), body: { version: s.version } });
        return s;
      },
      'Submitted. You can still make changes until the deadline.',
    );
  const onWithdraw = () => {
    if (!sub || !confirm('Withdraw this submission? It will not be evaluated unless you submit it again before the deadline.')) return;
    void run('withdraw', () => api.POST('/api/competitions/{competitionId}/submissions/{submissionId}/withdraw', { ...mine(sub), body: { version: sub.version } }), 'Submission withdrawn.');
  };

  const status = sub?.status ?? 'draft';
  return (
    <section>
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(c.id)}`}>{c.title}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>Your submission</h1>
          <p class="meta-line">
            <StatusBadge status={status} /> <span>{registration.organisationName}</span>
            {sub && <span class="muted"> · last saved {formatLocal(sub.updatedAt)}</span>}
          </p>
        </div>
      </div>
      <p class={`deadline ${beforeDeadline ? '' : 'deadline-passed'}`}>
        {beforeDeadline ? (
          <>
            {viewer ? 'The team can edit it until' : 'Editable until'} <strong>{formatInZone(c.closesAt, tz)}</strong>
          </>
        ) : c.phase === 'upcoming' ? (
          <>Submissions open {formatInZone(c.schedule.submissionsOpen, tz)}.</>
        ) : resultsFrozen(c.phase) ? (
          <>
            {c.phaseLabel}: submissions closed on {formatInZone(c.closesAt, tz)}; this submission is read-only.
          </>
        ) : (
          <>The deadline passed on {formatInZone(c.closesAt, tz)}; this submission is read-only.</>
        )}
      </p>
      {viewer && <Notice kind="info">You are a viewer of this team: you can read the entry and watch its pitch, but not change them. The team owner can make you an editor.</Notice>}
      {message && <Notice kind="success">{message}</Notice>}
      {status === 'withdrawn' && beforeDeadline && <Notice kind="warning">This submission is withdrawn. Submit it again to take part.</Notice>}
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (editable) void onSave();
        }}
      >
        <ErrorSummary error={error} labels={{ pitch: 'Video pitch', ...Object.fromEntries(c.questions.map((q) => [`answers.${q.id}`, q.label])) }} />
        <fieldset disabled={!editable}>
          <legend>Your idea</legend>
          <TextField path="title" label="Title" required value={form.title} onValue={(v) => set('title', v)} errors={errors} maxLength={120} />
          <TextArea path="summary" label="Summary" required hint="One paragraph that a busy reviewer will read first." value={form.summary} onValue={(v) => set('summary', v)} errors={errors} maxLength={1000} rows={3} />
          <TextArea path="problem" label="Problem" required hint="Who has the problem, and how big is it?" value={form.problem} onValue={(v) => set('problem', v)} errors={errors} maxLength={5000} rows={5} />
          <TextArea path="solution" label="Solution" required hint="What you will build and why it works." value={form.solution} onValue={(v) => set('solution', v)} errors={errors} maxLength={5000} rows={5} />
          <div class="grid-2">
            <TagsField path="valueChain" label="Value chain" hint="Steps of the value chain you address, separated by commas." value={form.valueChain} onValue={(v) => set('valueChain', v)} errors={errors} />
            <TagsField path="sectors" label="Sectors" hint={c.sectors.length ? `e.g. ${c.sectors.join(', ')}` : 'Separate with commas.'} value={form.sectors} onValue={(v) => set('sectors', v)} errors={errors} />
          </div>
        </fieldset>
        {c.questions.length > 0 && (
          <fieldset disabled={!editable}>
            <legend>Questions from the organisers</legend>
            {c.questions.map((q) => (
              <TextArea
                key={q.id}
                path={`answers.${q.id}`}
                label={q.label}
                required={q.required}
                hint={q.help || undefined}
                value={form.answers[q.id] ?? ''}
                onValue={(v) => set('answers', { ...form.answers, [q.id]: v })}
                errors={errors}
                maxLength={q.maxLength}
                rows={4}
              />
            ))}
          </fieldset>
        )}
        {sub ? (
          <PitchPanel
            competitionId={c.id}
            submissionId={sub.id}
            canUpload={editable}
            error={errors.pitch}
            onStatus={(p) => setHasPitch(Boolean(p.current))}
          />
        ) : (
          <section class="pitch-panel" aria-labelledby="pitch-heading" id="f-pitch" tabIndex={-1}>
            <h2 id="pitch-heading">
              Video pitch {c.pitch.required && <span class="badge badge-required">required</span>}
            </h2>
            <p class="muted">Save your draft first; then you can attach a video pitch here.</p>
          </section>
        )}
        <div class="form-actions">
          {editable && (
            <button type="submit" class="btn" disabled={!!busy}>
              {busy === 'save' ? 'Saving…' : status === 'submitted' ? 'Save changes' : 'Save draft'}
            </button>
          )}
          {canAct && status !== 'submitted' && (
            <button type="button" class="btn btn-primary" disabled={!!busy} onClick={() => void onSubmit()}>
              {busy === 'submit' ? 'Submitting…' : status === 'withdrawn' ? 'Submit again' : 'Submit'}
            </button>
          )}
          {sub && status !== 'withdrawn' && canAct && (
            <button type="button" class="btn btn-danger-ghost" disabled={!!busy} onClick={onWithdraw}>
              {busy === 'withdraw' ? 'Withdrawing…' : 'Withdraw'}
            </button>
          )}
          {c.pitch.required && canAct && status !== 'submitted' && (
            <span class={`pitch-requirement ${hasPitch ? 'pitch-requirement-met' : ''}`}>
              {hasPitch ? '✓ Video pitch attached' : <a href="#f-pitch">A verified video pitch is required to submit.</a>}
            </span>
          )}
        </div>
      </form>
      {sub && sub.status !== 'withdrawn' && <MeetingOptIn competitionId={c.id} submissionId={sub.id} readOnly={viewer} />}
    </section>
  );
}

/**
 * "Open to meeting investors": the choice as the API has it (so a fresh browser shows it too), and
 * what this page saved since.
 */
function MeetingOptIn({ competitionId, submissionId, readOnly = false }: { competitionId: string; submissionId: string; readOnly?: boolean }) {
  const params = { path: { competitionId, submissionId } };
  const stored = useResource(() => api.GET('/api/competitions/{competitionId}/submissions/{submissionId}/meeting-opt-in', { params }), submissionId);
  const [choice, setOpen] = useState<boolean>();
  const open = choice ?? stored.data?.open ?? false;
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string }>();

  async function save(next: boolean) {
    setBusy(true);
    setStatus(undefined);
    setOpen(next);
    try {
      const r = await api.PUT('/api/competitions/{competitionId}/submissions/{submissionId}/meeting-opt-in', {
        params,
        body: { open: next },
      });
      setOpen(r.open);
      setStatus({ kind: 'success', text: r.open ? 'Saved: you are open to meeting interested investors.' : 'Saved: your contacts will not be shared with investors.' });
    } catch (e) {
      setOpen(!next);
      setStatus({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel meeting-opt-in" aria-labelledby="meeting-heading">
      <h2 id="meeting-heading">Meeting investors</h2>
      <Checkbox
        path="meetingOptIn"
        label="We're open to meeting investors who are interested in our idea"
        checked={open}
        disabled={readOnly || busy || (stored.loading && choice === undefined)}
        onChecked={(v) => void save(v)}
      />
      {stored.error !== undefined && choice === undefined && <Notice kind="error">Your saved choice could not be loaded; ticking the box saves it again.</Notice>}
      <p class="hint">
        Contacts are shared only on mutual interest: if an investor who reviewed your submission also asked to meet you, you will both see each
        other's contact details on the results page once the results are published. Nobody else sees them.
      </p>
      {status && <Notice kind={status.kind}>{status.text}</Notice>}
    </section>
  );
}
