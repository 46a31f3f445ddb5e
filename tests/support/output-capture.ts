/**
 * What the process prints while a piece of code runs. Powertools Logger and Metrics write to
 * process.stdout / process.stderr through consoles of their own (not the global `console` that
 * vitest intercepts), so their real output is read at the streams.
 */
import { setLogLevel } from '../../functions/adapters/logger.ts';
import type { LogLevel } from '../../functions/adapters/config.ts';

export interface Captured {
  /** Every JSON line printed, parsed, in order. */
  lines: Record<string, any>[];
  /** Lines with `_aws.CloudWatchMetrics`: the Embedded Metric Format documents. */
  emf: Record<string, any>[];
  /** Log lines (with a `level`). */
  logs: Record<string, any>[];
  /** Everything printed, as text. */
  text: string;
}

/**
 * Runs `fn` with stdout and stderr captured (not shown) and the log threshold at `level`
 * (restored to the tests' ERROR afterwards).
 */
export async function captureOutput<T>(fn: () => Promise<T>, level: LogLevel = 'ERROR'): Promise<Captured & { result: T }> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write);
  for (const stream of streams)
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write;
  setLogLevel(level);
  let result: T;
  try {
    result = await fn();
  } finally {
    setLogLevel('ERROR');
    streams.forEach((s, i) => (s.write = originals[i]!));
  }
  const text = chunks.join('');
  const lines = text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, any>);
  return { result, text, lines, emf: lines.filter((l) => l._aws?.CloudWatchMetrics), logs: lines.filter((l) => typeof l.level === 'string') };
}
