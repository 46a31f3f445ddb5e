/**
 * Organisers: the prize plan and the awards, as a stepper in the order of the work — plan →
 * proposal → confirmed awards → publish → release feedback — each step with its state (done,
 * current, not yet) and one step's content shown at a time (the others stay mounted, hidden, so
 * nothing typed is lost). An always-visible budget bar (committed, left, the SME share); the plan form (money in whole currency units, sent in cents); the proposal from the
 * final ranking, which the organiser trims and tops up from the reserve list before confirming;
 * the confirmed awards with withdraw and "offer it to the next on the reserve list"; publishing
 * the results behind the checklist's guard rails (a written reason to publish despite them),
 * releasing the feedback, amending published results and archiving; the payment CSV and the
 * results package. Once the results are decided the plan and the awards are shown read-only, with
 * why, until an amendment is opened. Irreversible steps (publish, release feedback, withdraw an
 * award, publish an amendment, archive) ask first in a dialog that names the consequence.
 */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, enc, type FieldErrors } from '../api.ts';
import { ACTIONS_COLUMN, DataTable } from '../components/data-table.tsx';
import { DownloadButton, DownloadStatus, useDownloads } from '../components/downloads.tsx';
import { allows, whoMay } from '../capabilities.ts';
import { followJob, JobProgress, type Job } from '../components/job-progress.tsx';
import { useConfirm, type ConfirmOptions } from '../components/confirm-step.tsx';
import { AddRowButton, Checkbox, Empty, ErrorSummary, Field, fieldId, GroupError, LoadError, Loading, Notice, PhaseBadge, TextArea, TextField } from '../components/ui.tsx';
import { formatInZone, formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { resultsFrozen, resultsVisible } from '../lifecycle.ts';
import { centsToUnits, currencySymbol, formatMoney, formatShare, unitsToCents } from '../money.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import {
  awardTypeLabel,
  type AwardRequest,
  type Competition,
  type ConfirmedAward,
  type ConfirmOutcome,
  type PlanTotals,
  type PrizePlan,
  type PrizePlanUpdate,
  type PrizePlanView,
  type ProposalLine,
  type Submission,
  type Withdrawal,
} from '../types.ts';
import { loadOrganised } from './rounds.tsx';

export function AwardsPage({ id }: { id: string }) {
  return (
    <RequireSignIn what="the prize plan and awards">
      <AwardsView id={id} />
    </RequireSignIn>
  );
}

/** What the page shows about one award request after "Confirm awards" or "Offer the award". */
interface Outcome {
  what: string;
  status: ConfirmOutcome['status'];
  reason?: string;
}

