/**
 * Counts the sequential DynamoDB round trips of a request: an SDK middleware on the client records
 * when each call starts and ends, and the count is the longest chain of calls each of which
 * started only after the one before it had answered. Calls issued together (Promise.all) overlap
 * and count once; a retried call counts once (the middleware sits outside the retry loop).
 *
 * Order, not wall time, decides what overlaps: every start and end gets the next number of one
 * counter, so the figure is the same on a fast or a loaded machine.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

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

const MIDDLEWARE = 'podiumRoundTripRecorder';

export function recordRoundTrips(client: DynamoDBClient): RoundTripRecorder {
  let tick = 0;
  let calls: DbCall[] | undefined;
  if (!client.middlewareStack.identify().some((m) => m.startsWith(MIDDLEWARE)))
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const call: DbCall = { operation: String(context.commandName ?? 'unknown').replace(/Command$/, ''), start: ++tick };
        calls?.push(call);
        try {
          return await next(args);
        } finally {
          call.end = ++tick;
        }
      },
      { step: 'initialize', name: MIDDLEWARE },
    );
  return {
    async measure(work) {
      calls = [];
      const recorded = calls;
      try {
        const result = await work();
        return { result, calls: recorded, sequential: longestChain(recorded) };
      } finally {
        calls = undefined;
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
