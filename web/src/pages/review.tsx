/**
 * The review workspace: one assigned submission (blind where the round says so), its pitch, and
 * the scoring form — save a draft, submit, revise until the window closes, or declare a conflict.
 */
import { FileLink } from '../components/question-fields.tsx';
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, enc } from '../api.ts';
import { RoundBadges } from '../components/round-info.tsx';
import { NotCounted } from '../components/moderation.tsx';
import { ReviewComments } from '../components/submission-parts.tsx';
import { Checkbox, ErrorSummary, fieldId, LoadError, Loading, Notice, ReviewStatusBadge, Tags, TextArea } from '../components/ui.tsx';
import { setFlash } from '../flash.ts';
import { formatDuration, formatLocal } from '../format.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { RequireSignIn } from '../session.tsx';
import type { Criterion, ReviewQueueGroup, ReviewWorkspace } from '../types.ts';
import { t, tx, type MessageKey } from '../i18n.ts';
import { localisedReview } from '../content.ts';

export function ReviewPage(p: { id: string; roundId: string; submissionId: string }) {
  return (
    <RequireSignIn what={t('review.signInWhat')}>
      <ReviewLoader {...p} />
    </RequireSignIn>
  );
}

function ReviewLoader({ id, roundId, submissionId }: { id: string; roundId: string; submissionId: string }) {
  const path: ReviewPath = { competitionId: id, roundId, submissionId };
  const res = useResource(() => api.GET('/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}', { params: { path } }).then(localisedReview), `${id}/${roundId}/${submissionId}`);
  useTitle(res.data ? t('review.pageTitle', { title: res.data.submission.title || t('common.untitled') }) : t('review.pageTitleLoading'));
  // While the next review loads, the previous one's data is not shown as if it were this one.
  if (res.loading && (!res.data || res.data.submission.id !== submissionId || res.data.round.id !== roundId)) return <Loading label={t('review.loading')} />;
  if (!res.data) {
    const e = res.error as Partial<ApiError>;
    if (e.status === 404) return <Notice kind="error">{t('review.notAssigned')}</Notice>;
    return <LoadError error={res.error} />;
  }
  // A fresh form whenever the stored review changes (after a reload, for instance).
  return <Workspace key={`${roundId}/${submissionId}/${res.data.review.version}`} ws={res.data} path={path} reload={res.reload} />;
}

/** Which review: the path parameters of the review's operations. */
interface ReviewPath {
  competitionId: string;
  roundId: string;
  submissionId: string;
}

interface Form {
  scores: Record<string, number | undefined>;
  comments: Record<string, string>;
  overallComment: string;
  meet: boolean;
  privateNote: string;
}

function initialForm(ws: ReviewWorkspace): Form {
  return {
    scores: { ...ws.review.scores },
    comments: { ...ws.review.comments },
    overallComment: ws.review.overallComment,
    meet: ws.review.meet,
    privateNote: ws.review.privateNote,
  };
}