function AwardsView({ id }: { id: string }) {
  const params = { path: { competitionId: id } };
  const res = useResource(async () => {
    const competition = await loadOrganised(id);
    const [plan, submissions] = await Promise.all([
      api.GET('/api/competitions/{competitionId}/prize-plan', { params }),
      api.GET('/api/competitions/{competitionId}/submissions', { params: { ...params, query: { status: 'submitted', limit: 100 } } }),
    ]);
    return { competition, plan, submissions: submissions.items };
  }, id);
  const [outcomes, setOutcomes] = useState<Outcome[]>();
  /** The step shown (`?step=` in a link opens that one); undefined: the current one. */
  const [step, setStep] = useState<StepId | undefined>(stepInAddress);
  /** Bumped by "Confirm awards": the confirmed-awards section starts afresh (no stale "Freed …" notice). */
  const [confirmRound, setConfirmRound] = useState(0);
  const downloads = useDownloads(id);
  useTitle(res.data ? `Prize plan & awards — ${res.data.competition.title}` : 'Prize plan & awards');
  if (res.loading && !res.data) return <Loading label="Loading the prize plan…" />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, plan: view, submissions } = res.data;
  const currency = view.plan.currency;
  const money = (cents: number) => formatMoney(cents, currency);
  const titleOf = (sid: string) => submissions.find((s) => s.id === sid)?.title || 'Untitled submission';
  const setPlan = (plan: PrizePlanView) => res.setData({ ...res.data!, plan });

  const saved = view.version > 0;
  const steps = workflowSteps(c, view, money);
  const current = steps.find((x) => x.state === 'current');
  const shown = step ?? current?.id ?? 'feedback';
  /**
   * After a step's action: reload, keeping that step shown — its notice says what happened and the
   * stepper marks the next step current; the organiser moves on when they choose.
   */
  const reloadHere = () => {
    setStep(shown);
    res.reload();
  };
  const go = (id: StepId) => {
    // Not written back to the address: the app re-mounts a page whose query changes, which would
    // lose what is typed in the other steps. `?step=` works for links into a step.
    setStep(id);
    // The step's heading, so keyboard and screen-reader users land on what they opened.
    setTimeout(() => document.getElementById(id === 'confirm' ? 'confirmed-heading' : `${id}-heading`)?.focus(), 0);
  };
  const at = STEP_IDS.indexOf(shown);
  const prev = steps[at - 1];
  const following = steps[at + 1];
  const locked = !allows(c, 'confirm-awards') ? `Confirming and withdrawing awards is for ${whoMay('confirm-awards')}.` : view.awardsOpen ? undefined : awardsLockedReason(c);
  return (
    <section class="awards-page">
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(id)}`}>{c.title}</Link> › <Link href={`/competitions/${enc(id)}/ranking`}>Ranking</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>Prize plan &amp; awards</h1>
          <p class="muted meta-line">
            {view.awards.length} confirmed award{view.awards.length === 1 ? '' : 's'} · amounts in {currency}
          </p>
        </div>
        <div class="actions" role="group" aria-label="Downloads">
          {allows(c, 'payment-file') && <DownloadButton downloads={downloads} file="awards.csv" label="Awards CSV (payments)" />}
          <DownloadButton
            downloads={downloads}
            file="results-package.json"
            label="Results package (JSON)"
          />
          <Link href={`/competitions/${enc(id)}/results`} class="btn btn-small btn-ghost">
            Results page
          </Link>
        </div>
      </div>
      <DownloadStatus downloads={downloads} />
      {c.amendment && (
        <Notice kind="warning">
          <strong>Amendment in preparation:</strong> {c.amendment.reason} — entrants still see the published results. The prize plan and the awards can
          change until you publish the amendment.
        </Notice>
      )}

      <Stepper steps={steps} shown={shown} onGo={go} />

      <BudgetBar plan={view.plan} totals={view.totals} saved={saved} />

      <div class="award-step" hidden={shown !== 'plan'}>
        <PlanForm
          competitionId={id}
          view={view}
          submissions={submissions}
          onSaved={(plan) => {
            setPlan(plan);
            if (!saved) go('proposal');
          }}
          locked={!allows(c, 'edit-prize-plan') ? `Changing the prize plan is for ${whoMay('edit-prize-plan')}.` : view.editable ? undefined : planLockedReason(c)}
        />
      </div>

      <div class="award-step" hidden={shown !== 'proposal'}>
        {saved ? (
          <ProposalSection
            key={`${view.version}:${view.awards.map((a) => a.key).join(',')}`}
            competitionId={id}
            view={view}
            locked={locked}
            onConfirmed={(o) => {
              setOutcomes(o);
              setConfirmRound((n) => n + 1);
              res.reload();
              go('confirm');
            }}
          />
        ) : (
          <section class="section" aria-labelledby="proposal-heading">
            <h2 id="proposal-heading" tabIndex={-1}>
              Proposal
            </h2>
            <Empty>Save the prize plan first (step 1); the proposal from the ranking appears here.</Empty>
          </section>
        )}
      </div>

      <div class="award-step" hidden={shown !== 'confirm'}>
        <ConfirmedAwards
          key={confirmRound}
          competitionId={id}
          view={view}
          money={money}
          titleOf={titleOf}
          outcomes={outcomes}
          locked={locked}
          onChange={() => {
            setOutcomes(undefined);
            res.reload();
          }}
        />
      </div>

      <div class="award-step" hidden={shown !== 'publish'}>
        <PublishStep c={c} view={view} onChange={reloadHere} />
      </div>

      <div class="award-step" hidden={shown !== 'feedback'}>
        <FeedbackStep c={c} onChange={reloadHere} />
      </div>

      <nav class="step-nav" aria-label="Steps">
        {prev ? (
          <button type="button" class="btn" onClick={() => go(prev.id)}>
            ← {prev.label}
          </button>
        ) : (
          <span />
        )}
        {following && (
          <button type="button" class="btn" onClick={() => go(following.id)}>
            Next: {following.label} →
          </button>
        )}
      </nav>
    </section>
  );
}

// ——— The steps ———

const STEP_IDS = ['plan', 'proposal', 'confirm', 'publish', 'feedback'] as const;
type StepId = (typeof STEP_IDS)[number];
type StepStateName = 'done' | 'current' | 'todo';

interface WorkflowStep {
  id: StepId;
  label: string;
  state: StepStateName;
  /** Where the step stands, in a few words. */
  status: string;
  /** What to do in it when it is the current step. */
  next: string;
}

/** The workflow's steps in order, each done or not from what the server says; the first not done is current. */
function workflowSteps(c: Competition, view: PrizePlanView, money: (cents: number) => string): WorkflowStep[] {
  const tz = c.schedule.timeZone;
  const saved = view.version > 0;
  const n = view.awards.length;
  const prizes = view.plan.rankPrizes.length;
  const published = resultsFrozen(c.phase) && c.phase !== 'amending';
  const released = Boolean(c.feedbackReleasedAt);
  const raw: (Omit<WorkflowStep, 'state'> & { done: boolean })[] = [
    {
      id: 'plan',
      label: 'Prize plan',
      done: saved,
      status: saved ? `${money(view.plan.totalBudget)} · ${plural(prizes, 'prize', 'prizes')} by rank` : 'Not saved yet',
      next: 'Set the budget and the prizes, then save the plan: the proposal follows from the ranking.',
    },
    {
      id: 'proposal',
      label: 'Proposal',
      done: n > 0,
      status: !saved ? 'After the plan' : n > 0 ? 'Awards confirmed from it' : 'Ready to check',
      next: 'Check the proposal from the final ranking, swap in entrants from the reserve list if needed, and confirm the awards.',
    },
    {
      id: 'confirm',
      label: 'Confirmed awards',
      done: n > 0,
      status: n > 0 ? `${plural(n, 'award', 'awards')} · ${money(view.totals.committed)}` : 'None yet',
      next: 'Confirm the awards from the proposal; withdraw one here to offer it to the next on the reserve list.',
    },
    {
      id: 'publish',
      label: 'Publish results',
      done: published,
      status: c.publishing
        ? 'Publishing…'
        : c.phase === 'decided'
          ? `Scheduled for ${formatInZone(c.resultsPublishedAt, tz)}`
          : c.phase === 'amending'
            ? 'Amendment in preparation'
            : published
              ? `Published ${formatInZone(c.resultsPublishedAt, tz)}`
              : 'Not published',
      next:
        c.phase === 'amending'
          ? 'Change the awards as the amendment needs, then publish the amendment.'
          : 'Read what the checklist says, then publish the results (or schedule them for the announced date).',
    },
    {
      id: 'feedback',
      label: 'Release feedback',
      done: released,
      status: released ? `Released ${formatInZone(c.feedbackReleasedAt, tz)}` : 'Not released',
      next: resultsVisible(c.phase)
        ? 'Release the feedback reports: each entrant who submitted can then read their scores and comments.'
        : 'Once the results are public, release the feedback reports.',
    },
  ];
  const firstOpen = raw.findIndex((x) => !x.done);
  return raw.map(({ done, ...x }, i) => ({ ...x, state: done ? 'done' : i === firstOpen ? 'current' : 'todo' }));
}

function stepInAddress(): StepId | undefined {
  const s = new URLSearchParams(location.search).get('step');
  return (STEP_IDS as readonly string[]).includes(s ?? '') ? (s as StepId) : undefined;
}

const STATE_WORDS: Record<StepStateName, string> = { done: 'Done', current: 'Current step', todo: 'Not yet' };

/** The steps in workflow order: each one's state, the one shown, and what is next. */
function Stepper({ steps, shown, onGo }: { steps: WorkflowStep[]; shown: StepId; onGo: (id: StepId) => void }) {
  const current = steps.find((x) => x.state === 'current');
  return (
    <nav class="stepper" aria-label="Awards workflow">
      <ol>
        {steps.map((x, i) => (
          <li key={x.id} class={`step step-${x.state} ${x.id === shown ? 'step-shown' : ''}`} aria-current={x.state === 'current' ? 'step' : undefined}>
            <button type="button" onClick={() => onGo(x.id)} aria-pressed={x.id === shown} aria-describedby={`step-${x.id}-status`}>
              <span class="step-number" aria-hidden="true">
                {x.state === 'done' ? '✓' : i + 1}
              </span>
              <span class="step-label">{x.label}</span>
            </button>
            <span class="step-status" id={`step-${x.id}-status`}>
              <span class="step-state">{STATE_WORDS[x.state]}</span> · {x.status}
            </span>
          </li>
        ))}
      </ol>
      <p class="step-next" role="status">
        {current ? (
          <>
            <strong>Next — {current.label}:</strong> {current.next}
          </>
        ) : (
          <>
            <strong>Every step is done.</strong> You can still amend the results (with a reason) or archive the competition under “Publish results”.
          </>
        )}
      </p>
    </nav>
  );
}

// ——— Budget bar ———

function BudgetBar({ plan, totals, saved }: { plan: PrizePlan; totals: PlanTotals; saved: boolean }) {
  const money = (cents: number) => formatMoney(cents, plan.currency);
  const total = plan.totalBudget;
  const over = totals.left < 0;
  return (
    <section class="budget-bar" aria-label="Budget" aria-live="polite">
      {!saved ? (
        <p class="budget-empty">No prize plan yet: set the budget and the prizes below.</p>
      ) : (
        <>
          <div class="budget-figures">
            <span>
              <strong class="budget-committed">{money(totals.committed)}</strong> committed
            </span>
            <span>
              <strong class={over ? 'budget-over' : ''}>{money(totals.left)}</strong> left
            </span>
            <span class="muted">of {money(total)}</span>
          </div>
          <progress
            class={over ? 'over' : ''}
            max={Math.max(total, 1)}
            value={Math.min(totals.committed, Math.max(total, 1))}
            aria-label={`Budget committed: ${money(totals.committed)} of ${money(total)}`}
          />
          <p class={`sme-share ${totals.smeShareHolds ? 'sme-share-ok' : 'sme-share-warn'}`}>
            {totals.smeShareHolds ? (
              <>
                ✓ SME share {formatShare(totals.smeShare)} — holds (min {formatShare(plan.minSmeShare)})
              </>
            ) : (
              <>
                ⚠ SME share {formatShare(totals.smeShare)} — below the minimum of {formatShare(plan.minSmeShare)} ({money(totals.toSmes)} of the{' '}
                {money(plan.programmeBudget)} programme budget goes to SMEs)
              </>
            )}
          </p>
        </>
      )}
    </section>
  );
}

// ——— Publish ———

/** Why the awards cannot be confirmed or withdrawn now (the server's `awardsOpen` is false). */
function awardsLockedReason(c: Competition): string {
  if (c.phase === 'draft' || c.phase === 'upcoming' || c.phase === 'open')
    return `Awards can be confirmed once submissions have closed (${formatInZone(c.closesAt, c.schedule.timeZone)})${c.phase === 'open' ? '; the competition page can close them early' : ''}.`;
  if (c.phase === 'archived') return 'This competition is archived; nothing in it can change any more.';
  return `The results are ${c.phase === 'decided' ? 'decided' : 'published'}, so the awards are fixed. Amend the results (with a reason) to change them.`;
}

/** Why the prize plan cannot change now (the server's `editable` is false). */
function planLockedReason(c: Competition): string {
  if (c.phase === 'archived') return 'This competition is archived; nothing in it can change any more.';
  return `The results are ${c.phase === 'decided' ? 'decided' : 'published'}, so the prize plan is fixed. Amend the results (with a reason) to change it.`;
}

const MIN_REASON = 10;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One action of a step: what it sends, what to ask first (irreversible ones), what to say when it worked. */
type Act = (key: string, question: ConfirmOptions | undefined, send: () => Promise<string>) => Promise<boolean>;

/** A step's actions: one busy flag, one outcome banner, every refusal (409) as the server's sentence. */
function useActs(onChange: () => void) {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const [dialog, ask] = useConfirm();
  const act: Act = async (key, question, send) => {
    if (question && !(await ask(question))) return false;
    setBusy(key);
    setError(undefined);
    setDone(undefined);
    try {
      setDone(await send());
      onChange();
      return true;
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'ERROR', (e as Error).message);
      setError(err.code === 'VERSION_CONFLICT' ? new ApiError(err.status, err.code, 'The competition was changed elsewhere. Reload the page and try again.') : err);
      return false;
    } finally {
      setBusy('');
    }
  };
  const banners = (
    <>
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
      {dialog}
    </>
  );
  return { busy, error, act, banners };
}

/**
 * Step 4, publishing and what follows it. Before: the checklist and the guard rails (a written
 * reason when something stops publication). After: when and how it was published, amendments,
 * archiving.
 */
function PublishStep({ c, view, onChange }: { c: Competition; view: PrizePlanView; onChange: () => void }) {
  const { busy, error, act, banners } = useActs(onChange);
  const tz = c.schedule.timeZone;
  const frozen = resultsFrozen(c.phase);
  return (
    <section class="section panel publish" aria-labelledby="publish-heading">
      <h2 id="publish-heading" tabIndex={-1}>
        Publish results
      </h2>
      <dl class="publish-state">
        <dt>Results</dt>
        {c.phase === 'decided' ? (
          <dd>
            <span class="badge badge-decided">Scheduled</span> {formatInZone(c.resultsPublishedAt, tz)}
          </dd>
        ) : (
          <StepState at={frozen ? c.resultsPublishedAt : undefined} tz={tz} done="Published" pending="Not published — entrants see nothing about the outcome yet." />
        )}
        {c.archivedAt && (
          <>
            <dt>Archived</dt>
            <StepState at={c.archivedAt} tz={tz} done="Archived" pending="" />
          </>
        )}
      </dl>
      {banners}
      {!allows(c, 'publish-results') && <p class="locked-reason">Publishing, amending and archiving are for {whoMay('publish-results')}.</p>}
      {frozen ? (
        <AfterPublication c={c} busy={busy} act={act} error={error} />
      ) : (
        <BeforePublication c={c} refreshKey={`${c.version}:${view.version}:${view.awards.map((a) => a.key).join(',')}`} busy={busy} act={act} error={error} />
      )}
    </section>
  );
}

/** Step 5: releasing the feedback reports, once the results are public. */
function FeedbackStep({ c, onChange }: { c: Competition; onChange: () => void }) {
  const { busy, act, banners } = useActs(onChange);
  const tz = c.schedule.timeZone;
  const visible = resultsVisible(c.phase);
  const frozen = resultsFrozen(c.phase);
  /** Not released yet, and still releasable (an archived competition is read-only). */
  const unreleased = !c.feedbackReleasedAt && c.phase !== 'archived';
  return (
    <section class="section panel publish" aria-labelledby="feedback-heading">
      <h2 id="feedback-heading" tabIndex={-1}>
        Release feedback
      </h2>
      <dl class="publish-state">
        <dt>Feedback</dt>
        <StepState at={c.feedbackReleasedAt} tz={tz} done="Released" pending="Not released — entrants cannot open their feedback report yet." />
      </dl>
      {banners}
      {unreleased && !allows(c, 'release-feedback') && <p class="locked-reason">Releasing the feedback is for {whoMay('release-feedback')}.</p>}
      {unreleased && allows(c, 'release-feedback') && (
        <div class="irreversible">
          <p>Each entrant who submitted can then read the scores and comments on their own submission (reviewers stay anonymous), and is notified. This cannot be taken back.</p>
          <button
            type="button"
            class="btn btn-primary"
            disabled={!!busy || !visible}
            aria-describedby={visible ? undefined : 'release-hint'}
            onClick={() =>
              void act(
                'release',
                {
                  title: 'Release the feedback reports now?',
                  body: [
                    'Every entrant who submitted can then read the scores and comments on their own submission, and is notified by e-mail.',
                    'This cannot be undone: released feedback stays released.',
                  ],
                  action: 'Release feedback',
                },
                async () => {
                  await api.POST('/api/competitions/{competitionId}/feedback/release', { params: { path: { competitionId: c.id } }, body: { version: c.version } });
                  return 'Feedback released. Every entrant who submitted has been notified.';
                },
              )
            }
          >
            {busy === 'release' ? 'Releasing…' : 'Release feedback'}
          </button>
        </div>
      )}
      {!visible && unreleased && (
        <p class="hint" id="release-hint">
          {frozen
            ? `Feedback can be released once the results are public (${formatInZone(c.resultsPublishedAt, tz)}).`
            : 'Feedback can be released once the results are published: each report tells the entrant their rank.'}
        </p>
      )}
    </section>
  );
}

/** The checklist, then the publication form. */
function BeforePublication({ c, refreshKey, busy, act, error }: { c: Competition; refreshKey: string; busy: string; act: Act; error: ApiError | undefined }) {
  const params = { path: { competitionId: c.id } };
  const [tick, setTick] = useState(0);
  const res = useResource(() => api.GET('/api/competitions/{competitionId}/results/checklist', { params }), `${refreshKey}:${tick}`);
  const [when, setWhen] = useState<'now' | 'scheduled'>('now');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [job, setJob] = useState<Job>();
  const tz = c.schedule.timeZone;
  const k = res.data;
  const canSchedule = Date.parse(c.schedule.resultsDate) > Date.now();
  // Publishing at the announced date is not early, so that problem does not need a reason then.
  const blocking = (k?.problems ?? []).filter((p) => !(when === 'scheduled' && p.code === 'BEFORE_RESULTS_DATE'));
  const serverReasonError = error?.fields['override.reason'];

  async function publish(e: Event) {
    e.preventDefault();
    if (!k) return;
    setReasonError(undefined);
    if (blocking.length > 0 && reason.trim().length < MIN_REASON) {
      setReasonError(`Give a reason of at least ${MIN_REASON} characters: it is recorded with the publication.`);
      document.getElementById(fieldId('override.reason'))?.focus();
      return;
    }
    const told = `${plural(k.recipients.told, 'entrant who submitted', 'entrants who submitted')}`;
    const question: ConfirmOptions = {
      title: when === 'now' ? 'Publish the results now?' : `Schedule the results for ${formatInZone(c.schedule.resultsDate, tz)}?`,
      body: [
        when === 'now'
          ? `The winners become public${c.phase === 'open' ? ', submissions close' : ''} and the ${told} are told their outcome by e-mail.`
          : `The results are fixed now; the ${told} are told their outcome on that date.`,
        ...(blocking.length > 0 ? [`You are publishing despite: ${blocking.map((p) => p.message).join(' ')}`] : []),
        'This cannot be undone: published results can only be amended, with a reason that is shown publicly.',
      ],
      action: when === 'now' ? 'Publish results' : 'Schedule publication',
    };
    const ok = await act('publish', question, async () => {
      const started = await api.POST('/api/competitions/{competitionId}/results/publish', {
        params,
        body: { version: c.version, when, ...(blocking.length > 0 ? { override: { reason: reason.trim() } } : {}) },
      });
      // A job stores the results snapshot and tells the entrants: the results are published when it has succeeded.
      await followJob(started.job, setJob);
      return when === 'now'
        ? `Results published. ${k.recipients.told === 1 ? 'The entrant who submitted has' : `The ${told} have`} been told their outcome.`
        : `Publication scheduled for ${formatInZone(c.schedule.resultsDate, tz)}.`;
    });
    // Refused (the checklist changed meanwhile, say): show the checklist as it is now.
    if (!ok) setTick((t) => t + 1);
  }

  if (res.loading && !k) return <Loading label="Checking what stops publication…" />;
  if (!k) return <LoadError error={res.error} />;
  const currency = k.budget?.currency ?? 'EUR';
  return (
    <>
      <section class="checklist" aria-labelledby="checklist-heading">
        <h3 id="checklist-heading">Before publishing</h3>
        {k.ranking.stale && (
          <p class="notice notice-info" role="status">
            The review figures below are being brought up to date with the latest reviews
            {k.ranking.recomputation?.progress.total ? ` (${k.ranking.recomputation.progress.done.toLocaleString('en-GB')} of ${k.ranking.recomputation.progress.total.toLocaleString('en-GB')})` : ''}; reload in a moment
            for the current ones. Publishing always uses the current reviews.
          </p>
        )}
        {k.problems.length > 0 ? (
          <div class="notice notice-warning checklist-problems">
            <strong id="problems-heading">Publication is stopped by:</strong>
            <ul aria-labelledby="problems-heading">
              {k.problems.map((p) => (
                <li key={p.code + p.message}>{p.message}</li>
              ))}
            </ul>
            <span>Fix these, or publish anyway with a written reason (recorded in the audit trail).</span>
          </div>
        ) : (
          <p class="checklist-ok">✓ Nothing stops publication.</p>
        )}
        {k.warnings.length > 0 && (
          <>
            <p class="checklist-label" id="warnings-heading">
              Worth knowing:
            </p>
            <ul class="checklist-warnings" aria-labelledby="warnings-heading">
              {k.warnings.map((w) => (
                <li key={w.code}>{w.message}</li>
              ))}
            </ul>
          </>
        )}
        <dl class="publish-state checklist-facts">
          <dt>Rounds</dt>
          <dd>
            {k.rounds.length === 0 ? (
              <span class="muted">No evaluation rounds.</span>
            ) : (
              <ul class="plain">
                {k.rounds.map((r) => (
                  <li key={r.id}>
                    {r.name} <PhaseBadge phase={r.phase} /> {r.submitted} of {plural(r.reviews, 'review', 'reviews')} submitted ·{' '}
                    {r.phase === 'closed' ? 'closed' : 'closes'} {formatInZone(r.closesAt, tz)}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Reviews</dt>
          <dd>
            {k.underReviewedCount === 0 ? (
              'Every submitted entry has the reviews wanted.'
            ) : (
              <details>
                <summary>{plural(k.underReviewedCount, 'submitted entry has', 'submitted entries have')} fewer reviews than wanted</summary>
                <ul class="plain">
                  {k.underReviewed.map((u) => (
                    <li key={`${u.roundName}/${u.submissionId}`}>
                      {u.title || 'Untitled'} — {u.roundName}: {u.reviews} of {u.wanted}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </dd>
          <dt>Awards</dt>
          <dd>
            {plural(k.awards.confirmed, 'confirmed award', 'confirmed awards')}
            {k.awards.proposal &&
              ` · the proposal from the ranking has ${k.awards.proposal.proposed}${k.awards.proposal.differs ? ' (they differ)' : ' (they match)'}`}
          </dd>
          {k.budget && (
            <>
              <dt>Budget</dt>
              <dd>
                {formatMoney(k.budget.committed, currency)} committed of {formatMoney(k.budget.total, currency)}, {formatMoney(k.budget.left, currency)} left · SME share{' '}
                {formatShare(k.budget.smeShare)} {k.budget.smeShareHolds ? `(holds, min ${formatShare(k.budget.minSmeShare)})` : `(below the minimum of ${formatShare(k.budget.minSmeShare)})`}
              </dd>
            </>
          )}
          <dt>Who is told</dt>
          <dd>
            {plural(k.recipients.told, 'entrant who submitted', 'entrants who submitted')} will be told their outcome;{' '}
            {plural(k.recipients.notTold, 'entrant', 'entrants')} registered without submitting will not.
          </dd>
          <dt>Results date</dt>
          <dd>{formatInZone(k.resultsDate, tz)}</dd>
        </dl>
      </section>
      {!allows(c, 'publish-results') ? null : !k.allowed ? (
        <p class="hint">Results cannot be published while the competition is “{c.phaseLabel}”.</p>
      ) : (
        <form class="form publish-form" noValidate onSubmit={(e) => void publish(e)} aria-label="Publish the results">
          <fieldset>
            <legend>When</legend>
            <div class="field field-check">
              <input type="radio" id="publish-now" name="publish-when" checked={when === 'now'} onChange={() => setWhen('now')} />
              <label for="publish-now">Now</label>
            </div>
            <div class="field field-check">
              <input type="radio" id="publish-scheduled" name="publish-when" checked={when === 'scheduled'} disabled={!canSchedule} onChange={() => setWhen('scheduled')} />
              <label for="publish-scheduled">On the announced results date, {formatInZone(c.schedule.resultsDate, tz)}</label>
            </div>
            {when === 'scheduled' && <p class="hint">The results are fixed now and become public on that date.</p>}
          </fieldset>
          {blocking.length > 0 && (
            <TextArea
              path="override.reason"
              label="Reason for publishing anyway"
              required
              hint="Why publish despite the problems above? Recorded in the audit trail with your name; entrants and the public do not see it."
              value={reason}
              onValue={(v) => {
                setReason(v);
                setReasonError(undefined);
              }}
              errors={reasonError || serverReasonError ? { 'override.reason': (reasonError ?? serverReasonError)! } : {}}
              maxLength={2000}
              rows={3}
            />
          )}
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={!!busy}>
              {busy === 'publish' ? 'Publishing…' : `${when === 'now' ? 'Publish results now' : 'Schedule publication'}${blocking.length > 0 ? ' anyway' : ''}`}
            </button>
          </div>
          {busy === 'publish' && <JobProgress job={job} label="Publishing the results" />}
        </form>
      )}
    </>
  );
}

/** After publication: how it went, amendments, archiving (set apart, at the end). */
function AfterPublication({ c, busy, act, error }: { c: Competition; busy: string; act: Act; error: ApiError | undefined }) {
  const [job, setJob] = useState<Job>();
  const params = { path: { competitionId: c.id } };
  const version = { version: c.version };
  const tz = c.schedule.timeZone;
  const [amendOpen, setAmendOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const override = c.publicationOverride;
  const serverReasonError = error?.fields.reason;

  async function openAmendment(e: Event) {
    e.preventDefault();
    if (reason.trim().length < MIN_REASON) {
      setReasonError(`Give a reason of at least ${MIN_REASON} characters.`);
      document.getElementById(fieldId('amendment.reason'))?.focus();
      return;
    }
    const ok = await act('amend', undefined, async () => {
      await api.POST('/api/competitions/{competitionId}/results/amendment', { params, body: { ...version, reason: reason.trim() } });
      return 'Amendment opened: the prize plan and the awards can change again. Entrants see the published results until you publish the amendment.';
    });
    if (ok) {
      setAmendOpen(false);
      setReason('');
    }
  }

  return (
    <>
      {override && (
        <div class="notice notice-info publication-override">
          <strong>Published despite the checklist</strong> ({formatLocal(override.at)}, {override.by}). Reason: “{override.reason}”
          {override.problems.length > 0 && (
            <ul>
              {override.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {(c.amendments?.length ?? 0) > 0 && (
        <>
          <h3>Amendments</h3>
          <ol class="amendments">
            {c.amendments!.map((a) => (
              <li key={a.version}>
                {formatInZone(a.at, tz)}: {a.reason}
                {a.by && <span class="muted"> · {a.by}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
      {allows(c, 'publish-results') && (
        <div class="actions">
          {c.phase === 'amending' && (
            <button
              type="button"
              class="btn btn-primary"
              disabled={!!busy}
              onClick={() =>
                void act(
                  'amend-publish',
                  {
                    title: 'Publish the amendment?',
                    body: [
                      'The public results and every outcome change to the amended ones, and each entrant whose outcome changed is told by e-mail.',
                      'It is recorded with its reason and shown on the public results page; it cannot be taken back.',
                    ],
                    action: 'Publish the amendment',
                  },
                  async () => {
                    const started = await api.POST('/api/competitions/{competitionId}/results/amendment/publish', { params, body: version });
                    // A job stores the amended snapshot and tells those affected; it says how many changed.
                    const done = await followJob(started.job, setJob);
                    const n = done.result?.counts?.changed ?? 0;
                    return n === 0
                      ? 'Amendment published. No entrant’s outcome changed, so nobody was told.'
                      : `Amendment published. ${n === 1 ? '1 entrant was affected and has' : `${n} entrants were affected and have`} been told.`;
                  },
                )
              }
            >
              {busy === 'amend-publish' ? 'Publishing…' : 'Publish the amendment'}
            </button>
          )}
          {busy === 'amend-publish' && <JobProgress job={job} label="Publishing the amendment" />}
          {(c.phase === 'decided' || c.phase === 'published') && !amendOpen && (
            <button
              type="button"
              class="btn"
              disabled={!!busy}
              onClick={() => {
                setAmendOpen(true);
                setTimeout(() => document.getElementById(fieldId('amendment.reason'))?.focus(), 0);
              }}
            >
              Amend the results
            </button>
          )}
        </div>
      )}

      {amendOpen && (
        <form class="form amend-form" noValidate onSubmit={(e) => void openAmendment(e)} aria-label="Amend the results">
          <TextArea
            path="amendment.reason"
            label="Reason for the amendment"
            required
            hint="Shown on the public results page (“Amended on …: reason”) and recorded in the audit trail. The awards and the prize plan can then change; nobody else sees the changes until you publish the amendment."
            value={reason}
            onValue={(v) => {
              setReason(v);
              setReasonError(undefined);
            }}
            errors={reasonError || serverReasonError ? { 'amendment.reason': (reasonError ?? serverReasonError)! } : {}}
            maxLength={2000}
            rows={3}
          />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={!!busy}>
              {busy === 'amend' ? 'Opening…' : 'Open the amendment'}
            </button>
            <button type="button" class="btn btn-ghost" onClick={() => setAmendOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {c.phase === 'published' && allows(c, 'archive-competition') && (
        <div class="irreversible irreversible-danger">
          <p>
            <strong>Archive the competition</strong> when the programme is over: everything in it becomes read-only for good. The results stay public.
          </p>
          <button
            type="button"
            class="btn btn-danger-ghost"
            disabled={!!busy}
            onClick={() =>
              void act(
                'archive',
                {
                  title: 'Archive this competition?',
                  body: [
                    'Everything in it becomes read-only for good: no feedback release, no amendment, no change to the awards. The results stay public.',
                    'This cannot be undone.',
                  ],
                  action: 'Archive competition',
                  danger: true,
                },
                async () => {
                  await api.POST('/api/competitions/{competitionId}/archive', { params, body: version });
                  return 'Competition archived.';
                },
              )
            }
          >
            {busy === 'archive' ? 'Archiving…' : 'Archive competition'}
          </button>
        </div>
      )}
    </>
  );
}

/** When a step (publishing, releasing) was taken, or what it not being taken yet means. */
function StepState({ at, tz, done, pending }: { at: string | undefined; tz: string; done: string; pending: string }) {
  return (
    <dd>
      {at ? (
        <>
          <span class="badge badge-published">{done}</span> {formatInZone(at, tz)}
        </>
      ) : (
        <span class="muted">{pending}</span>
      )}
    </dd>
  );
}

// ——— Proposal ———

/** A proposal line as the organiser adjusts it: kept, removed, or a reserve entry moved into a removed line's place. */
interface PromotedLine {
  /** The removed line whose place this fills. */
  place: number;
  submissionId: string;
  title: string;
  organisationName: string;
}

function requestOf(l: { submissionId: string; type: ProposalLine['type']; rank?: number; categoryId?: string }): AwardRequest {
  return {
    submissionId: l.submissionId,
    type: l.type,
    ...(l.type === 'prize' && l.rank !== undefined ? { rank: l.rank } : {}),
    ...(l.type === 'category' && l.categoryId !== undefined ? { categoryId: l.categoryId } : {}),
  };
}

/** Posts award requests; a refused single request comes back as 409, which is reported like a batch refusal. */
async function confirmRequests(competitionId: string, requests: AwardRequest[], names: string[]): Promise<Outcome[]> {
  try {
    const { results } = await api.POST('/api/competitions/{competitionId}/awards', { params: { path: { competitionId } }, body: { awards: requests } });
    return results.map((r, i) => ({ what: names[i] ?? r.key, status: r.status, ...(r.status === 'refused' ? { reason: r.reason } : {}) }));
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && requests.length === 1) return [{ what: names[0]!, status: 'refused', reason: e.message }];
    throw e;
  }
}

function ProposalSection({
  competitionId,
  view,
  locked,
  onConfirmed,
}: {
  competitionId: string;
  view: PrizePlanView;
  /** Why awards cannot be confirmed now; the button is disabled with this line instead of failing on click. */
  locked?: string;
  onConfirmed: (o: Outcome[]) => void;
}) {
  const res = useResource(
    () => api.GET('/api/competitions/{competitionId}/awards/proposal', { params: { path: { competitionId } } }),
    `${competitionId}:${view.version}:${view.awards.length}`,
  );
  const [removed, setRemoved] = useState<number[]>([]);
  const [promoted, setPromoted] = useState<PromotedLine[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const currency = view.plan.currency;
  const money = (cents: number) => formatMoney(cents, currency);

  const heading = (
    <h2 id="proposal-heading" tabIndex={-1}>
      Proposal <span class="h-sub">from the final ranking</span>
    </h2>
  );
  if (res.loading && !res.data)
    return (
      <section class="section" aria-labelledby="proposal-heading">
        {heading}
        <Loading label="Working out the proposal…" />
      </section>
    );
  if (!res.data)
    return (
      <section class="section" aria-labelledby="proposal-heading">
        {heading}
        <LoadError error={res.error} />
      </section>
    );
  const p = res.data;
  const lines = p.lines;
  const freed = removed.filter((i) => !promoted.some((x) => x.place === i));
  const promotedIds = new Set(promoted.map((x) => x.submissionId));
  const kept = lines.filter((l, i) => !removed.includes(i) && !l.confirmed);
  const toConfirm: { request: AwardRequest; name: string; amount: number }[] = [
    ...kept.map((l) => ({ request: requestOf(l), name: `${l.label} — ${l.title || 'Untitled'}`, amount: l.amount })),
    ...promoted.map((x) => {
      const place = lines[x.place]!;
      return { request: requestOf({ ...place, submissionId: x.submissionId }), name: `${place.label} — ${x.title || 'Untitled'}`, amount: place.amount };
    }),
  ];
  const after = view.totals.committed + toConfirm.reduce((t, x) => t + x.amount, 0);

  async function confirmAll() {
    setBusy(true);
    setError(undefined);
    try {
      onConfirmed(
        await confirmRequests(
          competitionId,
          toConfirm.map((x) => x.request),
          toConfirm.map((x) => x.name),
        ),
      );
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const freedLabel = freed.length ? lines[freed[0]!]!.label || awardTypeLabel(lines[freed[0]!]!.type) : '';
  return (
    <section class="section" aria-labelledby="proposal-heading">
      {heading}
      {p.warnings.length > 0 && (
        <details class="warnings">
          <summary>
            {p.warnings.length} note{p.warnings.length === 1 ? '' : 's'} on the proposal
          </summary>
          <ul>
            {p.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
      {lines.length === 0 ? (
        <Empty>Nothing more to propose: every prize in the plan is awarded, or no ranked entry is eligible.</Empty>
      ) : (
        <DataTable
          columns={['Award', { label: 'Amount', num: true }, 'Submission', ACTIONS_COLUMN]}
          caption="Proposed awards — remove a line to free its place for the reserve list"
          class="proposal-table"
        >
          {lines.map((l, i) => {
            const gone = removed.includes(i);
            const filler = promoted.find((x) => x.place === i);
            return (
              <Fragment key={i}>
                <tr class={gone ? 'row-removed' : ''}>
                  <td>
                    {l.label || awardTypeLabel(l.type)}
                    <span class="cell-sub">{awardTypeLabel(l.type)}</span>
                  </td>
                  <td class="num">{gone ? <del>{money(l.amount)}</del> : money(l.amount)}</td>
                  <th scope="row">
                    {gone ? <del>{l.title || 'Untitled'}</del> : l.title || 'Untitled'}
                    <span class="cell-sub">{l.organisationName}</span>
                  </th>
                  <td class="row-buttons">
                    {l.confirmed ? (
                      <span class="badge badge-published">Confirmed</span>
                    ) : gone ? (
                      <button
                        type="button"
                        class="btn btn-small"
                        disabled={!!filler}
                        onClick={() => setRemoved((r) => r.filter((x) => x !== i))}
                        aria-label={`Put back ${l.label} for ${l.title}`}
                      >
                        Put back
                      </button>
                    ) : (
                      <button
                        type="button"
                        class="btn btn-small btn-danger-ghost"
                        onClick={() => setRemoved((r) => [...r, i])}
                        aria-label={`Remove ${l.label} for ${l.title}`}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
                {filler && (
                  <tr class="row-promoted">
                    <td>
                      {l.label || awardTypeLabel(l.type)}
                      <span class="cell-sub">moved up from the reserve list</span>
                    </td>
                    <td class="num">{money(l.amount)}</td>
                    <th scope="row">
                      {filler.title || 'Untitled'}
                      <span class="cell-sub">{filler.organisationName}</span>
                    </th>
                    <td class="row-buttons">
                      <button
                        type="button"
                        class="btn btn-small"
                        onClick={() => setPromoted((ps) => ps.filter((x) => x !== filler))}
                        aria-label={`Undo moving ${filler.title} up`}
                      >
                        Undo
                      </button>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </DataTable>
      )}

      <h3>Reserve list</h3>
      {p.reserve.length === 0 ? (
        <p class="muted">Nobody on the reserve list.</p>
      ) : (
        <ol class="reserve-list">
          {p.reserve.map((r) => (
            <li key={r.submissionId}>
              <span>
                <strong>{r.title || 'Untitled'}</strong> <span class="muted">· {r.organisationName} · ranked {r.rank}</span>
              </span>
              {promotedIds.has(r.submissionId) ? (
                <span class="badge badge-published">Moved up</span>
              ) : (
                freed.length > 0 && (
                  <button
                    type="button"
                    class="btn btn-small"
                    onClick={() => setPromoted((ps) => [...ps, { place: freed[0]!, submissionId: r.submissionId, title: r.title, organisationName: r.organisationName }])}
                  >
                    Give them “{freedLabel}”
                  </button>
                )
              )}
            </li>
          ))}
        </ol>
      )}
      {p.skipped.length > 0 && (
        <>
          <h3>Passed over</h3>
          <ul class="unranked">
            {p.skipped.map((s) => (
              <li key={s.submissionId}>
                {s.title || 'Untitled'}: {s.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      <div class="confirm-bar">
        <button
          type="button"
          class="btn btn-success"
          disabled={busy || toConfirm.length === 0 || !!locked}
          aria-describedby={locked ? 'awards-locked' : undefined}
          onClick={() => void confirmAll()}
        >
          {busy ? 'Confirming…' : 'Confirm awards'}
        </button>
        <span class="muted">
          {toConfirm.length} award{toConfirm.length === 1 ? '' : 's'} · {money(after)} of {money(view.plan.totalBudget)} committed after confirming
        </span>
      </div>
      {locked && (
        <p class="locked-reason" id="awards-locked">
          {locked}
        </p>
      )}
    </section>
  );
}

function OutcomeList({ outcomes }: { outcomes: Outcome[] }) {
  const refused = outcomes.filter((o) => o.status === 'refused').length;
  return (
    <div class={`notice ${refused ? 'notice-warning' : 'notice-success'}`} role="status">
      <strong>
        {outcomes.length - refused} of {outcomes.length} confirmed{refused ? `, ${refused} refused` : ''}.
      </strong>
      <ul class="outcomes" aria-label="Confirmation results">
        {outcomes.map((o, i) => (
          <li key={i} class={`outcome-${o.status}`}>
            {o.what}: {o.status === 'confirmed' ? 'confirmed' : o.status === 'already-confirmed' ? 'already confirmed' : `refused — ${o.reason ?? 'no reason given'}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

