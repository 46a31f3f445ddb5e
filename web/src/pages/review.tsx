/**
 * The review workspace: one assigned submission (blind where the round says so), its pitch, and
 * the scoring form — save a draft, submit, revise until the window closes, or declare a conflict.
 */
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

export function ReviewPage(p: { id: string; roundId: string; submissionId: string }) {
  return (
    <RequireSignIn what="this review">
      <ReviewLoader {...p} />
    </RequireSignIn>
  );
}

function ReviewLoader({ id, roundId, submissionId }: { id: string; roundId: string; submissionId: string }) {
  const path: ReviewPath = { competitionId: id, roundId, submissionId };
  const res = useResource(() => api.GET('/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}', { params: { path } }), `${id}/${roundId}/${submissionId}`);
  useTitle(res.data ? `Review: ${res.data.submission.title || 'Untitled'}` : 'Review');
  // While the next review loads, the previous one's data is not shown as if it were this one.
  if (res.loading && (!res.data || res.data.submission.id !== submissionId || res.data.round.id !== roundId)) return <Loading label="Loading the submission…" />;
  if (!res.data) {
    const e = res.error as Partial<ApiError>;
    if (e.status === 404) return <Notice kind="error">You are not assigned to review this submission (or it no longer exists).</Notice>;
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
  const labels = Object.fromEntries(round.rubric.flatMap((c) => [[`scores.${c.id}`, c.name], [`comments.${c.id}`, `Comment on ${c.name}`]]));
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
      setSaved(r.status === 'submitted' ? 'Changes saved. Your review stays submitted.' : `Draft saved ${formatLocal(r.updatedAt)}.`);
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
        <Link href="/me/reviews">My reviews</Link> › {competition.title} › {round.name}
      </p>
      <div class="page-head">
        <div>
          <h1>{s.title || 'Untitled submission'}</h1>
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
          <strong>Blind review: the team is hidden.</strong> Judge the idea on its merits; the organisation and its people are not shown.
        </Notice>
      )}
      <NotCounted exclusion={review.exclusion} />
      {round.phase === 'upcoming' && <Notice kind="warning">Reviewing opens {formatLocal(round.opensAt)}. You can read the submission now.</Notice>}
      {round.phase === 'closed' && (
        <Notice kind="warning">
          {Date.parse(round.closesAt) > Date.now()
            ? 'Reviewing is closed: the results of this competition are decided, so the review can no longer change.'
            : `This round closed ${formatLocal(round.closesAt)}; the review can no longer change.`}
        </Notice>
      )}
      {stale && (
        <div class="notice notice-error stale" role="alert">
          <span>This review was changed in another tab — reload to see the latest.</span>{' '}
          <button type="button" class="btn btn-small" onClick={reload}>
            Reload
          </button>
        </div>
      )}

      <div class="review-layout">
        <div class="review-submission">
          {ws.pitch && (
            <section class="pitch-panel review-pitch" aria-labelledby="review-pitch-heading">
              <h2 id="review-pitch-heading">Video pitch</h2>
              <figure class="pitch-player">
                <video
                  controls
                  preload="metadata"
                  playsInline
                  src={ws.pitch.playbackUrl}
                  aria-label="Video pitch"
                  style={ws.pitch.width && ws.pitch.height ? { aspectRatio: `${ws.pitch.width} / ${ws.pitch.height}` } : undefined}
                />
                <figcaption>{formatDuration(ws.pitch.durationSeconds)}</figcaption>
              </figure>
            </section>
          )}
          <SubmissionDocument submission={s} />
          {ws.peerComments && (
            <section aria-labelledby="peer-comments-heading">
              <h2 id="peer-comments-heading">Peer reviewers’ comments</h2>
              {ws.peerComments.length === 0 ? (
                <p class="muted">No peer comments yet.</p>
              ) : (
                <ul class="peer-comments">
                  {ws.peerComments.map((p, i) => (
                    <li key={i} class="panel">
                      <div class="muted">Peer reviewer {i + 1}</div>
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
          <h2 id="score-heading">Your review</h2>
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
              label="Overall comment"
              hint={investor ? 'Shared with the organisers.' : 'Shared with the organisers; may be shown anonymously to the team and to investors.'}
              value={form.overallComment}
              onValue={(v) => update({ overallComment: v })}
              errors={errors}
              rows={5}
              maxLength={10000}
            />
            {investor && (
              <>
                <Checkbox path="meet" label="I’d like to meet this team" checked={form.meet} onChecked={(v) => update({ meet: v })} errors={errors} />
                <TextArea
                  path="privateNote"
                  label="Private notes (only you see these)"
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
                {busy === 'save' ? 'Saving…' : submitted ? 'Save changes' : 'Save draft'}
              </button>
              {!submitted && (
                <button type="button" class="btn btn-primary" disabled={!!busy} onClick={() => void save(true)}>
                  {busy === 'submit' ? 'Submitting…' : 'Submit review'}
                </button>
              )}
              <span class="muted form-status" role="status" aria-live="polite">
                {saved || (dirty ? 'Unsaved changes' : submitted ? 'Submitted — you can revise it until the round closes.' : `${scored} of ${round.rubric.length} criteria scored`)}
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
  const parts: [string, string][] = [
    ['Summary', s.summary],
    ['Problem', s.problem],
    ['Solution', s.solution],
  ];
  return (
    <section class="submission-doc" aria-labelledby="submission-doc-heading">
      <h2 id="submission-doc-heading" class="sr-only">
        The submission
      </h2>
      {(s.valueChain.length > 0 || s.sectors.length > 0) && (
        <dl class="submission-doc-tags">
          {s.valueChain.length > 0 && (
            <div>
              <dt>Value chain</dt>
              <dd>
                <Tags items={s.valueChain} />
              </dd>
            </div>
          )}
          {s.sectors.length > 0 && (
            <div>
              <dt>Sectors</dt>
              <dd>
                <Tags items={s.sectors} />
              </dd>
            </div>
          )}
        </dl>
      )}
      {parts.map(([heading, text]) => (
        <Fragment key={heading}>
          <h3>{heading}</h3>
          <p class="prose">{text || <span class="muted">—</span>}</p>
        </Fragment>
      ))}
      {s.answers.map((a, i) => (
        <Fragment key={i}>
          <h3>{a.question}</h3>
          <p class="prose">{a.answer || <span class="muted">No answer</span>}</p>
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
      if (n) return { href: `/competitions/${enc(g.competitionId)}/rounds/${enc(g.roundId)}/reviews/${enc(n.submissionId)}`, title: n.title || 'Untitled submission' };
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
        <strong>Your review of “{title || 'Untitled'}” was submitted.</strong>{' '}
        {next.href ? <>Next in your queue: {next.title}.</> : 'Nothing else is waiting in your queue.'}
      </p>
      <div class="actions">
        {next.href && (
          <Link href={next.href} class="btn btn-primary">
            Next review
          </Link>
        )}
        <Link href="/me/reviews" class={`btn ${next.href ? '' : 'btn-primary'}`}>
          Back to my reviews
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
  const legend = `${c.name} (${c.scale.min}–${c.scale.max})`;
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
            <option value="">Not scored</option>
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
      <TextArea path={`comments.${c.id}`} label={`Comment on ${c.name} (optional)`} rows={2} value={comment} onValue={onComment} errors={errors} maxLength={5000} />
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
      setError(new ApiError(400, 'VALIDATION', 'Say briefly why you cannot review this submission.', { reason: 'Give a reason.' }));
      return;
    }
    if (!confirm(`Declare a conflict of interest with “${title || 'this submission'}”? It will be given to another reviewer and you cannot undo this.`)) return;
    setBusy(true);
    try {
      await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/reviews/{submissionId}/conflict', { params: { path }, body: { reason: reason.trim() } });
      setFlash(`Conflict of interest declared: “${title || 'the submission'}” will be reviewed by someone else.`);
      navigate('/me/reviews');
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  }

  return (
    <details class="conflict-box">
      <summary>Declare a conflict of interest</summary>
      <p class="hint">If you know this team, work with them, compete with them directly or have any other interest, say so: another reviewer will take over.</p>
      {error && <Notice kind="error">{error.message}</Notice>}
      <TextArea path="reason" label="Reason" value={reason} onValue={setReason} errors={errors} rows={2} maxLength={500} />
      <button type="button" class="btn btn-danger-ghost" disabled={busy} onClick={() => void declare()}>
        {busy ? 'Declaring…' : 'Declare conflict'}
      </button>
    </details>
  );
}
