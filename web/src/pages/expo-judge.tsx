/**
 * An expo judge on a phone: "Go to table 14 — Project name", then "Which was better?" between the
 * project in front of them and the previous one (per criterion when the round asks), skip a team
 * that is absent or busy, undo a mis-tap for a short while, a note per project saved as they type,
 * and how far they are. Mobile first: large targets and the actions at the bottom, within reach
 * of a thumb. The hall's network drops: a vote goes into the phone's queue (web/src/expo-queue.ts)
 * first and is sent from there, in order, when the network is back — its client-made id makes
 * any resend count once.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, enc, type ApiAnswer } from '../api.ts';
import { LoadError, Loading, Notice } from '../components/ui.tsx';
import { enqueue, flush, loadQueue, queueKey, saveQueue, type QueuedVote, type SendResult } from '../expo-queue.ts';
import { formatLocal } from '../format.ts';
import { t, tx } from '../i18n.ts';
import { useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { RequireSignIn, useSession } from '../session.tsx';

/** Where a judge stands (the contract's ExpoJudgeView), as the API documents it. */
export type ExpoJudgeView = ApiAnswer<'/api/competitions/{competitionId}/rounds/{roundId}/expo/judge', 'get'>;
export type ExpoProject = NonNullable<ExpoJudgeView['current']>;

export function ExpoJudgePage({ id, roundId }: { id: string; roundId: string }) {
  return (
    <RequireSignIn what={t('expoJudge.signInWhat')}>
      <ExpoJudge competitionId={id} roundId={roundId} />
    </RequireSignIn>
  );
}

interface ExpoPath {
  competitionId: string;
  roundId: string;
}

/** A vote id made on the phone (randomUUID needs a secure context: https or localhost). */
function newVoteId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** localStorage, or nothing when the browser refuses it (private mode on some phones): the queue then lives in memory. */
function phoneStorage(): Storage | MemoryStorage {
  try {
    const s = window.localStorage;
    s.setItem('podium.probe', '1');
    s.removeItem('podium.probe');
    return s;
  } catch {
    return memoryStorage;
  }
}
class MemoryStorage {
  private readonly m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}
const memoryStorage = new MemoryStorage();

/** Sends one queued vote; the answer as the queue reads it (status 0 = the network). */
async function sendVote(path: ExpoPath, v: QueuedVote): Promise<SendResult<ExpoJudgeView>> {
  try {
    const view = await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/expo/votes', {
      params: { path },
      body: { voteId: v.voteId, previousId: v.previousId, currentId: v.currentId, winner: v.winner, ...(v.criteria ? { criteria: v.criteria } : {}) },
    });
    return { status: 200, view };
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message };
    return { status: 0 };
  }
}

/** Seconds left until `until` (an ISO instant), never below 0. */
const secondsLeft = (until: string | undefined, now: number) => (until ? Math.max(0, Math.ceil((Date.parse(until) - now) / 1000)) : 0);