// ——— Confirmed awards ———

function ConfirmedAwards({
  competitionId,
  view,
  money,
  titleOf,
  outcomes,
  locked,
  onChange,
}: {
  competitionId: string;
  view: PrizePlanView;
  money: (c: number) => string;
  titleOf: (sid: string) => string;
  /** What the last "Confirm awards" in the proposal step did. */
  outcomes: Outcome[] | undefined;
  /** Why awards cannot be withdrawn now. */
  locked?: string;
  onChange: () => void;
}) {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<string>();
  const [withdrawal, setWithdrawal] = useState<Withdrawal>();
  const [offer, setOffer] = useState<Outcome>();
  const [dialog, ask] = useConfirm();

  async function withdraw(a: ConfirmedAward) {
    const ok = await ask({
      title: `Withdraw “${a.label || awardTypeLabel(a.type)}” from ${a.organisationName}?`,
      body: [
        `${money(a.amount)} goes back into the budget and ${a.organisationName} no longer has this award.`,
        'It cannot be restored as it was: to give it again, confirm it anew (you can offer it to the next on the reserve list straight after).',
      ],
      action: 'Withdraw award',
      danger: true,
    });
    if (!ok) return;
    setBusy(a.key);
    setError(undefined);
    setOffer(undefined);
    try {
      setWithdrawal(await api.DELETE('/api/competitions/{competitionId}/awards/{awardKey}', { params: { path: { competitionId, awardKey: a.key } } }));
      onChange();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy('');
    }
  }

  async function offerNext(w: Withdrawal) {
    const next = w.nextReserve;
    if (!next) return;
    setBusy('offer');
    setError(undefined);
    try {
      const [o] = await confirmRequests(competitionId, [requestOf({ ...w.withdrawn, submissionId: next.submissionId })], [`${w.withdrawn.label} — ${next.title || 'Untitled'}`]);
      setOffer(o);
      if (o?.status !== 'refused') setWithdrawal(undefined);
      onChange();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy('');
    }
  }

  return (
    <section class="section" aria-labelledby="confirmed-heading">
      <h2 id="confirmed-heading" tabIndex={-1}>
        Confirmed awards
      </h2>
      {dialog}
      {outcomes && <OutcomeList outcomes={outcomes} />}
      {withdrawal && (
        <div class="notice notice-info withdrawn" role="status">
          <span>
            Freed {money(withdrawal.withdrawn.amount)}.{' '}
            {withdrawal.nextReserve ? (
              <>
                Next on the reserve list: <strong>{withdrawal.nextReserve.title || 'Untitled'}</strong> ({withdrawal.nextReserve.organisationName}
                {'rank' in withdrawal.nextReserve ? `, ranked ${withdrawal.nextReserve.rank}` : ''})
              </>
            ) : (
              'The reserve list is empty.'
            )}
          </span>
          {withdrawal.nextReserve && (
            <button type="button" class="btn btn-small btn-primary" disabled={!!busy || !!locked} onClick={() => void offerNext(withdrawal)}>
              {busy === 'offer' ? 'Offering…' : 'Offer the award'}
            </button>
          )}
        </div>
      )}
      {offer && <OutcomeList outcomes={[offer]} />}
      {error && <Notice kind="error">{error}</Notice>}
      {locked && view.awards.length > 0 && (
        <p class="locked-reason" id="withdraw-locked">
          {locked}
        </p>
      )}
      {view.awards.length === 0 ? (
        <Empty>No award confirmed yet.</Empty>
      ) : (
        <DataTable
          columns={['Award', { label: 'Amount', num: true }, 'Organisation', 'Submission', 'Confirmed', ACTIONS_COLUMN]}
          caption="Confirmed awards"
          hideCaption
          class="awards-table"
        >
          {view.awards.map((a) => (
            <tr key={a.key}>
              <th scope="row">
                {a.label || awardTypeLabel(a.type)}
                <span class="cell-sub">{awardTypeLabel(a.type)}</span>
              </th>
              <td class="num">{money(a.amount)}</td>
              <td>
                {a.organisationName}
                <span class="cell-sub">
                  {a.country} · {a.registryId || 'no registry id'}
                </span>
              </td>
              <td>{titleOf(a.submissionId)}</td>
              <td>
                {formatLocal(a.confirmedAt)}
                <span class="cell-sub">{a.confirmedBy}</span>
              </td>
              <td class="row-buttons">
                <button
                  type="button"
                  class="btn btn-small btn-danger-ghost"
                  disabled={!!busy || !!locked}
                  aria-describedby={locked ? 'withdraw-locked' : undefined}
                  onClick={() => void withdraw(a)}
                  aria-label={`Withdraw ${a.label} from ${a.organisationName}`}
                >
                  {busy === a.key ? 'Withdrawing…' : 'Withdraw'}
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

// ——— Plan form ———

let nextKey = 1;

interface PrizeRow {
  key: number;
  amount: string;
  label: string;
}
interface CategoryRow {
  key: number;
  id: string;
  name: string;
  amount: string;
  pick: string;
  /** The category's pick is the audience vote's winner. */
  audienceVote: boolean;
}
interface PlanFormState {
  currency: string;
  totalBudget: string;
  programmeBudget: string;
  minSmeShare: string;
  perThirdPartyCap: string;
  smeOnly: boolean;
  rankPrizes: PrizeRow[];
  lumpSumOn: boolean;
  lumpSumAmount: string;
  lumpSumTopN: string;
  vouchersOn: boolean;
  voucherAmount: string;
  voucherCount: string;
  categories: CategoryRow[];
  reserveListLength: string;
}

/** The settings the form edits as text. */
type TextSetting = { [K in keyof PlanFormState]: PlanFormState[K] extends string ? K : never }[keyof PlanFormState];

const ORDINAL = (n: number) => {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
};

function toForm(view: PrizePlanView): PlanFormState {
  const p = view.plan;
  const u = (c: number | undefined) => centsToUnits(c, p.currency);
  const picks = new Map(view.categoryPicks.map((x) => [x.categoryId, x.submissionId]));
  return {
    currency: p.currency,
    totalBudget: view.version > 0 ? u(p.totalBudget) : '',
    programmeBudget: view.version > 0 && p.programmeBudget !== p.totalBudget ? u(p.programmeBudget) : '',
    minSmeShare: String(+(p.minSmeShare * 100).toFixed(4)),
    perThirdPartyCap: u(p.perThirdPartyCap),
    smeOnly: p.smeOnly,
    rankPrizes: [...p.rankPrizes].sort((a, b) => a.rank - b.rank).map((r) => ({ key: nextKey++, amount: u(r.amount), label: r.label })),
    lumpSumOn: Boolean(p.lumpSum),
    lumpSumAmount: u(p.lumpSum?.amount),
    lumpSumTopN: p.lumpSum ? String(p.lumpSum.topN) : '',
    vouchersOn: Boolean(p.vouchers),
    voucherAmount: u(p.vouchers?.amount),
    voucherCount: p.vouchers ? String(p.vouchers.count) : '',
    categories: p.categories.map((c) => ({ key: nextKey++, id: c.id, name: c.name, amount: u(c.amount), pick: picks.get(c.id) ?? '', audienceVote: c.audienceVote ?? false })),
    reserveListLength: String(p.reserveListLength),
  };
}

/** The form as the API's body, or the fields that are not numbers yet (checked here, so the message speaks of euros, not cents). */
function fromForm(f: PlanFormState, version: number): { body?: PrizePlanUpdate; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const currency = f.currency.trim().toUpperCase();
  const unit = currencySymbol(currency);
  const amount = (path: string, text: string, optional = false): number => {
    if (optional && text.trim() === '') return -1;
    const c = unitsToCents(text, currency);
    if (c === undefined) {
      errors[path] = `Enter an amount in ${unit}, e.g. 50000.`;
      return 0;
    }
    return c;
  };
  const count = (path: string, text: string, min: number): number => {
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(n) || n < min) {
      errors[path] = `Enter a whole number, ${min} or more.`;
      return min;
    }
    return n;
  };
  const share = Number(f.minSmeShare.trim().replace(/\s*%$/, ''));
  if (f.minSmeShare.trim() === '' || !(share >= 0 && share <= 100)) errors['plan.minSmeShare'] = 'Enter a percentage between 0 and 100.';
  const totalBudget = amount('plan.totalBudget', f.totalBudget);
  const programme = amount('plan.programmeBudget', f.programmeBudget, true);
  const plan: PrizePlanUpdate['plan'] = {
    currency,
    totalBudget,
    ...(programme >= 0 ? { programmeBudget: programme } : {}),
    minSmeShare: share / 100,
    perThirdPartyCap: amount('plan.perThirdPartyCap', f.perThirdPartyCap),
    smeOnly: f.smeOnly,
    rankPrizes: f.rankPrizes.map((r, i) => ({ rank: i + 1, amount: amount(`plan.rankPrizes.${i}.amount`, r.amount), label: r.label.trim() })),
    ...(f.lumpSumOn ? { lumpSum: { amount: amount('plan.lumpSum.amount', f.lumpSumAmount), topN: count('plan.lumpSum.topN', f.lumpSumTopN, 1) } } : {}),
    ...(f.vouchersOn ? { vouchers: { amount: amount('plan.vouchers.amount', f.voucherAmount), count: count('plan.vouchers.count', f.voucherCount, 1) } } : {}),
    categories: f.categories.map((c, i) => ({ id: c.id, name: c.name.trim(), amount: amount(`plan.categories.${i}.amount`, c.amount), ...(c.audienceVote ? { audienceVote: true } : {}) })),
    reserveListLength: count('plan.reserveListLength', f.reserveListLength, 0),
  };
  const categoryPicks = f.categories.filter((c) => c.pick && !c.audienceVote).map((c) => ({ categoryId: c.id, submissionId: c.pick }));
  return Object.keys(errors).length ? { errors } : { body: { plan, categoryPicks, version }, errors };
}

/** The API names picks by their place in `categoryPicks`; the form shows them on their category. */
function pickErrorsOnCategories(fields: FieldErrors, f: PlanFormState): FieldErrors {
  const picked = f.categories.map((c, i) => [c, i] as const).filter(([c]) => c.pick);
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fields)) {
    const m = /^categoryPicks\.(\d+)\.(?:submissionId|categoryId)$/.exec(k);
    const at = m ? picked[Number(m[1])]?.[1] : undefined;
    out[at !== undefined ? `plan.categories.${at}.pick` : k] = v;
  }
  return out;
}

function planLabels(f: PlanFormState): Record<string, string> {
  const labels: Record<string, string> = {
    'plan.currency': 'Currency',
    'plan.totalBudget': 'Total budget for awards',
    'plan.programmeBudget': 'Programme budget',
    'plan.minSmeShare': 'Minimum SME share',
    'plan.perThirdPartyCap': 'Most one organisation may receive',
    'plan.reserveListLength': 'Reserve list length',
    'plan.rankPrizes': 'Prizes by rank',
    'plan.lumpSum.amount': 'Lump sum › amount',
    'plan.lumpSum.topN': 'Lump sum › for the top',
    'plan.vouchers.amount': 'Vouchers › amount',
    'plan.vouchers.count': 'Vouchers › how many',
  };
  f.rankPrizes.forEach((_, i) => {
    labels[`plan.rankPrizes.${i}.amount`] = `${ORDINAL(i + 1)} place › amount`;
    labels[`plan.rankPrizes.${i}.label`] = `${ORDINAL(i + 1)} place › label`;
    labels[`plan.rankPrizes.${i}.rank`] = `${ORDINAL(i + 1)} place`;
  });
  f.categories.forEach((c, i) => {
    const name = c.name.trim() || `Category ${i + 1}`;
    labels[`plan.categories.${i}.name`] = `${name} › name`;
    labels[`plan.categories.${i}.amount`] = `${name} › amount`;
    labels[`plan.categories.${i}.pick`] = `${name} › winner`;
  });
  return labels;
}

function PlanForm({
  competitionId,
  view,
  submissions,
  onSaved,
  locked,
}: {
  competitionId: string;
  view: PrizePlanView;
  submissions: Submission[];
  onSaved: (v: PrizePlanView) => void;
  /** Why the plan cannot change now: the form is shown read-only with this line. */
  locked?: string;
}) {
  const [form, setForm] = useState(() => toForm(view));
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const errors = error?.fields ?? {};
  const set = (patch: Partial<PlanFormState>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const unit = currencySymbol(form.currency.trim().toUpperCase() || 'EUR');
  const setPrize = (key: number, patch: Partial<PrizeRow>) => set({ rankPrizes: form.rankPrizes.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const setCategory = (key: number, patch: Partial<CategoryRow>) => set({ categories: form.categories.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const money = (label: string) => `${label} (${unit})`;
  /** A text field's value, its setter and the errors, for one of the form's text settings. */
  const bound = (key: TextSetting) => ({ value: form[key], onValue: (v: string) => set({ [key]: v }), errors });

  async function save(e: Event) {
    e.preventDefault();
    setSaved(false);
    const { body, errors: local } = fromForm(form, view.version);
    if (!body) {
      setError(new ApiError(400, 'VALIDATION_FAILED', 'Some fields need attention.', local));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const next = await api.PUT('/api/competitions/{competitionId}/prize-plan', { params: { path: { competitionId } }, body });
      setSaved(true);
      onSaved(next);
    } catch (err) {
      const a = err as ApiError;
      if (a.code === 'VERSION_CONFLICT') setError(new ApiError(a.status, a.code, 'Someone else changed the prize plan or the awards. Reload the page to get the latest version.'));
      else setError(new ApiError(a.status, a.code, a.message, pickErrorsOnCategories(a.fields ?? {}, form)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="section" aria-labelledby="plan-heading">
      <h2 id="plan-heading" tabIndex={-1}>
        Prize plan
      </h2>
      {saved && <Notice kind="success">Prize plan saved.</Notice>}
      {locked && <p class="locked-reason">{locked}</p>}
      <form class="form plan-form" noValidate onSubmit={(e) => void save(e)} aria-labelledby="plan-heading">
        <ErrorSummary error={error} labels={planLabels(form)} />
        <fieldset disabled={!!locked}>
          <legend>Budget and rules</legend>
          <div class="grid-auto grid-wide">
            <TextField path="plan.totalBudget" label={money('Total budget for awards')} required inputMode="decimal" {...bound('totalBudget')} />
            <TextField path="plan.currency" label="Currency" hint="Three-letter code, e.g. EUR." maxLength={3} value={form.currency} onValue={(v) => set({ currency: v.toUpperCase() })} errors={errors} />
            <TextField
              path="plan.perThirdPartyCap"
              label={money('Most one organisation may receive')}
              hint="Per third party, all awards together (H2020: 60,000)."
              inputMode="decimal"
              {...bound('perThirdPartyCap')}
            />
            <TextField
              path="plan.minSmeShare"
              label="Minimum SME share (%)"
              hint="Of the programme budget, paid directly to SMEs."
              inputMode="decimal"
              {...bound('minSmeShare')}
            />
            <TextField
              path="plan.programmeBudget"
              label={money('Programme budget')}
              hint="What the SME share is measured against. Empty: the total budget."
              inputMode="decimal"
              {...bound('programmeBudget')}
            />
            <TextField
              path="plan.reserveListLength"
              label="Reserve list length"
              hint="Entrants who move up if a winner drops out."
              type="number"
              min={0}
              max={100}
              step={1}
              inputMode="numeric"
              {...bound('reserveListLength')}
            />
          </div>
          <Checkbox path="plan.smeOnly" label="Only SMEs can receive awards" checked={form.smeOnly} onChecked={(v) => set({ smeOnly: v })} errors={errors} />
        </fieldset>

        <fieldset disabled={!!locked}>
          <legend>Prizes by rank</legend>
          <GroupError path="plan.rankPrizes" errors={errors} />
          {form.rankPrizes.length === 0 && <p class="muted">No prizes by rank yet.</p>}
          {form.rankPrizes.map((r, i) => (
            <fieldset class="row-editor prize-row" key={r.key}>
              <legend>{ORDINAL(i + 1)} place</legend>
              <GroupError path={`plan.rankPrizes.${i}.rank`} errors={errors} />
              <div class="grid-auto">
                <TextField path={`plan.rankPrizes.${i}.amount`} label={money('Amount')} inputMode="decimal" value={r.amount} onValue={(v) => setPrize(r.key, { amount: v })} errors={errors} />
                <TextField path={`plan.rankPrizes.${i}.label`} label="Label" maxLength={80} value={r.label} onValue={(v) => setPrize(r.key, { label: v })} errors={errors} />
              </div>
              {i === form.rankPrizes.length - 1 && (
                <div class="row-actions">
                  <button type="button" class="btn btn-small btn-danger-ghost" onClick={() => set({ rankPrizes: form.rankPrizes.filter((x) => x.key !== r.key) })}>
                    Remove {ORDINAL(i + 1)} place
                  </button>
                </div>
              )}
            </fieldset>
          ))}
          <AddRowButton
            label="Add a prize"
            disabled={form.rankPrizes.length >= 50}
            focusPath={`plan.rankPrizes.${form.rankPrizes.length}.amount`}
            onAdd={() => set({ rankPrizes: [...form.rankPrizes, { key: nextKey++, amount: '', label: `${ORDINAL(form.rankPrizes.length + 1)} place` }] })}
          />
        </fieldset>

        <fieldset disabled={!!locked}>
          <legend>Lump sums and vouchers</legend>
          <Checkbox path="lumpSumOn" label="A lump sum for each of the top entrants" checked={form.lumpSumOn} onChecked={(v) => set({ lumpSumOn: v })} />
          {form.lumpSumOn && (
            <div class="grid-auto nested">
              <TextField path="plan.lumpSum.amount" label={money('Lump sum')} inputMode="decimal" {...bound('lumpSumAmount')} />
              <TextField path="plan.lumpSum.topN" label="For the top" hint="How many entrants get one." type="number" min={1} step={1} inputMode="numeric" {...bound('lumpSumTopN')} />
            </div>
          )}
          <Checkbox path="vouchersOn" label="Innovation vouchers" checked={form.vouchersOn} onChecked={(v) => set({ vouchersOn: v })} />
          {form.vouchersOn && (
            <div class="grid-auto nested">
              <TextField path="plan.vouchers.amount" label={money('Voucher')} inputMode="decimal" {...bound('voucherAmount')} />
              <TextField path="plan.vouchers.count" label="How many" type="number" min={1} step={1} inputMode="numeric" {...bound('voucherCount')} />
            </div>
          )}
        </fieldset>

        <fieldset disabled={!!locked}>
          <legend>Special categories</legend>
          <p class="hint">A category's winner is your pick among the submitted entries, whatever their rank.</p>
          <GroupError path="plan.categories" errors={errors} />
          {form.categories.map((c, i) => (
            <fieldset class="row-editor" key={c.key}>
              <legend>Category {i + 1}</legend>
              <div class="grid-auto">
                <TextField path={`plan.categories.${i}.name`} label="Name" maxLength={120} value={c.name} onValue={(v) => setCategory(c.key, { name: v })} errors={errors} />
                <TextField path={`plan.categories.${i}.amount`} label={money('Amount')} inputMode="decimal" value={c.amount} onValue={(v) => setCategory(c.key, { amount: v })} errors={errors} />
                <Field path={`plan.categories.${i}.pick`} label="Winner (your pick)" errors={errors}>
                  {(a11y) => (
                    <select {...a11y} value={c.pick} disabled={c.audienceVote} onChange={(e) => setCategory(c.key, { pick: e.currentTarget.value })}>
                      <option value="">{c.audienceVote ? '— The audience vote decides —' : '— Not picked yet —'}</option>
                      {submissions.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.title || 'Untitled'} ({s.organisationName})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              <div class="row-actions">
                <button type="button" class="btn btn-small btn-danger-ghost" onClick={() => set({ categories: form.categories.filter((x) => x.key !== c.key) })}>
                  Remove category {i + 1}
                </button>
              </div>
              <Checkbox
                path={`plan.categories.${i}.audienceVote`}
                label="Funded by the audience vote (its winner is this category's pick once the vote closes)"
                checked={c.audienceVote}
                onChecked={(v) => setCategory(c.key, { audienceVote: v, ...(v ? { pick: '' } : {}) })}
                errors={errors}
              />
            </fieldset>
          ))}
          <AddRowButton
            label="Add a category"
            disabled={form.categories.length >= 20}
            focusPath={`plan.categories.${form.categories.length}.name`}
            onAdd={() =>
              set({ categories: [...form.categories, { key: nextKey++, id: `cat-${Date.now().toString(36)}${nextKey}`, name: '', amount: '', pick: '', audienceVote: false }] })
            }
          />
        </fieldset>

        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy || !!locked}>
            {busy ? 'Saving…' : 'Save prize plan'}
          </button>
          <span class="muted form-status">Amounts in whole {form.currency || 'EUR'}; saving updates the proposal.</span>
        </div>
      </form>
    </section>
  );
}
