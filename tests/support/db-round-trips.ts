/**
 * Counts the sequential DynamoDB round trips of a request: a listener on the app's DynamoDB client
 * (`onCall`, adapters/dynamodb/client.ts) records when each call starts and ends, and the count is
 * the longest chain of calls each of which started only after the one before it had answered.
 * Calls issued together (Promise.all) overlap and count once; a retried call counts once (the
 * client reports a call once, however many attempts it took).
 *
 * Order, not wall time, decides what overlaps: every start and end gets the next number of one
 * counter, so the figure is the same on a fast or a loaded machine.
 */
import type { DocumentClient } from '../../functions/adapters/dynamodb/client.ts';

export interface DbCall {
  readonly operation: string;
  readonly start: number;
  /** Undefined while the call is in flight. */
  end?: number;
}

export interface RoundTripRecorder {
  /** Records the calls `work` makes (and only those), with the longest sequential chain. */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; calls: DbCall[]; sequential: number }>;
}

export function recordRoundTrips(db: DocumentClient): RoundTripRecorder {
  let tick = 0;
  return {
    async measure(work) {
      const calls: DbCall[] = [];
      const open = new Map<number, DbCall>();
      const stop = db.onCall((e) => {
        if (e.phase === 'start') {
          const call: DbCall = { operation: e.operation, start: ++tick };
          calls.push(call);
          open.set(e.id, call);
        } else {
          const call = open.get(e.id);
          if (call) call.end = ++tick;
          open.delete(e.id);
        }
      });
      try {
        const result = await work();
        return { result, calls, sequential: longestChain(calls) };
      } finally {
        stop();
      }
    },
  };
}

/** The longest chain a₁ → a₂ → … in which each call started after the previous one ended. */
export function longestChain(calls: readonly DbCall[]): number {
  const byEnd = [...calls].sort((a, b) => (a.end ?? Infinity) - (b.end ?? Infinity));
  const chain: number[] = [];
  for (const [i, call] of byEnd.entries()) {
    let best = 0;
    for (let j = 0; j < i; j++) if ((byEnd[j]!.end ?? Infinity) < call.start) best = Math.max(best, chain[j]!);
    chain.push(best + 1);
  }
  return Math.max(0, ...chain);
}