function ExpoJudge({ competitionId, roundId }: ExpoPath) {
  const path: ExpoPath = { competitionId, roundId };
  const { claims } = useSession();
  const key = queueKey(claims?.sub ?? 'anonymous', competitionId, roundId);
  const store = useRef(phoneStorage()).current;
  const [view, setView] = useState<ExpoJudgeView>();
  const [loadError, setLoadError] = useState<unknown>();
  const [queue, setQueue] = useState<QueuedVote[]>(() => loadQueue(store, key));
  const [offline, setOffline] = useState(() => !navigator.onLine);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const [info, setInfo] = useState<string>();
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [now, setNow] = useState(Date.now());
  const flushing = useRef<Promise<void> | undefined>(undefined);
  const retryTimer = useRef<number | undefined>(undefined);
  useTitle(view ? t('expoJudge.title', { round: view.round.name }) : t('expoJudge.titleDefault'));

  /** The server's answer becomes the page; without a current table the next one is asked for at once. */
  const show = useCallback(
    async (v: ExpoJudgeView) => {
      setView(v);
      setChoice({});
      if (!v.current && !v.done && v.round.phase === 'open') {
        // Nothing can be tapped meanwhile (an undo racing the move to the next table would leave the hall wrong).
        setBusy('next');
        try {
          setView(await api.POST('/api/competitions/{competitionId}/rounds/{roundId}/expo/judge/next', { params: { path } }));
        } catch (e) {
          if (e instanceof ApiError && e.status !== 0) setError(e.message);
        } finally {
          setBusy(undefined);
        }
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [competitionId, roundId],
  );

  /** Sends what the phone holds, in order; schedules the next try when the network is still away. */
  const send = useCallback(
    (force: boolean): Promise<void> => {
      if (flushing.current) return flushing.current;
      window.clearTimeout(retryTimer.current);
      const run = (async () => {
        const r = await flush(store, key, (v) => sendVote(path, v), { now: Date.now, force });
        setQueue(r.queue);
        const last = r.sent.at(-1);
        if (r.refused.length > 0) setError(t('expoJudge.refused', { reasons: r.refused.map((x) => x.message ?? `HTTP ${x.status}`).join(' ') }));
        // Something still waits: the network (or the server) is away; try again after the backoff.
        setOffline(r.queue.length > 0 || !navigator.onLine);
        if (r.queue.length > 0 && r.retryAt !== undefined) retryTimer.current = window.setTimeout(() => void send(false), Math.max(250, r.retryAt - Date.now()));
        if (last?.view) await show(last.view);
        else if (r.refused.length > 0) await reload();
      })().finally(() => {
        flushing.current = undefined;
      });
      flushing.current = run;
      return run;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, show],
  );

  const reload = useCallback(async () => {
    try {
      const v = await api.GET('/api/competitions/{competitionId}/rounds/{roundId}/expo/judge', { params: { path } });
      setLoadError(undefined);
      await show(v);
    } catch (e) {
      if (e instanceof ApiError && e.status === 0) setOffline(true);
      setLoadError(e);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [competitionId, roundId, show]);

  // First the votes the phone still holds (from before a reload), then where the judge stands.
  useEffect(() => {
    void (async () => {
      if (loadQueue(store, key).length > 0) await send(true);
      if (!view) await reload();
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // Back online: send at once. Offline: say so.
  useEffect(() => {
    const up = () => {
      setOffline(false);
      if (loadQueue(store, key).length > 0) void send(true);
      else if (!view) void reload();
    };
    const down = () => setOffline(true);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [key, send, reload, view, store]);
  // Leaving the page: no retry left behind (the votes stay on the phone for the next visit).
  useEffect(() => () => window.clearTimeout(retryTimer.current), []);

  // The undo countdown.
  // Never more than the round's window: the phone's clock may be behind the server's.
  const undoLeft = Math.min(view?.round.undoSeconds ?? Infinity, secondsLeft(view?.lastVote?.undoUntil, now));
  useEffect(() => {
    if (!view?.lastVote) return;
    setNow(Date.now());
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, [view?.lastVote?.voteId]);

  /** A request that needs the server (next, skip, undo); true when it went through. */
  async function act(label: string, fn: () => Promise<ExpoJudgeView>): Promise<boolean> {
    setBusy(label);
    setError(undefined);
    setInfo(undefined);
    try {
      await show(await fn());
      return true;
    } catch (e) {
      const err = e as ApiError;
      if (err.status === 0) {
        setOffline(true);
        setError(t('expoJudge.noNetworkAction'));
      } else {
        setError(err.message);
        if (err.status === 409) await reload();
      }
      return false;
    } finally {
      setBusy(undefined);
    }
  }

  function vote(winner: string) {
    if (!view?.current || !view.previous) return;
    setError(undefined);
    setInfo(undefined);
    const criteria = view.round.criteria && view.round.criteria.length > 0 ? choice : undefined;
    const held = loadQueue(store, key);
    // A second tap before the page has redrawn: this pair's vote is already on its way.
    if (held.some((q) => q.previousId === view.previous!.submissionId && q.currentId === view.current!.submissionId)) return;
    const next = enqueue(held, { voteId: newVoteId(), previousId: view.previous.submissionId, currentId: view.current.submissionId, winner, ...(criteria ? { criteria } : {}) }, new Date());
    saveQueue(store, key, next);
    setQueue(next);
    void send(true);
  }

  if (!view) {
    if (loadError !== undefined) {
      const e = loadError as Partial<ApiError>;
      if (e.status === 404 || e.status === 403) return <Notice kind="error">{t('expoJudge.notAJudge')}</Notice>;
      if (e.status === 0) return <Notice kind="warning">{t('expoJudge.noNetworkLoad')}</Notice>;
      return <LoadError error={loadError} />;
    }
    return <Loading label={t('expoJudge.loading')} />;
  }

  const { current, previous, round } = view;
  const criteria = round.criteria ?? [];
  /** The vote for the pair on screen is still on the phone. */
  const pendingHere = !!current && !!previous && queue.some((q) => q.currentId === current.submissionId && q.previousId === previous.submissionId);
  const allChosen = criteria.every((c) => choice[c.id]);
  const closed = round.phase === 'closed';
  const notYet = round.phase === 'upcoming';

  return (
    <article class="expo-judge">
      <p class="breadcrumbs">
        <Link href="/me/reviews">{t('expoJudge.breadcrumbs.myReviews')}</Link> › {round.name}
      </p>
      <p class="expo-progress" role="status" aria-live="polite">
        {tx('expoJudge.progress', {
          seen: view.seen,
          nearby: view.leftNearby,
          left: view.left,
          strong: (chunks) => <strong>{chunks}</strong>,
          muted: (chunks) => <span class="muted">{chunks}</span>,
        })}
      </p>

      {queue.length > 0 && (
        <div class="notice notice-warning expo-offline" role="status" aria-live="polite">
          {offline || !navigator.onLine ? (
            <span>{t('expoJudge.queue.offline', { count: queue.length })}</span>
          ) : (
            <span>{t('expoJudge.queue.sending', { count: queue.length })}</span>
          )}
        </div>
      )}
      {queue.length === 0 && offline && <Notice kind="warning">{t('expoJudge.offline')}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      {info && <Notice kind="success">{info}</Notice>}
      {view.message && <Notice kind="info">{view.messageCode ? t(`expoJudge.message.${view.messageCode}`, { at: formatLocal(view.messageAt) }) : view.message}</Notice>}
      {notYet && <Notice kind="info">{t('expoJudge.opens', { at: formatLocal(round.opensAt) })}</Notice>}
      {closed && <Notice kind="warning">{Date.parse(round.closesAt) > now ? t('expoJudge.closedDecided') : t('expoJudge.closedAt', { at: formatLocal(round.closesAt) })}</Notice>}

      {view.done && !current && (
        <section class="panel expo-done" aria-labelledby="expo-done-heading">
          <h1 id="expo-done-heading">{t('expoJudge.done.heading')}</h1>
          <p>{t('expoJudge.done.body')}</p>
        </section>
      )}

      {current && (
        <section class="expo-current" aria-labelledby="expo-go-heading">
          <h1 id="expo-go-heading" class="expo-go">
            {tx('expoJudge.goTo', { table: current.table, project: current.title, title: (chunks) => <span class="expo-title">{chunks}</span> })}
          </h1>
          {current.zone && <p class="muted expo-zone">{t('expoJudge.zone', { zone: current.zone })}</p>}
          {!previous && !view.message && <p class="hint">{t('expoJudge.firstTeam')}</p>}
        </section>
      )}

      {current && previous && (
        <section class="expo-compare" aria-labelledby="expo-compare-heading">
          <h2 id="expo-compare-heading">{t('expoJudge.compare.heading')}</h2>
          {criteria.length > 0 && (
            <div class="expo-criteria">
              {criteria.map((c) => (
                <fieldset key={c.id} class="expo-criterion">
                  <legend>{c.name}</legend>
                  <div class="expo-segment">
                    {[current, previous].map((p) => (
                      <label key={p.submissionId} class={`expo-choice${choice[c.id] === p.submissionId ? ' selected' : ''}`}>
                        <input
                          type="radio"
                          name={`crit-${c.id}`}
                          value={p.submissionId}
                          checked={choice[c.id] === p.submissionId}
                          disabled={pendingHere || !!busy}
                          onChange={() => setChoice((ch) => ({ ...ch, [c.id]: p.submissionId }))}
                        />
                        {p === current ? t('expoJudge.compare.thisOne') : t('expoJudge.compare.previousOne')}
                      </label>
                    ))}
                  </div>
                </fieldset>
              ))}
              {!allChosen && <p class="hint">{t('expoJudge.compare.everyCriterion')}</p>}
            </div>
          )}
        </section>
      )}

      {current && (
        <section class="expo-notes" aria-label={t('expoJudge.notes.label')}>
          <NoteBox key={current.submissionId} path={path} project={current} label={t('expoJudge.notes.current', { title: current.title, table: current.table })} />
          {previous && <NoteBox key={previous.submissionId} path={path} project={previous} label={t('expoJudge.notes.previous', { title: previous.title, table: previous.table })} />}
        </section>
      )}

      <div class="expo-actions" role="group" aria-label={t('expoJudge.actions.label')}>
        {view.lastVote && undoLeft > 0 && (
          <button
            type="button"
            class="btn expo-btn expo-undo"
            disabled={!!busy}
            onClick={() => {
              const voteId = view.lastVote!.voteId;
              void act('undo', () => api.POST('/api/competitions/{competitionId}/rounds/{roundId}/expo/votes/{voteId}/undo', { params: { path: { ...path, voteId } } })).then((ok) => ok && setInfo(t('expoJudge.undone')));
            }}
          >
            {t('expoJudge.undo', { seconds: undoLeft })}
          </button>
        )}
        {current && previous && (
          <div class="expo-vote">
            <button type="button" class="btn btn-primary expo-btn" disabled={pendingHere || !!busy || !allChosen} onClick={() => vote(current.submissionId)}>
              {t('expoJudge.vote.thisOne', { title: current.title })}
            </button>
            <button type="button" class="btn btn-primary expo-btn" disabled={pendingHere || !!busy || !allChosen} onClick={() => vote(previous.submissionId)}>
              {t('expoJudge.vote.previousOne', { title: previous.title })}
            </button>
          </div>
        )}
        {current && !previous && (
          <button
            type="button"
            class="btn btn-primary expo-btn"
            disabled={!!busy}
            onClick={() => void act('next', () => api.POST('/api/competitions/{competitionId}/rounds/{roundId}/expo/judge/next', { params: { path } }))}
          >
            {t('expoJudge.next')}
          </button>
        )}
        {!current && !view.done && (
          <button type="button" class="btn btn-primary expo-btn" disabled={!!busy} onClick={() => void act('next', () => api.POST('/api/competitions/{competitionId}/rounds/{roundId}/expo/judge/next', { params: { path } }))}>
            {t('expoJudge.next')}
          </button>
        )}
        {current && !pendingHere && (
          <div class="expo-skip">
            <button
              type="button"
              class="btn expo-btn"
              disabled={!!busy}
              onClick={() =>
                void act('skip', () => api.POST('/api/competitions/{competitionId}/rounds/{roundId}/expo/judge/skip', { params: { path }, body: { submissionId: current.submissionId, reason: 'absent' } }))
              }
            >
              {t('expoJudge.skip.absent')}
            </button>
            <button
              type="button"
              class="btn expo-btn"
              disabled={!!busy}
              onClick={() =>
                void act('skip', () => api.POST('/api/competitions/{competitionId}/rounds/{roundId}/expo/judge/skip', { params: { path }, body: { submissionId: current.submissionId, reason: 'busy' } }))
              }
            >
              {t('expoJudge.skip.busy')}
            </button>
          </div>
        )}
      </div>
    </article>
  );
}

type NoteState = 'idle' | 'saving' | 'saved' | 'failed';

/** A judge's private note on a project, saved a moment after they stop typing (and when they leave the field). */
function NoteBox({ path, project, label }: { path: ExpoPath; project: ExpoProject; label: string }) {
  const [text, setText] = useState(project.note ?? '');
  const [state, setState] = useState<NoteState>('idle');
  const saved = useRef(project.note ?? '');
  const latest = useRef(text);
  const timer = useRef<number | undefined>(undefined);
  const fid = `expo-note-${project.submissionId}`;

  const save = useCallback(async () => {
    window.clearTimeout(timer.current);
    const value = latest.current;
    if (value === saved.current) return;
    setState('saving');
    try {
      await api.PUT('/api/competitions/{competitionId}/rounds/{roundId}/expo/notes/{submissionId}', { params: { path: { ...path, submissionId: project.submissionId } }, body: { text: value } });
      saved.current = value;
      setState(latest.current === value ? 'saved' : 'saving');
    } catch {
      setState('failed');
      // Tried again a little later (and when the network is back).
      timer.current = window.setTimeout(() => void save(), 5000);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [project.submissionId]);

  useEffect(() => {
    const up = () => void save();
    window.addEventListener('online', up);
    return () => {
      window.removeEventListener('online', up);
      // Leaving the project: what was typed is still sent.
      if (latest.current !== saved.current) void save();
      window.clearTimeout(timer.current);
    };
  }, [save]);

  return (
    <div class="field expo-note">
      <label for={fid}>{label}</label>
      <textarea
        id={fid}
        rows={2}
        maxLength={2000}
        value={text}
        onInput={(e) => {
          const v = e.currentTarget.value;
          setText(v);
          latest.current = v;
          setState('idle');
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => void save(), 800);
        }}
        onBlur={() => void save()}
      />
      <span class="hint expo-note-state" aria-live="polite">
        {state === 'saving' ? t('common.saving') : state === 'saved' ? t('expoJudge.notes.saved') : state === 'failed' ? t('expoJudge.notes.failed') : t('expoJudge.notes.private')}
      </span>
    </div>
  );
}

/** The judge page of an expo round (for links from the judge's queue and the round page). */
export const expoJudgeHref = (competitionId: string, roundId: string) => `/competitions/${enc(competitionId)}/rounds/${enc(roundId)}/judge`;
