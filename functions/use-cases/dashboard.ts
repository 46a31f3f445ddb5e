/**
 * The organiser's dashboard of a competition (domain/dashboard.ts): the figures now, day by day
 * over the call's period, and per round reviews done / pending and reviewers with none done.
 *
 * Counting. The use cases that make a transition call `countTransition` right after the
 * conditional write that made it succeeded, beside their audit entry (no extra round trip):
 * registered (register-entrant.ts), entry created / submitted / withdrawn (submissions.ts), pitch
 * ready (a submission's first) / rejected (process-uploaded-pitch.ts), reviews assigned (the
 * assignment job: one ADD per chunk of writes, and one for the unstarted ones it withdrew;
 * assignment.ts, moderation.ts for extra reviews) and withdrawn (a conflict, a dropped reviewer),
 * review submitted (reviews.ts). Never on a draft's save. A retried transition does not count
 * twice: the count follows the write that decided it, and a retry either finds the transition made
 * (the use case refuses or returns early) or makes it then. What this accepts: a process dying
 * between the transition's write and its ADD loses that one count. The recount job below puts
 * the counters right from the items (and backfills competitions that existed before them).
 *
 * Reading. One query of the day items (a few hundred small items whatever the number of entries
 * and reviews), the rounds, and each round's reviewer load items (one item per reviewer, exact:
 * sets) — never the submissions or the reviews.
 */
import type { Competition } from '../domain/competition.ts';
import {
  buildSeries,
  correctionsTo,
  dayIn,
  isEmptyDelta,
  recountDays,
  seriesRange,
  sumDays,
  totalsOf,
  type DashboardDelta,
  type DashboardTotals,
} from '../domain/dashboard.ts';
import type { Identity } from '../domain/identity.ts';
import type { Job } from '../domain/job.ts';
import { loadOrganisedCompetition } from './access.ts';
import { startJobFor, type JobContext, type JobHandler } from './jobs.ts';
import type { Ports } from './ports.ts';

export const DASHBOARD_RECOUNT_JOB = 'dashboard-recount';

/** Corrections written at once by the recount. */
const RECOUNT_PARALLEL = 8;

/**
 * Moves the dashboard's counters for a transition made at `at` (one UpdateItem ADD on the day's
 * item, in the competition's zone). Call it only after the write that made the transition.
 */
export function countTransition(ports: Pick<Ports, 'dashboard'>, competition: Pick<Competition, 'id' | 'schedule'>, at: string, delta: DashboardDelta): Promise<void> {
  if (isEmptyDelta(delta)) return Promise.resolve();
  return ports.dashboard.add(competition.id, dayIn(at, competition.schedule.timeZone), delta);
}

type ReadPorts = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'dashboard' | 'evaluation' | 'clock'>;

export interface DashboardRound {
  roundId: string;
  name: string;
  kind: string;
  opensAt: string;
  closesAt: string;
  assigned: number;
  done: number;
  pending: number;
  /** Reviewers with at least one review assigned; null when only the counters know the round (its loads were never counted). */
  reviewers: number | null;
  reviewersWithNoneDone: number | null;
}

export interface DashboardView {
  competitionId: string;
  title: string;
  timeZone: string;
  /** Today on the competition's wall clock. */
  today: string;
  totals: DashboardTotals;
  rounds: DashboardRound[];
  series: {
    from: string;
    to: string;
    days: string[];
    counts: Record<keyof DashboardTotals, number[]>;
    rounds: { roundId: string; done: number[]; pending: number[] }[];
  };
  recount?: { recountedAt: string; jobId: string };
}