function Workspace({ ws, path, reload }: { ws: ReviewWorkspace; path: ReviewPath; reload: () => void }) {
  const { round, submission: s, competition } = ws;
  const investor = round.kind !== 'peer';
  const [form, setForm] = useState<Form>(() => initialForm(ws));
  const [review, setReview] = useState(ws.review);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<ApiError | Error>();
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState<'save' | 'submit'>();
  const [saved, setSaved] = useState('');
  /** Set once this page has submitted the review: what to do next. */
  const [next, setNext] = useState<{ href?: string; title?: string }>();
  const editable = round.phase === 'open';
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};
  const labels = Object.fromEntries(round.rubric.flatMap((c) => [[`scores.${c.id}`, c.name], [`comments.${c.id}`, t('review.commentOn', { criterion: c.name })]]));
  const submitted = review.status === 'submitted';
  const scored = round.rubric.filter((c) => form.scores[c.id] !== undefined).length;

  const update = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDirty(true);
    setSaved('');
  };

  function body(version: number) {
    const scores: Record<string, number> = {};
    for (const [k, v] of Object.entries(form.scores)) if (v !== undefined) scores[k] = v;
    const comments: Record<string, string> = {};
    for (const [k, v] of Object.entries(form.comments)) if (v.trim() !== '') comments[k] = v;
    return {
      scores,
      comments,
      overallComment: form.overallComment,
      meet: investor ? form.meet : false,
      privateNote: investor ? form.privateNote : '',
      version,
    };
  }

  async function keepDraft() {
    try {
      setReview(await api.PUT('/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}', { params: { path }, body: body(review.version) }));
      setDirty(false);
    } catch {
      // The refusal is what the reviewer is shown; the form keeps their work either way.
    }
  }

  async function save(andSubmit: boolean) {
    setBusy(andSubmit ? 'submit' : 'save');
    setError(undefined);
    setSaved('');
    try {
      if (andSubmit && review.status !== 'submitted') {
        // Saved and submitted in one request and one write (issue 10 cost); refused, nothing is saved.
        const { version, ...content } = body(review.version);
        const r = await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}/submit', { params: { path }, body: { version, content } });
        setReview(r);
        setDirty(false);
        setNext(await nextReview(path));
        return;
      }
      const r = await api.PUT('/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}', { params: { path }, body: body(review.version) });
      setReview(r);
      setDirty(false);
      setSaved(r.status === 'submitted' ? t('review.changesSaved') : t('review.draftSaved', { date: formatLocal(r.updatedAt) }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') setStale(true);
      else {
        // An incomplete review is refused whole: keep the work as a draft, as saving first did.
        if (andSubmit && review.status !== 'submitted' && e instanceof ApiError && e.status === 422) await keepDraft();
        setError(e as Error);
        // Refused because the round or the competition closed since the page was opened: read where
        // they stand now, so the form stops offering what the server refuses.
        if (e instanceof ApiError && e.status === 409) reload();
      }
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <article class="review-page">
      <p class="breadcrumbs">
        <Link href="/me/reviews">{t('review.breadcrumbMyReviews')}</Link> › {competition.title} › {round.name}
      </p>
      <div class="page-head">
        <div>
          <h1>{s.title || t('review.untitledSubmission')}</h1>
          <p class="meta-line">
            <RoundBadges kind={round.kind} phase={round.phase} /> <ReviewStatusBadge status={review.status} />
            {s.organisationName && (
              <span>
                {s.organisationName}
                {s.country && <span class="muted"> · {s.country}</span>}
              </span>
            )}
          </p>
        </div>
      </div>
      {round.blind && (
        <Notice kind="info">
          {tx('review.blind', { strong: (chunks) => <strong>{chunks}</strong> })}
        </Notice>
      )}
      <NotCounted exclusion={review.exclusion} />
      {round.phase === 'upcoming' && <Notice kind="warning">{t('review.opensLater', { date: formatLocal(round.opensAt) })}</Notice>}
      {round.phase === 'closed' && (
        <Notice kind="warning">
          {Date.parse(round.closesAt) > Date.now()
            ? t('review.closedDecided')
            : t('review.closedAt', { date: formatLocal(round.closesAt) })}
        </Notice>
      )}
      {stale && (
        <div class="notice notice-error stale" role="alert">
          <span>{t('review.stale')}</span>{' '}
          <button type="button" class="btn btn-small" onClick={reload}>
            {t('review.reload')}
          </button>
        </div>
      )}

      <div class="review-layout">
        <div class="review-submission">
          {ws.pitch && (
            <section class="pitch-panel review-pitch" aria-labelledby="review-pitch-heading">
              <h2 id="review-pitch-heading">{t('review.pitch')}</h2>
              <figure class="pitch-player">
                <video
                  controls
                  preload="metadata"
                  playsInline
                  src={ws.pitch.playbackUrl}
                  aria-label={t('review.pitch')}
                  style={ws.pitch.width && ws.pitch.height ? { aspectRatio: `${ws.pitch.width} / ${ws.pitch.height}` } : undefined}
                />
                <figcaption>{formatDuration(ws.pitch.durationSeconds)}</figcaption>
              </figure>
            </section>
          )}
          <SubmissionDocument submission={s} />
          {ws.peerComments && (
            <section aria-labelledby="peer-comments-heading">
              <h2 id="peer-comments-heading">{t('review.peerComments')}</h2>
              {ws.peerComments.length === 0 ? (
                <p class="muted">{t('review.noPeerComments')}</p>
              ) : (
                <ul class="peer-comments">
                  {ws.peerComments.map((p, i) => (
                    <li key={i} class="panel">
                      <div class="muted">{t('review.peerReviewer', { n: i + 1 })}</div>
                      <ReviewComments overallComment={p.overallComment} comments={p.comments} rubric={round.rubric} />
                      {Object.entries(p.comments)
                        .filter(([k]) => !round.rubric.some((c) => c.id === k))
                        .map(([k, v]) => (
                          <p key={k} class="prose">
                            {v}
                          </p>
                        ))}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
        </div>

        <div class="review-side">
        {next && <AfterSubmit title={s.title} next={next} />}
        <form
          class="review-form"
          noValidate
          aria-labelledby="score-heading"
          onSubmit={(e) => {
            e.preventDefault();
            void save(false);
          }}
        >
          <h2 id="score-heading">{t('review.yourReview')}</h2>
          <ErrorSummary error={error} labels={labels} />
          <fieldset class="plain-fieldset" disabled={!editable || stale}>
            {round.rubric.map((c) => (
              <CriterionInput
                key={c.id}
                c={c}
                value={form.scores[c.id]}
                comment={form.comments[c.id] ?? ''}
                error={errors[`scores.${c.id}`]}
                errors={errors}
                onValue={(v) => update({ scores: { ...form.scores, [c.id]: v } })}
                onComment={(v) => update({ comments: { ...form.comments, [c.id]: v } })}
              />
            ))}
            <TextArea
              path="overallComment"
              label={t('review.overallComment')}
              hint={investor ? t('review.overallHintInvestor') : t('review.overallHintPeer')}
              value={form.overallComment}
              onValue={(v) => update({ overallComment: v })}
              errors={errors}
              rows={5}
              maxLength={10000}
            />
            {investor && (
              <>
                <Checkbox path="meet" label={t('review.meet')} checked={form.meet} onChecked={(v) => update({ meet: v })} errors={errors} />
                <TextArea
                  path="privateNote"
                  label={t('review.privateNote')}
                  value={form.privateNote}
                  onValue={(v) => update({ privateNote: v })}
                  errors={errors}
                  rows={3}
                  maxLength={5000}
                />
              </>
            )}
          </fieldset>
          {editable && !stale && (
            <div class="form-actions">
              <button type="submit" class={`btn ${submitted ? 'btn-primary' : ''}`} disabled={!!busy}>
                {busy === 'save' ? t('common.saving') : submitted ? t('review.saveChanges') : t('review.saveDraft')}
              </button>
              {!submitted && (
                <button type="button" class="btn btn-primary" disabled={!!busy} onClick={() => void save(true)}>
                  {busy === 'submit' ? t('review.submitting') : t('review.submit')}
                </button>
              )}
              <span class="muted form-status" role="status" aria-live="polite">
                {saved || (dirty ? t('review.unsaved') : submitted ? t('review.submittedRevise') : t('review.criteriaScored', { scored, total: round.rubric.length }))}
              </span>
            </div>
          )}
        </form>
        {editable && !submitted && !stale && <DeclareConflict path={path} title={s.title} />}
        </div>
      </div>
    </article>
  );
}

/** The submission as a document: each part a heading and its text, at a readable measure. */
function SubmissionDocument({ submission: s }: { submission: ReviewWorkspace['submission'] }) {
  const parts: [MessageKey, string][] = [
    ['review.doc.summary', s.summary],
    ['review.doc.problem', s.problem],
    ['review.doc.solution', s.solution],
  ];
  return (
    <section class="submission-doc" aria-labelledby="submission-doc-heading">
      <h2 id="submission-doc-heading" class="sr-only">
        {t('review.doc.heading')}
      </h2>
      {(s.valueChain.length > 0 || s.sectors.length > 0) && (
        <dl class="submission-doc-tags">
          {s.valueChain.length > 0 && (
            <div>
              <dt>{t('review.doc.valueChain')}</dt>
              <dd>
                <Tags items={s.valueChain} />
              </dd>
            </div>
          )}
          {s.sectors.length > 0 && (
            <div>
              <dt>{t('review.doc.sectors')}</dt>
              <dd>
                <Tags items={s.sectors} />
              </dd>
            </div>
          )}
        </dl>
      )}
      {parts.map(([heading, text]) => (
        <Fragment key={heading}>
          <h3>{t(heading)}</h3>
          <p class="prose">{text || <span class="muted">—</span>}</p>
        </Fragment>
      ))}
      {s.answers.map((a, i) => (
        <Fragment key={i}>
          <h3>{a.question}</h3>
          <p class="prose">{a.file ? <FileLink file={a.file} /> : a.answer || <span class="muted">{t('review.doc.noAnswer')}</span>}</p>
        </Fragment>
      ))}
    </section>
  );
}

const QUEUE_ORDER: Record<string, number> = { assigned: 0, draft: 1, submitted: 2 };

/**
 * The next review in the reviewer's queue (as "My reviews" lists it): the first one not yet
 * submitted, in this round first, then in the other open rounds.
 */
async function nextReview(path: ReviewPath): Promise<{ href?: string; title?: string }> {
  try {
    const { items: groups } = await api.GET('/api/me/reviews');
    const here = (g: ReviewQueueGroup) => g.competitionId === path.competitionId && g.roundId === path.roundId;
    const ordered = [...groups.filter(here), ...groups.filter((g) => !here(g) && g.phase === 'open')];
    for (const g of ordered) {
      if (g.phase !== 'open') continue;
      const todo = g.items
        .filter((i) => i.status !== 'submitted' && !(here(g) && i.submissionId === path.submissionId))
        .sort((a, b) => (QUEUE_ORDER[a.status] ?? 0) - (QUEUE_ORDER[b.status] ?? 0) || a.title.localeCompare(b.title));
      const n = todo[0];
      if (n) return { href: `/competitions/${enc(g.competitionId)}/rounds/${enc(g.roundId)}/reviews/${enc(n.submissionId)}`, title: n.title || t('review.untitledSubmission') };
    }
    return {};
  } catch {
    // The queue could not be read: "Back to my reviews" still works.
    return {};
  }
}

/** After submitting: the next review in the queue, or back to the queue. */
function AfterSubmit({ title, next }: { title: string; next: { href?: string; title?: string } }) {
  const ref = useRef<HTMLDivElement>(null);
  // The Submit button is gone: put focus (and the view) on what comes next.
  useEffect(() => {
    const first = ref.current?.querySelector('a');
    first?.focus();
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <div class="notice notice-success after-submit" role="status" ref={ref}>
      <p>
        <strong>{t('review.after.submitted', { title: title || t('common.untitled') })}</strong>{' '}
        {next.href ? t('review.after.next', { title: next.title ?? '' }) : t('review.after.nothing')}
      </p>
      <div class="actions">
        {next.href && (
          <Link href={next.href} class="btn btn-primary">
            {t('review.after.nextReview')}
          </Link>
        )}
        <Link href="/me/reviews" class={`btn ${next.href ? '' : 'btn-primary'}`}>
          {t('review.after.back')}
        </Link>
      </div>
    </div>
  );
}

function CriterionInput({
  c,
  value,
  comment,
  error,
  errors,
  onValue,
  onComment,
}: {
  c: Criterion;
  value: number | undefined;
  comment: string;
  error: string | undefined;
  errors: Record<string, string>;
  onValue: (v: number | undefined) => void;
  onComment: (v: string) => void;
}) {
  const id = fieldId(`scores.${c.id}`);
  const legend = t('review.criterion.legend', { name: c.name, min: c.scale.min, max: c.scale.max });
  const points = Array.from({ length: c.scale.max - c.scale.min + 1 }, (_, i) => c.scale.min + i);
  const described = [c.description ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`criterion ${error ? 'criterion-invalid' : ''}`}>
      {points.length <= 11 ? (
        <fieldset class="score-group" id={id} tabIndex={-1} aria-describedby={described}>
          <legend>{legend}</legend>
          {c.description && (
            <div class="hint" id={`${id}-hint`}>
              {c.description}
            </div>
          )}
          <div class="score-options">
            {points.map((p) => (
              <label key={p} class="score-option">
                <input type="radio" name={id} value={p} checked={value === p} onChange={() => onValue(p)} />
                <span>{p}</span>
              </label>
            ))}
          </div>
          {error && (
            <div class="field-error" id={`${id}-error`}>
              {error}
            </div>
          )}
        </fieldset>
      ) : (
        <div class="field">
          <label for={id}>{legend}</label>
          {c.description && (
            <div class="hint" id={`${id}-hint`}>
              {c.description}
            </div>
          )}
          <select
            id={id}
            aria-describedby={described}
            aria-invalid={error ? true : undefined}
            value={value === undefined ? '' : String(value)}
            onChange={(e) => onValue(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))}
          >
            <option value="">{t('review.criterion.notScored')}</option>
            {points.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          {error && (
            <div class="field-error" id={`${id}-error`}>
              {error}
            </div>
          )}
        </div>
      )}
      <TextArea path={`comments.${c.id}`} label={t('review.criterion.comment', { name: c.name })} rows={2} value={comment} onValue={onComment} errors={errors} maxLength={5000} />
    </div>
  );
}

function DeclareConflict({ path, title }: { path: ReviewPath; title: string }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const errors = (error instanceof ApiError ? error.fields : undefined) ?? {};

  async function declare() {
    setError(undefined);
    if (!reason.trim()) {
      setError(new ApiError(400, 'VALIDATION', t('review.conflict.sayWhy'), { reason: t('review.conflict.giveReason') }));
      return;
    }
    if (!confirm(t('review.conflict.confirm', { title: title || t('review.conflict.thisSubmission') }))) return;
    setBusy(true);
    try {
      await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}/conflict', { params: { path }, body: { reason: reason.trim() } });
      setFlash(t('review.conflict.declared', { title: title || t('review.conflict.theSubmission') }));
      navigate('/me/reviews');
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  }

  return (
    <details class="conflict-box">
      <summary>{t('review.conflict.summary')}</summary>
      <p class="hint">{t('review.conflict.hint')}</p>
      {error && <Notice kind="error">{error.message}</Notice>}
      <TextArea path="reason" label={t('review.conflict.reason')} value={reason} onValue={setReason} errors={errors} rows={2} maxLength={500} />
      <button type="button" class="btn btn-danger-ghost" disabled={busy} onClick={() => void declare()}>
        {busy ? t('review.conflict.declaring') : t('review.conflict.declare')}
      </button>
    </details>
  );
}
