/**
 * The expo judge's offline outbox (web/src/expo-queue.ts): votes survive in storage, go out in
 * order, a replay (200) counts as sent, the network failing keeps the vote with a growing
 * backoff, a refusal drops it and says why, and against a server that is idempotent by vote id a
 * vote whose answer was lost is counted once however often it is sent again.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  backoffMs,
  BACKOFF_MAX_MS,
  classify,
  enqueue,
  flush,
  loadQueue,
  queueKey,
  saveQueue,
  type KeyValueStore,
  type QueuedVote,
  type SendResult,
} from '../../web/src/expo-queue.ts';

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

const KEY = queueKey('judge-sub', 'c1', 'r1');
const NOW = new Date('2026-12-01T12:00:00.000Z');
const vote = (n: number) => ({ voteId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, previousId: `s${n}`, currentId: `s${n + 1}`, winner: `s${n + 1}` });

/** A server idempotent by vote id, as the contract says: 201 the first time, 200 for the same content again, 409 for other content. */
class FakeServer {
  readonly counted = new Map<string, QueuedVote>();
  online = true;
  /** When set, the next successful request is stored but its answer is lost (the phone sees status 0). */
  loseNextAnswer = false;
  calls = 0;
  send = async (v: QueuedVote): Promise<SendResult<{ votes: number }>> => {
    this.calls++;
    if (!this.online) return { status: 0 };
    const prior = this.counted.get(v.voteId);
    let status: number;
    if (prior) status = prior.winner === v.winner && prior.previousId === v.previousId && prior.currentId === v.currentId ? 200 : 409;
    else {
      this.counted.set(v.voteId, v);
      status = 201;
    }
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      return { status: 0 };
    }
    return status === 409 ? { status, code: 'CONFLICT', message: 'Other content' } : { status, view: { votes: this.counted.size } };
  };
}

