/**
 * The expo judge's outbox: votes made on the phone wait here (in localStorage, so a reload or a
 * closed tab loses nothing) until the server has them. Each carries the id the phone made for it
 * (crypto.randomUUID()), so sending it twice — the answer lost on the way back, a retry, a second
 * tab — is counted once: the server answers a replay 200 with the same view. Votes go in the order
 * they were made; the first one that cannot be sent (no network, the server busy) holds back the
 * rest until its next attempt, with a backoff that doubles up to half a minute.
 *
 * Pure apart from the storage and the sender it is given (both injected), so it runs in unit tests.
 */

export interface QueuedVote {
  voteId: string;
  previousId: string;
  currentId: string;
  winner: string;
  criteria?: Record<string, string>;
  /** When the judge tapped (ISO, the phone's clock; the server stamps its own time on arrival). */
  queuedAt: string;
  /** Failed sends so far. */
  attempts: number;
  /** Not sent again before this time (ms since the epoch); 0 = at once. */
  notBefore: number;
}

/** What `Storage` offers that the queue uses (localStorage in the app, a map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The queue's key: one per signed-in judge and expo round, so a shared phone keeps judges apart. */
export function queueKey(judgeSub: string, competitionId: string, roundId: string): string {
  return `podium.expo.votes.${judgeSub}.${competitionId}.${roundId}`;
}

function isVote(x: unknown): x is QueuedVote {
  if (typeof x !== 'object' || x === null) return false;
  const v = x as Record<string, unknown>;
  return (
    typeof v.voteId === 'string' &&
    typeof v.previousId === 'string' &&
    typeof v.currentId === 'string' &&
    typeof v.winner === 'string' &&
    typeof v.queuedAt === 'string' &&
    typeof v.attempts === 'number' &&
    typeof v.notBefore === 'number' &&
    (v.criteria === undefined || (typeof v.criteria === 'object' && v.criteria !== null))
  );
}

/** The stored queue; anything unreadable (another version, a hand edit) is left out rather than breaking the page. */
export function loadQueue(store: KeyValueStore, key: string): QueuedVote[] {
  let raw: string | null;
  try {
    raw = store.getItem(key);
  } catch {
    return [];
  }
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isVote) : [];
  } catch {
    return [];
  }
}

export function saveQueue(store: KeyValueStore, key: string, queue: readonly QueuedVote[]): void {
  if (queue.length === 0) store.removeItem(key);
  else store.setItem(key, JSON.stringify(queue));
}

export interface NewVote {
  voteId: string;
  previousId: string;
  currentId: string;
  winner: string;
  criteria?: Record<string, string>;
}

/** Adds a vote at the end; a vote id already queued is not added again (a double tap). */
export function enqueue(queue: readonly QueuedVote[], vote: NewVote, now: Date): QueuedVote[] {
  if (queue.some((q) => q.voteId === vote.voteId)) return [...queue];
  const entry: QueuedVote = {
    voteId: vote.voteId,
    previousId: vote.previousId,
    currentId: vote.currentId,
    winner: vote.winner,
    ...(vote.criteria && Object.keys(vote.criteria).length > 0 ? { criteria: { ...vote.criteria } } : {}),
    queuedAt: now.toISOString(),
    attempts: 0,
    notBefore: 0,
  };
  return [...queue, entry];
}

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;

/** The wait after the n-th failed attempt (n ≥ 1): 1 s, 2 s, 4 s, … at most 30 s. */
export function backoffMs(attempts: number): number {
  if (attempts <= 0) return 0;
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempts - 1, 20));
}

/**
 * What an answer means for a queued vote: `sent` (201 the first time, 200 for a replay — both
 * counted once), `retry` (no network — status 0 —, a timeout, rate-limited, the server failing, or
 * signed out: the vote stays and waits), `refused` (the server will never take it: the pair is no
 * longer the judge's, the round closed, the body is wrong — it leaves the queue and the judge is told).
 */
export type Outcome = 'sent' | 'retry' | 'refused';

export function classify(status: number): Outcome {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 0 || status === 401 || status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'refused';
}

/** The sender's answer: the status, the body on success, the error's code and message otherwise. */
export interface SendResult<V> {
  status: number;
  view?: V;
  code?: string;
  message?: string;
}

export interface FlushResult<V> {
  /** What is still waiting (the failed head first, in order). */
  queue: QueuedVote[];
  /** Votes the server now has, in order, with the view it answered. */
  sent: { vote: QueuedVote; view: V | undefined; status: number }[];
  /** Votes the server refused for good, with why. */
  refused: { vote: QueuedVote; status: number; code?: string; message?: string }[];
  /** When the head failed and waits: when to try again (ms since the epoch). */
  retryAt?: number;
}

/**
 * Sends the queue in order, from the head, until it is empty or a vote must wait. A vote waiting
 * for its backoff (notBefore in the future) stops the flush untouched unless `force` (the network
 * has just come back). Storage is updated after every answer, so a tab closed halfway neither
 * loses a vote nor sends a sent one as new (a resend of a sent one would be a 200 replay anyway).
 */
export async function flush<V>(
  store: KeyValueStore,
  key: string,
  send: (vote: QueuedVote) => Promise<SendResult<V>>,
  opts: { now: () => number; force?: boolean },
): Promise<FlushResult<V>> {
  let queue = loadQueue(store, key);
  const sent: FlushResult<V>['sent'] = [];
  const refused: FlushResult<V>['refused'] = [];
  while (queue.length > 0) {
    const head = queue[0]!;
    if (!opts.force && head.notBefore > opts.now()) return { queue, sent, refused, retryAt: head.notBefore };
    let result: SendResult<V>;
    try {
      result = await send(head);
    } catch {
      result = { status: 0 };
    }
    const outcome = classify(result.status);
    // Re-read: a vote may have been queued while this one was on its way.
    const current = loadQueue(store, key);
    const rest = current.filter((q) => q.voteId !== head.voteId);
    if (outcome === 'retry') {
      const attempts = head.attempts + 1;
      const waiting: QueuedVote = { ...head, attempts, notBefore: opts.now() + backoffMs(attempts) };
      queue = [waiting, ...rest];
      saveQueue(store, key, queue);
      return { queue, sent, refused, retryAt: waiting.notBefore };
    }
    queue = rest;
    saveQueue(store, key, queue);
    if (outcome === 'sent') sent.push({ vote: head, view: result.view, status: result.status });
    else refused.push({ vote: head, status: result.status, ...(result.code ? { code: result.code } : {}), ...(result.message ? { message: result.message } : {}) });
  }
  return { queue, sent, refused };
}
