import { useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { PitchPanel } from '../components/pitch-panel.tsx';
import { TeamPanel, type TeamView } from '../components/team-panel.tsx';
import { Checkbox, ErrorSummary, LoadError, Loading, Notice, StatusBadge, TagsField, TextArea, TextField } from '../components/ui.tsx';
import { takeFlash } from '../flash.ts';
import { formatInZone, formatLocal, splitList } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { canRegister, phaseLabel, resultsFrozen } from '../lifecycle.ts';
import { t, tx } from '../i18n.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import type { Competition, Registration, Submission, SubmissionContent } from '../types.ts';
import { localised } from '../content.ts';
import { AnswerFields, type AnswerMap } from '../components/question-fields.tsx';
import { keptAnswers, type Question } from '../../../functions/shared/questions.ts';

export function SubmissionPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('submission.signInWhat')}>
      <SubmissionLoader id={id} />
    </RequireSignIn>
  );
}

function SubmissionLoader({ id }: { id: string }) {
  const res = useResource(async () => {
    const path = { competitionId: id };
    const [competition, registration] = await Promise.all([
      api.GET('/api/competitions/{competitionId}', { params: { path } }).then(localised),
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
  useTitle(res.data ? t('submission.titleOf', { title: res.data.competition.title }) : t('submission.title'));
  if (res.loading && !res.data) return <Loading label={t('submission.loading')} />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, registration, submission } = res.data;
  if (!registration)
    return (
      <section class="panel center">
        <h1>{t('submission.registerFirst.heading')}</h1>
        <p>{t('submission.registerFirst.text', { title: c.title })}</p>
        {canRegister(c.phase) ? (
          <Link href={`/competitions/${enc(c.id)}/register`} class="btn btn-primary">
            {t('submission.registerFirst.register')}
          </Link>
        ) : (
          <Notice kind="warning">{t('submission.registerFirst.closed')}</Notice>
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
  if (team.loading && !team.data && team.error === undefined) return <Loading label={t('submission.loading')} />;
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
  answers: AnswerMap;
}

function toForm(s: Submission | undefined): FormState {
  return {
    title: s?.title ?? '',
    summary: s?.summary ?? '',
    problem: s?.problem ?? '',
    solution: s?.solution ?? '',
    valueChain: s?.valueChain.join(', ') ?? '',
    sectors: s?.sectors.join(', ') ?? '',
    answers: { ...((s?.answers ?? {}) as AnswerMap) },
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
    // Only the shown questions' answers, none empty (issue 14 §3: hidden questions are not kept).
    const answers = keptAnswers(c.questions as unknown as Question[], form.answers);
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
        setError(new ApiError(e.status, e.code, t('submission.error.versionConflict')));
      else if (e instanceof ApiError && e.code === 'SUBMISSION_EXISTS')
        setError(new ApiError(e.status, e.code, t('submission.error.exists')));
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
        api.GET('/api/competitions/{competitionId}', { params: { path: { competitionId } } }).then(localised),
        sub ? api.GET('/api/competitions/{competitionId}/submissions/{submissionId}', mine(sub)) : undefined,
      ]);
      setC(fresh);
      if (freshSub) setSub(freshSub);
    } catch {
      /* the refusal is shown already */
    }
  }

  const onSave = () => run('save', save, t('submission.saved'));
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
      t('submission.submitted'),
    );
  const onWithdraw = () => {
    if (!sub || !confirm(t('submission.withdraw.confirm'))) return;
    void run('withdraw', () => api.POST('/api/competitions/{competitionId}/submissions/{submissionId}/withdraw', { ...mine(sub), body: { version: sub.version } }), t('submission.withdrawn'));
  };

  const status = sub?.status ?? 'draft';
  return (
    <section>
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(c.id)}`}>{c.title}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>{t('submission.heading')}</h1>
          <p class="meta-line">
            <StatusBadge status={status} /> <span>{registration.organisationName}</span>
            {sub && <span class="muted"> · {t('submission.lastSaved', { when: formatLocal(sub.updatedAt) })}</span>}
          </p>
        </div>
      </div>
      <p class={`deadline ${beforeDeadline ? '' : 'deadline-passed'}`}>
        {beforeDeadline ? (
          <>{tx(viewer ? 'submission.deadline.teamUntil' : 'submission.deadline.until', { when: formatInZone(c.closesAt, tz), strong: (s) => <strong>{s}</strong> })}</>
        ) : c.phase === 'upcoming' ? (
          <>{t('submission.deadline.opens', { when: formatInZone(c.schedule.submissionsOpen, tz) })}</>
        ) : resultsFrozen(c.phase) ? (
          <>{t('submission.deadline.frozen', { phase: phaseLabel(c.phase), when: formatInZone(c.closesAt, tz) })}</>
        ) : (
          <>{t('submission.deadline.passed', { when: formatInZone(c.closesAt, tz) })}</>
        )}
      </p>
      {viewer && <Notice kind="info">{t('submission.viewerNote')}</Notice>}
      {message && <Notice kind="success">{message}</Notice>}
      {status === 'withdrawn' && beforeDeadline && <Notice kind="warning">{t('submission.withdrawnNote')}</Notice>}
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (editable) void onSave();
        }}
      >
        <ErrorSummary error={error} labels={{ pitch: t('submission.pitch.heading'), ...Object.fromEntries(c.questions.map((q) => [`answers.${q.id}`, q.label])) }} />
        <fieldset disabled={!editable}>
          <legend>{t('submission.idea.legend')}</legend>
          <TextField path="title" label={t('submission.idea.title')} required value={form.title} onValue={(v) => set('title', v)} errors={errors} maxLength={120} />
          <TextArea path="summary" label={t('submission.idea.summary')} required hint={t('submission.idea.summaryHint')} value={form.summary} onValue={(v) => set('summary', v)} errors={errors} maxLength={1000} rows={3} />
          <TextArea path="problem" label={t('submission.idea.problem')} required hint={t('submission.idea.problemHint')} value={form.problem} onValue={(v) => set('problem', v)} errors={errors} maxLength={5000} rows={5} />
          <TextArea path="solution" label={t('submission.idea.solution')} required hint={t('submission.idea.solutionHint')} value={form.solution} onValue={(v) => set('solution', v)} errors={errors} maxLength={5000} rows={5} />
          <div class="grid-2">
            <TagsField path="valueChain" label={t('submission.idea.valueChain')} hint={t('submission.idea.valueChainHint')} value={form.valueChain} onValue={(v) => set('valueChain', v)} errors={errors} />
            <TagsField path="sectors" label={t('submission.idea.sectors')} hint={c.sectors.length ? t('submission.idea.sectorsExample', { sectors: c.sectors.join(', ') }) : t('submission.idea.sectorsHint')} value={form.sectors} onValue={(v) => set('sectors', v)} errors={errors} />
          </div>
        </fieldset>
        {c.questions.length > 0 && (
          <fieldset disabled={!editable}>
            <legend>{t('submission.questions.legend')}</legend>
            <AnswerFields c={c} answers={form.answers} onAnswers={(a) => set('answers', a)} errors={errors} disabled={!editable} submissionId={sub?.id} />
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
              {t('submission.pitch.heading')} {c.pitch.required && <span class="badge badge-required">{t('submission.pitch.required')}</span>}
            </h2>
            <p class="muted">{t('submission.pitch.saveFirst')}</p>
          </section>
        )}
        <div class="form-actions">
          {editable && (
            <button type="submit" class="btn" disabled={!!busy}>
              {busy === 'save' ? t('common.saving') : status === 'submitted' ? t('submission.action.saveChanges') : t('submission.action.saveDraft')}
            </button>
          )}
          {canAct && status !== 'submitted' && (
            <button type="button" class="btn btn-primary" disabled={!!busy} onClick={() => void onSubmit()}>
              {busy === 'submit' ? t('submission.action.submitting') : status === 'withdrawn' ? t('submission.action.submitAgain') : t('submission.action.submit')}
            </button>
          )}
          {sub && status !== 'withdrawn' && canAct && (
            <button type="button" class="btn btn-danger-ghost" disabled={!!busy} onClick={onWithdraw}>
              {busy === 'withdraw' ? t('submission.action.withdrawing') : t('submission.action.withdraw')}
            </button>
          )}
          {c.pitch.required && canAct && status !== 'submitted' && (
            <span class={`pitch-requirement ${hasPitch ? 'pitch-requirement-met' : ''}`}>
              {hasPitch ? t('submission.pitch.attached') : <a href="#f-pitch">{t('submission.pitch.requiredToSubmit')}</a>}
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
      setStatus({ kind: 'success', text: r.open ? t('submission.meeting.savedOpen') : t('submission.meeting.savedClosed') });
    } catch (e) {
      setOpen(!next);
      setStatus({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel meeting-opt-in" aria-labelledby="meeting-heading">
      <h2 id="meeting-heading">{t('submission.meeting.heading')}</h2>
      <Checkbox
        path="meetingOptIn"
        label={t('submission.meeting.label')}
        checked={open}
        disabled={readOnly || busy || (stored.loading && choice === undefined)}
        onChecked={(v) => void save(v)}
      />
      {stored.error !== undefined && choice === undefined && <Notice kind="error">{t('submission.meeting.loadFailed')}</Notice>}
      <p class="hint">{t('submission.meeting.hint')}</p>
      {status && <Notice kind={status.kind}>{status.text}</Notice>}
    </section>
  );
}
