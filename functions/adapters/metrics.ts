/**
 * Business metrics. On Lambda, Powertools Metrics: counts are kept during the invocation and
 * printed as one CloudWatch Embedded Metric Format line when it ends (`flush`, called by the
 * Lambda entries), which CloudWatch turns into metrics in namespace `Podium`, dimension
 * `service=podium`, without an API call. Elsewhere (local runtime, tests) the counts stay in the
 * process. The only module that imports Powertools Metrics; use cases speak the `Metrics` port.
 */
import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BusinessMetric, Metrics } from '../use-cases/ports.ts';

export const METRICS_NAMESPACE = 'Podium';
export const SERVICE_NAME = 'podium';

/** The port plus what the shell that owns an invocation needs. */
export interface MetricsSink extends Metrics {
  /** Publishes what was counted since the last flush (nothing when nothing was). */
  flush(): void;
}

export function emfMetrics(): MetricsSink {
  // Made on the first count, not at start: most requests count nothing, and a cold start that
  // builds it pays ≈ 1–2 ms (measured by bench/lambda.ts) for nothing.
  let metrics: PowertoolsMetrics | undefined;
  return {
    count: (name, value = 1) => {
      metrics ??= new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
      metrics.addMetric(name, MetricUnit.Count, value);
    },
    flush: () => {
      // Powertools warns on an empty flush; most requests count nothing.
      if (metrics?.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}

/** Counts kept in the process: totals since start (or since `reset`). */
export function memoryMetrics(): MetricsSink & { totals(): Partial<Record<BusinessMetric, number>>; reset(): void } {
  let totals: Partial<Record<BusinessMetric, number>> = {};
  return {
    count: (name, value = 1) => {
      totals[name] = (totals[name] ?? 0) + value;
    },
    flush: () => undefined,
    totals: () => ({ ...totals }),
    reset: () => {
      totals = {};
    },
  };
}