describe('expo vote queue', () => {
  it('classifies answers: 2xx sent (a 200 replay too), network/5xx/429/401 retry, other 4xx refused', () => {
    expect(classify(201)).toBe('sent');
    expect(classify(200)).toBe('sent');
    for (const s of [0, 401, 408, 429, 500, 502, 503]) expect(classify(s)).toBe('retry');
    for (const s of [400, 403, 404, 409, 422]) expect(classify(s)).toBe('refused');
  });

  it('backs off 1 s, 2 s, 4 s … and never waits more than 30 s', () => {
    expect([0, 1, 2, 3, 4].map(backoffMs)).toEqual([0, 1000, 2000, 4000, 8000]);
    expect(backoffMs(6)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(1000)).toBe(BACKOFF_MAX_MS);
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), (n) => backoffMs(n + 1) >= backoffMs(n) && backoffMs(n) <= BACKOFF_MAX_MS));
  });

  it('keeps votes in storage, in order, and ignores a double tap and unreadable content', () => {
    const store = new MemoryStore();
    let q = enqueue([], vote(1), NOW);
    q = enqueue(q, { ...vote(2), criteria: { crit1: 's2' } }, NOW);
    q = enqueue(q, vote(1), NOW);
    saveQueue(store, KEY, q);
    const back = loadQueue(store, KEY);
    expect(back.map((v) => v.voteId)).toEqual([vote(1).voteId, vote(2).voteId]);
    expect(back[1]!.criteria).toEqual({ crit1: 's2' });
    expect(back[0]).toMatchObject({ attempts: 0, notBefore: 0, queuedAt: NOW.toISOString() });
    // Another judge on the same phone has a queue of their own.
    expect(loadQueue(store, queueKey('other-judge', 'c1', 'r1'))).toEqual([]);
    store.setItem(KEY, '{not json');
    expect(loadQueue(store, KEY)).toEqual([]);
    store.setItem(KEY, JSON.stringify([{ voteId: 1 }, back[0]]));
    expect(loadQueue(store, KEY)).toEqual([back[0]]);
    saveQueue(store, KEY, []);
    expect(store.map.has(KEY)).toBe(false);
  });

  it('offline: the vote stays with a backoff; back online it is sent once and leaves the queue', async () => {
    const store = new MemoryStore();
    const server = new FakeServer();
    server.online = false;
    let t = NOW.getTime();
    saveQueue(store, KEY, enqueue([], vote(1), NOW));

    const first = await flush(store, KEY, server.send, { now: () => t });
    expect(first.sent).toEqual([]);
    expect(first.retryAt).toBe(t + 1000);
    expect(loadQueue(store, KEY)).toMatchObject([{ voteId: vote(1).voteId, attempts: 1, notBefore: t + 1000 }]);

    // Before the backoff is over nothing is sent (unless forced by the online event).
    const early = await flush(store, KEY, server.send, { now: () => t + 500 });
    expect(server.calls).toBe(1);
    expect(early.retryAt).toBe(t + 1000);

    t += 1000;
    const second = await flush(store, KEY, server.send, { now: () => t });
    expect(second.retryAt).toBe(t + 2000);
    expect(loadQueue(store, KEY)[0]!.attempts).toBe(2);

    server.online = true;
    const back = await flush(store, KEY, server.send, { now: () => t, force: true });
    expect(back.sent.map((s) => [s.vote.voteId, s.status])).toEqual([[vote(1).voteId, 201]]);
    expect(back.sent[0]!.view).toEqual({ votes: 1 });
    expect(back.queue).toEqual([]);
    expect(store.map.has(KEY)).toBe(false);
    expect(server.counted.size).toBe(1);
  });

  it('a lost answer: the vote is sent again, the server answers 200, and it is counted once', async () => {
    const store = new MemoryStore();
    const server = new FakeServer();
    server.loseNextAnswer = true;
    saveQueue(store, KEY, enqueue([], vote(1), NOW));
    const lost = await flush(store, KEY, server.send, { now: () => NOW.getTime() });
    expect(lost.queue).toHaveLength(1);
    expect(server.counted.size).toBe(1);
    const replay = await flush(store, KEY, server.send, { now: () => NOW.getTime(), force: true });
    expect(replay.sent.map((s) => s.status)).toEqual([200]);
    expect(server.counted.size).toBe(1);
    expect(loadQueue(store, KEY)).toEqual([]);
  });

  it('sends in order and a failing head holds back the rest; a refused vote leaves with its reason', async () => {
    const store = new MemoryStore();
    const order: string[] = [];
    let failHead = true;
    const send = async (v: QueuedVote): Promise<SendResult<string>> => {
      order.push(v.voteId);
      if (v.voteId === vote(1).voteId && failHead) return { status: 503 };
      if (v.voteId === vote(2).voteId) return { status: 409, code: 'STALE_PAIR', message: 'Not your pair any more.' };
      return { status: 201, view: v.voteId };
    };
    let q = enqueue([], vote(1), NOW);
    q = enqueue(q, vote(2), NOW);
    q = enqueue(q, vote(3), NOW);
    saveQueue(store, KEY, q);
    const held = await flush(store, KEY, send, { now: () => 0 });
    expect(order).toEqual([vote(1).voteId]);
    expect(held.queue.map((v) => v.voteId)).toEqual([vote(1).voteId, vote(2).voteId, vote(3).voteId]);

    failHead = false;
    const done = await flush(store, KEY, send, { now: () => 0, force: true });
    expect(order).toEqual([vote(1).voteId, vote(1).voteId, vote(2).voteId, vote(3).voteId]);
    expect(done.sent.map((s) => s.view)).toEqual([vote(1).voteId, vote(3).voteId]);
    expect(done.refused).toEqual([{ vote: expect.objectContaining({ voteId: vote(2).voteId }), status: 409, code: 'STALE_PAIR', message: 'Not your pair any more.' }]);
    expect(loadQueue(store, KEY)).toEqual([]);
  });

  it('a vote queued while another is on its way is kept and sent after it', async () => {
    const store = new MemoryStore();
    saveQueue(store, KEY, enqueue([], vote(1), NOW));
    const seen: string[] = [];
    const send = async (v: QueuedVote): Promise<SendResult<null>> => {
      seen.push(v.voteId);
      if (v.voteId === vote(1).voteId) saveQueue(store, KEY, enqueue(loadQueue(store, KEY), vote(2), NOW));
      return { status: 201, view: null };
    };
    const r = await flush(store, KEY, send, { now: () => 0 });
    expect(seen).toEqual([vote(1).voteId, vote(2).voteId]);
    expect(r.sent).toHaveLength(2);
    expect(loadQueue(store, KEY)).toEqual([]);
  });

  it('a sender that throws counts as no network', async () => {
    const store = new MemoryStore();
    saveQueue(store, KEY, enqueue([], vote(1), NOW));
    const r = await flush(store, KEY, async () => Promise.reject(new Error('boom')), { now: () => 10 });
    expect(r.retryAt).toBe(1010);
    expect(loadQueue(store, KEY)).toHaveLength(1);
  });

  it('property: whatever the pattern of outages and lost answers, every vote is counted exactly once and in order of first arrival', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.array(fc.constantFrom('up', 'down', 'lose'), { minLength: 1, maxLength: 40 }), async (n, events) => {
        const store = new MemoryStore();
        const server = new FakeServer();
        const arrivals: string[] = [];
        const send = async (v: QueuedVote) => {
          const before = server.counted.size;
          const r = await server.send(v);
          if (server.counted.size > before) arrivals.push(v.voteId);
          return r;
        };
        let q: QueuedVote[] = [];
        for (let i = 1; i <= n; i++) q = enqueue(q, vote(i), NOW);
        saveQueue(store, KEY, q);
        for (const e of events) {
          server.online = e !== 'down';
          server.loseNextAnswer = e === 'lose';
          await flush(store, KEY, send, { now: () => 0, force: true });
        }
        server.online = true;
        server.loseNextAnswer = false;
        await flush(store, KEY, send, { now: () => 0, force: true });
        expect(loadQueue(store, KEY)).toEqual([]);
        expect(server.counted.size).toBe(n);
        expect(arrivals).toEqual(Array.from({ length: n }, (_, i) => vote(i + 1).voteId));
      }),
      { numRuns: 200 },
    );
  });
});
