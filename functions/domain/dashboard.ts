/**
 * The organiser's dashboard of one competition (issue 13 §4): registrations, drafts, submissions,
 * pitches ready / rejected, and per round reviews done and pending — now and day by day.
 *
 * Nothing here reads the competition's items. The use cases move materialised counters at the
 * state transitions only (use-cases/dashboard.ts): one counter item per day in the competition's
 * time zone holds that day's *changes* (a submission leaving `draft` for `submitted` is drafts −1,
 * submitted +1), so the state at the end of any day is the running sum of the days up to it, and
 * the state now is the sum of them all. One ADD per transition (the day's item) serves both the
 * chart and the tiles, and the two can never disagree. Pure functions: keys, deltas, the series.
 */
import type { SubmissionStatus } from './submission.ts';
import { toWallClock } from './time.ts';

/** What is counted for the whole competition. */
export const DASHBOARD_COUNTERS = ['registered', 'drafts', 'submitted', 'withdrawn', 'pitchesReady', 'pitchesRejected'] as const;
export type DashboardCounter = (typeof DASHBOARD_COUNTERS)[number];

/** What is counted per round: reviews assigned (net of withdrawn assignments) and reviews submitted. */
export const ROUND_COUNTERS = ['assigned', 'reviewed'] as const;
export type RoundCounter = (typeof ROUND_COUNTERS)[number];

/** Changes to the counters (each a signed whole number), for one day or summed over many. */
export interface DashboardDelta {
  counts?: Partial<Record<DashboardCounter, number>>;
  rounds?: Record<string, Partial<Record<RoundCounter, number>>>;
}

/** One day's counter item as stored: the changes of that day in the competition's zone. */
export interface DashboardDay extends DashboardDelta {
  /** `yyyy-mm-dd` on the competition's wall clock. */
  day: string;
}

/** A series is bounded: at most this many days (older changes are summed into its first day). */
export const MAX_SERIES_DAYS = 400;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** The day (`yyyy-mm-dd`) an instant falls on, on a wall clock in `timeZone`. */
export function dayIn(instant: string, timeZone: string): string {
  return toWallClock(instant, timeZone).slice(0, 10);
}

/** `day` plus `n` days (calendar days: no zone involved). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

export const isDay = (s: string) => DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** The counters' change when an entry moves from one status to another (or is created: `from` undefined). */
export function statusDelta(from: SubmissionStatus | undefined, to: SubmissionStatus): DashboardDelta {
  if (from === to) return {};
  const name = { draft: 'drafts', submitted: 'submitted', withdrawn: 'withdrawn' } as const;
  const counts: Partial<Record<DashboardCounter, number>> = { [name[to]]: 1 };
  if (from) counts[name[from]] = -1;
  return { counts };
}

export const roundDelta = (roundId: string, change: Partial<Record<RoundCounter, number>>): DashboardDelta => ({ rounds: { [roundId]: change } });

/** Whether a delta changes nothing (nothing to write). */
export function isEmptyDelta(d: DashboardDelta): boolean {
  return (
    Object.values(d.counts ?? {}).every((n) => !n) &&
    Object.values(d.rounds ?? {}).every((r) => Object.values(r).every((n) => !n))
  );
}

/** `a + sign·b`, counter by counter (absent counters are 0; zeros are dropped). */
export function addDelta(a: DashboardDelta, b: DashboardDelta, sign: 1 | -1 = 1): DashboardDelta {
  const counts: Partial<Record<DashboardCounter, number>> = { ...a.counts };
  for (const [k, v] of Object.entries(b.counts ?? {}) as [DashboardCounter, number][]) counts[k] = (counts[k] ?? 0) + sign * v;
  const rounds: Record<string, Partial<Record<RoundCounter, number>>> = {};
  for (const [id, r] of Object.entries(a.rounds ?? {})) rounds[id] = { ...r };
  for (const [id, r] of Object.entries(b.rounds ?? {})) {
    const into = (rounds[id] ??= {});
    for (const [k, v] of Object.entries(r) as [RoundCounter, number][]) into[k] = (into[k] ?? 0) + sign * v;
  }
  return compact({ counts, rounds });
}

function compact(d: DashboardDelta): DashboardDelta {
  const counts = Object.fromEntries(Object.entries(d.counts ?? {}).filter(([, v]) => v));
  const rounds: Record<string, Partial<Record<RoundCounter, number>>> = {};
  for (const [id, r] of Object.entries(d.rounds ?? {})) {
    const kept = Object.fromEntries(Object.entries(r).filter(([, v]) => v));
    if (Object.keys(kept).length) rounds[id] = kept;
  }
  return { ...(Object.keys(counts).length ? { counts } : {}), ...(Object.keys(rounds).length ? { rounds } : {}) };
}

export const sumDays = (days: readonly DashboardDelta[]): DashboardDelta => days.reduce<DashboardDelta>((acc, d) => addDelta(acc, d), {});

/** The figures of the whole competition at one moment. */
export type DashboardTotals = Record<DashboardCounter, number>;

export function totalsOf(d: DashboardDelta): DashboardTotals {
  return Object.fromEntries(DASHBOARD_COUNTERS.map((k) => [k, d.counts?.[k] ?? 0])) as DashboardTotals;
}

