import { describe, expect, it } from 'vitest';
import {
  addDays,
  buildSeries,
  correctionsTo,
  dayIn,
  MAX_SERIES_DAYS,
  recountDays,
  seriesRange,
  statusDelta,
  sumDays,
  totalsOf,
  type DashboardDay,
} from '../../functions/domain/dashboard.ts';

describe('the day an instant is counted on', () => {
  it.each([
    // Brussels in winter is UTC+1: 23:30 UTC is already the next day there.
    ['2026-12-01T23:30:00.000Z', 'Europe/Brussels', '2026-12-02'],
    ['2026-12-01T22:59:59.999Z', 'Europe/Brussels', '2026-12-01'],
    ['2026-12-01T23:00:00.000Z', 'Europe/Brussels', '2026-12-02'],
    // Summer time (UTC+2): midnight falls at 22:00 UTC.
    ['2027-07-01T21:59:00.000Z', 'Europe/Brussels', '2027-07-01'],
    ['2027-07-01T22:00:00.000Z', 'Europe/Brussels', '2027-07-02'],
    // West of UTC the day ends later: 03:00 UTC is still the evening before in New York.
    ['2026-12-02T03:00:00.000Z', 'America/New_York', '2026-12-01'],
    ['2026-12-02T05:00:00.000Z', 'America/New_York', '2026-12-02'],
    // Half-hour zones.
    ['2026-12-01T18:29:00.000Z', 'Asia/Kolkata', '2026-12-01'],
    ['2026-12-01T18:30:00.000Z', 'Asia/Kolkata', '2026-12-02'],
    ['2026-12-01T23:59:59.000Z', 'UTC', '2026-12-01'],
  ])('%s in %s is %s', (instant, tz, day) => {
    expect(dayIn(instant, tz)).toBe(day);
  });

  it('counts the night of the clocks changing on the right days', () => {
    // Europe/Brussels leaves summer time on 2027-10-31 at 03:00 local (01:00 UTC).
    expect(dayIn('2027-10-30T21:59:00.000Z', 'Europe/Brussels')).toBe('2027-10-30');
    expect(dayIn('2027-10-30T22:00:00.000Z', 'Europe/Brussels')).toBe('2027-10-31');
    expect(dayIn('2027-10-31T22:59:00.000Z', 'Europe/Brussels')).toBe('2027-10-31');
    expect(dayIn('2027-10-31T23:00:00.000Z', 'Europe/Brussels')).toBe('2027-11-01');
  });
});

describe('status changes as counter changes', () => {
  it('moves one entry from one count to the other', () => {
    expect(statusDelta(undefined, 'draft')).toEqual({ counts: { drafts: 1 } });
    expect(statusDelta('draft', 'submitted')).toEqual({ counts: { submitted: 1, drafts: -1 } });
    expect(statusDelta('submitted', 'withdrawn')).toEqual({ counts: { withdrawn: 1, submitted: -1 } });
    expect(statusDelta('withdrawn', 'submitted')).toEqual({ counts: { submitted: 1, withdrawn: -1 } });
    expect(statusDelta('draft', 'draft')).toEqual({});
  });

  it('sums days into the state now', () => {
    const days: DashboardDay[] = [
      { day: '2026-12-01', counts: { registered: 3, drafts: 2 } },
      { day: '2026-12-02', counts: { drafts: -1, submitted: 1 }, rounds: { r1: { assigned: 4 } } },
      { day: '2026-12-03', counts: { submitted: -1, withdrawn: 1 }, rounds: { r1: { reviewed: 1 } } },
    ];
    const now = sumDays(days);
    expect(totalsOf(now)).toEqual({ registered: 3, drafts: 1, submitted: 0, withdrawn: 1, pitchesReady: 0, pitchesRejected: 0 });
    expect(now.rounds).toEqual({ r1: { assigned: 4, reviewed: 1 } });
  });
});