/** The dashboard (organisers and the programme staff who may read the competition). */
export async function getDashboard(ports: ReadPorts, caller: Identity | undefined, competitionId: string): Promise<DashboardView> {
  // The counters and the rounds are read together with the access check (one round trip, not
  // two): nothing from them is used or shown unless the check passes.
  const counters = Promise.all([ports.dashboard.listDays(competitionId), ports.evaluation.listRounds(competitionId), ports.dashboard.getRecount(competitionId)]);
  counters.catch(() => undefined); // awaited after the check; a refusal must not leave it unhandled
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const [days, allRounds, recount] = await counters;
  const rounds = allRounds.filter((r) => r.kind !== 'expo');
  const loads = await Promise.all(rounds.map((r) => ports.dashboard.roundLoads(competitionId, r.id)));
  const tz = competition.schedule.timeZone;
  const today = dayIn(ports.clock.now().toISOString(), tz);
  const now = sumDays(days);
  const range = seriesRange({ from: dayIn(competition.schedule.submissionsOpen, tz), to: dayIn(competition.schedule.resultsDate, tz) }, today, days.map((d) => d.day));
  const series = buildSeries(days, range, rounds.map((r) => r.id));
  return {
    competitionId,
    title: competition.title,
    timeZone: tz,
    today,
    totals: totalsOf(now),
    rounds: rounds.map((r, i) => {
      const counted = now.rounds?.[r.id] ?? {};
      const fromLoads = loads[i];
      const assigned = fromLoads?.assigned ?? Math.max(0, counted.assigned ?? 0);
      const done = fromLoads?.done ?? Math.max(0, counted.reviewed ?? 0);
      return {
        roundId: r.id,
        name: r.name,
        kind: r.kind,
        opensAt: r.opensAt,
        closesAt: r.closesAt,
        assigned,
        done,
        pending: Math.max(0, assigned - done),
        reviewers: fromLoads?.reviewers ?? null,
        reviewersWithNoneDone: fromLoads?.reviewersWithNoneDone ?? null,
      };
    }),
    series: { from: range.from, to: range.to, days: series.days, counts: series.counts, rounds: rounds.map((r) => ({ roundId: r.id, ...series.rounds[r.id]! })) },
    ...(recount ? { recount: { recountedAt: recount.recountedAt, jobId: recount.jobId } } : {}),
  };
}

/** Starts the recount (a job; starting it again while it runs answers the same job). */
export async function startDashboardRecount(ports: Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'jobs' | 'jobQueue' | 'clock' | 'ids'>, caller: Identity | undefined, competitionId: string) {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  return startJobFor(ports, caller!, competition.id, DASHBOARD_RECOUNT_JOB, {});
}

/**
 * The recount (kind 'dashboard-recount'): the counters derived again from the items — the
 * registrations, the entries' statuses and times, the submissions' current pitches, the rejected
 * uploads, every round's reviews — read with projections, all pages. Then, per day, what the
 * stored items lack or have too much is ADDed (domain/dashboard.ts correctionsTo): ADDs commute
 * with the transitions' own, so a count landing meanwhile is kept. The items are read before the
 * counters, so a transition racing the recount can at worst be left out (run it again), never
 * counted twice. Idempotent: a second run finds nothing to correct.
 */
export const dashboardRecountJob: JobHandler = async (ports: Ports, job: Job, ctx: JobContext) => {
  const { competition } = await loadOrganisedCompetition(ports, ctx.who, job.competitionId, 'read');
  await ctx.progress(0, undefined, 'Reading the entries and reviews');
  const rounds = (await ports.evaluation.listRounds(competition.id)).filter((r) => r.kind !== 'expo');
  const facts = await ports.dashboard.recountFacts(competition.id, rounds.map((r) => r.id));
  const recounted = recountDays(facts, competition.schedule.timeZone);
  const stored = await ports.dashboard.listDays(competition.id, { consistent: true });
  const corrections = correctionsTo(stored, recounted);
  await ctx.progress(0, corrections.length, 'Correcting the counters');
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(RECOUNT_PARALLEL, corrections.length) }, async () => {
      while (next < corrections.length) {
        const { day, ...delta } = corrections[next++]!;
        await ports.dashboard.add(competition.id, day, delta);
        await ctx.progress(++done, corrections.length, 'Correcting the counters');
      }
    }),
  );
  const totals = totalsOf(sumDays(recounted));
  await ports.dashboard.saveRecount({ competitionId: competition.id, recountedAt: ports.clock.now().toISOString(), timeZone: competition.schedule.timeZone, totals, jobId: job.id });
  return { rows: recounted.length, counts: { days: recounted.length, corrected: corrections.length, ...totals } };
};