/** The days a series covers: the call's period (from submissions opening to the results, as far as today), widened to the counted days, at most MAX_SERIES_DAYS (the latest). */
export function seriesRange(period: { from: string; to: string }, today: string, counted: readonly string[]): { from: string; to: string } {
  let from = period.from;
  let to = period.to < today ? period.to : today;
  for (const d of counted) {
    if (d < from) from = d;
    if (d > to) to = d;
  }
  if (to < from) to = from;
  if (daysBetween(from, to) >= MAX_SERIES_DAYS) from = addDays(to, -(MAX_SERIES_DAYS - 1));
  return { from, to };
}

/** A day by day series: each day's state at its end (the running sum), counter by counter, and per round. */
export interface DashboardSeries {
  days: string[];
  counts: Record<DashboardCounter, number[]>;
  rounds: Record<string, { done: number[]; pending: number[] }>;
}

/**
 * The running sums of the day items over `range` (every day in it, days without changes too).
 * Changes before `range.from` are carried into its first day; those after `range.to` are not shown.
 */
export function buildSeries(days: readonly DashboardDay[], range: { from: string; to: string }, roundIds: readonly string[]): DashboardSeries {
  const length = daysBetween(range.from, range.to) + 1;
  const dayList = Array.from({ length }, (_, i) => addDays(range.from, i));
  const byDay = new Map<string, DashboardDelta>();
  let running: DashboardDelta = {};
  for (const d of days) {
    if (d.day < range.from) running = addDelta(running, d);
    else if (d.day <= range.to) byDay.set(d.day, addDelta(byDay.get(d.day) ?? {}, d));
  }
  const counts = Object.fromEntries(DASHBOARD_COUNTERS.map((k) => [k, [] as number[]])) as Record<DashboardCounter, number[]>;
  const rounds = Object.fromEntries(roundIds.map((id) => [id, { done: [] as number[], pending: [] as number[] }]));
  for (const day of dayList) {
    const change = byDay.get(day);
    if (change) running = addDelta(running, change);
    for (const k of DASHBOARD_COUNTERS) counts[k].push(running.counts?.[k] ?? 0);
    for (const id of roundIds) {
      const r = running.rounds?.[id] ?? {};
      const done = r.reviewed ?? 0;
      rounds[id]!.done.push(done);
      rounds[id]!.pending.push(Math.max(0, (r.assigned ?? 0) - done));
    }
  }
  return { days: dayList, counts, rounds };
}

/**
 * What the recount derives, from the items as they stand, as day items: each counted thing on the
 * day of the instant it happened (created, submitted, withdrawn, registered, ready, rejected,
 * assigned, reviewed). Its history is the items' own: an entry that was submitted, withdrawn and
 * submitted again shows on its last submission's day (the items keep no more).
 */
export interface RecountFacts {
  registrations: { registeredAt: string }[];
  submissions: { status: SubmissionStatus; createdAt: string; submittedAt?: string; withdrawnAt?: string }[];
  /** Submissions' current pitches (ready), by when they became ready. */
  readyPitches: { readyAt: string }[];
  rejectedPitches: { at: string }[];
  reviews: { roundId: string; assignedAt: string; submittedAt?: string; status: string }[];
}

export function recountDays(f: RecountFacts, timeZone: string): DashboardDay[] {
  const days = new Map<string, DashboardDelta>();
  const add = (at: string | undefined, d: DashboardDelta) => {
    if (!at) return;
    const day = dayIn(at, timeZone);
    days.set(day, addDelta(days.get(day) ?? {}, d));
  };
  for (const r of f.registrations) add(r.registeredAt, { counts: { registered: 1 } });
  for (const s of f.submissions) {
    add(s.createdAt, statusDelta(undefined, 'draft'));
    if (s.status === 'submitted') add(s.submittedAt ?? s.createdAt, statusDelta('draft', 'submitted'));
    if (s.status === 'withdrawn') {
      // Withdrawn after submitting (submitting again clears withdrawnAt, so a submittedAt here came first), or as a draft.
      if (s.submittedAt) {
        add(s.submittedAt, statusDelta('draft', 'submitted'));
        add(s.withdrawnAt ?? s.submittedAt, statusDelta('submitted', 'withdrawn'));
      } else add(s.withdrawnAt ?? s.createdAt, statusDelta('draft', 'withdrawn'));
    }
  }
  for (const p of f.readyPitches) add(p.readyAt, { counts: { pitchesReady: 1 } });
  for (const p of f.rejectedPitches) add(p.at, { counts: { pitchesRejected: 1 } });
  for (const r of f.reviews) {
    add(r.assignedAt, roundDelta(r.roundId, { assigned: 1 }));
    if (r.status === 'submitted') add(r.submittedAt ?? r.assignedAt, roundDelta(r.roundId, { reviewed: 1 }));
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, d]) => ({ day, ...d }));
}

/**
 * What to ADD to the stored day items so that they say what the recount found: per day, the
 * recount minus what is stored (days stored but not recounted go to zero). ADDs, not replacements,
 * so a transition's own ADD that lands meanwhile is kept (see use-cases/dashboard.ts).
 */
export function correctionsTo(stored: readonly DashboardDay[], recounted: readonly DashboardDay[]): DashboardDay[] {
  const diff = new Map<string, DashboardDelta>();
  for (const d of recounted) diff.set(d.day, addDelta(diff.get(d.day) ?? {}, d));
  for (const d of stored) diff.set(d.day, addDelta(diff.get(d.day) ?? {}, d, -1));
  return [...diff.entries()]
    .filter(([, d]) => !isEmptyDelta(d))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, d]) => ({ day, ...d }));
}
