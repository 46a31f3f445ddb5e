/**
 * The metrics adapters: Powertools Metrics prints one CloudWatch Embedded Metric Format document
 * per flush (namespace, dimension, unit and values as CloudWatch reads them), nothing when
 * nothing was counted; the in-process adapter keeps totals.
 */
import { describe, expect, it } from 'vitest';
import { emfMetrics, memoryMetrics } from '../../functions/adapters/metrics.ts';
import { captureOutput } from '../support/output-capture.ts';

describe('EMF metrics (Lambda)', () => {
  it('publishes what was counted as one EMF line in namespace Podium, dimension service=podium', async () => {
    // Prepare
    const metrics = emfMetrics();

    // Act
    const { emf, text } = await captureOutput(async () => {
      metrics.count('SubmissionsSubmitted');
      metrics.count('AwardsConfirmed', 3);
      metrics.flush();
    });

    // Assess
    expect(emf).toHaveLength(1);
    const doc = emf[0]!;
    expect(doc._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Podium',
        Dimensions: [['service']],
        Metrics: [
          { Name: 'SubmissionsSubmitted', Unit: 'Count' },
          { Name: 'AwardsConfirmed', Unit: 'Count' },
        ],
      },
    ]);
    expect(doc._aws.Timestamp).toEqual(expect.any(Number));
    expect(doc).toMatchObject({ service: 'podium', SubmissionsSubmitted: 1, AwardsConfirmed: 3 });
    expect(text.trim().split('\n')).toHaveLength(1);
  });

  it('prints nothing (not even a warning) when nothing was counted, and each count once', async () => {
    const metrics = emfMetrics();
    const first = await captureOutput(async () => {
      metrics.count('PitchesRejected');
      metrics.count('PitchesRejected');
      metrics.flush();
      metrics.flush();
    });
    expect(first.emf).toHaveLength(1);
    // Repeated counts travel as a list of values; CloudWatch sums them.
    expect(first.emf[0]!.PitchesRejected).toEqual([1, 1]);
    expect(first.text.trim().split('\n')).toHaveLength(1);

    const empty = await captureOutput(async () => metrics.flush());
    expect(empty.text).toBe('');
  });
});

describe('in-process metrics (local runtime, tests)', () => {
  it('adds counts up by name and prints nothing', async () => {
    const metrics = memoryMetrics();
    const { text } = await captureOutput(async () => {
      metrics.count('ReviewsSubmitted');
      metrics.count('ReviewsSubmitted', 2);
      metrics.count('PitchesAccepted');
      metrics.flush();
    });
    expect(metrics.totals()).toEqual({ ReviewsSubmitted: 3, PitchesAccepted: 1 });
    expect(text).toBe('');
    metrics.reset();
    expect(metrics.totals()).toEqual({});
  });
});
