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
import { checklistText } from '../checklist-text.ts';
import { formatInZone, formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { phaseLabel, resultsFrozen, resultsVisible } from '../lifecycle.ts';
import { centsToUnits, currencySymbol, formatMoney, formatShare, unitsToCents } from '../money.ts';
import { t, tx, type MessageKey } from '../i18n.ts';
import { Link } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import {
  awardLabel,
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
import { awardRefusalText } from '../award-refusals.ts';
import { awardNoteText } from '../award-notes.ts';

export function AwardsPage({ id }: { id: string }) {
  return (
    <RequireSignIn what={t('awards.signInWhat')}>
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
  useTitle(res.data ? t('awards.titleOf', { competition: res.data.competition.title }) : t('awards.title'));
  if (res.loading && !res.data) return <Loading label={t('awards.loading')} />;
  if (!res.data) return <LoadError error={res.error} />;
  const { competition: c, plan: view, submissions } = res.data;
  const currency = view.plan.currency;
  const money = (cents: number) => formatMoney(cents, currency);
  const titleOf = (sid: string) => submissions.find((s) => s.id === sid)?.title || t('awards.untitledSubmission');
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
  const locked = !allows(c, 'confirm-awards') ? t('awards.lockedAwardsRole', { who: whoMay('confirm-awards') }) : view.awardsOpen ? undefined : awardsLockedReason(c);
  return (
    <section class="awards-page">
      <p class="breadcrumbs">
        <Link href={`/competitions/${enc(id)}`}>{c.title}</Link> › <Link href={`/competitions/${enc(id)}/ranking`}>{t('awards.breadcrumbRanking')}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>{t('awards.title')}</h1>
          <p class="muted meta-line">
            {t('awards.head.meta', { count: view.awards.length, currency })}
          </p>
        </div>
        <div class="actions" role="group" aria-label={t('awards.downloads')}>
          {allows(c, 'payment-file') && <DownloadButton downloads={downloads} file="awards.csv" label={t('awards.download.csv')} />}
          <DownloadButton
            downloads={downloads}
            file="results-package.json"
            label={t('awards.download.package')}
          />
          <Link href={`/competitions/${enc(id)}/results`} class="btn btn-small btn-ghost">
            {t('awards.resultsPage')}
          </Link>
        </div>
      </div>
      <DownloadStatus downloads={downloads} />
      {c.amendment && (
        <Notice kind="warning">
          {tx('awards.amendmentNotice', { reason: c.amendment.reason, strong: (s) => <strong>{s}</strong> })}
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
          locked={!allows(c, 'edit-prize-plan') ? t('awards.lockedPlanRole', { who: whoMay('edit-prize-plan') }) : view.editable ? undefined : planLockedReason(c)}
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
              {t('awards.proposal.heading')}
            </h2>
            <Empty>{t('awards.proposal.needPlan')}</Empty>
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

      <nav class="step-nav" aria-label={t('awards.steps.label')}>
        {prev ? (
          <button type="button" class="btn" onClick={() => go(prev.id)}>
            {t('awards.steps.prev', { label: prev.label })}
          </button>
        ) : (
          <span />
        )}
        {following && (
          <button type="button" class="btn" onClick={() => go(following.id)}>
            {t('awards.steps.next', { label: following.label })}
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
      label: t('awards.step.plan'),
      done: saved,
      status: saved ? t('awards.step.plan.status', { budget: money(view.plan.totalBudget), count: prizes }) : t('awards.step.plan.notSaved'),
      next: t('awards.step.plan.next'),
    },
    {
      id: 'proposal',
      label: t('awards.step.proposal'),
      done: n > 0,
      status: !saved ? t('awards.step.proposal.afterPlan') : n > 0 ? t('awards.step.proposal.used') : t('awards.step.proposal.ready'),
      next: t('awards.step.proposal.next'),
    },
    {
      id: 'confirm',
      label: t('awards.step.confirm'),
      done: n > 0,
      status: n > 0 ? t('awards.step.confirm.status', { count: n, amount: money(view.totals.committed) }) : t('awards.step.confirm.none'),
      next: t('awards.step.confirm.next'),
    },
    {
      id: 'publish',
      label: t('awards.step.publish'),
      done: published,
      status: c.publishing
        ? t('awards.step.publish.publishing')
        : c.phase === 'decided'
          ? t('awards.step.publish.scheduled', { when: formatInZone(c.resultsPublishedAt, tz) })
          : c.phase === 'amending'
            ? t('awards.step.publish.amending')
            : published
              ? t('awards.step.publish.published', { when: formatInZone(c.resultsPublishedAt, tz) })
              : t('awards.step.publish.not'),
      next: c.phase === 'amending' ? t('awards.step.publish.nextAmending') : t('awards.step.publish.next'),
    },
    {
      id: 'feedback',
      label: t('awards.step.feedback'),
      done: released,
      status: released ? t('awards.step.feedback.released', { when: formatInZone(c.feedbackReleasedAt, tz) }) : t('awards.step.feedback.not'),
      next: resultsVisible(c.phase) ? t('awards.step.feedback.next') : t('awards.step.feedback.nextLater'),
    },
  ];
  const firstOpen = raw.findIndex((x) => !x.done);
  return raw.map(({ done, ...x }, i) => ({ ...x, state: done ? 'done' : i === firstOpen ? 'current' : 'todo' }));
}

function stepInAddress(): StepId | undefined {
  const s = new URLSearchParams(location.search).get('step');
  return (STEP_IDS as readonly string[]).includes(s ?? '') ? (s as StepId) : undefined;
}

const STATE_WORDS: Record<StepStateName, MessageKey> = { done: 'awards.stepState.done', current: 'awards.stepState.current', todo: 'awards.stepState.todo' };

/** The steps in workflow order: each one's state, the one shown, and what is next. */
function Stepper({ steps, shown, onGo }: { steps: WorkflowStep[]; shown: StepId; onGo: (id: StepId) => void }) {
  const current = steps.find((x) => x.state === 'current');
  return (
    <nav class="stepper" aria-label={t('awards.stepper.label')}>
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
              <span class="step-state">{t(STATE_WORDS[x.state])}</span> · {x.status}
            </span>
          </li>
        ))}
      </ol>
      <p class="step-next" role="status">
        {current ? (
          <>
            {tx('awards.stepper.next', { label: current.label, next: current.next, strong: (s) => <strong>{s}</strong> })}
          </>
        ) : (
          <>
            {tx('awards.stepper.allDone', { strong: (s) => <strong>{s}</strong> })}
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
    <section class="budget-bar" aria-label={t('awards.budget.label')} aria-live="polite">
      {!saved ? (
        <p class="budget-empty">{t('awards.budget.empty')}</p>
      ) : (
        <>
          <div class="budget-figures">
            <span>{tx('awards.budget.committed', { amount: money(totals.committed), strong: (s) => <strong class="budget-committed">{s}</strong> })}</span>
            <span>{tx('awards.budget.left', { amount: money(totals.left), strong: (s) => <strong class={over ? 'budget-over' : ''}>{s}</strong> })}</span>
            <span class="muted">{t('awards.budget.of', { total: money(total) })}</span>
          </div>
          <progress
            class={over ? 'over' : ''}
            max={Math.max(total, 1)}
            value={Math.min(totals.committed, Math.max(total, 1))}
            aria-label={t('awards.budget.progress', { committed: money(totals.committed), total: money(total) })}
          />
          <p class={`sme-share ${totals.smeShareHolds ? 'sme-share-ok' : 'sme-share-warn'}`}>
            {totals.smeShareHolds
              ? t('awards.budget.smeHolds', { share: formatShare(totals.smeShare), min: formatShare(plan.minSmeShare) })
              : t('awards.budget.smeBelow', { share: formatShare(totals.smeShare), min: formatShare(plan.minSmeShare), toSmes: money(totals.toSmes), programme: money(plan.programmeBudget) })}
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
    return t(c.phase === 'open' ? 'awards.locked.beforeCloseOpen' : 'awards.locked.beforeClose', { when: formatInZone(c.closesAt, c.schedule.timeZone) });
  if (c.phase === 'archived') return t('awards.locked.archived');
  return t('awards.locked.awardsFixed', { state: c.phase === 'decided' ? 'decided' : 'published' });
}

/** Why the prize plan cannot change now (the server's `editable` is false). */
function planLockedReason(c: Competition): string {
  if (c.phase === 'archived') return t('awards.locked.archived');
  return t('awards.locked.planFixed', { state: c.phase === 'decided' ? 'decided' : 'published' });
}

const MIN_REASON = 10;

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
      setError(err.code === 'VERSION_CONFLICT' ? new ApiError(err.status, err.code, t('awards.versionConflict')) : err);
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
        {t('awards.publish.heading')}
      </h2>
      <dl class="publish-state">
        <dt>{t('awards.publish.results')}</dt>
        {c.phase === 'decided' ? (
          <dd>
            <span class="badge badge-decided">{t('awards.publish.scheduled')}</span> {formatInZone(c.resultsPublishedAt, tz)}
          </dd>
        ) : (
          <StepState at={frozen ? c.resultsPublishedAt : undefined} tz={tz} done={t('awards.publish.published')} pending={t('awards.publish.notPublished')} />
        )}
        {c.archivedAt && (
          <>
            <dt>{t('awards.publish.archived')}</dt>
            <StepState at={c.archivedAt} tz={tz} done={t('awards.publish.archived')} pending="" />
          </>
        )}
      </dl>
      {banners}
      {!allows(c, 'publish-results') && <p class="locked-reason">{t('awards.publish.lockedRole', { who: whoMay('publish-results') })}</p>}
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
        {t('awards.feedback.heading')}
      </h2>
      <dl class="publish-state">
        <dt>{t('awards.feedback.term')}</dt>
        <StepState at={c.feedbackReleasedAt} tz={tz} done={t('awards.feedback.released')} pending={t('awards.feedback.notReleased')} />
      </dl>
      {banners}
      {unreleased && !allows(c, 'release-feedback') && <p class="locked-reason">{t('awards.feedback.lockedRole', { who: whoMay('release-feedback') })}</p>}
      {unreleased && allows(c, 'release-feedback') && (
        <div class="irreversible">
          <p>{t('awards.feedback.explain')}</p>
          <button
            type="button"
            class="btn btn-primary"
            disabled={!!busy || !visible}
            aria-describedby={visible ? undefined : 'release-hint'}
            onClick={() =>
              void act(
                'release',
                {
                  title: t('awards.feedback.confirmTitle'),
                  body: [t('awards.feedback.confirmBody1'), t('awards.feedback.confirmBody2')],
                  action: t('awards.feedback.action'),
                },
                async () => {
                  await api.POST('/api/competitions/{competitionId}/feedback/release', { params: { path: { competitionId: c.id } }, body: { version: c.version } });
                  return t('awards.feedback.done');
                },
              )
            }
          >
            {busy === 'release' ? t('awards.feedback.releasing') : t('awards.feedback.action')}
          </button>
        </div>
      )}
      {!visible && unreleased && (
        <p class="hint" id="release-hint">
          {frozen
            ? t('awards.feedback.hintFrozen', { when: formatInZone(c.resultsPublishedAt, tz) })
            : t('awards.feedback.hint')}
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
      setReasonError(t('awards.publish.reasonTooShort', { min: MIN_REASON }));
      document.getElementById(fieldId('override.reason'))?.focus();
      return;
    }
    const told = k.recipients.told;
    const question: ConfirmOptions = {
      title: when === 'now' ? t('awards.publish.confirmNow') : t('awards.publish.confirmScheduled', { when: formatInZone(c.schedule.resultsDate, tz) }),
      body: [
        when === 'now' ? t('awards.publish.bodyNow', { closes: c.phase === 'open' ? 'yes' : 'no', told }) : t('awards.publish.bodyScheduled', { told }),
        ...(blocking.length > 0 ? [t('awards.publish.despite', { problems: blocking.map((p) => checklistText(p, tz)).join(' ') })] : []),
        t('awards.publish.irreversible'),
      ],
      action: when === 'now' ? t('awards.publish.actionNow') : t('awards.publish.actionScheduled'),
    };
    const ok = await act('publish', question, async () => {
      const started = await api.POST('/api/competitions/{competitionId}/results/publish', {
        params,
        body: { version: c.version, when, ...(blocking.length > 0 ? { override: { reason: reason.trim() } } : {}) },
      });
      // A job stores the results snapshot and tells the entrants: the results are published when it has succeeded.
      await followJob(started.job, setJob);
      return when === 'now' ? t('awards.publish.doneNow', { told }) : t('awards.publish.doneScheduled', { when: formatInZone(c.schedule.resultsDate, tz) });
    });
    // Refused (the checklist changed meanwhile, say): show the checklist as it is now.
    if (!ok) setTick((t) => t + 1);
  }

  if (res.loading && !k) return <Loading label={t('awards.checklist.loading')} />;
  if (!k) return <LoadError error={res.error} />;
  const currency = k.budget?.currency ?? 'EUR';
  return (
    <>
      <section class="checklist" aria-labelledby="checklist-heading">
        <h3 id="checklist-heading">{t('awards.checklist.heading')}</h3>
        {k.ranking.stale && (
          <p class="notice notice-info" role="status">
            {k.ranking.recomputation?.progress.total
              ? t('awards.checklist.staleProgress', { done: k.ranking.recomputation.progress.done, total: k.ranking.recomputation.progress.total })
              : t('awards.checklist.stale')}
          </p>
        )}
        {k.problems.length > 0 ? (
          <div class="notice notice-warning checklist-problems">
            <strong id="problems-heading">{t('awards.checklist.stoppedBy')}</strong>
            <ul aria-labelledby="problems-heading">
              {k.problems.map((p) => (
                <li key={p.code + p.message}>{checklistText(p, c.schedule.timeZone)}</li>
              ))}
            </ul>
            <span>{t('awards.checklist.fixOrOverride')}</span>
          </div>
        ) : (
          <p class="checklist-ok">{t('awards.checklist.ok')}</p>
        )}
        {k.warnings.length > 0 && (
          <>
            <p class="checklist-label" id="warnings-heading">
              {t('awards.checklist.worthKnowing')}
            </p>
            <ul class="checklist-warnings" aria-labelledby="warnings-heading">
              {k.warnings.map((w) => (
                <li key={w.code}>{checklistText(w, c.schedule.timeZone)}</li>
              ))}
            </ul>
          </>
        )}
        <dl class="publish-state checklist-facts">
          <dt>{t('awards.checklist.rounds')}</dt>
          <dd>
            {k.rounds.length === 0 ? (
              <span class="muted">{t('awards.checklist.noRounds')}</span>
            ) : (
              <ul class="plain">
                {k.rounds.map((r) => (
                  <li key={r.id}>
                    {tx('awards.checklist.round', {
                      name: r.name,
                      badge: <PhaseBadge phase={r.phase} />,
                      submitted: r.submitted,
                      reviews: r.reviews,
                      closed: r.phase === 'closed' ? 'yes' : 'no',
                      when: formatInZone(r.closesAt, tz),
                    })}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t('awards.checklist.reviews')}</dt>
          <dd>
            {k.underReviewedCount === 0 ? (
              t('awards.checklist.allReviewed')
            ) : (
              <details>
                <summary>{t('awards.checklist.underReviewed', { count: k.underReviewedCount })}</summary>
                <ul class="plain">
                  {k.underReviewed.map((u) => (
                    <li key={`${u.roundName}/${u.submissionId}`}>
                      {t('awards.checklist.underReviewedItem', { title: u.title || t('awards.untitled'), round: u.roundName, reviews: u.reviews, wanted: u.wanted })}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </dd>
          <dt>{t('awards.checklist.awards')}</dt>
          <dd>
            {k.awards.proposal
              ? t('awards.checklist.confirmedWithProposal', { count: k.awards.confirmed, proposed: k.awards.proposal.proposed, differs: k.awards.proposal.differs ? 'yes' : 'no' })
              : t('awards.checklist.confirmed', { count: k.awards.confirmed })}
          </dd>
          {k.budget && (
            <>
              <dt>{t('awards.checklist.budget')}</dt>
              <dd>
                {t('awards.checklist.budgetLine', {
                  committed: formatMoney(k.budget.committed, currency),
                  total: formatMoney(k.budget.total, currency),
                  left: formatMoney(k.budget.left, currency),
                  share: formatShare(k.budget.smeShare),
                  holds: k.budget.smeShareHolds ? 'yes' : 'no',
                  min: formatShare(k.budget.minSmeShare),
                })}
              </dd>
            </>
          )}
          <dt>{t('awards.checklist.whoIsTold')}</dt>
          <dd>{t('awards.checklist.told', { told: k.recipients.told, notTold: k.recipients.notTold })}</dd>
          <dt>{t('awards.checklist.resultsDate')}</dt>
          <dd>{formatInZone(k.resultsDate, tz)}</dd>
        </dl>
      </section>
      {!allows(c, 'publish-results') ? null : !k.allowed ? (
        <p class="hint">{t('awards.publish.notAllowed', { phase: phaseLabel(c.phase) })}</p>
      ) : (
        <form class="form publish-form" noValidate onSubmit={(e) => void publish(e)} aria-label={t('awards.publish.formLabel')}>
          <fieldset>
            <legend>{t('awards.publish.when')}</legend>
            <div class="field field-check">
              <input type="radio" id="publish-now" name="publish-when" checked={when === 'now'} onChange={() => setWhen('now')} />
              <label for="publish-now">{t('awards.publish.now')}</label>
            </div>
            <div class="field field-check">
              <input type="radio" id="publish-scheduled" name="publish-when" checked={when === 'scheduled'} disabled={!canSchedule} onChange={() => setWhen('scheduled')} />
              <label for="publish-scheduled">{t('awards.publish.onDate', { when: formatInZone(c.schedule.resultsDate, tz) })}</label>
            </div>
            {when === 'scheduled' && <p class="hint">{t('awards.publish.scheduledHint')}</p>}
          </fieldset>
          {blocking.length > 0 && (
            <TextArea
              path="override.reason"
              label={t('awards.publish.reasonLabel')}
              required
              hint={t('awards.publish.reasonHint')}
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
              {busy === 'publish'
                ? t('awards.publish.publishing')
                : when === 'now'
                  ? t(blocking.length > 0 ? 'awards.publish.submitNowAnyway' : 'awards.publish.submitNow')
                  : t(blocking.length > 0 ? 'awards.publish.submitScheduledAnyway' : 'awards.publish.submitScheduled')}
            </button>
          </div>
          {busy === 'publish' && <JobProgress job={job} label={t('awards.publish.job')} />}
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
      setReasonError(t('awards.amend.reasonTooShort', { min: MIN_REASON }));
      document.getElementById(fieldId('amendment.reason'))?.focus();
      return;
    }
    const ok = await act('amend', undefined, async () => {
      await api.POST('/api/competitions/{competitionId}/results/amendment', { params, body: { ...version, reason: reason.trim() } });
      return t('awards.amend.opened');
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
          {tx('awards.override.notice', { at: formatLocal(override.at), by: override.by, reason: override.reason, strong: (s) => <strong>{s}</strong> })}
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
          <h3>{t('awards.amendments.heading')}</h3>
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
                    title: t('awards.amend.publishTitle'),
                    body: [t('awards.amend.publishBody1'), t('awards.amend.publishBody2')],
                    action: t('awards.amend.publishAction'),
                  },
                  async () => {
                    const started = await api.POST('/api/competitions/{competitionId}/results/amendment/publish', { params, body: version });
                    // A job stores the amended snapshot and tells those affected; it says how many changed.
                    const done = await followJob(started.job, setJob);
                    const n = done.result?.counts?.changed ?? 0;
                    return n === 0 ? t('awards.amend.publishedNone') : t('awards.amend.published', { count: n });
                  },
                )
              }
            >
              {busy === 'amend-publish' ? t('awards.amend.publishing') : t('awards.amend.publishAction')}
            </button>
          )}
          {busy === 'amend-publish' && <JobProgress job={job} label={t('awards.amend.job')} />}
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
              {t('awards.amend.open')}
            </button>
          )}
        </div>
      )}

      {amendOpen && (
        <form class="form amend-form" noValidate onSubmit={(e) => void openAmendment(e)} aria-label={t('awards.amend.open')}>
          <TextArea
            path="amendment.reason"
            label={t('awards.amend.reasonLabel')}
            required
            hint={t('awards.amend.reasonHint')}
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
              {busy === 'amend' ? t('awards.amend.opening') : t('awards.amend.submit')}
            </button>
            <button type="button" class="btn btn-ghost" onClick={() => setAmendOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {c.phase === 'published' && allows(c, 'archive-competition') && (
        <div class="irreversible irreversible-danger">
          <p>{tx('awards.archive.explain', { strong: (s) => <strong>{s}</strong> })}</p>
          <button
            type="button"
            class="btn btn-danger-ghost"
            disabled={!!busy}
            onClick={() =>
              void act(
                'archive',
                {
                  title: t('awards.archive.title'),
                  body: [t('awards.archive.body1'), t('awards.archive.body2')],
                  action: t('awards.archive.action'),
                  danger: true,
                },
                async () => {
                  await api.POST('/api/competitions/{competitionId}/archive', { params, body: version });
                  return t('awards.archive.done');
                },
              )
            }
          >
            {busy === 'archive' ? t('awards.archive.archiving') : t('awards.archive.action')}
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
    return results.map((r, i) => ({ what: names[i] ?? r.key, status: r.status, ...(r.status === 'refused' ? { reason: awardRefusalText(r.code, r.reason, r.params) } : {}) }));
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && requests.length === 1) return [{ what: names[0]!, status: 'refused', reason: awardRefusalText(e.code, e.message, e.params) }];
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
      {t('awards.proposal.heading')} <span class="h-sub">{t('awards.proposal.sub')}</span>
    </h2>
  );
  if (res.loading && !res.data)
    return (
      <section class="section" aria-labelledby="proposal-heading">
        {heading}
        <Loading label={t('awards.proposal.loading')} />
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
    ...kept.map((l) => ({ request: requestOf(l), name: t('awards.proposal.line', { label: awardLabel(l), title: l.title || t('awards.untitled') }), amount: l.amount })),
    ...promoted.map((x) => {
      const place = lines[x.place]!;
      return { request: requestOf({ ...place, submissionId: x.submissionId }), name: t('awards.proposal.line', { label: awardLabel(place), title: x.title || t('awards.untitled') }), amount: place.amount };
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

  const freedLabel = freed.length ? awardLabel(lines[freed[0]!]!) : '';
  return (
    <section class="section" aria-labelledby="proposal-heading">
      {heading}
      {p.warnings.length > 0 && (
        <details class="warnings">
          <summary>
            {t('awards.proposal.notes', { count: p.warnings.length })}
          </summary>
          <ul>
            {p.warnings.map((w, i) => (
              <li key={i}>{awardNoteText(w, currency)}</li>
            ))}
          </ul>
        </details>
      )}
      {lines.length === 0 ? (
        <Empty>{t('awards.proposal.nothing')}</Empty>
      ) : (
        <DataTable
          columns={[t('awards.col.award'), { label: t('awards.col.amount'), num: true }, t('awards.col.submission'), ACTIONS_COLUMN]}
          caption={t('awards.proposal.caption')}
          class="proposal-table"
        >
          {lines.map((l, i) => {
            const gone = removed.includes(i);
            const filler = promoted.find((x) => x.place === i);
            return (
              <Fragment key={i}>
                <tr class={gone ? 'row-removed' : ''}>
                  <td>
                    {awardLabel(l)}
                    <span class="cell-sub">{awardTypeLabel(l.type)}</span>
                  </td>
                  <td class="num">{gone ? <del>{money(l.amount)}</del> : money(l.amount)}</td>
                  <th scope="row">
                    {gone ? <del>{l.title || t('awards.untitled')}</del> : l.title || t('awards.untitled')}
                    <span class="cell-sub">{l.organisationName}</span>
                  </th>
                  <td class="row-buttons">
                    {l.confirmed ? (
                      <span class="badge badge-published">{t('awards.proposal.confirmed')}</span>
                    ) : gone ? (
                      <button
                        type="button"
                        class="btn btn-small"
                        disabled={!!filler}
                        onClick={() => setRemoved((r) => r.filter((x) => x !== i))}
                        aria-label={t('awards.proposal.putBackLabel', { label: awardLabel(l), title: l.title })}
                      >
                        {t('awards.proposal.putBack')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        class="btn btn-small btn-danger-ghost"
                        onClick={() => setRemoved((r) => [...r, i])}
                        aria-label={t('awards.proposal.removeLabel', { label: awardLabel(l), title: l.title })}
                      >
                        {t('awards.proposal.remove')}
                      </button>
                    )}
                  </td>
                </tr>
                {filler && (
                  <tr class="row-promoted">
                    <td>
                      {awardLabel(l)}
                      <span class="cell-sub">{t('awards.proposal.movedUpFrom')}</span>
                    </td>
                    <td class="num">{money(l.amount)}</td>
                    <th scope="row">
                      {filler.title || t('awards.untitled')}
                      <span class="cell-sub">{filler.organisationName}</span>
                    </th>
                    <td class="row-buttons">
                      <button
                        type="button"
                        class="btn btn-small"
                        onClick={() => setPromoted((ps) => ps.filter((x) => x !== filler))}
                        aria-label={t('awards.proposal.undoLabel', { title: filler.title })}
                      >
                        {t('awards.proposal.undo')}
                      </button>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </DataTable>
      )}

      <h3>{t('awards.reserve.heading')}</h3>
      {p.reserve.length === 0 ? (
        <p class="muted">{t('awards.reserve.empty')}</p>
      ) : (
        <ol class="reserve-list">
          {p.reserve.map((r) => (
            <li key={r.submissionId}>
              <span>
                <strong>{r.title || t('awards.untitled')}</strong> <span class="muted">{t('awards.reserve.meta', { organisation: r.organisationName, rank: r.rank })}</span>
              </span>
              {promotedIds.has(r.submissionId) ? (
                <span class="badge badge-published">{t('awards.reserve.movedUp')}</span>
              ) : (
                freed.length > 0 && (
                  <button
                    type="button"
                    class="btn btn-small"
                    onClick={() => setPromoted((ps) => [...ps, { place: freed[0]!, submissionId: r.submissionId, title: r.title, organisationName: r.organisationName }])}
                  >
                    {t('awards.reserve.give', { label: freedLabel })}
                  </button>
                )
              )}
            </li>
          ))}
        </ol>
      )}
      {p.skipped.length > 0 && (
        <>
          <h3>{t('awards.skipped.heading')}</h3>
          <ul class="unranked">
            {p.skipped.map((s) => (
              <li key={s.submissionId}>
                {t('awards.skipped.item', { title: s.title || t('awards.untitled'), reason: awardNoteText(s, currency) })}
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
          {busy ? t('awards.confirm.confirming') : t('awards.confirm.action')}
        </button>
        <span class="muted">
          {t('awards.confirm.summary', { count: toConfirm.length, after: money(after), total: money(view.plan.totalBudget) })}
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
        {refused
          ? t('awards.outcome.summaryRefused', { confirmed: outcomes.length - refused, total: outcomes.length, refused })
          : t('awards.outcome.summary', { confirmed: outcomes.length - refused, total: outcomes.length })}
      </strong>
      <ul class="outcomes" aria-label={t('awards.outcome.label')}>
        {outcomes.map((o, i) => (
          <li key={i} class={`outcome-${o.status}`}>
            {o.status === 'confirmed'
              ? t('awards.outcome.confirmed', { what: o.what })
              : o.status === 'already-confirmed'
                ? t('awards.outcome.already', { what: o.what })
                : t('awards.outcome.refused', { what: o.what, reason: o.reason ?? t('awards.outcome.noReason') })}
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
      title: t('awards.withdraw.title', { label: awardLabel(a), organisation: a.organisationName }),
      body: [t('awards.withdraw.body1', { amount: money(a.amount), organisation: a.organisationName }), t('awards.withdraw.body2')],
      action: t('awards.withdraw.action'),
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
      const [o] = await confirmRequests(competitionId, [requestOf({ ...w.withdrawn, submissionId: next.submissionId })], [t('awards.proposal.line', { label: awardLabel(w.withdrawn), title: next.title || t('awards.untitled') })]);
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
        {t('awards.confirmed.heading')}
      </h2>
      {dialog}
      {outcomes && <OutcomeList outcomes={outcomes} />}
      {withdrawal && (
        <div class="notice notice-info withdrawn" role="status">
          <span>
            {t('awards.withdrawal.freed', { amount: money(withdrawal.withdrawn.amount) })}{' '}
            {withdrawal.nextReserve
              ? tx('rank' in withdrawal.nextReserve ? 'awards.withdrawal.nextRanked' : 'awards.withdrawal.next', {
                  title: withdrawal.nextReserve.title || t('awards.untitled'),
                  organisation: withdrawal.nextReserve.organisationName,
                  rank: 'rank' in withdrawal.nextReserve ? withdrawal.nextReserve.rank : 0,
                  strong: (s) => <strong>{s}</strong>,
                })
              : t('awards.withdrawal.emptyReserve')}
          </span>
          {withdrawal.nextReserve && (
            <button type="button" class="btn btn-small btn-primary" disabled={!!busy || !!locked} onClick={() => void offerNext(withdrawal)}>
              {busy === 'offer' ? t('awards.withdrawal.offering') : t('awards.withdrawal.offer')}
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
        <Empty>{t('awards.confirmed.empty')}</Empty>
      ) : (
        <DataTable
          columns={[t('awards.col.award'), { label: t('awards.col.amount'), num: true }, t('awards.col.organisation'), t('awards.col.submission'), t('awards.col.confirmed'), ACTIONS_COLUMN]}
          caption={t('awards.confirmed.heading')}
          hideCaption
          class="awards-table"
        >
          {view.awards.map((a) => (
            <tr key={a.key}>
              <th scope="row">
                {awardLabel(a)}
                <span class="cell-sub">{awardTypeLabel(a.type)}</span>
              </th>
              <td class="num">{money(a.amount)}</td>
              <td>
                {a.organisationName}
                <span class="cell-sub">
                  {a.country} · {a.registryId || t('awards.confirmed.noRegistryId')}
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
                  aria-label={t('awards.confirmed.withdrawLabel', { label: awardLabel(a), organisation: a.organisationName })}
                >
                  {busy === a.key ? t('awards.confirmed.withdrawing') : t('awards.confirmed.withdraw')}
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

/** "1st place", "1re place", "1. Platz". */
const place = (rank: number) => t('awards.plan.place', { rank });

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
      errors[path] = t('awards.plan.amountError', { unit });
      return 0;
    }
    return c;
  };
  const count = (path: string, text: string, min: number): number => {
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(n) || n < min) {
      errors[path] = t('awards.plan.countError', { min });
      return min;
    }
    return n;
  };
  const share = Number(f.minSmeShare.trim().replace(/\s*%$/, ''));
  if (f.minSmeShare.trim() === '' || !(share >= 0 && share <= 100)) errors['plan.minSmeShare'] = t('awards.plan.shareError');
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
    'plan.currency': t('awards.plan.currency'),
    'plan.totalBudget': t('awards.plan.totalBudget'),
    'plan.programmeBudget': t('awards.plan.programmeBudget'),
    'plan.minSmeShare': t('awards.plan.minSmeShare'),
    'plan.perThirdPartyCap': t('awards.plan.cap'),
    'plan.reserveListLength': t('awards.plan.reserveListLength'),
    'plan.rankPrizes': t('awards.plan.rankPrizes'),
    'plan.lumpSum.amount': t('awards.plan.lumpSumAmount'),
    'plan.lumpSum.topN': t('awards.plan.lumpSumTopN'),
    'plan.vouchers.amount': t('awards.plan.vouchersAmount'),
    'plan.vouchers.count': t('awards.plan.vouchersCount'),
  };
  f.rankPrizes.forEach((_, i) => {
    labels[`plan.rankPrizes.${i}.amount`] = t('awards.plan.placeAmount', { place: place(i + 1) });
    labels[`plan.rankPrizes.${i}.label`] = t('awards.plan.placeLabel', { place: place(i + 1) });
    labels[`plan.rankPrizes.${i}.rank`] = place(i + 1);
  });
  f.categories.forEach((c, i) => {
    const name = c.name.trim() || t('awards.plan.categoryN', { n: i + 1 });
    labels[`plan.categories.${i}.name`] = t('awards.plan.categoryName', { name });
    labels[`plan.categories.${i}.amount`] = t('awards.plan.categoryAmount', { name });
    labels[`plan.categories.${i}.pick`] = t('awards.plan.categoryPick', { name });
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
  const money = (label: string) => t('awards.plan.withUnit', { label, unit });
  /** A text field's value, its setter and the errors, for one of the form's text settings. */
  const bound = (key: TextSetting) => ({ value: form[key], onValue: (v: string) => set({ [key]: v }), errors });

  async function save(e: Event) {
    e.preventDefault();
    setSaved(false);
    const { body, errors: local } = fromForm(form, view.version);
    if (!body) {
      setError(new ApiError(400, 'VALIDATION_FAILED', t('awards.plan.needsAttention'), local));
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
      if (a.code === 'VERSION_CONFLICT') setError(new ApiError(a.status, a.code, t('awards.plan.versionConflict')));
      else setError(new ApiError(a.status, a.code, a.message, pickErrorsOnCategories(a.fields ?? {}, form)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="section" aria-labelledby="plan-heading">
      <h2 id="plan-heading" tabIndex={-1}>
        {t('awards.plan.heading')}
      </h2>
      {saved && <Notice kind="success">{t('awards.plan.saved')}</Notice>}
      {locked && <p class="locked-reason">{locked}</p>}
      <form class="form plan-form" noValidate onSubmit={(e) => void save(e)} aria-labelledby="plan-heading">
        <ErrorSummary error={error} labels={planLabels(form)} />
        <fieldset disabled={!!locked}>
          <legend>{t('awards.plan.budgetRules')}</legend>
          <div class="grid-auto grid-wide">
            <TextField path="plan.totalBudget" label={money(t('awards.plan.totalBudget'))} required inputMode="decimal" {...bound('totalBudget')} />
            <TextField path="plan.currency" label={t('awards.plan.currency')} hint={t('awards.plan.currencyHint')} maxLength={3} value={form.currency} onValue={(v) => set({ currency: v.toUpperCase() })} errors={errors} />
            <TextField
              path="plan.perThirdPartyCap"
              label={money(t('awards.plan.cap'))}
              hint={t('awards.plan.capHint')}
              inputMode="decimal"
              {...bound('perThirdPartyCap')}
            />
            <TextField
              path="plan.minSmeShare"
              label={t('awards.plan.minSmeSharePct')}
              hint={t('awards.plan.minSmeShareHint')}
              inputMode="decimal"
              {...bound('minSmeShare')}
            />
            <TextField
              path="plan.programmeBudget"
              label={money(t('awards.plan.programmeBudget'))}
              hint={t('awards.plan.programmeBudgetHint')}
              inputMode="decimal"
              {...bound('programmeBudget')}
            />
            <TextField
              path="plan.reserveListLength"
              label={t('awards.plan.reserveListLength')}
              hint={t('awards.plan.reserveHint')}
              type="number"
              min={0}
              max={100}
              step={1}
              inputMode="numeric"
              {...bound('reserveListLength')}
            />
          </div>
          <Checkbox path="plan.smeOnly" label={t('awards.plan.smeOnly')} checked={form.smeOnly} onChecked={(v) => set({ smeOnly: v })} errors={errors} />
        </fieldset>

        <fieldset disabled={!!locked}>
          <legend>{t('awards.plan.rankPrizes')}</legend>
          <GroupError path="plan.rankPrizes" errors={errors} />
          {form.rankPrizes.length === 0 && <p class="muted">{t('awards.plan.noPrizes')}</p>}
          {form.rankPrizes.map((r, i) => (
            <fieldset class="row-editor prize-row" key={r.key}>
              <legend>{place(i + 1)}</legend>
              <GroupError path={`plan.rankPrizes.${i}.rank`} errors={errors} />
              <div class="grid-auto">
                <TextField path={`plan.rankPrizes.${i}.amount`} label={money(t('awards.plan.amount'))} inputMode="decimal" value={r.amount} onValue={(v) => setPrize(r.key, { amount: v })} errors={errors} />
                <TextField path={`plan.rankPrizes.${i}.label`} label={t('awards.plan.label')} maxLength={80} value={r.label} onValue={(v) => setPrize(r.key, { label: v })} errors={errors} />
              </div>
              {i === form.rankPrizes.length - 1 && (
                <div class="row-actions">
                  <button type="button" class="btn btn-small btn-danger-ghost" onClick={() => set({ rankPrizes: form.rankPrizes.filter((x) => x.key !== r.key) })}>
                    {t('awards.plan.removePlace', { place: place(i + 1) })}
                  </button>
                </div>
              )}
            </fieldset>
          ))}
          <AddRowButton
            label={t('awards.plan.addPrize')}
            disabled={form.rankPrizes.length >= 50}
            focusPath={`plan.rankPrizes.${form.rankPrizes.length}.amount`}
            onAdd={() => set({ rankPrizes: [...form.rankPrizes, { key: nextKey++, amount: '', label: place(form.rankPrizes.length + 1) }] })}
          />
        </fieldset>

        <fieldset disabled={!!locked}>
          <legend>{t('awards.plan.lumpSumsVouchers')}</legend>
          <Checkbox path="lumpSumOn" label={t('awards.plan.lumpSumOn')} checked={form.lumpSumOn} onChecked={(v) => set({ lumpSumOn: v })} />
          {form.lumpSumOn && (
            <div class="grid-auto nested">
              <TextField path="plan.lumpSum.amount" label={money(t('awards.plan.lumpSum'))} inputMode="decimal" {...bound('lumpSumAmount')} />
              <TextField path="plan.lumpSum.topN" label={t('awards.plan.forTheTop')} hint={t('awards.plan.forTheTopHint')} type="number" min={1} step={1} inputMode="numeric" {...bound('lumpSumTopN')} />
            </div>
          )}
          <Checkbox path="vouchersOn" label={t('awards.plan.vouchersOn')} checked={form.vouchersOn} onChecked={(v) => set({ vouchersOn: v })} />
          {form.vouchersOn && (
            <div class="grid-auto nested">
              <TextField path="plan.vouchers.amount" label={money(t('awards.plan.voucher'))} inputMode="decimal" {...bound('voucherAmount')} />
              <TextField path="plan.vouchers.count" label={t('awards.plan.howMany')} type="number" min={1} step={1} inputMode="numeric" {...bound('voucherCount')} />
            </div>
          )}
        </fieldset>

        <fieldset disabled={!!locked}>
          <legend>{t('awards.plan.categories')}</legend>
          <p class="hint">{t('awards.plan.categoriesHint')}</p>
          <GroupError path="plan.categories" errors={errors} />
          {form.categories.map((c, i) => (
            <fieldset class="row-editor" key={c.key}>
              <legend>{t('awards.plan.categoryN', { n: i + 1 })}</legend>
              <div class="grid-auto">
                <TextField path={`plan.categories.${i}.name`} label={t('awards.plan.name')} maxLength={120} value={c.name} onValue={(v) => setCategory(c.key, { name: v })} errors={errors} />
                <TextField path={`plan.categories.${i}.amount`} label={money(t('awards.plan.amount'))} inputMode="decimal" value={c.amount} onValue={(v) => setCategory(c.key, { amount: v })} errors={errors} />
                <Field path={`plan.categories.${i}.pick`} label={t('awards.plan.pick')} errors={errors}>
                  {(a11y) => (
                    <select {...a11y} value={c.pick} disabled={c.audienceVote} onChange={(e) => setCategory(c.key, { pick: e.currentTarget.value })}>
                      <option value="">{c.audienceVote ? t('awards.plan.audienceDecides') : t('awards.plan.notPicked')}</option>
                      {submissions.map((s) => (
                        <option key={s.id} value={s.id}>
                          {t('awards.plan.pickOption', { title: s.title || t('awards.untitled'), organisation: s.organisationName })}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              <div class="row-actions">
                <button type="button" class="btn btn-small btn-danger-ghost" onClick={() => set({ categories: form.categories.filter((x) => x.key !== c.key) })}>
                  {t('awards.plan.removeCategory', { n: i + 1 })}
                </button>
              </div>
              <Checkbox
                path={`plan.categories.${i}.audienceVote`}
                label={t('awards.plan.audienceVote')}
                checked={c.audienceVote}
                onChecked={(v) => setCategory(c.key, { audienceVote: v, ...(v ? { pick: '' } : {}) })}
                errors={errors}
              />
            </fieldset>
          ))}
          <AddRowButton
            label={t('awards.plan.addCategory')}
            disabled={form.categories.length >= 20}
            focusPath={`plan.categories.${form.categories.length}.name`}
            onAdd={() =>
              set({ categories: [...form.categories, { key: nextKey++, id: `cat-${Date.now().toString(36)}${nextKey}`, name: '', amount: '', pick: '', audienceVote: false }] })
            }
          />
        </fieldset>

        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy || !!locked}>
            {busy ? t('awards.plan.saving') : t('awards.plan.save')}
          </button>
          <span class="muted form-status">{t('awards.plan.amountsIn', { currency: form.currency || 'EUR' })}</span>
        </div>
      </form>
    </section>
  );
}
