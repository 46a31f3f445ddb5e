/**
 * Organisers: one evaluation round — invite investors or jury members by e-mail (resend, revoke;
 * the links are shown once as a fallback), preview and run the assignment, follow progress, and manage
 * conflicts of interest, pinned pairs and reviewers who drop out.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, enc, type ApiAnswer } from '../api.ts';
import { ACTIONS_COLUMN, DataTable } from '../components/data-table.tsx';
import { ClearSuppression, MailNotSent, MailStatusBadge } from '../components/mail-status-badge.tsx'; // H6
import { LoadMore, useLoadMore } from '../components/paged-list.tsx';
import { useConfirm } from '../components/confirm-step.tsx';
import { followJob, JobProgress, type Job } from '../components/job-progress.tsx';
import { RoundBadges, RoundWindow, ShortlistText } from '../components/round-info.tsx';
import { ErrorSummary, Field, fieldId, LoadError, Loading, Notice, ProgressLine, ReviewStatusBadge } from '../components/ui.tsx';
import { takeFlash } from '../flash.ts';
import { formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { resultsFrozen } from '../lifecycle.ts';
import { allows, readOnlyNote } from '../capabilities.ts';
import { Link } from '../router.tsx';
import { t, tx, type MessageKey } from '../i18n.ts';
import { shortfallText } from '../shortfall-text.ts';
import { RoundSpread } from '../components/moderation.tsx';
import { ReviewerConsensus } from '../components/reviewer-consensus.tsx';
import { ImpartialShortlist } from '../components/impartial-shortlist.tsx';
import { RequireSignIn } from '../session.tsx';
import type {
  Competition,
  InvitationItem,
  Page,
  Round,
  RoundConflict,
  RoundReview,
  RoundReviewer,
  SentInvitation,
  Submission,
} from '../types.ts';
import { asDecided, EvaluationFrozen, expoMethodLabel, loadOrganised, loadRounds } from './rounds.tsx';
import { expoLiveHref, ExpoTablesPanel } from './expo-live.tsx';

/** Every submitted submission (titles for the tables), following the pages. */
export async function loadSubmitted(competitionId: string): Promise<Submission[]> {
  const out: Submission[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await api.GET('/api/competitions/{competitionId}/submissions', {
      params: { path: { competitionId }, query: { status: 'submitted', limit: 100, cursor } },
    });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** The lists of a round page, a page at a time (the API answers at most 200 a page). */
const PAGE = 200;
const roundReviewsPage = (competitionId: string, roundId: string, cursor?: string, submissionId?: string) =>
  api.GET('/api/competitions/{competitionId}/rounds/{roundId}/reviews', { params: { path: { competitionId, roundId }, query: { limit: PAGE, cursor, submissionId } } });
const conflictsPage = (competitionId: string, roundId: string, cursor?: string) =>
  api.GET('/api/competitions/{competitionId}/rounds/{roundId}/conflicts', { params: { path: { competitionId, roundId }, query: { limit: PAGE, cursor } } });
const reviewersPage = (competitionId: string, roundId: string, cursor?: string) =>
  api.GET('/api/competitions/{competitionId}/rounds/{roundId}/reviewers', { params: { path: { competitionId, roundId }, query: { limit: PAGE, cursor } } });
export const invitationsPage = (competitionId: string, cursor?: string) =>
  api.GET('/api/competitions/{competitionId}/invitations', { params: { path: { competitionId }, query: { limit: PAGE, cursor } } });
/** A page of a finished assignment preview (its summary comes with every page). */
type PreviewPage = ApiAnswer<'/api/competitions/{competitionId}/rounds/{roundId}/assignment/preview/{jobId}', 'get'>;
const previewPage = (competitionId: string, roundId: string, jobId: string, cursor?: string) =>
  api.GET('/api/competitions/{competitionId}/rounds/{roundId}/assignment/preview/{jobId}', { params: { path: { competitionId, roundId, jobId }, query: { limit: PAGE, cursor } } });

/** Every review of a round (of one submission in it, with `submissionId`), following the pages. */
export async function loadRoundReviews(competitionId: string, roundId: string, submissionId?: string): Promise<RoundReview[]> {
  const out: RoundReview[] = [];
  let cursor: string | undefined;
  do {
    const page = await roundReviewsPage(competitionId, roundId, cursor, submissionId);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

interface RoundPages {
  competition: Competition;
  round: Round;
  rounds: Round[];
  reviews: Page<RoundReview>;
  /** With whether the automatic ones are being refreshed (`stale`, the job in `refresh`). */
  conflicts: Page<RoundConflict> & { stale?: boolean; refresh?: Job };
  reviewers: Page<RoundReviewer>;
  submissions: Submission[];
  invitations: Page<InvitationItem>;
}

/** What the sections show: the pages loaded so far ("Load more" adds to them). */
interface RoundData extends Omit<RoundPages, 'reviews' | 'conflicts' | 'reviewers' | 'invitations'> {
  reviews: RoundReview[];
  conflicts: RoundConflict[];
  reviewers: RoundReviewer[];
  invitations: InvitationItem[];
}

export function RoundPage({ id, roundId }: { id: string; roundId: string }) {
  return (
    <RequireSignIn what={t('round.signInWhat')}>
      <RoundDetail id={id} roundId={roundId} />
    </RequireSignIn>
  );
}

type Msg = { kind: 'success' | 'error' | 'info'; text: string };

function RoundDetail({ id, roundId }: { id: string; roundId: string }) {
  const res = useResource<RoundPages>(async () => {
    const competition = await loadOrganised(id);
    const [rounds, reviews, conflicts, reviewers, submissions, invitations] = await Promise.all([
      loadRounds(id).then((rs) => asDecided(competition, rs)),
      roundReviewsPage(id, roundId),
      conflictsPage(id, roundId),
      reviewersPage(id, roundId),
      loadSubmitted(id),
      invitationsPage(id),
    ]);
    const round = rounds.find((r) => r.id === roundId);
    if (!round) throw new ApiError(404, 'NOT_FOUND', t('round.notFound'));
    return { competition, round, rounds, reviews, conflicts, reviewers, submissions, invitations };
  }, `${id}/${roundId}`);
  const reviewList = useLoadMore(res.data?.reviews, (cursor) => roundReviewsPage(id, roundId, cursor));
  const conflictList = useLoadMore(res.data?.conflicts, (cursor) => conflictsPage(id, roundId, cursor));
  const reviewerList = useLoadMore(res.data?.reviewers, (cursor) => reviewersPage(id, roundId, cursor));
  const invitationList = useLoadMore(res.data?.invitations, (cursor) => invitationsPage(id, cursor));
  const [flash] = useState(takeFlash);
  /** The last preview or run: tells who is in the pool (its loads). */
  const [plan, setPlan] = useState<ShownPlan>();
  useTitle(res.data ? t('round.pageTitle', { round: res.data.round.name, competition: res.data.competition.title }) : t('round.pageTitleLoading'));
  if (res.loading && !res.data) return <Loading label={t('round.loading')} />;
  if (!res.data) return <LoadError error={res.error} />;
  const d: RoundData = { ...res.data, reviews: reviewList.items, conflicts: conflictList.items, reviewers: reviewerList.items, invitations: invitationList.items };
  const { competition: c, round: r } = d;
  const tz = c.schedule.timeZone;
  const base = `/competitions/${enc(id)}`;
  const titles = new Map<string, string>(d.submissions.map((s) => [s.id, s.title || t('common.untitled')]));
  for (const x of d.conflicts) if (x.submissionTitle && !titles.has(x.submissionId)) titles.set(x.submissionId, x.submissionTitle);
  const title = (sid: string) => titles.get(sid) ?? sid;
  const reviewers = reviewerRows(d, plan?.facts);
  const email = (sub: string) => reviewers.find((x) => x.sub === sub)?.email || sub;

  return (
    <article class="round-page">
      <p class="breadcrumbs">
        <Link href={base}>{c.title}</Link> › <Link href={`${base}/rounds`}>{t('round.breadcrumbRounds')}</Link> ›
      </p>
      <div class="page-head">
        <div>
          <h1>{r.name}</h1>
          <p class="meta-line">
            <RoundBadges kind={r.kind} phase={r.phase} blind={r.blind} />
          </p>
        </div>
        <div class="actions">
          {r.kind === 'expo' && (
            <Link href={expoLiveHref(id, r.id)} class="btn btn-primary">
              {t('round.liveView')}
            </Link>
          )}
          <Link href={`${base}/ranking`} class="btn">
            {t('round.ranking')}
          </Link>
          {allows(c, 'edit-rounds') && !resultsFrozen(c.phase) && (
            <Link href={`${base}/rounds/${enc(r.id)}/edit`} class="btn">
              {t('round.editRound')}
            </Link>
          )}
        </div>
      </div>
      {flash && <Notice kind="success">{flash}</Notice>}
      <EvaluationFrozen c={c} />
      {readOnlyNote(c, 'assign-reviewers') && <p class="muted">{readOnlyNote(c, 'assign-reviewers')}</p>}
      <dl class="details round-facts">
        <dt>{t('round.facts.window')}</dt>
        <dd>
          <RoundWindow round={r} tz={tz} />
        </dd>
        {r.kind === 'expo' ? (
          <>
            <dt>{t('round.facts.judging')}</dt>
            <dd>
              {t('round.facts.pairwise', { method: r.expo?.method ? expoMethodLabel(r.expo.method) : t('round.facts.defaultMethod') })}
              {r.expo && (
                <>
                  {' '}
                  {t('round.facts.expoLimits', { minVisits: r.expo.minVisits, maxJudges: r.expo.maxJudgesPerTable, undoSeconds: r.expo.undoSeconds })}
                  {r.expo.compareCriteria ? ` ${t('round.facts.perCriterion')}` : ''}
                </>
              )}
            </dd>
          </>
        ) : (
          <>
            <dt>{t('round.facts.reviewsPerSubmission')}</dt>
            <dd>
              {t('round.facts.reviewsPerSubmissionValue', { k: r.k, maxLoad: r.maxLoad })}
            </dd>
          </>
        )}
        <dt>{t('round.facts.weight')}</dt>
        <dd>{r.weight}</dd>
        <dt>{t('round.facts.rubric')}</dt>
        <dd>{r.rubric.map((x) => `${x.name} (${x.scale.min}–${x.scale.max})`).join(', ')}</dd>
        {r.shortlist && (
          <>
            <dt>{t('round.facts.shortlist')}</dt>
            <dd>
              <ShortlistText shortlist={r.shortlist} rounds={d.rounds} />
            </dd>
          </>
        )}
      </dl>

      {r.kind === 'expo' && <ExpoTablesPanel competitionId={id} roundId={r.id} frozen={resultsFrozen(c.phase) || !allows(c, 'expo-tables')} />}
      {r.kind !== 'peer' && <Invitations data={d} onChange={res.reload} more={<LoadMore list={invitationList} label={t('round.more.invitations')} />} />}
      {r.kind !== 'expo' && (
        <>
          <Assignment data={d} title={title} email={email} plan={plan} setPlan={setPlan} onChange={res.reload} more={<LoadMore list={reviewList} label={t('round.more.assignments')} />} />
          <RoundSpread competitionId={id} roundId={r.id} />
          {r.kind === 'peer' && r.impartial && <ImpartialShortlist competitionId={id} roundId={r.id} />}
          <ReviewerConsensus competitionId={id} roundId={r.id} />
          <Reviewers data={d} rows={reviewers} plan={plan?.facts} onDropped={() => (setPlan(undefined), res.reload())} more={<LoadMore list={reviewerList} label={t('round.more.reviewers')} />} />
          <Conflicts data={d} title={title} email={email} reviewers={reviewers} refresh={res.data.conflicts.stale ? (res.data.conflicts.refresh ?? null) : undefined} onChange={res.reload} more={<LoadMore list={conflictList} label={t('round.more.conflicts')} />} />
        </>
      )}
    </article>
  );
}

/**
 * What the page shows of a plan, whichever way it came: a preview's stored summary (read a page
 * at a time: `preview` holds its first page of pairs).
 */
interface PlanFacts {
  loads: Record<string, number>;
  pairs: number;
  added: number;
  removed: number;
  kept: number;
  totalAffinity: number;
  reviewers: number;
  submissions: number;
  conflicts: number;
  /** The first ones (a preview keeps the first 200); `shortfallCount` counts them all. */
  shortfalls: PreviewPage['summary']['result']['shortfalls'];
  shortfallCount: number;
  /** Reviewers whose minimum load no assignment can meet, and why. */
  minimumShortfalls: NonNullable<PreviewPage['summary']['result']['minimumShortfalls']>;
  /** A randomised round's draw: q, the run and its seed, the expected affinity against the deterministic optimum. */
  randomised?: PreviewPage['summary']['result']['randomised'];
}
interface ShownPlan {
  facts: PlanFacts;
  applied: boolean;
  preview?: PreviewPage;
}
const factsOfPreview = ({ summary: s }: PreviewPage): PlanFacts => ({
  loads: s.result.loads,
  pairs: s.counts.pairs,
  added: s.counts.added,
  removed: s.counts.removed,
  kept: s.counts.kept,
  totalAffinity: s.result.totalAffinity,
  reviewers: s.reviewers,
  submissions: s.submissions,
  conflicts: s.conflicts,
  shortfalls: s.result.shortfalls,
  shortfallCount: s.result.shortfallCount,
  minimumShortfalls: s.result.minimumShortfalls ?? [],
  ...(s.result.randomised ? { randomised: s.result.randomised } : {}),
});

interface ReviewerRow {
  sub: string;
  email: string;
  assigned: number;
  submitted: number;
  /** Known only after a preview or run: whether the solver's pool has them. */
  inPool?: boolean;
}

/**
 * The reviewers: the pool's pages loaded so far (with their loads as the server counts them), and
 * anyone else the loaded reviews, conflicts, invitations and the last plan name.
 */
function reviewerRows(d: RoundData, plan: PlanFacts | undefined): ReviewerRow[] {
  const rows = new Map<string, ReviewerRow>();
  const counted = new Set<string>();
  const add = (sub: string, email: string) => {
    const row = rows.get(sub) ?? { sub, email: '', assigned: 0, submitted: 0 };
    if (!row.email && email) row.email = email;
    rows.set(sub, row);
    return row;
  };
  for (const x of d.reviewers) {
    const row = add(x.sub, x.email);
    row.assigned = x.assigned;
    row.submitted = x.submitted;
    if (!x.active) row.inPool = false; // dropped
    counted.add(x.sub);
  }
  for (const rv of d.reviews) {
    const row = add(rv.reviewerSub, rv.reviewerEmail);
    if (counted.has(rv.reviewerSub)) continue;
    row.assigned++;
    if (rv.status === 'submitted') row.submitted++;
  }
  for (const c of d.conflicts) if (d.round.kind === 'peer' || c.reviewerEmail) add(c.reviewerSub, c.reviewerEmail);
  for (const i of d.invitations) if (i.roundId === d.round.id && i.acceptedBy) add(i.acceptedBy, i.email);
  if (plan) {
    for (const sub of Object.keys(plan.loads)) add(sub, '');
    for (const row of rows.values()) row.inPool = sub(plan, row.sub);
  }
  return [...rows.values()].sort((a, b) => (a.email || a.sub).localeCompare(b.email || b.sub));
}
const sub = (plan: PlanFacts, s: string) => Object.hasOwn(plan.loads, s);

// ——— Invitations ———

function Invitations({ data: d, onChange, more }: { data: RoundData; onChange: () => void; more?: ComponentChildren }) {
  const [text, setText] = useState('');
  const [sent, setSent] = useState<SentInvitation[]>();
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState('');
  const [acting, setActing] = useState('');
  const [dialog, ask] = useConfirm();
  const emails = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const fields = (error instanceof ApiError ? error.fields : undefined) ?? {};
  // Per-address errors come back as "emails.2": name the address on the field.
  const bad = Object.entries(fields).find(([k]) => k.startsWith('emails.'));
  const errors = fields.emails ? fields : bad ? { emails: t('round.invite.fieldError', { address: emails[Number(bad[0].split('.')[1])] ?? t('round.invite.anAddress'), error: bad[1] }) } : fields;
  const list = d.invitations.filter((i) => i.roundId === d.round.id).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const inviting = allows(d.competition, 'invite-reviewers');

  async function invite() {
    setBusy(true);
    setError(undefined);
    setCopied('');
    try {
      if (emails.length === 0) throw new ApiError(400, 'VALIDATION', t('round.invite.noEmails'), { emails: t('round.invite.noEmails') });
      const r = await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/invitations', {
        params: { path: { competitionId: d.competition.id, roundId: d.round.id } },
        body: { emails },
      });
      setSent(r.items);
      setText('');
      onChange();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  /** Resend (a new link; the old one stops working) or revoke one invitation (H5). */
  async function act(i: InvitationItem, what: 'resend' | 'revoke') {
    if (what === 'revoke' && !(await ask({ title: t('round.invite.revokeTitle', { email: i.email }), body: t('round.invite.revokeBody'), action: t('round.invite.revokeAction'), danger: true }))) return;
    setActing(i.id);
    setError(undefined);
    setCopied('');
    try {
      const path = { competitionId: d.competition.id, invitationId: i.id };
      if (what === 'resend') setSent([await api.POST('/api/competitions/{competitionId}/invitations/{invitationId}/resend', { params: { path } })]);
      else await api.DELETE('/api/competitions/{competitionId}/invitations/{invitationId}', { params: { path } });
      onChange();
    } catch (e) {
      setError(e as Error);
    } finally {
      setActing('');
    }
  }

  async function copy(email: string, url: string) {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      const input = document.getElementById(fieldId(`link-${email}`)) as HTMLInputElement | null;
      input?.select();
      document.execCommand('copy');
    }
    setCopied(email);
  }

  return (
    <section class="panel section" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">{t('round.invite.heading')}</h2>
      <p class="muted">
        {tx('round.invite.intro', { link: (chunks) => <Link href={`/competitions/${enc(d.competition.id)}/messages`}>{chunks}</Link> })}
      </p>
      {dialog}
      {inviting && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void invite();
          }}
        >
          <ErrorSummary error={error} labels={{ emails: t('round.invite.emails') }} />
          <Field path="emails" label={t('round.invite.emails')} errors={errors} hint={t('round.invite.emailsHint')}>
            {(a11y) => <textarea {...a11y} rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder="investor@example.com" />}
          </Field>
          <button type="submit" class="btn btn-primary" disabled={busy}>
            {busy ? t('round.invite.inviting') : emails.length > 1 ? t('round.invite.submitMany', { count: emails.length }) : t('round.invite.submit')}
          </button>
        </form>
      )}
      {sent && sent.length > 0 && (
        <div class="invite-links" role="region" aria-label={t('round.invite.links')}>
          <h3>{t('round.invite.sentHeading')}</h3>
          <p class="hint">{t('round.invite.shownOnce', { date: formatLocal(sent[0]!.expiresAt) })}</p>
          <ul class="plain">
            {sent.map((s) => {
              const url = location.origin + s.link;
              const fid = fieldId(`link-${s.email}`);
              return (
                <li key={s.email} class="invite-link">
                  <label for={fid}>{t('round.invite.linkFor', { email: s.email })}</label>
                  <p class={s.sent ? 'hint' : 'field-error'}>
                    {s.sent ? t('round.invite.mailSent') : s.mailState === 'suppressed' ? t('round.invite.suppressed', { error: s.mailError ?? '' }) : t('round.invite.notSentReason', { reason: s.mailError ?? t('round.invite.unknownReason') })}
                  </p>
                  <div class="copy-row">
                    <input id={fid} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
                    <button type="button" class="btn btn-small" onClick={() => void copy(s.email, url)} aria-label={t('round.invite.copyFor', { email: s.email })}>
                      {copied === s.email ? t('round.invite.copied') : t('round.invite.copy')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          <p class="sr-only" role="status" aria-live="polite">
            {copied && t('round.invite.linkCopied', { email: copied })}
          </p>
        </div>
      )}
      {list.length > 0 && (
        <DataTable
          columns={[t('round.invite.col.email'), t('round.invite.col.status'), t('round.invite.col.invited'), t('round.invite.col.sent'), t('round.invite.col.expires'), ...(inviting ? [ACTIONS_COLUMN] : [])]}
          caption={t('round.invite.caption')}
        >
          {list.map((i) => (
            <tr key={i.id}>
              <td class="break">
                {i.email} <MailStatusBadge status={i.mailStatus} />
                {i.mailStatus === 'suppressed' && allows(d.competition, 'clear-mail-suppressions') && <ClearSuppression competitionId={d.competition.id} address={i.email} ask={ask} onCleared={onChange} />}
              </td>
              <td>
                <span class={`badge badge-invite-${i.status}`}>{INVITE_STATUS[i.status] ? t(INVITE_STATUS[i.status]!) : i.status}</span>
              </td>
              <td>{formatLocal(i.createdAt)}</td>
              <td>
                {i.sentAt ? formatLocal(i.resentAt ?? i.sentAt) : i.mailState || i.mailError ? <MailNotSent mailState={i.mailState} mailError={i.mailError} /> : <span class="field-error">{t('round.invite.notSent')}</span>}
                {i.resends ? <span class="muted"> {t('round.invite.resent', { count: i.resends })}</span> : null}
              </td>
              <td>{i.status === 'accepted' ? t('round.invite.acceptedAt', { date: formatLocal(i.acceptedAt) }) : i.status === 'revoked' ? t('round.invite.revokedAt', { date: formatLocal(i.revokedAt) }) : formatLocal(i.expiresAt)}</td>
              {inviting && (
                <td>
                  <div class="actions">
                  {i.status !== 'accepted' && (
                    <button type="button" class="btn btn-small" disabled={acting !== ''} onClick={() => void act(i, 'resend')} aria-label={t('round.invite.resendTo', { email: i.email })}>
                      {acting === i.id ? t('round.invite.sending') : t('round.invite.resend')}
                    </button>
                  )}
                  {(i.status === 'pending' || i.status === 'expired') && (
                    <button type="button" class="btn btn-small btn-danger-ghost" disabled={acting !== ''} onClick={() => void act(i, 'revoke')} aria-label={t('round.invite.revokeTo', { email: i.email })}>
                      {t('round.invite.revoke')}
                    </button>
                  )}
                  </div>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {more}
    </section>
  );
}

// ——— Assignment ———

function Assignment({
  data: d,
  title,
  email,
  plan,
  setPlan,
  onChange,
  more,
}: {
  data: RoundData;
  title: (id: string) => string;
  email: (sub: string) => string;
  plan: ShownPlan | undefined;
  setPlan: (p: ShownPlan | undefined) => void;
  onChange: () => void;
  /** "Load more" of the assignments. */
  more?: ComponentChildren;
}) {
  const [busy, setBusy] = useState<'preview' | 'run'>();
  const [job, setJob] = useState<Job>();
  const [msg, setMsg] = useState<Msg>();
  const r = d.round;
  const minLoad = Math.min(r.maxLoad, r.minLoad ?? (r.kind === 'peer' ? 1 : 0)); // as the solver takes it (domain/evaluation.ts roundMinLoad)
  const path = { competitionId: d.competition.id, roundId: r.id };
  const submitted = d.reviews.filter((x) => x.status === 'submitted').length;
  const rows = [...d.reviews].sort((a, b) => title(a.submissionId).localeCompare(title(b.submissionId)) || email(a.reviewerSub).localeCompare(email(b.reviewerSub)));

  async function go(kind: 'preview' | 'run') {
    setBusy(kind);
    setMsg(undefined);
    try {
      if (kind === 'preview') {
        // A job too: the page follows its progress, then reads the stored preview a page at a time.
        const started = await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/assignment/preview', { params: { path } });
        const done = await followJob(started, setJob);
        const first = await previewPage(path.competitionId, path.roundId, done.id);
        setPlan({ facts: factsOfPreview(first), applied: false, preview: first });
        return;
      }
      // A job: the page follows its progress, then shows what it saved.
      const started = await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/assignment', { params: { path } });
      const done = await followJob(started, setJob);
      setPlan(undefined); // a preview shown before is out of date now
      const c = done.result?.counts ?? {};
      const short = c.shortfalls ?? 0;
      setMsg({
        kind: short === 0 ? 'success' : 'info',
        text: t('round.assign.saved', { added: c.added ?? 0, removed: c.removed ?? 0, kept: c.kept ?? 0 }) + (short === 0 ? '' : ` ${t('round.assign.savedShort', { count: short })}`),
      });
      onChange();
    } catch (e) {
      setMsg({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(undefined);
      setJob(undefined);
    }
  }

  return (
    <section class="panel section" aria-labelledby="assignment-heading">
      <h2 id="assignment-heading">{t('round.assign.heading')}</h2>
      <p class="muted">
        {t('round.assign.intro', {
          k: r.k,
          maxLoad: r.maxLoad,
          minimum: minLoad > 0 ? (r.kind === 'peer' ? 'duty' : 'some') : 'none',
          minLoad,
          objective: r.assignmentObjective === 'affinity-first' ? 'affinityFirst' : 'loadsFirst',
        })}
      </p>
      {allows(d.competition, 'assign-reviewers') && (
        <div class="actions">
          <button type="button" class="btn" disabled={!!busy} onClick={() => void go('preview')}>
            {busy === 'preview' ? t('round.assign.working') : t('round.assign.preview')}
          </button>
          <button type="button" class="btn btn-primary" disabled={!!busy || r.phase === 'closed'} onClick={() => void go('run')}>
            {busy === 'run' ? t('round.assign.assigning') : t('round.assign.run')}
          </button>
          {r.phase === 'closed' && <span class="muted">{t('round.assign.closed')}</span>}
        </div>
      )}
      {busy === 'run' && <JobProgress job={job} label={t('round.assign.runningJob')} />}
      {busy === 'preview' && <JobProgress job={job} label={t('round.assign.previewJob')} />}
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {plan && <PlanSummary plan={plan.facts} applied={plan.applied} k={r.k} maxLoad={r.maxLoad} title={title} email={email} />}
      {plan?.preview && <PreviewPairs key={plan.preview.jobId} first={plan.preview} competitionId={d.competition.id} roundId={r.id} title={title} email={email} />}

      <h3>{t('round.assign.current')}</h3>
      {d.reviews.length === 0 ? (
        <p class="muted">{t('round.assign.none')}</p>
      ) : (
        <>
          <ProgressLine done={submitted} total={d.reviews.length} label={t('round.assign.progressLabel')} suffix={t('round.assign.progressSuffix')} />
          <DataTable columns={[t('round.col.submission'), t('round.col.reviewer'), t('round.col.status'), t('round.col.origin')]} caption={t('round.assign.current')} hideCaption>
            {rows.map((x) => (
              <tr key={`${x.submissionId}/${x.reviewerSub}`}>
                <td>
                  <Link href={`/competitions/${enc(d.competition.id)}/submissions/${enc(x.submissionId)}`}>{title(x.submissionId)}</Link>
                </td>
                <td class="break">{x.reviewerEmail || email(x.reviewerSub)}</td>
                <td>
                  <ReviewStatusBadge status={x.status} />
                </td>
                <td>{x.origin === 'pinned' ? t('round.origin.pinned') : x.origin === 'extra' ? t('round.origin.extra') : t('round.origin.solver')}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
      {more}
    </section>
  );
}

function PlanSummary({ plan: p, applied, k, maxLoad, title, email }: { plan: PlanFacts; applied: boolean; k: number; maxLoad: number; title: (id: string) => string; email: (sub: string) => string }) {
  const loads = Object.values(p.loads);
  const min = loads.length ? Math.min(...loads) : 0;
  const max = loads.length ? Math.max(...loads) : 0;
  const wanted = p.submissions * k;
  return (
    <div class="plan" role="region" aria-label={applied ? t('round.plan.result') : t('round.plan.preview')}>
      <h3>{applied ? t('round.plan.resultHeading') : t('round.plan.previewHeading')}</h3>
      <ul class="plan-facts">
        <li>{tx('round.plan.wanted', { submissions: p.submissions, k, wanted, pairs: p.pairs, strong })}</li>
        <li>{tx('round.plan.loads', { reviewers: p.reviewers, spread: min === max ? 'same' : 'range', min, max, maxLoad, strong })}</li>
        <li>{tx('round.plan.affinity', { affinity: p.totalAffinity, strong, muted })}</li>
        <li>{tx('round.plan.changes', { added: p.added, removed: p.removed, kept: p.kept, strong })}</li>
        <li>{tx('round.plan.conflicts', { conflicts: p.conflicts, strong })}</li>
        {p.randomised && (
          <li>
            {tx('round.plan.randomised', { q: String(p.randomised.q), run: String(p.randomised.run ?? '–'), seed: String(p.randomised.seed), strong })}
            {p.randomised.affinityRatio !== undefined && <span class="muted"> {t('round.plan.expectedAffinity', { percent: Math.round(p.randomised.affinityRatio * 100) })}</span>}
          </li>
        )}
      </ul>
      {p.shortfallCount === 0 ? (
        <p class="plan-ok">{t('round.plan.ok', { k })}</p>
      ) : (
        <div class="notice notice-warning">
          <strong>{t('round.plan.notEnough', { count: p.shortfallCount })}</strong>
          <ul>
            {p.shortfalls.map((s) => (
              <li key={s.submission}>
                {t('round.plan.shortfall', { title: title(s.submission), missing: s.missing, k, reason: shortfallText(s) })}
              </li>
            ))}
          </ul>
          {p.shortfallCount > p.shortfalls.length && <p>{t('round.plan.andMore', { count: p.shortfallCount - p.shortfalls.length })}</p>}
          {p.reviewers === 0 ? t('round.plan.inviteFirst') : t('round.plan.inviteMore')}
        </div>
      )}
      {p.minimumShortfalls.length > 0 && (
        <div class="notice notice-warning" role="status">
          <strong>{t('round.plan.minimumHeading')}</strong>
          <ul>
            {p.minimumShortfalls.map((m) => {
              const list = m.reviewers.slice(0, 10).map(email).join(', ');
              const who = m.reviewers.length > 10 ? t('round.plan.whoAndOthers', { list, count: m.reviewers.length - 10 }) : list;
              return (
                <li key={m.reviewers.join(' ')}>
                  {t('round.plan.minimumShort', { who, count: m.reviewers.length, minimum: m.minimum === null ? 'none' : String(m.minimum), missing: m.missing, detail: m.detail })}
                </li>
              );
            })}
          </ul>
          {t('round.plan.minimumAdvice')}
        </div>
      )}
    </div>
  );
}

const CHANGE_LABEL: Record<PreviewPage['items'][number]['change'], MessageKey> = { added: 'round.change.added', kept: 'round.change.kept', removed: 'round.change.removed' };
const INVITE_STATUS: Partial<Record<string, MessageKey>> = {
  pending: 'round.invite.status.pending',
  accepted: 'round.invite.status.accepted',
  expired: 'round.invite.status.expired',
  revoked: 'round.invite.status.revoked',
};
/** Tags of the plan's messages. */
const strong = (chunks: ComponentChildren[]) => <strong>{chunks}</strong>;
const muted = (chunks: ComponentChildren[]) => <span class="muted">{chunks}</span>;

/** The preview's pairs, a page at a time ("Load more"), as the stored preview lists them. */
function PreviewPairs({ first, competitionId, roundId, title, email }: { first: PreviewPage; competitionId: string; roundId: string; title: (id: string) => string; email: (sub: string) => string }) {
  const list = useLoadMore(first, (cursor) => previewPage(competitionId, roundId, first.jobId, cursor));
  if (list.items.length === 0) return null;
  return (
    <>
      <DataTable columns={[t('round.col.submission'), t('round.col.reviewer'), t('round.col.change')]} caption={t('round.plan.pairsCaption')}>
        {list.items.map((x) => (
          <tr key={`${x.submissionId}/${x.reviewerSub}/${x.change}`}>
            <td>{title(x.submissionId)}</td>
            <td class="break">{email(x.reviewerSub)}</td>
            <td>{t(CHANGE_LABEL[x.change])}</td>
          </tr>
        ))}
      </DataTable>
      <LoadMore list={list} label={t('round.more.previewPairs')} />
    </>
  );
}

// ——— Reviewers ———

function Reviewers({
  data: d,
  rows,
  plan,
  onDropped,
  more,
}: {
  data: RoundData;
  rows: ReviewerRow[];
  plan: PlanFacts | undefined;
  onDropped: () => void;
  more?: ComponentChildren;
}) {
  const [busy, setBusy] = useState('');
  const [job, setJob] = useState<Job>();
  const [msg, setMsg] = useState<Msg>();
  async function drop(row: ReviewerRow) {
    const who = row.email || row.sub;
    if (!confirm(t('round.drop.confirm', { who, round: d.round.name }))) return;
    setBusy(row.sub);
    setMsg(undefined);
    try {
      // Dropped at once; the round's assignment job hands their reviews on: the page follows it.
      const started = await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/reviewers/{reviewerSub}/drop', {
        params: { path: { competitionId: d.competition.id, roundId: d.round.id, reviewerSub: row.sub } },
      });
      const done = await followJob(started, setJob);
      const added = done.result?.counts?.added ?? 0;
      setMsg({ kind: 'success', text: t('round.drop.done', { who, added }) });
      onDropped();
    } catch (e) {
      setMsg({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy('');
      setJob(undefined);
    }
  }
  return (
    <section class="panel section" aria-labelledby="reviewers-heading">
      <h2 id="reviewers-heading">{t('round.reviewers.heading')}</h2>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {busy && <JobProgress job={job} label={t('round.reviewers.reassigning')} />}
      {rows.length === 0 ? (
        <p class="muted">{d.round.kind === 'peer' ? t('round.reviewers.peerEmpty') : t('round.reviewers.empty')}</p>
      ) : (
        <DataTable
          columns={[t('round.col.reviewer'), { label: t('round.col.assigned'), num: true }, { label: t('round.col.submitted'), num: true }, ACTIONS_COLUMN]}
          caption={t('round.reviewers.heading')}
          hideCaption
        >
          {rows.map((row) => (
            <tr key={row.sub}>
              <td class="break">
                {row.email || row.sub}
                {row.inPool === false && <span class="muted"> {t('round.reviewers.notInPool')}</span>}
              </td>
              <td class="num">{row.assigned}</td>
              <td class="num">{row.submitted}</td>
              <td>
                {row.inPool !== false && allows(d.competition, 'assign-reviewers') && (
                  <button
                    type="button"
                    class="btn btn-small btn-danger-ghost"
                    disabled={!!busy || d.round.phase === 'closed'}
                    onClick={() => void drop(row)}
                    aria-label={t('round.reviewers.dropLabel', { who: row.email || row.sub })}
                  >
                    {busy === row.sub ? t('round.reviewers.dropping') : t('round.reviewers.drop')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {more}
    </section>
  );
}

// ——— Conflicts and pins ———

const SOURCE_LABEL: Partial<Record<string, MessageKey>> = {
  'own-submission': 'round.source.ownSubmission',
  'same-organisation': 'round.source.sameOrganisation',
  'same-team-member': 'round.source.sameTeamMember',
  'same-email-domain': 'round.source.sameEmailDomain',
  declared: 'round.source.declared',
  organiser: 'round.source.organiser',
};

/**
 * An automatic conflict's reason in the reader's language, from its source and particular; one a
 * person wrote (declared, organiser) as written, and one listed before particulars were kept as stored.
 */
function conflictReasonText(c: { source: string; reason: string; detail?: string }): string {
  if (c.source === 'own-submission') return t('round.conflictReason.ownSubmission');
  if (c.source === 'same-organisation') return t('round.conflictReason.sameOrganisation');
  if (c.source === 'same-team-member' && c.detail) return t('round.conflictReason.sameTeamMember', { detail: c.detail });
  if (c.source === 'same-email-domain' && c.detail) return t('round.conflictReason.sameEmailDomain', { detail: c.detail });
  return c.reason;
}

function Conflicts({
  data: d,
  title,
  email,
  reviewers,
  refresh,
  onChange,
  more,
}: {
  data: RoundData;
  title: (id: string) => string;
  email: (sub: string) => string;
  reviewers: ReviewerRow[];
  /** While the automatic conflicts are being worked out again: the job doing it (null: not started here). */
  refresh?: Job | null;
  onChange: () => void;
  more?: ComponentChildren;
}) {
  const submissions = [...d.submissions].sort((a, b) => (a.title || '').localeCompare(b.title || ''));
  const [job, setJob] = useState<Job>();
  useEffect(() => {
    if (!refresh) return;
    let live = true;
    // Followed to its end, then the list is read again (current by then).
    followJob(refresh, (j) => live && setJob(j), () => live)
      .then(() => live && onChange())
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [refresh?.id]);
  return (
    <section class="panel section" aria-labelledby="conflicts-heading">
      <h2 id="conflicts-heading">{t('round.conflicts.heading')}</h2>
      <p class="muted">{t('round.conflicts.intro')}</p>
      {refresh !== undefined && (
        <Notice kind="info">
          {t('round.conflicts.refreshing')}
        </Notice>
      )}
      {refresh && <JobProgress job={job ?? refresh} label={t('round.conflicts.refreshJob')} />}
      {d.conflicts.length === 0 ? (
        <p class="muted">{t('round.conflicts.none')}</p>
      ) : (
        <DataTable columns={[t('round.col.submission'), t('round.col.reviewer'), t('round.col.source'), t('round.col.reason')]} caption={t('round.conflicts.heading')} hideCaption>
          {d.conflicts.map((c) => (
            <tr key={`${c.submissionId}/${c.reviewerSub}/${c.source}`}>
              <td>{c.submissionTitle || title(c.submissionId)}</td>
              <td class="break">{c.reviewerEmail || email(c.reviewerSub)}</td>
              <td>{SOURCE_LABEL[c.source] ? t(SOURCE_LABEL[c.source]!) : c.source}</td>
              <td>{conflictReasonText(c)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {more}
      {allows(d.competition, 'assign-reviewers') && (
        <div class="grid-2 pair-forms">
          <PairForm kind="forbid" data={d} submissions={submissions} reviewers={reviewers} onDone={onChange} />
          <PairForm kind="pin" data={d} submissions={submissions} reviewers={reviewers} onDone={onChange} />
        </div>
      )}
      {d.round.pins.length > 0 && (
        <>
          <h3>{t('round.conflicts.pinned')}</h3>
          <ul>
            {d.round.pins.map((p) => (
              <li key={`${p.submissionId}/${p.reviewerSub}`}>
                {title(p.submissionId)} — {email(p.reviewerSub)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PairForm({
  kind,
  data: d,
  submissions,
  reviewers,
  onDone,
}: {
  kind: 'forbid' | 'pin';
  data: RoundData;
  submissions: Submission[];
  reviewers: ReviewerRow[];
  onDone: () => void;
}) {
  const [submissionId, setSubmissionId] = useState('');
  const [reviewerSub, setReviewerSub] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | Error>();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  // Field errors come back as "submissionId" etc.; this form's fields are prefixed.
  const raw = (error instanceof ApiError ? error.fields : undefined) ?? {};
  const errors = Object.fromEntries(Object.entries(raw).map(([k, v]) => [`${kind}.${k}`, v]));
  const shown = error instanceof ApiError ? new ApiError(error.status, error.code, error.message, errors) : error;

  async function send() {
    setBusy(true);
    setError(undefined);
    setDone('');
    try {
      const missing: Record<string, string> = {};
      if (!submissionId) missing.submissionId = t('round.pair.chooseSubmission');
      if (!reviewerSub) missing.reviewerSub = t('round.pair.chooseReviewer');
      if (kind === 'forbid' && !reason.trim()) missing.reason = t('round.pair.sayWhy');
      if (Object.keys(missing).length) throw new ApiError(400, 'VALIDATION', t('round.pair.fieldsNeedAttention'), missing);
      const params = { path: { competitionId: d.competition.id, roundId: d.round.id } };
      if (kind === 'forbid')
        await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/conflicts', { params, body: { submissionId, reviewerSub, reason: reason.trim() } });
      else await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/pins', { params, body: { submissionId, reviewerSub } });
      const who = reviewers.find((x) => x.sub === reviewerSub)?.email || reviewerSub;
      const what = submissions.find((s) => s.id === submissionId)?.title || submissionId;
      setDone(kind === 'forbid' ? t('round.pair.forbidden', { who, what }) : t('round.pair.pinnedDone', { who, what }));
      setReason('');
      onDone();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  const heading = kind === 'forbid' ? t('round.pair.forbidHeading') : t('round.pair.pinHeading');
  return (
    <form
      class="pair-form"
      noValidate
      aria-labelledby={`${kind}-heading`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <h3 id={`${kind}-heading`}>{heading}</h3>
      <p class="hint">
        {kind === 'forbid'
          ? t('round.pair.forbidHint')
          : t('round.pair.pinHint')}
      </p>
      <ErrorSummary error={shown} labels={{ [`${kind}.submissionId`]: t('round.pair.submission'), [`${kind}.reviewerSub`]: t('round.pair.reviewer'), [`${kind}.reason`]: t('round.pair.reason') }} />
      <Field path={`${kind}.submissionId`} label={t('round.pair.submission')} errors={errors} required>
        {(a11y) => (
          <select {...a11y} value={submissionId} onChange={(e) => setSubmissionId(e.currentTarget.value)}>
            <option value="">{t('round.pair.choosePlaceholderSubmission')}</option>
            {submissions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title || t('common.untitled')}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field path={`${kind}.reviewerSub`} label={t('round.pair.reviewer')} errors={errors} required>
        {(a11y) => (
          <select {...a11y} value={reviewerSub} onChange={(e) => setReviewerSub(e.currentTarget.value)}>
            <option value="">{t('round.pair.choosePlaceholderReviewer')}</option>
            {reviewers.map((r) => (
              <option key={r.sub} value={r.sub}>
                {r.email || r.sub}
              </option>
            ))}
          </select>
        )}
      </Field>
      {kind === 'forbid' && (
        <Field path="forbid.reason" label={t('round.pair.reason')} errors={errors} required>
          {(a11y) => <input type="text" {...a11y} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
        </Field>
      )}
      <button type="submit" class={`btn ${kind === 'forbid' ? 'btn-danger-ghost' : ''}`} disabled={busy}>
        {busy ? t('common.saving') : kind === 'forbid' ? t('round.pair.forbid') : t('round.pair.pin')}
      </button>
      {done && (
        <p class="form-done" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

