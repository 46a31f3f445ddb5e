/**
 * The organiser dashboard's counters (domain/dashboard.ts): one item per competition and day
 * (keys.dashboardDay) holding that day's changes as plain number attributes, moved by UpdateItem
 * ADD — no read, no condition, so a transition's count never contends with anything and costs one
 * write. Attribute names: `c_<counter>` for the competition's counters, `a_<roundId>` (reviews
 * assigned) and `r_<roundId>` (reviews submitted) per round.
 *
 * Also what the dashboard reads beside them: a round's reviewer load items (keys.reviewerLoad,
 * written by evaluation-repository.ts) summed into the round's figures, and — for the recount job
 * only — the facts the counters follow from, read a page at a time with projections (who
 * registered when, the entries' statuses and times, ready and rejected pitches, reviews).
 */
import { PutCommand, GetCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { DASHBOARD_COUNTERS, ROUND_COUNTERS, type DashboardDay, type DashboardDelta, type RecountFacts, type RoundCounter } from '../../domain/dashboard.ts';
import type { SubmissionStatus } from '../../domain/submission.ts';
import type { DashboardRecount, DashboardRepository, RoundLoadFigures } from '../../use-cases/ports.ts';
import { queryPartition } from './items.ts';
import * as keys from './keys.ts';

const ROUND_PREFIX: Record<RoundCounter, string> = { assigned: 'a_', reviewed: 'r_' };

/** The delta as attribute → number (zeros left out). */
function attributesOf(d: DashboardDelta): [string, number][] {
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(d.counts ?? {})) if (v) out.push([`c_${k}`, v]);
  for (const [roundId, r] of Object.entries(d.rounds ?? {}))
    for (const [k, v] of Object.entries(r) as [RoundCounter, number][]) if (v) out.push([`${ROUND_PREFIX[k]}${roundId}`, v]);
  return out;
}

function dayOf(item: Record<string, unknown>): DashboardDay {
  const day: DashboardDay = { day: String(item.day ?? String(item.sk).slice(keys.dashboardDayPrefix().length)) };
  for (const [name, value] of Object.entries(item)) {
    if (typeof value !== 'number' || !value) continue;
    if (name.startsWith('c_')) {
      const counter = name.slice(2);
      if ((DASHBOARD_COUNTERS as readonly string[]).includes(counter)) (day.counts ??= {})[counter as (typeof DASHBOARD_COUNTERS)[number]] = value;
    } else
      for (const k of ROUND_COUNTERS)
        if (name.startsWith(ROUND_PREFIX[k])) {
          const roundId = name.slice(ROUND_PREFIX[k].length);
          ((day.rounds ??= {})[roundId] ??= {})[k] = value;
        }
  }
  return day;
}

const sizeOf = (v: unknown) => (v instanceof Set ? v.size : Array.isArray(v) ? v.length : 0);

export function dashboardRepository(db: DocumentClient, table: string): DashboardRepository {
  const pk = (c: string) => keys.competition(c).pk;
  return {
    async add(competitionId, day, delta) {
      const attrs = attributesOf(delta);
      if (!attrs.length) return;
      const names: Record<string, string> = { '#type': 'type' };
      const values: Record<string, unknown> = { ':type': 'DashboardDay', ':sv': 1, ':day': day };
      attrs.forEach(([name, v], i) => {
        names[`#n${i}`] = name;
        values[`:v${i}`] = v;
      });
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.dashboardDay(competitionId, day),
          UpdateExpression: `SET #type = :type, schemaVersion = :sv, #day = :day ADD ${attrs.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
          ExpressionAttributeNames: { ...names, '#day': 'day' },
          ExpressionAttributeValues: values,
        }),
      );
    },

    async listDays(competitionId, options) {
      const items = await queryPartition<Record<string, unknown>>(db, table, pk(competitionId), keys.dashboardDayPrefix(), options?.consistent ? { consistent: true } : {});
      return items.map(dayOf).sort((a, b) => a.day.localeCompare(b.day));
    },

    async roundLoads(competitionId, roundId) {
      // The round's load items, and the marker that they are complete, together.
      const marker = keys.reviewerLoadsCounted(competitionId, roundId);
      const [items, counted] = await Promise.all([
        queryPartition<Record<string, unknown>>(db, table, pk(competitionId), keys.reviewerLoad(competitionId, roundId, '').sk, { projection: 'assigned, submitted' }),
        db.send(new GetCommand({ TableName: table, Key: marker, ProjectionExpression: 'sk' })).then((r) => Boolean(r.Item)),
      ]);
      const figures: RoundLoadFigures = { assigned: 0, done: 0, reviewers: 0, reviewersWithNoneDone: 0 };
      for (const i of items) {
        const assigned = sizeOf(i.assigned);
        const done = sizeOf(i.submitted);
        if (!assigned) continue; // every assignment withdrawn
        figures.assigned += assigned;
        figures.done += done;
        figures.reviewers += 1;
        if (!done) figures.reviewersWithNoneDone += 1;
      }
      return counted ? figures : undefined;
    },

    async getRecount(competitionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.dashboardTotals(competitionId) }));
      if (!r.Item) return undefined;
      const { recountedAt, timeZone, totals, jobId } = r.Item as Record<string, unknown>;
      return { competitionId, recountedAt: String(recountedAt), timeZone: String(timeZone), totals: totals as DashboardRecount['totals'], jobId: String(jobId) };
    },

    async saveRecount(r) {
      await db.send(new PutCommand({ TableName: table, Item: { ...keys.dashboardTotals(r.competitionId), type: 'DashboardRecount', schemaVersion: 1, ...r } }));
    },

    async recountFacts(competitionId, roundIds) {
      const p = pk(competitionId);
      const status = { '#status': 'status' };
      // Strongly consistent: the recount must see every transition whose write has succeeded.
      const [members, submissions, slots, rejected, ...reviews] = await Promise.all([
        queryPartition<{ registration?: { registeredAt?: string } }>(db, table, p, keys.membershipPrefix(), { projection: 'registration.registeredAt', consistent: true }),
        queryPartition<{ status: SubmissionStatus; createdAt: string; submittedAt?: string; withdrawnAt?: string }>(db, table, p, keys.submissionPrefix(), {
          projection: '#status, createdAt, submittedAt, withdrawnAt',
          names: status,
          consistent: true,
        }),
        queryPartition<{ current?: { readyAt?: string } }>(db, table, p, keys.pitchSlot(competitionId, '').sk, { projection: '#current.readyAt', names: { '#current': 'current' }, consistent: true }),
        queryPartition<{ updatedAt: string }>(db, table, p, keys.pitch(competitionId, '').sk, { filter: '#state = :rejected', names: { '#state': 'state' }, values: { ':rejected': 'rejected' }, projection: 'updatedAt', consistent: true }),
        ...roundIds.map((roundId) =>
          queryPartition<{ assignedAt: string; submittedAt?: string; status: string }>(db, table, p, keys.reviewPrefix(roundId), {
            projection: 'assignedAt, submittedAt, #status',
            names: status,
            consistent: true,
          }).then((rows) => rows.map((r) => ({ ...r, roundId }))),
        ),
      ]);
      const facts: RecountFacts = {
        registrations: members.flatMap((m) => (m.registration?.registeredAt ? [{ registeredAt: m.registration.registeredAt }] : [])),
        submissions,
        readyPitches: slots.flatMap((s) => (s.current?.readyAt ? [{ readyAt: s.current.readyAt }] : [])),
        rejectedPitches: rejected.map((r) => ({ at: r.updatedAt })),
        reviews: reviews.flat(),
      };
      return facts;
    },
  };
}