describe('the series', () => {
  const days: DashboardDay[] = [
    { day: '2026-11-28', counts: { registered: 1 } }, // before the range: carried into its first day
    { day: '2026-12-01', counts: { registered: 2, drafts: 2 } },
    { day: '2026-12-03', counts: { drafts: -1, submitted: 1 }, rounds: { r1: { assigned: 3 } } },
    { day: '2026-12-04', rounds: { r1: { reviewed: 2 } } },
    { day: '2026-12-09', counts: { registered: 5 } }, // after the range: not shown
  ];

  it('has every day of the range, each figure as it stood at the end of the day', () => {
    const s = buildSeries(days, { from: '2026-12-01', to: '2026-12-05' }, ['r1', 'r2']);
    expect(s.days).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05']);
    expect(s.counts.registered).toEqual([3, 3, 3, 3, 3]);
    expect(s.counts.drafts).toEqual([2, 2, 1, 1, 1]);
    expect(s.counts.submitted).toEqual([0, 0, 1, 1, 1]);
    expect(s.rounds.r1).toEqual({ done: [0, 0, 0, 2, 2], pending: [0, 0, 3, 1, 1] });
    // A round without counts yet is a flat line at zero, not missing.
    expect(s.rounds.r2).toEqual({ done: [0, 0, 0, 0, 0], pending: [0, 0, 0, 0, 0] });
  });

  it('runs over the call period up to today, widened to counted days', () => {
    // A call from 1 to 31 December, seen on the 10th: up to today only.
    expect(seriesRange({ from: '2026-12-01', to: '2026-12-31' }, '2026-12-10', ['2026-12-02'])).toEqual({ from: '2026-12-01', to: '2026-12-10' });
    // Counts before the period (a registration before it opened? an import) widen it.
    expect(seriesRange({ from: '2026-12-01', to: '2026-12-31' }, '2026-12-10', ['2026-11-20'])).toEqual({ from: '2026-11-20', to: '2026-12-10' });
    // After the results: the period's end, or a later counted day (a late review).
    expect(seriesRange({ from: '2026-12-01', to: '2026-12-31' }, '2027-03-01', ['2027-01-05'])).toEqual({ from: '2026-12-01', to: '2027-01-05' });
    // Before the call opens: one day.
    expect(seriesRange({ from: '2026-12-01', to: '2026-12-31' }, '2026-11-01', [])).toEqual({ from: '2026-12-01', to: '2026-12-01' });
  });

  it(`never has more than ${MAX_SERIES_DAYS} days; older changes are carried into the first`, () => {
    const range = seriesRange({ from: '2025-01-01', to: '2027-12-31' }, '2027-12-31', []);
    expect(range.to).toBe('2027-12-31');
    expect(range.from).toBe(addDays('2027-12-31', -(MAX_SERIES_DAYS - 1)));
    const s = buildSeries([{ day: '2025-01-02', counts: { registered: 7 } }], range, []);
    expect(s.days).toHaveLength(MAX_SERIES_DAYS);
    expect(s.counts.registered[0]).toBe(7);
  });
});

describe('the recount', () => {
  const tz = 'Europe/Brussels';
  const recounted = recountDays(
    {
      registrations: [{ registeredAt: '2026-12-01T09:00:00.000Z' }, { registeredAt: '2026-12-01T23:30:00.000Z' }],
      submissions: [
        { status: 'draft', createdAt: '2026-12-01T10:00:00.000Z' },
        { status: 'submitted', createdAt: '2026-12-01T10:00:00.000Z', submittedAt: '2026-12-02T10:00:00.000Z' },
        { status: 'withdrawn', createdAt: '2026-12-01T10:00:00.000Z', submittedAt: '2026-12-02T10:00:00.000Z', withdrawnAt: '2026-12-03T10:00:00.000Z' },
        { status: 'withdrawn', createdAt: '2026-12-02T10:00:00.000Z', withdrawnAt: '2026-12-03T10:00:00.000Z' },
      ],
      readyPitches: [{ readyAt: '2026-12-02T12:00:00.000Z' }],
      rejectedPitches: [{ at: '2026-12-02T11:00:00.000Z' }],
      reviews: [
        { roundId: 'r1', assignedAt: '2026-12-03T09:00:00.000Z', status: 'submitted', submittedAt: '2026-12-04T09:00:00.000Z' },
        { roundId: 'r1', assignedAt: '2026-12-03T09:00:00.000Z', status: 'draft' },
      ],
    },
    tz,
  );

  it('puts each thing on the day it happened, in the competition’s zone', () => {
    expect(recounted.map((d) => d.day)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    const now = sumDays(recounted);
    expect(totalsOf(now)).toEqual({ registered: 2, drafts: 1, submitted: 1, withdrawn: 2, pitchesReady: 1, pitchesRejected: 1 });
    expect(now.rounds).toEqual({ r1: { assigned: 2, reviewed: 1 } });
    // 23:30 UTC on the 1st is the 2nd in Brussels.
    expect(recounted[1]!.counts?.registered).toBe(1);
  });

  it('corrects the stored days by what they lack or have too much, and by nothing when they agree', () => {
    const stored: DashboardDay[] = [
      { day: '2026-12-01', counts: { registered: 1, drafts: 3 } }, // one registration lost, nothing else
      { day: '2026-11-30', counts: { registered: 1 } }, // a day that should not be there
    ];
    const fix = correctionsTo(stored, recounted);
    const after = sumDays([...stored, ...fix]);
    expect(after).toEqual(sumDays(recounted));
    expect(fix.find((d) => d.day === '2026-11-30')).toEqual({ day: '2026-11-30', counts: { registered: -1 } });
    expect(correctionsTo(recounted, recounted)).toEqual([]);
  });
});

describe('the chart’s scale (web/src/components/line-chart.tsx)', () => {
  it('is whole numbers in round steps that cover the largest figure', async () => {
    const { niceTicks } = await import('../../web/src/components/line-chart.tsx');
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(2000)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceTicks(2001)).toEqual([0, 1000, 2000, 3000]);
    for (const max of [1, 9, 41, 399, 10_000, 12_345]) {
      const ticks = niceTicks(max);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(12);
      expect(ticks.every((t) => Number.isInteger(t))).toBe(true);
    }
  });
});
